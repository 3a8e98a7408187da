"""The window's session: locked after the site's idle time (the clock moved by hand) or on request,
the registry and open dialogs hidden meanwhile; unlocked by the same person's password, a wrong
one counted toward the lockout; sign-out hands the window to whoever signs in next. Audited."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from coordinator.screening.workflow import Actor, Role
from db.accounts import AccountRepository
from db.models import AuditRow, UserAccountRow
from db.registry import Registry
from tests.ui.conftest import ADMIN, PASSWORD
from ui.window.main_window import MainWindow

ANN = Actor("ann", Role.COORDINATOR)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    yield opened
    opened.close()


def _window(qtbot, registry, actor=ANN) -> tuple[MainWindow, Clock]:
    window = MainWindow(registry, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    clock = Clock()
    window.session.idle.clock = clock
    window.session.idle.used()
    return window, clock


def _actions(registry, actor: str) -> list[str]:
    with registry.reading() as session:
        return list(session.execute(select(AuditRow.action).where(AuditRow.actor == actor)
                                    .order_by(AuditRow.id)).scalars())


def _unlock(qtbot, window, password: str) -> None:
    pane = window.session.pane
    pane.password.clear()
    qtbot.keyClicks(pane.password, password)
    qtbot.keyClick(pane.password, Qt.Key.Key_Return)


def test_the_window_locks_after_the_sites_idle_time_and_unlocks_with_the_password(qtbot, registry):
    window, clock = _window(qtbot, registry)
    registry_view = window.stack.currentWidget()
    assert window.session.idle.limit_seconds == 10 * 60  # the site's default
    clock.now += 9 * 60 + 59
    assert not window.session.idle.check() and not window.session.locked
    qtbot.keyClick(window.registry_page.search, Qt.Key.Key_A)  # use: the wait starts again
    clock.now += 9 * 60
    assert not window.session.idle.check()
    clock.now += 60
    assert window.session.idle.check() and window.session.locked
    pane = window.session.pane
    assert window.stack.currentWidget() is pane and not registry_view.isVisible()
    assert not window.sidebar.isVisible() and not any(a.isEnabled() for a in window.menuBar().actions())
    assert "10 minutes without use" in pane.title.text() and pane.username.text() == "ann"
    _unlock(qtbot, window, "not the password")
    assert window.session.locked and "wrong user name or password" in pane.message.text()
    with registry.reading() as session:
        assert session.execute(select(UserAccountRow.failed_logins).where(UserAccountRow.username == "ann")).scalar() == 1
    _unlock(qtbot, window, PASSWORD)
    assert not window.session.locked and window.stack.currentWidget() is registry_view and window.sidebar.isVisible()
    assert _actions(registry, "ann")[-4:] == ["session.lock", "login.failure", "login", "session.unlock"]


def test_a_locked_window_hides_open_dialogs_until_unlocked(qtbot, registry):
    window, _ = _window(qtbot, registry)
    dialog = QDialog(window)
    dialog.show()
    window.session.lock_action.trigger()
    assert window.session.locked and not dialog.isVisible()
    _unlock(qtbot, window, PASSWORD)
    assert dialog.isVisible()


def test_repeated_wrong_passwords_at_the_lock_lock_the_account_out(qtbot, registry):
    window, _ = _window(qtbot, registry)
    window.session.lock_action.trigger()
    for _ in range(5):
        _unlock(qtbot, window, "not the password")
    _unlock(qtbot, window, PASSWORD)
    assert window.session.locked and "locked after repeated failed log-ins" in window.session.pane.message.text()
    assert "login.lockout" in _actions(registry, "ann")


def test_signing_out_hands_the_window_to_whoever_signs_in(qtbot, registry):
    window, _ = _window(qtbot, registry)
    window.session.sign_out_action.trigger()
    pane = window.session.pane
    assert window.session.locked and not pane.username.isReadOnly() and pane.username.text() == ""
    qtbot.keyClicks(pane.username, "dr.li")
    _unlock(qtbot, window, PASSWORD)
    successor = window.successor
    assert successor is not None and successor.actor.name == "dr.li" and successor.registry is registry
    qtbot.addWidget(successor)
    assert window.registry is None  # the registry went with the window
    assert _actions(registry, "ann")[-1] == "logout" and _actions(registry, "dr.li")[-1] == "login"


def test_someone_else_signing_in_at_the_lock_ends_the_locked_session(qtbot, registry):
    window, _ = _window(qtbot, registry)
    window.session.lock_action.trigger()
    pane = window.session.pane
    pane.switch_button.click()
    assert not pane.username.isReadOnly()
    qtbot.keyClicks(pane.username, "mo")
    _unlock(qtbot, window, PASSWORD)
    assert window.successor.actor.name == "mo"
    qtbot.addWidget(window.successor)
    assert _actions(registry, "ann")[-2:] == ["session.lock", "logout"]


def test_the_idle_time_is_the_sites_setting(qtbot, registry):
    with registry.writing() as session:
        AccountRepository(session).set_idle_lock(ADMIN, 3, "busy clinic")
    window, clock = _window(qtbot, registry)
    clock.now += 3 * 60
    assert window.session.idle.check() and window.session.locked


def test_a_demo_registry_has_no_session_to_lock(qtbot, tmp_path):
    demo = Registry.open(tmp_path / "demo.sqlite3", kind="demo")
    window = MainWindow(demo, Actor("os:me", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR})))
    qtbot.addWidget(window)
    assert window.session is None
    demo.close()
