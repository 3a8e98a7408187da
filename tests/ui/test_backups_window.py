"""Tools > Back up now and Restore… in the window: the work runs in the background, the status bar
tells the last good backup (and warns, in words, when it is too old), a restore asks the password
again and is the administrator's only, the daily automatic backup happens once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.screening.workflow import Actor, Role
from db.backups import list_backups, make_backup
from db.models import PatientRow
from db.patients import PatientRepository
from db.registry import Registry
from tests.conftest import make_patient
from tests.ui.conftest import PASSWORD
from ui.window.main_window import MainWindow

ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
COORDINATOR = Actor("ann", Role.COORDINATOR)


@pytest.fixture
def site_registry(site_db):
    opened = Registry.open(site_db)
    with opened.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0001", "王小红")])
    yield opened
    opened.close()


def _window(qtbot, registry, actor):
    window = MainWindow(registry, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _names(registry) -> list[str]:
    with registry.reading() as session:
        return sorted(session.execute(select(PatientRow.registry_no)).scalars())


def test_back_up_now_runs_in_the_background_and_the_status_bar_says_when(qtbot, site_registry):
    window = _window(qtbot, site_registry, COORDINATOR)
    backups = window.backups
    assert backups.status.text() == "⚠ No backup yet" and backups.status.stale
    assert backups.back_up_action.isVisible() is False or backups.back_up_action in window.tools_menu.actions()
    assert not backups.restore_action.isVisible()  # a coordinator does not restore
    with qtbot.waitSignal(backups.finished, timeout=20_000) as ended:
        window.backups.back_up_action.trigger()
    assert ended.args == [True]
    folder = backups.registry_file.parent / "backups"
    assert len(list_backups(folder)) == 1
    assert backups.status.text().startswith("Last backup: ") and not backups.status.stale
    assert "Backed up:" in window.statusBar().currentMessage()


def test_the_status_bar_warns_when_no_backup_is_young_enough(qtbot, site_registry):
    make_backup(site_registry, COORDINATOR, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=4))
    window = _window(qtbot, site_registry, COORDINATOR)
    assert window.backups.status.stale
    assert window.backups.status.text().startswith("⚠ Last backup: ") and "over 3 days ago" in \
        window.backups.status.text()
    window.backups.refresh(now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2))
    assert not window.backups.status.stale


def test_restore_asks_the_password_again_and_gives_back_the_backup(qtbot, site_registry):
    made = make_backup(site_registry, ADMIN)
    with site_registry.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0002", "李建国")])
    window = _window(qtbot, site_registry, ADMIN)
    assert window.backups.restore_action.isVisible()
    dialog = window.backups.ask_to_restore(made.path)
    dialog.password.setText("wrong password")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.message.text()  # refused, said, nothing restored
    assert _names(site_registry) == ["R0001", "R0002"]
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.backups.finished, timeout=20_000) as ended:
        dialog.ok_button.click()
    assert ended.args == [True]
    assert _names(site_registry) == ["R0001"]
    assert "kept at" in window.backups.dialog.text()


def test_a_damaged_backup_is_refused_before_the_password_is_asked(qtbot, site_registry):
    made = make_backup(site_registry, ADMIN)
    made.path.write_bytes(b"not what was backed up")
    window = _window(qtbot, site_registry, ADMIN)
    shown = window.backups.ask_to_restore(made.path)
    assert "has changed since the backup was made" in shown.text()


def test_the_core_refuses_a_restore_by_a_coordinator_even_without_the_menu(qtbot, site_registry):
    made = make_backup(site_registry, COORDINATOR)
    window = _window(qtbot, site_registry, COORDINATOR)
    with qtbot.waitSignal(window.backups.finished, timeout=20_000) as ended:
        window.backups.restore(made.path)
    assert ended.args == [False]
    assert "may not restore the registry" in window.backups.dialog.text()


def test_the_automatic_backup_happens_once_a_day_and_never_for_the_demo(qtbot, site_registry, tmp_path):
    window = _window(qtbot, site_registry, COORDINATOR)
    assert window.backups.is_due()
    with qtbot.waitSignal(window.backups.finished, timeout=20_000):
        assert window.backups.back_up_if_due()
    assert not window.backups.is_due() and not window.backups.back_up_if_due()
    demo = Registry.open(tmp_path / "demo.sqlite3", kind="demo")
    try:
        assert not _window(qtbot, demo, COORDINATOR).backups.is_due()
    finally:
        demo.close()
