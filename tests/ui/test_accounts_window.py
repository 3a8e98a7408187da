"""Accounts in the window, driven through real widgets: an administrator adds, deactivates,
activates, unlocks and resets accounts and edits the site's settings; anyone changes their own
password; the core refuses a non-administrator even when the dialog is reached. All audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import select, update

from coordinator.screening.workflow import Actor, Role
from coordinator.signing.accounts import AuthenticationError
from db.accounts import AccountRepository, sign_in
from db.models import AuditRow, UserAccountRow
from db.registry import Registry
from tests.ui.conftest import ADMIN, PASSWORD
from ui.window.accounts.window import AccountsWindow
from ui.window.main_window import MainWindow

NEW = "orchid river 1987"
ANN = Actor("ann", Role.COORDINATOR)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    yield opened
    opened.close()


def _window(qtbot, registry, actor) -> MainWindow:
    window = MainWindow(registry, actor)
    qtbot.addWidget(window)
    return window


def _type(qtbot, field, text: str) -> None:
    field.clear()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)


def _ok(dialog) -> None:
    dialog.buttons.accepted.emit()


def _last_action(registry) -> tuple[str, str]:
    with registry.reading() as session:
        row = session.execute(select(AuditRow.actor, AuditRow.action).order_by(AuditRow.id.desc()).limit(1)).one()
    return row.actor, row.action


def test_an_administrator_adds_an_account_and_the_core_refuses_a_weak_password(qtbot, registry):
    window = _window(qtbot, registry, ADMIN)
    assert window.accounts.accounts_action.isVisible() and window.accounts.site_action.isVisible()
    accounts = window.accounts.open_accounts()
    assert [row.account.username for row in accounts.model.rows()] == ["ann", "dr.li", "helpdesk", "mo"]
    form = accounts.add()
    _type(qtbot, form.username, "wu.fang")
    _type(qtbot, form.printed_name, "吴芳")
    form.roles[Role.COORDINATOR].click()
    _type(qtbot, form.new_password, "short")
    _type(qtbot, form.repeat, "short")
    _type(qtbot, form.admin_password, PASSWORD)
    _ok(form)
    assert "at least 10 characters" in form.message.text() and form.result() != QDialog.DialogCode.Accepted
    _type(qtbot, form.new_password, NEW)
    _type(qtbot, form.repeat, NEW + "x")
    _ok(form)
    assert "differ" in form.message.text()
    _type(qtbot, form.repeat, NEW)
    _ok(form)
    assert form.result() == QDialog.DialogCode.Accepted
    added = next(row for row in accounts.model.rows() if row.account.username == "wu.fang")
    assert added.certificate and accounts.selected() == added  # a coordinator signs: a certificate was issued
    assert sign_in(registry, "wu.fang", NEW).printed_name == "吴芳"


def test_deactivate_activate_unlock_and_reset_with_a_reason(qtbot, registry):
    window = _window(qtbot, registry, ADMIN)
    accounts = window.accounts.open_accounts()
    accounts.select("ann")
    form = accounts.set_active(False)
    _ok(form)
    assert "reason: required" in form.message.text()
    _type(qtbot, form.reason, "left the site")
    _ok(form)
    assert not accounts.selected().account.active and accounts.activate_button.isEnabled()
    with pytest.raises(AuthenticationError):
        sign_in(registry, "ann", PASSWORD)
    form = accounts.set_active(True)
    _type(qtbot, form.reason, "back")
    _ok(form)
    assert accounts.selected().account.active
    with registry.writing() as session:
        session.execute(update(UserAccountRow).where(UserAccountRow.username == "ann").values(
            locked_until=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10)))
    accounts.refresh()
    accounts.select("ann")
    assert accounts.unlock_button.isEnabled() and "locked until" in accounts.model.text(accounts.selected(), 3)
    form = accounts.unlock()
    _type(qtbot, form.reason, "it was her")
    _ok(form)
    assert not accounts.selected().locked and _last_action(registry) == ("dr.li", "account.unlock")
    form = accounts.reset_password()
    _type(qtbot, form.new_password, NEW)
    _type(qtbot, form.repeat, NEW)
    _type(qtbot, form.admin_password, "not my password")
    _ok(form)
    assert "does not match" in form.message.text()
    _type(qtbot, form.admin_password, PASSWORD)
    _ok(form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert sign_in(registry, "ann", NEW).username == "ann"


def test_a_coordinator_sees_no_account_management_and_the_core_refuses_it(qtbot, registry):
    window = _window(qtbot, registry, ANN)
    assert not window.accounts.accounts_action.isVisible() and not window.accounts.site_action.isVisible()
    assert window.accounts.password_action.isVisible()
    accounts = AccountsWindow(window.context, window)  # reached all the same
    qtbot.addWidget(accounts)
    accounts.select("mo")
    form = accounts.set_active(False)
    _type(qtbot, form.reason, "trying")
    _ok(form)
    assert "may not manage accounts" in form.message.text()
    site = window.accounts.open_site_settings()
    site.idle_minutes.setValue(30)
    _ok(site)
    assert "may not manage accounts" in site.message.text()


def test_anyone_changes_their_own_password(qtbot, registry):
    window = _window(qtbot, registry, ANN)
    form = window.accounts.change_password()
    _type(qtbot, form.current, "not the password")
    _type(qtbot, form.new_password, NEW)
    _type(qtbot, form.repeat, NEW)
    _ok(form)
    assert "does not match" in form.message.text()
    _type(qtbot, form.current, PASSWORD)
    _ok(form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert sign_in(registry, "ann", NEW).username == "ann"
    assert _last_action(registry) == ("ann", "login")


def test_the_site_settings_are_saved_audited_and_the_idle_lock_follows_at_once(qtbot, registry):
    window = _window(qtbot, registry, ADMIN)
    form = window.accounts.open_site_settings()
    assert form.idle_minutes.value() == 10 and not form.full_names.isChecked()
    form.idle_minutes.setValue(25)
    form.full_names.click()
    _type(qtbot, form.backup_folder, "relative/folder")
    _type(qtbot, form.reason, "clinic policy")
    _ok(form)
    assert "give a full path" in form.message.text()
    with registry.reading() as session:  # nothing half-saved: one transaction
        assert AccountRepository(session).site().idle_lock_minutes == 10
    form.backup_folder.clear()
    _ok(form)
    assert form.result() == QDialog.DialogCode.Accepted
    with registry.reading() as session:
        site = AccountRepository(session).site()
        actions = session.execute(select(AuditRow.action).order_by(AuditRow.id.desc()).limit(2)).scalars().all()
    assert site.idle_lock_minutes == 25 and site.show_full_names
    assert set(actions) == {"site.idle_lock", "site.show_full_names"}
    assert window.session.idle.limit_seconds == 25 * 60


def test_an_administrator_encrypts_a_clear_registry_from_the_window(qtbot, registry, site_db):
    from coordinator.encryption.keys import data_key_from_recovery
    from db.encryption import is_encrypted

    assert not _window(qtbot, registry, ANN).encrypting.action.isVisible()
    window = _window(qtbot, registry, ADMIN)
    encrypting = window.encrypting
    assert encrypting.action.isVisible()
    form = encrypting.ask()
    _type(qtbot, form.password, "not my password")
    _ok(form)
    assert "does not match" in form.message.text() and not is_encrypted(Path(site_db))
    _type(qtbot, form.password, PASSWORD)
    with qtbot.waitSignal(encrypting.finished, timeout=60_000) as ended:
        _ok(form)
    assert ended.args == [True] and is_encrypted(Path(site_db)) and registry.encrypted
    panel = encrypting.dialog.panel
    assert data_key_from_recovery(panel.key.text()) == registry.keys.data_key
    assert not encrypting.action.isVisible()
    with registry.reading() as session:  # the window goes on with the encrypted registry
        assert AccountRepository(session).site().name
    assert sign_in(Registry.open(site_db), "ann", PASSWORD).username == "ann"
