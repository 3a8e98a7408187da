"""First-run set-up and sign-in in the window, driven through real widgets."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.encryption.keys import data_key_from_recovery
from db.accounts import AccountRepository
from db.encrypting import encrypt_registry
from db.encryption import is_encrypted
from db.registry import Registry
from tests.ui.conftest import PASSWORD
from ui.window.main_window import MainWindow
from ui.window.sign_in import SetUpDialog, SignInDialog


def _type(qtbot, widget, text: str) -> None:
    """Type ASCII as keystrokes; Chinese arrives through an input method, so it is set whole."""
    widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def test_first_run_set_up_refuses_then_creates_the_site(qtbot, tmp_path):
    registry = Registry.open(str(tmp_path / "r.sqlite3"))
    dialog = SetUpDialog(registry)
    qtbot.addWidget(dialog)
    _type(qtbot, dialog.site_name, "北京协和医院")
    _type(qtbot, dialog.username, "dr.li")
    _type(qtbot, dialog.printed_name, "李明")
    _type(qtbot, dialog.password, "short")
    _type(qtbot, dialog.repeat, "short")
    dialog.buttons.accepted.emit()
    assert "at least 10 characters" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted
    _type(qtbot, dialog.password, PASSWORD)
    _type(qtbot, dialog.repeat, PASSWORD + "x")
    dialog.buttons.accepted.emit()
    assert "differ" in dialog.message.text()
    with registry.reading() as session:
        assert not AccountRepository(session).is_set_up()   # nothing half-saved
    _type(qtbot, dialog.repeat, PASSWORD)
    dialog.buttons.accepted.emit()
    # the site is set up and its registry encrypted: the recovery key is shown once, and must be kept
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog.recovery.isHidden()
    assert registry.encrypted and is_encrypted(tmp_path / "r.sqlite3")
    assert data_key_from_recovery(dialog.recovery.key.text()) == registry.keys.data_key
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isHidden()
    dialog.recovery.save(tmp_path / "sheet.pdf")  # the sheet to print for the site file
    sheet = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True).stdout
    assert dialog.recovery.key.text().split("-")[0] in sheet and "北京协和医院" in sheet and "site recover" in sheet
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.recovery.print_sheet(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    dialog.buttons.accepted.emit()
    assert "tick the box" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.recovery.kept.click()
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with registry.reading() as session:
        assert AccountRepository(session).site().name == "北京协和医院"
    registry.close()


def test_an_encrypted_registry_opens_locked_and_signing_in_unlocks_it(qtbot, tmp_path):
    registry = Registry.open(str(tmp_path / "r.sqlite3"))
    with registry.writing() as session:
        account = AccountRepository(session).set_up(site_name="北京协和医院", address=None, timezone="Asia/Shanghai",
                                                    username="dr.li", printed_name="李明", password=PASSWORD)
    encrypt_registry(registry, account.actor(), PASSWORD, backup_first=False)
    registry.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_registry(str(tmp_path / "r.sqlite3"), None)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "sign_in_dialog", None), SignInDialog), timeout=20000)
    dialog = window.sign_in_dialog
    assert window.registry.locked
    assert any(label.text() == "北京协和医院" for label in dialog.findChildren(QLabel))  # from the key file
    _type(qtbot, dialog.username, "dr.li")
    _type(qtbot, dialog.password, "wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "wrong user name or password" and window.registry.locked
    _type(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.actor is not None, timeout=20000)
    assert not window.registry.locked and window.actor.name == "dr.li"
    window.close()


def test_sign_in_shows_refusals_and_returns_the_account(qtbot, site_db):
    registry = Registry.open(site_db)
    dialog = SignInDialog(registry, "北京协和医院")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _type(qtbot, dialog.username, "ann")
    _type(qtbot, dialog.password, "wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "wrong user name or password" and dialog.password.text() == ""
    _type(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor == Actor("ann", Role.COORDINATOR)
    registry.close()


def test_a_monitor_has_no_import_and_is_refused_in_code(qtbot, site_db, tmp_path):
    registry = Registry.open(site_db)
    window = MainWindow(registry, Actor("mo", Role.MONITOR))
    qtbot.addWidget(window)
    assert not window.import_action.isVisible()
    with pytest.raises(PermissionDenied):
        window.import_files([Path(tmp_path / "x.json")])
    registry.close()
