"""Tools > Encrypt the registry… for a registry made before TrialDesk encrypted: the
administrator's password again, then, off the GUI thread, a backup of it and its conversion
(db.encrypting); the recovery key is shown once, to print for the site file."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from coordinator.screening.workflow import Permission
from db.accounts import AccountRepository, confirm_signature_password
from db.encrypting import encrypt_registry
from db.encryption import available as encryption_available
from db.registry import DEMO
from ui.window.background import run_in_background
from ui.window.context import AppContext
from ui.window.screening.dialogs import ActionDialog
from ui.window.sign_in import RecoveryKeyPanel


class Encrypting(QObject):
    finished = Signal(bool)

    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window
        self.dialog: QDialog | QMessageBox | None = None
        self.running = None
        self.action = QAction(self.tr("&Encrypt the registry…"), self)
        self.action.triggered.connect(self.ask)
        registry = context.registry
        self.action.setVisible(context.may(Permission.ENCRYPT) and registry.database is not None
                               and not registry.encrypted and registry.kind != DEMO and encryption_available())

    def ask(self) -> ActionDialog:
        registry, actor = self.context.registry, self.context.actor

        def check(form: ActionDialog) -> str:
            confirm_signature_password(registry, actor, form.password.text(), "encrypt the registry",
                                       refusal="encrypt.refused", outcome="registry not encrypted")
            return form.password.text()

        form = ActionDialog(self.tr("Encrypt the registry"), self.tr(
            "The registry is stored in clear: anyone who copies the file reads every patient. Encrypting it makes "
            "a backup first, then each account's password opens it as before; you receive the site's recovery "
            "key. Close TrialDesk on this workstation's other windows first."), check, self.window)
        form.password = form.field(self.tr("Your password"), QLineEdit())
        form.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.accepted.connect(lambda: self.encrypt(form.result_value))
        self.dialog = form
        form.open()
        return form

    def encrypt(self, password: str):
        registry, actor = self.context.registry, self.context.actor
        self.action.setEnabled(False)
        self.context.status_message.emit(self.tr("Encrypting the registry…"))
        self.running = run_in_background(lambda report: encrypt_registry(registry, actor, password),
                                         on_done=self._encrypted, on_error=self._failed, owner=self)
        return self.running

    def _encrypted(self, encrypted) -> None:
        self.running = None
        self.action.setVisible(False)
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("The site's recovery key"))
        panel = RecoveryKeyPanel(dialog)
        with self.context.registry.reading() as session:
            site = AccountRepository(session).site()
        panel.show_key(encrypted.recovery_key, site, str(self.context.registry.database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(lambda: panel.kept.isChecked() and dialog.accept())
        layout = QVBoxLayout(dialog)
        layout.addWidget(panel)
        layout.addWidget(buttons)
        dialog.panel = panel
        self.dialog = dialog
        dialog.open()
        self.finished.emit(True)

    def _failed(self, message: str) -> None:
        self.running = None
        self.action.setEnabled(True)
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, self.tr("Encrypt the registry"),
                                  self.tr("The registry was not encrypted: {0}").format(message), parent=self.window)
        self.dialog.open()
        self.finished.emit(False)
