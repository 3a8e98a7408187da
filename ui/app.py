"""The TrialDesk window: a list of views on the left (registry, trials, screening, ...),
the chosen view on the right. Each view lives in ui/pages/ and talks to the others only
through the shared AppContext."""

from __future__ import annotations

import sys

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QHBoxLayout, QListWidget,
                               QMainWindow, QPlainTextEdit, QProgressDialog, QStackedWidget,
                               QVBoxLayout, QWidget)

from coordinator import __version__
from db.registry import DEMO, Registry
from db.importer import ImportOutcome
from coordinator.screening import Actor, Permission, Role, require
from db.accounts import AccountRepository
from ui.cli_common import os_user
from ui.context import AppContext
from ui.sign_in import SetUpDialog, SignInDialog
from ui.import_task import ImportTask
from ui.i18n import apply_language
from ui.lazy_pages import LazyPages, PageRef, class_title
from ui.settings_dialog import SettingsDialog, take_layout_reset
from ui.pages.registry_page import RegistryPage


def page_classes() -> list[type[QWidget] | PageRef]:
    """The views, in the order the sidebar lists them. A PageRef's module is imported when its
    view is first shown, so starting the window pays only for the registry."""
    return [RegistryPage,
            PageRef("ui.pages.patient_page", "PatientPage", "patient", QT_TRANSLATE_NOOP("PatientPage", "Patient")),
            PageRef("ui.pages.trials_page", "TrialsPage", "trials", QT_TRANSLATE_NOOP("TrialsPage", "Trials")),
            PageRef("ui.pages.screening_page", "ScreeningPage", "screening",
                    QT_TRANSLATE_NOOP("ScreeningPage", "Screening")),
            PageRef("ui.pages.prescreen_page", "PrescreenPage", "prescreen",
                    QT_TRANSLATE_NOOP("PrescreenPage", "Pre-screen")),
            PageRef("ui.pages.followup_page", "FollowUpPage", "followup",
                    QT_TRANSLATE_NOOP("FollowUpPage", "Follow-up")),
            PageRef("ui.pages.alerts_page", "AlertsPage", "alerts", QT_TRANSLATE_NOOP("AlertsPage", "Due and overdue")),
            PageRef("ui.pages.audit_page", "AuditPage", "audit", QT_TRANSLATE_NOOP("AuditPage", "Audit trail")),
            PageRef("ui.pages.log_page", "LogPage", "log", QT_TRANSLATE_NOOP("LogPage", "Screening log")),
            PageRef("ui.pages.verify_page", "VerifyPage", "verify", QT_TRANSLATE_NOOP("VerifyPage", "Verify PDF"))]


