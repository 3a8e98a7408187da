"""The accounts' menu entries: Tools > Accounts… and Site settings… for administrators, File >
Change my password… for everyone signed in to a real registry."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from coordinator.screening.workflow import Permission
from db.accounts import AccountRepository
from ui.window.accounts.dialogs import ChangePasswordDialog, SiteSettingsDialog
from ui.window.accounts.window import AccountsWindow
from ui.window.context import AppContext


class AccountActions(QObject):
    site_changed = Signal()  # the site's settings were saved

    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window
        self.dialog: QDialog | None = None
        self.accounts_action = QAction(self.tr("&Accounts…"), self)
        self.accounts_action.triggered.connect(self.open_accounts)
        self.site_action = QAction(self.tr("Site se&ttings…"), self)
        self.site_action.triggered.connect(self.open_site_settings)
        self.password_action = QAction(self.tr("Change my &password…"), self)
        self.password_action.triggered.connect(self.change_password)
        for action in (self.accounts_action, self.site_action):
            action.setVisible(context.may(Permission.MANAGE_ACCOUNTS))

    def open_accounts(self) -> AccountsWindow:
        self.dialog = AccountsWindow(self.context, self.window)
        self.dialog.open()
        return self.dialog

    def open_site_settings(self) -> SiteSettingsDialog:
        with self.context.registry.reading() as session:
            site = AccountRepository(session).site()

        def run(form: SiteSettingsDialog) -> None:
            actor, reason = self.context.actor, form.reason.text() or None
            with self.context.registry.writing() as session:
                accounts = AccountRepository(session)
                if form.full_names.isChecked() != site.show_full_names:
                    accounts.set_show_full_names(actor, form.full_names.isChecked(), reason)
                if form.idle_minutes.value() != site.idle_lock_minutes:
                    accounts.set_idle_lock(actor, form.idle_minutes.value(), reason)
                folder = form.backup_folder.text().strip() or None
                if (folder, form.warning_days.value()) != (site.backup_folder, site.backup_warning_days):
                    accounts.set_backups(actor, folder=folder, warning_days=form.warning_days.value(), reason=reason)
            self.site_changed.emit()

        self.dialog = SiteSettingsDialog(site, run, self.window)
        self.dialog.open()
        return self.dialog

    def change_password(self) -> ChangePasswordDialog:
        actor = self.context.actor

        def run(form: ChangePasswordDialog) -> None:
            with self.context.registry.writing() as session:
                AccountRepository(session).set_password(actor, actor.name, form.new_password.text(),
                                                        actor_password=form.current.text())

        self.dialog = ChangePasswordDialog(actor.name, run, self.window)
        self.dialog.open()
        return self.dialog
