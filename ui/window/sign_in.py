"""First-run set-up and sign-in dialogs. They collect input and show the core's refusals next
to the fields; the rules (password strength, lockout) are the core's and the database's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from coordinator.problems import Refusal
from coordinator.signing.accounts import AccountError
from coordinator.screening.workflow import Actor
from db.accounts import Account, AccountRepository, sign_in
from db.encrypting import encrypt_registry
from db.encryption import available as encryption_available
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
    """First run: the site and its first investigator (also administrator); then, the registry
    encrypted, its recovery key shown once, to be kept before the dialog closes."""

    def __init__(self, registry: Registry, parent=None):
        super().__init__(self.tr("Set up TrialDesk for this site"), parent)
        self.registry = registry
        self.intro = QLabel(self.tr(
            "TrialDesk keeps this site's screening registry on this workstation. Give the site's name and its "
            "first investigator, who also administers the accounts. Each account's password signs what its owner "
            "signs and opens the registry, which is encrypted: you receive a recovery key next. Without any "
            "account's password and without the recovery key, nobody can read the data, not even IT."))
        self.intro.setWordWrap(True)
        self.layout().insertWidget(0, self.intro)
        self.site_name = self.field(self.tr("Site name"), QLineEdit())
        self.address = self.field(self.tr("Address"), QLineEdit())
        self.timezone = self.field(self.tr("Time zone"), QComboBox(editable=True))
        self.timezone.addItems(TIMEZONES)
        self.username = self.field(self.tr("Investigator's user name"), QLineEdit())
        self.printed_name = self.field(self.tr("Printed name"), QLineEdit())
        self.password = self.field(self.tr("Password"), _password_field())
        self.repeat = self.field(self.tr("Password again"), _password_field())
        self.recovery = RecoveryKeyPanel(self)
        self.recovery.hide()
        self.recovery_key: str | None = None  # once the registry is encrypted: shown, to be kept
        self.layout().insertWidget(2, self.recovery)

    def submit(self) -> None:
        if self.recovery_key is not None:  # the second step: the key shown, to be kept
            if not self.recovery.kept.isChecked():
                self.message.setText(self.tr("Keep the recovery key first, then tick the box."))
                return
            self.accept()
            return
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        try:
            with self.registry.writing() as session:
                account = AccountRepository(session).set_up(
                    site_name=self.site_name.text(), address=self.address.text(),
                    timezone=self.timezone.currentText(), username=self.username.text().strip(),
                    printed_name=self.printed_name.text(), password=self.password.text())
        except AccountError as error:
            self.message.setText(str(error))
            return
        if self.registry.database is None or not encryption_available():
            self.accept()  # a server's registry is the server's to encrypt
            return
        try:
            encrypted = encrypt_registry(self.registry, account.actor(), self.password.text(), backup_first=False)
        except Refusal as error:
            self.message.setText(self.tr("The site is set up, but its registry could not be encrypted: {0}. "
                                         "An administrator encrypts it later (trialdesk site encrypt).")
                                 .format(error))
            self.recovery_key = None
            self.accept()
            return
        self.recovery_key = encrypted.recovery_key
        self._show_recovery(encrypted.recovery_key)

    def _show_recovery(self, recovery_key: str) -> None:
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, False)
        self.intro.hide()
        self.message.clear()
        with self.registry.reading() as session:
            site = AccountRepository(session).site()
        self.recovery.show_key(recovery_key, site, str(self.registry.database or self.registry.location))
        self.recovery.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.setWindowTitle(self.tr("The site's recovery key"))


class RecoveryKeyPanel(QWidget):
    """The recovery key, shown once: to print or write down and keep in the site file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        explanation = QLabel(self.tr(
            "The registry is encrypted. This is its recovery key, shown only now. Print it or write it down and "
            "keep it in the site file, locked away. It opens the registry when every administrator's password is "
            "forgotten or the key file is lost (trialdesk site recover). Without any account's password and "
            "without it, the data cannot be read by anyone."))
        explanation.setWordWrap(True)
        self.key = QLabel()  # the key in two lines of seven groups, large, selectable
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.key.setFont(font)
        self.key.setStyleSheet("padding: 8px; border: 1px solid #9a9a9a; background: white")
        self.recovery_key = ""
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.recovery_key))
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.choose_file)
        self.sheet: bytes | None = None  # the recovery sheet (render_recovery_sheet), once the key is known
        self.dialog = None
        self.kept = QCheckBox(self.tr("I have printed or written down the recovery key and will keep it safe"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(copy)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation)
        layout.addWidget(self.key)
        layout.addLayout(row)
        layout.addWidget(self.kept)

    def show_key(self, recovery_key: str, site, registry: str) -> None:
        from coordinator.reports.model import Site as ReportSite
        from coordinator.reports.recovery_sheet import render_recovery_sheet
        from db.audit import utc_now

        self.recovery_key = recovery_key
        groups = recovery_key.split("-")
        self.key.setText("-".join(groups[:7]) + "-\n" + "-".join(groups[7:]))
        self.sheet = render_recovery_sheet(ReportSite(site.name, site.address or "", site.timezone), recovery_key,
                                           registry, utc_now())

    def print_sheet(self, printer=None):
        from ui.window.toolkit.printing import print_document

        self.dialog = print_document(self, self.sheet or b"", printer, landscape=False,
                                     printed=lambda pages: self.kept.setFocus(),
                                     failed=lambda message: self.key.setToolTip(message))
        return self.dialog

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recovery sheet"), "recovery-key.pdf",
                                              self.tr("PDF files (*.pdf)"))
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> None:
        from coordinator.reports import write_pdf_atomically

        write_pdf_atomically(path, self.sheet or b"")


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
        except Refusal as error:  # a wrong password, a lockout, an encrypted registry's key file missing
            self.message.setText(str(error))
            self.password.clear()
            return
        self.accept()

    @property
    def actor(self) -> Actor | None:
        return None if self.account is None else self.account.actor()
