"""The signed-in session of a window on a real registry: File > Lock and Sign out, the lock after
the site's idle time, unlocking by the same person's password (a wrong one counts toward the
account's lockout, as at sign-in) and signing in as someone else, which opens a window of their
own. While locked, the registry's views and any open dialog are hidden. Lock, unlock and sign-out
are audited; the password check is the database's."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from coordinator.problems import Refusal
from db.accounts import AccountRepository, sign_in
from ui.window.context import AppContext
from ui.window.session.idle import IdleWatch
from ui.window.session.lock_pane import LockPane


class Session(QObject):
    locked_changed = Signal(bool)
    switched = Signal(object)  # the Actor who signed in instead: the window hands over to them

    def __init__(self, context: AppContext, window, idle_minutes: int):
        super().__init__(window)
        self.context = context
        self.window = window
        self.locked = False
        self.signed_out = False  # the lock is a sign-out: whoever signs in next takes over
        self.pane = LockPane(window)
        self.pane.hide()
        self.pane.unlock_requested.connect(self.attempt)
        self._hidden: list[QWidget] = []
        self.shown_before: QWidget | None = None
        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock(self.tr("Locked by {0}").format(context.actor.name),
                                                             "by the user"))
        self.sign_out_action = QAction(self.tr("Sign &out / switch user"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.idle = IdleWatch(idle_minutes, self)
        self.idle.idle.connect(lambda: self.lock(
            self.tr("Locked after %n minute(s) without use", "", idle_minutes), "idle"))

    # -- locking -----------------------------------------------------------------------------------
    def lock(self, title: str, why: str) -> None:
        """Hide the registry until the signed-in person's password is entered again."""
        if not self.locked:
            self._hide_registry()
            self._record("session.lock", {"reason": why})
        self.pane.ask_owner(self.context.actor.name, title)

    def sign_out(self) -> None:
        """The registry hidden until someone signs in (the same person, or another)."""
        if not self.locked:
            self._hide_registry()
        self.signed_out = True
        self._record("logout", None)
        self.pane.ask_anyone(self.tr("{0} signed out. Sign in to TrialDesk").format(self.context.actor.name))

    def attempt(self, username: str, password: str) -> None:
        """Unlock for the same person, or hand the window over to another."""
        if not username:
            self.pane.refuse(self.tr("Give your user name."))
            return
        try:
            account = sign_in(self.context.registry, username, password)
        except Refusal as error:  # counted toward the lockout and audited by the database
            self.pane.refuse(str(error))
            return
        actor = account.actor()
        if actor.name == self.context.actor.name:
            self._record("session.unlock", None)
            self.signed_out = False
            self._show_registry()
            return
        if not self.signed_out:  # "Sign in as someone else" at the lock: the locked session ends here
            self._record("logout", {"switched_to": actor.name})
        self.switched.emit(actor)

    # -- what is hidden --------------------------------------------------------------------------
    def _hide_registry(self) -> None:
        window = self.window
        self.locked = True
        self.shown_before = window.stack.currentWidget()
        if window.stack.indexOf(self.pane) < 0:
            window.stack.addWidget(self.pane)
        window.stack.setCurrentWidget(self.pane)
        window.sidebar.hide()
        for action in window.menuBar().actions():
            action.setEnabled(False)
        self._hidden = [dialog for dialog in window.findChildren(QDialog) if dialog.isVisible()]
        for dialog in self._hidden:
            dialog.hide()
        self.locked_changed.emit(True)

    def _show_registry(self) -> None:
        window = self.window
        self.locked = False
        if self.shown_before is not None:
            window.stack.setCurrentWidget(self.shown_before)
        window.stack.removeWidget(self.pane)
        self.pane.hide()
        window.sidebar.show()
        for action in window.menuBar().actions():
            action.setEnabled(True)
        for dialog in self._hidden:
            dialog.show()
        self._hidden = []
        self.idle.used()
        self.locked_changed.emit(False)

    def _record(self, action: str, detail: dict | None) -> None:
        with self.context.registry.writing() as session:
            AccountRepository(session).record_session(self.context.actor, action, detail)

    def stop(self) -> None:
        self.idle.stop()
