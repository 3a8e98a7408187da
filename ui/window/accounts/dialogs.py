"""The forms of account management: each runs the repository's step in one transaction when OK
is pressed and shows the core's refusal (a weak password, a role the actor lacks) in place."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget, QFileDialog

from coordinator.screening.workflow import Role
from db.accounts import IDLE_LOCK_RANGE, Site
from ui.window.screening.dialogs import ActionDialog


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _PasswordForm(ActionDialog):
    """A new password typed twice; the two must match before the action runs."""

    def new_password_fields(self, label: str) -> None:
        self.new_password = self.field(label, password_field())
        self.repeat = self.field(self.tr("New password again"), password_field())

    def submit(self) -> None:
        if self.new_password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        super().submit()


class AddAccountDialog(_PasswordForm):
    def __init__(self, action, parent=None):
        super().__init__(self.tr("Add an account"), self.tr(
            "A coordinator or investigator receives a signing certificate from the site's authority, an "
            "administrator a copy of its key: your own password unlocks the authority for that."), action, parent)
        self.username = self.field(self.tr("User name"), QLineEdit())
        self.printed_name = self.field(self.tr("Printed name"), QLineEdit())
        roles = QWidget()
        row = QHBoxLayout(roles)
        row.setContentsMargins(0, 0, 0, 0)
        self.roles = {}
        for role, label in ((Role.COORDINATOR, self.tr("coordinator")), (Role.INVESTIGATOR, self.tr("investigator")),
                            (Role.MONITOR, self.tr("monitor")), (Role.ADMINISTRATOR, self.tr("administrator"))):
            self.roles[role] = box = QCheckBox(label)
            row.addWidget(box)
        self.field(self.tr("Roles"), roles)
        self.new_password_fields(self.tr("First password"))
        self.admin_password = self.field(self.tr("Your password"), password_field())

    @property
    def chosen_roles(self) -> set[Role]:
        return {role for role, box in self.roles.items() if box.isChecked()}


class ResetPasswordDialog(_PasswordForm):
    def __init__(self, username: str, action, parent=None):
        super().__init__(self.tr("Reset a password"), self.tr(
            "{0} receives a new password; a signer also a new signing certificate (the old one is kept, so that "
            "older PDFs still verify). Give them the password in person.").format(username), action, parent)
        self.new_password_fields(self.tr("New password"))
        self.admin_password = self.field(self.tr("Your password"), password_field())


class ChangePasswordDialog(_PasswordForm):
    def __init__(self, username: str, action, parent=None):
        super().__init__(self.tr("Change my password"), self.tr(
            "{0}: your signing key, and the key that opens the encrypted registry, are re-encrypted under the "
            "new password.").format(username), action, parent)
        self.current = self.field(self.tr("Current password"), password_field())
        self.new_password_fields(self.tr("New password"))


class ReasonDialog(ActionDialog):
    """A step that needs only a reason (deactivate, activate, unlock), kept in the audit trail."""

    def __init__(self, title: str, explanation: str, action, parent=None):
        super().__init__(title, explanation, action, parent)
        self.reason = self.field(self.tr("Reason"), QLineEdit())


class SiteSettingsDialog(ActionDialog):
    def __init__(self, site: Site, action, parent=None):
        super().__init__(self.tr("Site settings"), self.tr(
            "{0}: each change is kept in the audit trail with your reason.").format(site.name), action, parent)
        self.full_names = self.field(self.tr("Full names on checklists"),
                                     QCheckBox(self.tr("print the patient's full name (else initials only)")))
        self.full_names.setChecked(site.show_full_names)
        self.idle_minutes = self.field(self.tr("Lock the window after (minutes without use)"), QSpinBox())
        self.idle_minutes.setRange(IDLE_LOCK_RANGE.start, IDLE_LOCK_RANGE.stop - 1)
        self.idle_minutes.setValue(site.idle_lock_minutes)
        folder = QWidget()
        row = QHBoxLayout(folder)
        row.setContentsMargins(0, 0, 0, 0)
        self.backup_folder = QLineEdit(site.backup_folder or "")
        self.backup_folder.setPlaceholderText(self.tr("backups beside the registry"))
        self.backup_folder.setAccessibleName(self.tr("Backup folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        row.addWidget(self.backup_folder, 1)
        row.addWidget(browse)
        self.field(self.tr("Backup folder"), folder)
        self.warning_days = self.field(self.tr("Warn when no backup is younger than (days)"), QSpinBox())
        self.warning_days.setRange(1, 90)
        self.warning_days.setValue(site.backup_warning_days)
        self.reason = self.field(self.tr("Reason"), QLineEdit())

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), self.backup_folder.text())
        if chosen:
            self.backup_folder.setText(chosen)
