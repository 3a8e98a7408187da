"""The window's backups: Back up now and Restore… (Tools menu), the automatic backup once a site
day when the window opens (and when it closes, if it stayed open past midnight), and the status
bar's word on the last good backup. The work runs off the GUI thread; the core checks roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coordinator.backups.retention import is_due
from coordinator.problems import Refusal
from coordinator.screening.workflow import Permission
from db.accounts import AccountRepository, Site, confirm_signature_password
from db.audit import utc_now
from db.backups import ServerBackups, backup_folder, check_backup, last_backup, make_backup, prune, registry_file, restore
from db.registry import DEMO
from ui.window.background import run_in_background
from ui.window.backups.status import BackupStatus
from ui.window.changes import Change
from ui.window.context import AppContext
from ui.window.operations import announce
from ui.window.screening.dialogs import SignatureDialog


class Backups(QObject):
    finished = Signal(bool)  # a backup or restore ended (True: it succeeded)

    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window
        self.status = BackupStatus()
        self.running = None
        self.dialog: QWidget | None = None
        self.back_up_action = QAction(self.tr("&Back up now"), self)
        self.back_up_action.triggered.connect(lambda: self.back_up())
        self.restore_action = QAction(self.tr("&Restore from a backup…"), self)
        self.restore_action.triggered.connect(self.choose_restore)
        try:
            self.registry_file = registry_file(context.registry)
        except ServerBackups as server:  # PostgreSQL: the server's administrator backs it up
            self.registry_file = None
            for action in (self.back_up_action, self.restore_action):
                action.setEnabled(False)
                action.setToolTip(str(server))
            self.status.hide()
            return
        self.back_up_action.setVisible(context.may(Permission.BACK_UP))
        self.restore_action.setVisible(context.may(Permission.RESTORE))
        self.refresh()

    @property
    def available(self) -> bool:
        return self.registry_file is not None

    def _site(self) -> Site:
        with self.context.registry.reading() as session:
            accounts = AccountRepository(session)
            return accounts.site() if accounts.is_set_up() else Site("", None, "UTC", False)

    def refresh(self, now: dt.datetime | None = None) -> None:
        """The status bar's word on the newest backup in the site's backup folder."""
        if not self.available:
            return
        site = self._site()
        self.status.show_last(last_backup(backup_folder(self.context.registry)), site.backup_warning_days,
                              now or utc_now())

    # -- backing up --------------------------------------------------------------------------------
    def is_due(self, now: dt.datetime | None = None) -> bool:
        """An automatic backup is due: a real registry, no backup yet on the site's calendar day."""
        if not self.available or self.context.registry.kind == DEMO or not self.context.may(Permission.BACK_UP):
            return False
        return is_due(last_backup(backup_folder(self.context.registry)), now or utc_now(), self._site().timezone)

    def back_up_if_due(self) -> bool:
        if self.running is None and self.is_due():
            self.back_up(automatic=True)
            return True
        return False

    def back_up(self, automatic: bool = False):
        """Back up in the background, then prune by the site's retention; the status bar says how it went."""
        if self.running is not None or not self.available:
            return None
        registry, actor, timezone = self.context.registry, self.context.actor, self._site().timezone
        self.back_up_action.setEnabled(False)
        self.context.status_message.emit(self.tr("Backing up the registry…"))

        def work(report):
            made = make_backup(registry, actor, automatic=automatic)
            prune(made.path.parent, timezone)
            return made

        self.running = run_in_background(work, on_done=self._backed_up, on_error=self._failed, owner=self)
        return self.running

    def _backed_up(self, made) -> None:
        self.running = None
        self.back_up_action.setEnabled(True)
        self.refresh()
        self.context.status_message.emit(self.tr("Backed up: {0} (%n patient(s), checked)", "",
                                                 made.manifest.patients).format(made.path))
        self.finished.emit(True)

    def _failed(self, message: str) -> None:
        self.running = None
        self.back_up_action.setEnabled(True)
        self.refresh()
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, self.tr("Backup"),
                                  self.tr("The backup was not made: {0}").format(message), parent=self.window)
        self.dialog.open()
        self.finished.emit(False)

    # -- restoring ---------------------------------------------------------------------------------
    def choose_restore(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Restore from a backup"),
                                              str(backup_folder(self.context.registry)),
                                              self.tr("TrialDesk backups (*.sqlite3)"))
        if name:
            self.ask_to_restore(Path(name))

    def ask_to_restore(self, path: Path) -> QWidget:
        """The backup checked at once; then the password again, as for a signature, to restore it."""
        try:
            manifest = check_backup(path)
        except Refusal as error:
            self.dialog = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore"), str(error), parent=self.window)
            self.dialog.open()
            return self.dialog
        registry, actor = self.context.registry, self.context.actor

        def check(dialog: SignatureDialog) -> str:
            password = dialog.password.text()
            confirm_signature_password(registry, actor, password, "registry restore", outcome="registry not restored")
            return password

        made = manifest.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        document = self.tr("the backup of {0} ({1}: %n patient(s)); the registry as it is now is kept aside, "
                           "and everything entered since that backup is no longer shown", "",
                           manifest.patients).format(made, path.name)
        dialog = SignatureDialog(self.tr("Restore the registry"), str(actor), document, check, self.window)
        dialog.setWindowTitle(self.tr("Restore the registry"))
        dialog.accepted.connect(lambda: self.restore(path))
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore(self, path: Path):
        target, actor = self.registry_file, self.context.actor
        self.restore_action.setEnabled(False)
        self.context.status_message.emit(self.tr("Restoring the registry…"))
        self.running = run_in_background(lambda report: restore(target, path, actor, reason="restored in the window"),
                                         on_done=self._restored, on_error=self._restore_failed, owner=self)
        return self.running

    def _restored(self, restored) -> None:
        self.running = None
        self.restore_action.setEnabled(True)
        announce(self.context, Change.EVERYTHING)
        self.refresh()
        text = self.tr("The registry was restored from the backup of {0}.").format(
            restored.manifest.made_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        if restored.kept_aside:
            text += "\n" + self.tr("The registry as it was is kept at {0}.").format(restored.kept_aside)
        self.dialog = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"), text, parent=self.window)
        self.dialog.open()
        self.finished.emit(True)

    def _restore_failed(self, message: str) -> None:
        self.running = None
        self.restore_action.setEnabled(True)
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore"),
                                  self.tr("Nothing was restored: {0}").format(message), parent=self.window)
        self.dialog.open()
        self.finished.emit(False)
