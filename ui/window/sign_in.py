"""First-run set-up and sign-in dialogs. They collect input and show the core's refusals next
to the fields; the rules (password strength, lockout) are the core's and the database's."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from coordinator.signing.accounts import AccountError, AuthenticationError
from coordinator.screening.workflow import Actor
from db.accounts import Account, AccountRepository, sign_in
from db.registry import Registry

TIMEZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Urumqi", "UTC"]


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _Form(QDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.setAccessibleName(self.tr("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)  # Return signs in
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def field(self, label: str, widget):
        widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        return widget

    def submit(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SetUpDialog(_Form):
    """First run: the site and its first investigator (also administrator)."""

    def __init__(self, registry: Registry, parent=None):
        super().__init__(self.tr("Set up TrialDesk for this site"), parent)
        self.registry = registry
        self.site_name = self.field(self.tr("Site name"), QLineEdit())
        self.address = self.field(self.tr("Address"), QLineEdit())
        self.timezone = self.field(self.tr("Time zone"), QComboBox(editable=True))
        self.timezone.addItems(TIMEZONES)
        self.username = self.field(self.tr("Investigator's user name"), QLineEdit())
        self.printed_name = self.field(self.tr("Printed name"), QLineEdit())
        self.password = self.field(self.tr("Password"), _password_field())
        self.repeat = self.field(self.tr("Password again"), _password_field())

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        try:
            with self.registry.writing() as session:
                AccountRepository(session).set_up(
                    site_name=self.site_name.text(), address=self.address.text(),
                    timezone=self.timezone.currentText(), username=self.username.text().strip(),
                    printed_name=self.printed_name.text(), password=self.password.text())
        except AccountError as error:
            self.message.setText(str(error))
            return
        self.accept()


class SignInDialog(_Form):
    def __init__(self, registry: Registry, site_name: str, parent=None):
        super().__init__(self.tr("Sign in to TrialDesk"), parent)
        self.registry = registry
        self.form.addRow(QLabel(site_name))
        self.username = self.field(self.tr("User name"), QLineEdit())
        self.password = self.field(self.tr("Password"), _password_field())
        self.account: Account | None = None

    def submit(self) -> None:
        try:
            self.account = sign_in(self.registry, self.username.text().strip(), self.password.text())
        except AuthenticationError as error:
            self.message.setText(str(error))
            self.password.clear()
            return
        self.accept()

    @property
    def actor(self) -> Actor | None:
        return None if self.account is None else self.account.actor()