class MainWindow(QMainWindow):
    def __init__(self, registry: Registry, actor: Actor):
        super().__init__()
        self.registry = registry
        self.actor = actor
        self.import_report: QDialog | None = None
        self._running_import: ImportTask | None = None
        self.context = AppContext(registry, actor, parent=self)
        demo = registry.kind == DEMO
        self.setWindowTitle(self.tr("TrialDesk") + (self.tr(" [DEMO DATA]") if demo else ""))

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Views"))
        self.stack = QStackedWidget()
        # a view with a class-level title is built when first shown (window.pages[name] builds it)
        self.pages = LazyPages(self.stack, lambda page_class: page_class(self.context, self))
        for page_class in page_classes():
            title = class_title(page_class)
            page = None if title is not None else page_class(self.context, self)
            self.pages.add(page_class, page)
            self.sidebar.addItem(title if page is None else page.title)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.sidebar.setFixedWidth(max(150, self.sidebar.sizeHintForColumn(0) + 32))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.registry_page: RegistryPage = self.pages["registry"]  # type: ignore[assignment]
        self.sidebar.setCurrentRow(0)

        self.statusBar().addPermanentWidget(QLabel(self.tr("Signed in: {0}").format(actor.name)))
        self.statusBar().addPermanentWidget(self.registry_page.count_label)
        self.statusBar().showMessage(self.tr("Registry: {0}").format(registry.location))
        self.context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._connect_navigation()

        find = QAction(self.tr("Find patient"), self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.show_page("registry"), self.registry_page.focus_search()))
        self.import_action = QAction(self.tr("&Import records…"), self, shortcut=QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._choose_import_files)
        self.import_action.setVisible(Permission.EDIT_PATIENTS in actor.permissions)
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, find])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for number, name in enumerate(self.pages, start=1):
            action = QAction(self.sidebar.item(number - 1).text(), self, shortcut=QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, name=name: self.show_page(name))
            view_menu.addAction(action)
        self.settings_dialog: SettingsDialog | None = None
        settings_action = QAction(self.tr("&Settings…"), self, shortcut=QKeySequence("Ctrl+,"))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        self.menuBar().addMenu(self.tr("&Tools")).addAction(settings_action)
        self.resize(1200, 760)
        self._restore_layout()

    # -- navigation -----------------------------------------------------------------------------
    def show_page(self, name: str) -> QWidget:
        page = self.pages[name]
        self.sidebar.setCurrentRow(self.stack.indexOf(page))
        return page

    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentWidget(self.pages[self.pages.name_at(row)])

    def _connect_navigation(self) -> None:
        """A request from one view opens the view that handles it, if there is one."""
        routes = {self.context.patient_requested: ("patient", "open_patient"),
                  self.context.checklist_requested: ("screening", "open_checklist"),
                  self.context.followup_requested: ("followup", "open_followup")}
        for signal, (name, method) in routes.items():
            if name in self.pages:
                signal.connect(lambda *args, name=name, method=method:
                               getattr(self.show_page(name), method)(*args))

    # kept for the registry tests and the search shortcut
    @property
    def table(self):
        return self.registry_page.table

    @property
    def search(self):
        return self.registry_page.search

    @property
    def model(self):
        return self.registry_page.model

    @property
    def count_label(self):
        return self.registry_page.count_label

    # -- import ---------------------------------------------------------------------------------
    def _choose_import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Import patient records"), "",
                                                self.tr("TrialDesk records (*.json)"))
        if names:
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path]) -> ImportTask:
        """Import in a worker thread; the window stays responsive and shows progress."""
        require(self.actor, Permission.EDIT_PATIENTS)  # refused in code, not only by the hidden menu
        self.import_action.setEnabled(False)
        progress = QProgressDialog(self.tr("Importing…"), "", 0, len(paths), self)
        progress.setCancelButton(None)  # a file is written whole or not at all; no half-way stop
        progress.setMinimumDuration(300)
        task = ImportTask(self.registry, paths, self.actor.name)
        self._running_import = task  # keeps the task and its signals alive until it reports back
        task.signals.progress.connect(lambda done, name: (
            progress.setValue(done), progress.setLabelText(self.tr("Importing {0}…").format(name))))
        task.signals.finished.connect(lambda outcomes: (progress.close(), self._import_finished(outcomes)))
        QThreadPool.globalInstance().start(task)
        return task

    def _import_finished(self, outcomes: list[ImportOutcome]) -> None:
        self._running_import = None
        self.import_action.setEnabled(True)
        self.context.data_changed.emit()
        lines = []
        for outcome in outcomes:
            if outcome.accepted:
                lines.append(self.tr("{0}: imported %n patient(s)", "", outcome.imported).format(outcome.source))
            else:
                lines.append(self.tr("{0}: rejected, nothing imported (%n problem(s)):", "",
                                     len(outcome.problems)).format(outcome.source))
                lines += [f"    {problem}" for problem in outcome.problems]
        self.statusBar().showMessage(lines[0] if len(outcomes) == 1 else
                                     self.tr("{0} files imported, {1} rejected").format(
                                         sum(o.accepted for o in outcomes), sum(not o.accepted for o in outcomes)))
        self.import_report = _ReportDialog(self.tr("Import"), "\n".join(lines), self)
        self.import_report.open()

    def open_settings(self) -> SettingsDialog:
        self.settings_dialog = SettingsDialog(self)
        self.settings_dialog.open()
        return self.settings_dialog

    def _restore_layout(self) -> None:
        settings = QSettings()
        take_layout_reset(settings)
        for key, restore in (("main/geometry", self.restoreGeometry), ("main/state", self.restoreState)):
            value = settings.value(key)
            if value is not None:
                restore(value)
        page = settings.value("main/page")
        if page in self.pages:
            self.show_page(page)

    def closeEvent(self, event) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/page", self.stack.currentWidget().name)
        super().closeEvent(event)


class _ReportDialog(QDialog):
    """A scrollable, copyable report (every problem of a rejected file can be long)."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(text, readOnly=True)
        self.text.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 360)


def run_application(db: str | None, kind: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialDesk")
    app.setOrganizationName("TrialDesk")
    app.setApplicationVersion(__version__)
    apply_language(app)
    registry = Registry.open(db, kind=kind)
    actor = signed_in(registry)
    if actor is None:
        registry.close()
        return 0
    window = MainWindow(registry, actor)
    window.show()
    try:
        return app.exec()
    finally:
        registry.close()


def signed_in(registry: Registry) -> Actor | None:
    """Who uses the window: the first-run set-up when the site has none, then a sign-in.
    A demo registry (synthetic patients only) needs no account. None when cancelled."""
    if registry.kind == DEMO:
        return Actor(os_user(), Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
    with registry.reading() as session:
        accounts = AccountRepository(session)
        site = accounts.site().name if accounts.is_set_up() else None
    if site is None:
        setup = SetUpDialog(registry)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
        site = setup.site_name.text()
    dialog = SignInDialog(registry, site)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None

