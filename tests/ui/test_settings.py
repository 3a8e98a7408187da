"""Settings dialog (language, layout reset) and the window layout remembered between starts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QSettings, QSize
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox

from coordinator.screening.workflow import Actor, Role
from ui.window.main_window import MainWindow
from ui.window.i18n import CHINESE, ENGLISH, LANGUAGE_KEY, SYSTEM, chosen_language, effective_language


def open_window(qtbot, registry) -> MainWindow:
    window = MainWindow(registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def settings_action(window: MainWindow):
    return next(action for menu in window.menuBar().actions() for action in menu.menu().actions()
                if action.shortcut() == QKeySequence("Ctrl+,"))


def test_the_window_reopens_as_it_was_closed_on_today(qtbot, sqlite_registry):
    first = open_window(qtbot, sqlite_registry)
    assert first.size() == QSize(1200, 760) and first.stack.currentWidget() is first.pages["today"]
    first.resize(700, 520)  # within the offscreen screen (800 x 600): a restore keeps windows on screen
    first.show_page("trials")
    first.close()

    second = open_window(qtbot, sqlite_registry)
    assert second.size() == QSize(700, 520)
    # its size and layout as it was; the view is Today, the first after every sign-in
    assert second.stack.currentWidget() is second.pages["today"]


def test_choosing_a_language_is_saved_on_ok_and_applies_at_the_next_start(qtbot, sqlite_registry):
    window = open_window(qtbot, sqlite_registry)
    settings_action(window).trigger()
    dialog = window.settings_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Settings"
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == [SYSTEM, ENGLISH, CHINESE]
    assert dialog.language.currentData() == SYSTEM
    assert dialog.language.itemText(2) == "简体中文"  # named in itself
    assert "next started" in dialog.note.text()
    dialog.language.setCurrentIndex(2)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert QSettings().value(LANGUAGE_KEY) == CHINESE and chosen_language() == CHINESE
    assert window.menuBar().actions()[0].text() == "&File"  # the running window keeps its language


def test_cancel_changes_nothing(qtbot, sqlite_registry):
    window = open_window(qtbot, sqlite_registry)
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData(ENGLISH))
    dialog.reset_layout.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert QSettings().value(LANGUAGE_KEY) is None and chosen_language() == SYSTEM
    assert not QSettings().contains("main/reset_layout")


def test_a_layout_reset_takes_effect_at_the_next_start_once(qtbot, sqlite_registry):
    first = open_window(qtbot, sqlite_registry)
    first.resize(700, 520)
    first.show_page("trials")
    dialog = first.open_settings()
    dialog.reset_layout.setChecked(True)
    dialog.accept()
    first.close()  # saves the layout as usual; the reset comes at the next start

    second = open_window(qtbot, sqlite_registry)
    assert second.size() == QSize(1200, 760) and second.stack.currentWidget() is second.pages["today"]
    second.resize(640, 480)
    second.close()
    third = open_window(qtbot, sqlite_registry)
    assert third.size() == QSize(640, 480)


def test_an_unknown_saved_language_counts_as_the_system_one():
    QSettings().setValue(LANGUAGE_KEY, "klingon")
    assert chosen_language() == SYSTEM


@pytest.mark.parametrize("system, expected", [("zh_CN", CHINESE), ("zh_SG", CHINESE), ("zh_TW", ENGLISH),
                                              ("zh_HK", ENGLISH), ("en_GB", ENGLISH), ("de_DE", ENGLISH)])
def test_the_system_language_maps_to_a_translation(system, expected):
    assert effective_language(SYSTEM, QLocale(system)) == expected
    assert effective_language(CHINESE, QLocale(system)) == CHINESE
