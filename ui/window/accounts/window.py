"""Tools > Accounts…: the site's accounts in a table, and the administrator's steps on them. The
core checks the role of whoever presses a button: the dialog itself is no permission."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from db.accounts import AccountRepository
from db.audit import utc_now
from db.credentials import CredentialStore
from ui.window.accounts.dialogs import AddAccountDialog, ReasonDialog, ResetPasswordDialog
from ui.window.accounts.model import AccountRow, AccountsModel
from ui.window.context import AppContext
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.tables import list_table


class AccountsWindow(QDialog):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Accounts"))
        self.model = AccountsModel(self)
        self.table = list_table(self.model, self.tr("Accounts"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.dialog: QDialog | None = None
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.deactivate_button = QPushButton(self.tr("Deactivate…"))
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.activate_button = QPushButton(self.tr("Activate…"))
        self.activate_button.clicked.connect(lambda: self.set_active(True))
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.clicked.connect(self.reset_password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.deactivate_button, self.activate_button, self.unlock_button,
                       self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(860, 420)
        self.refresh()

    def refresh(self) -> None:
        with self.context.registry.reading() as session:
            accounts = AccountRepository(session).accounts()
            current = {c.username: c.fingerprint for c in CredentialStore(session, "").certificates() if c.current}
        now = utc_now()
        self.model.set_rows([AccountRow(account, current.get(account.username), now) for account in accounts])
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):  # room beyond the widest cell, to read at a glance
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 24)
        self._enable()

    def selected(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def select(self, username: str) -> None:
        for number, row in enumerate(self.model.rows()):
            if row.account.username == username:
                self.table.selectRow(number)

    def _selected_name(self) -> str | None:
        row = self.selected()
        return row.account.username if row is not None else None

    def _enable(self) -> None:
        row = self.selected()
        self.deactivate_button.setEnabled(row is not None and row.account.active)
        self.activate_button.setEnabled(row is not None and not row.account.active)
        self.unlock_button.setEnabled(row is not None and row.locked)
        self.reset_button.setEnabled(row is not None)

    # -- the steps ------------------------------------------------------------------------------------
    def add(self) -> AddAccountDialog:
        def run(form: AddAccountDialog) -> None:
            with self.context.registry.writing() as session:
                AccountRepository(session).create(
                    self.context.actor, username=form.username.text().strip(), printed_name=form.printed_name.text(),
                    roles=form.chosen_roles, password=form.new_password.text(),
                    admin_password=form.admin_password.text() or None)
            self._done(self.tr("Added {0}.").format(form.username.text().strip()), form.username.text().strip())

        return self._open(AddAccountDialog(run, self))

    def set_active(self, active: bool) -> ReasonDialog | None:
        username = self._selected_name()
        if username is None:
            return None

        def run(form: ReasonDialog) -> None:
            with self.context.registry.writing() as session:
                AccountRepository(session).set_active(self.context.actor, username, active, form.reason.text())
            self._done((self.tr("{0} can sign in again.") if active else self.tr("{0} can no longer sign in."))
                       .format(username), username)

        title = self.tr("Activate {0}") if active else self.tr("Deactivate {0}")
        explanation = (self.tr("{0} can sign in again.") if active else
                       self.tr("{0} can no longer sign in; the account and everything it signed are kept."))
        return self._open(ReasonDialog(title.format(username), explanation.format(username), run, self))

    def unlock(self) -> ReasonDialog | None:
        username = self._selected_name()
        if username is None:
            return None

        def run(form: ReasonDialog) -> None:
            with self.context.registry.writing() as session:
                AccountRepository(session).unlock(self.context.actor, username, form.reason.text())
            self._done(self.tr("{0} is unlocked.").format(username), username)

        return self._open(ReasonDialog(self.tr("Unlock {0}").format(username), self.tr(
            "{0} was locked out after repeated wrong passwords. Unlock only once you know it was them.")
            .format(username), run, self))

    def reset_password(self) -> ResetPasswordDialog | None:
        username = self._selected_name()
        if username is None:
            return None

        def run(form: ResetPasswordDialog) -> None:
            with self.context.registry.writing() as session:
                AccountRepository(session).set_password(self.context.actor, username, form.new_password.text(),
                                                        actor_password=form.admin_password.text())
            self._done(self.tr("{0}'s password is reset.").format(username), username)

        return self._open(ResetPasswordDialog(username, run, self))

    def _open(self, dialog):
        self.dialog = dialog
        dialog.open()
        return dialog

    def _done(self, message: str, username: str) -> None:
        self.refresh()
        self.select(username)
        self.message.setText(message)
