"""The TrialDesk window: a list of views on the left (registry, trials, screening, ...),
the chosen view on the right. Each view lives in its folder of ui/window/ and talks to the others only
through the shared AppContext.

The window is on screen before the registry is opened: it paints its frame, menus and the
views' names first, then opens the registry in the background (the database libraries alone
take longer to load than Qt), asks who is signing in, and only then builds the views. So this
module imports nothing that loads the database; the methods that need it import it."""

from __future__ import annotations

import os
import sys

from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QHBoxLayout, QListWidget,
                               QMainWindow, QMessageBox, QPlainTextEdit, QProgressBar, QProgressDialog,
                               QStackedWidget, QVBoxLayout, QWidget)

from ui.window.background import run_in_background
from ui.window.gui_garbage_collector import GuiThreadGarbageCollector
from ui.window.fonts import register_shipped_fonts
from ui.window.i18n import apply_language
from ui.window.icon import application_icon
from ui.window.changes import Change
from ui.window.lazy_pages import PAGES, LazyPages, listed_title
from ui.window.operations import announce
from ui.window.settings_dialog import SettingsDialog, take_layout_reset

# What the first view needs, imported in the background while the registry opens.
FIRST_VIEW_MODULES = ("ui.window.context", "ui.window.sign_in", "ui.window.registry.page")
# Set (to anything) by packaging/start_benchmark.py: the process ends once the first frame is
# painted, so the time from spawning `trialdesk` to its exit is its start to first paint.
QUIT_AFTER_FIRST_PAINT = "TRIALDESK_QUIT_AFTER_FIRST_PAINT"
OPEN_ANYWAY_MS = 1000  # open the registry this long after start even if the window was never painted


class MainWindow(QMainWindow):
    """`MainWindow(registry, actor)` is ready at once; `MainWindow()` is the frame shown while
    `open_registry` opens a registry and signs someone in, then `start` fills it."""

    started = Signal()  # the views are there: the registry is open and someone signed in

    def __init__(self, registry=None, actor=None):
        super().__init__()
        self.registry = None
        self.actor = None
        self.context = None
        self.pages: LazyPages | None = None
        self.import_report: QDialog | None = None
        self.import_preview: QDialog | None = None
        self._running_import = None
        self._opening = None
        self.sign_in_dialog: QDialog | None = None  # the set-up or sign-in dialog being shown
        self.failure: QMessageBox | None = None  # why the registry could not be opened
        self.upgrade_note = ""  # where the copy made before a schema upgrade is, when one was made
        self.backups = None  # ui.window.backups.actions.Backups, once started
        self.session = None  # ui.window.session.session.Session, once someone signed in to a real registry
        self.accounts = None  # ui.window.accounts.actions.AccountActions, likewise
        self.encrypting = None  # ui.window.accounts.encrypting.Encrypting, likewise
        self.successor: MainWindow | None = None  # the window of whoever signed in here instead
        self.automatic_backups = False  # the application (not a test's window) backs up once a day
        self.setWindowTitle(self.tr("TrialDesk"))

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Views"))
        for page_class in PAGES:
            self.sidebar.addItem(listed_title(page_class))
        self.sidebar.setFixedWidth(max(150, self.sidebar.sizeHintForColumn(0) + 32))
        self.sidebar.setEnabled(False)  # until someone has signed in
        self.stack = QStackedWidget()
        self.opening_pane = _OpeningPane(self.tr("Opening the registry…"))
        self.stack.addWidget(self.opening_pane)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.resize(1200, 760)
        self._restore_geometry()
        if registry is not None:
            self.start(registry, actor)

    def _build_menus(self) -> None:
        # Shortcuts are attached just after the first paint (`_attach_shortcuts`): Qt's first
        # setShortcut builds its key tables, 20 ms the window's first frame need not wait for.
        find = QAction(self.tr("Find patient"), self)
        find.triggered.connect(lambda: self.pages and (self.show_page("registry"), self.registry_page.focus_search()))
        self.import_action = QAction(self.tr("&Import records or hospital data…"), self)
        self.import_action.triggered.connect(self._choose_import_files)
        self.import_action.setVisible(False)  # shown to those who may edit patients, once signed in
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        self.file_menu = file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, find])
        file_menu.addSeparator()
        self.quit_action = quit_action
        file_menu.addAction(quit_action)
        self._shortcuts = [(find, "Find"), (self.import_action, "Open"), (quit_action, "Quit")]
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for number, page_class in enumerate(PAGES, start=1):
            action = QAction(self.sidebar.item(number - 1).text(), self)
            action.triggered.connect(lambda _=False, name=page_class.name: self.pages and self.show_page(name))
            view_menu.addAction(action)
            self._shortcuts.append((action, f"Ctrl+{number}"))
        self.settings_dialog: SettingsDialog | None = None
        settings_action = QAction(self.tr("&Settings…"), self)
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        self.tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self.tools_menu.addAction(settings_action)
        self._shortcuts.append((settings_action, "Ctrl+,"))

    def _attach_shortcuts(self) -> None:
        """The menus' keyboard shortcuts: the platform's standard keys by name, others as typed."""
        for action, key in self._shortcuts:
            standard = getattr(QKeySequence.StandardKey, key, None)
            action.setShortcut(QKeySequence(standard if standard is not None else key))
        self._shortcuts = []

    # -- opening: registry, sign-in, views --------------------------------------------------------
    def open_registry(self, db: str | None, kind: str | None = None) -> None:
        """Once the window has been painted, open the registry in the background, then sign in
        and start. A failure is told and closes the window."""
        self.statusBar().showMessage(self.tr("Opening the registry…"))
        self._opening = (db, kind)
        self.opening_pane.first_painted.connect(lambda: QTimer.singleShot(0, self._after_first_paint))
        # a window started minimised or on a hidden desktop is not painted: open it all the same
        QTimer.singleShot(OPEN_ANYWAY_MS, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._opening is None:  # already on its way
            return
        self._attach_shortcuts()
        self._open_in_background()

    def _open_in_background(self) -> None:
        db, kind = self._opening
        self._opening = None
        run_in_background(lambda _report: _open(db, kind), on_done=self._registry_opened,
                          on_error=self._registry_failed)

    def _registry_opened(self, registry) -> None:
        """Who uses the window: the first-run set-up when the site has none, then a sign-in.
        A demo registry (synthetic patients only) needs no account. Cancelling closes."""
        from coordinator.screening.workflow import Actor, Role
        from db.accounts import AccountRepository
        from db.registry import DEMO
        from ui.cli.common import os_user
        from ui.window.sign_in import SetUpDialog

        self.registry = registry  # closed with the window, whatever happens next
        self.statusBar().showMessage(self.tr("Registry: {0}").format(registry.location))
        if registry.upgrade_backup is not None:
            self.upgrade_note = self.tr("The registry was upgraded to this version of TrialDesk; a copy of it "
                                        "as it was before is kept at {0}").format(registry.upgrade_backup)
        if registry.kind == DEMO:
            self.start(registry, Actor(os_user(), Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR})))
            return
        if registry.locked:  # encrypted: signing in opens it; the site's name is in its key file
            site = registry.locked_site()
        else:
            with registry.reading() as session:
                accounts = AccountRepository(session)
                site = accounts.site().name if accounts.is_set_up() else None
        self.opening_pane.wait_for("\n\n".join(filter(None, [self.tr("Sign in to continue."), self.upgrade_note])))
        if site is not None:
            self._sign_in(registry, site)
            return
        self.sign_in_dialog = SetUpDialog(registry, self)
        self.sign_in_dialog.accepted.connect(lambda: self._sign_in(registry, self.sign_in_dialog.site_name.text()))
        self.sign_in_dialog.rejected.connect(self.close)
        self.sign_in_dialog.open()

    def _sign_in(self, registry, site: str) -> None:
        from ui.window.sign_in import SignInDialog

        dialog = self.sign_in_dialog = SignInDialog(registry, site, self)
        dialog.accepted.connect(lambda: self.start(registry, dialog.actor))
        dialog.rejected.connect(self.close)
        dialog.open()

    def _registry_failed(self, message: str) -> None:
        """Told in a box; closing it closes the window (nothing was opened, nothing to save)."""
        self.statusBar().clearMessage()
        self.failure = QMessageBox(QMessageBox.Icon.Critical, self.tr("TrialDesk"),
                                   self.tr("The registry could not be opened: {0}").format(message),
                                   QMessageBox.StandardButton.Close, self)
        self.failure.finished.connect(self.close)
        self.failure.open()

    def start(self, registry, actor) -> None:
        """Build the views for `actor` on the open `registry`."""
        import coordinator
        from coordinator.screening.workflow import Permission
        from db.registry import DEMO
        from ui.window.context import AppContext

        QApplication.instance().setApplicationVersion(coordinator.__version__)

        self._attach_shortcuts()  # a window started without being painted first has none yet
        self.registry, self.actor = registry, actor
        if registry.upgrade_backup is not None and not self.upgrade_note:  # an encrypted one, upgraded when unlocked
            self.upgrade_note = self.tr("The registry was upgraded to this version of TrialDesk; a copy of it "
                                        "as it was before is kept at {0}").format(registry.upgrade_backup)
        self.context = AppContext(registry, actor, parent=self)
        if registry.kind == DEMO:
            self.setWindowTitle(self.tr("TrialDesk") + self.tr(" [DEMO DATA]"))
        self.stack.removeWidget(self.opening_pane)
        self.opening_pane.deleteLater()
        self.pages = LazyPages(self.stack, lambda page_class: page_class(self.context, self))
        for page_class in PAGES:
            self.pages.add(page_class)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.sidebar.setEnabled(True)
        self.sidebar.setCurrentRow(0)

        from ui.window.backups.actions import Backups

        self.backups = Backups(self.context, self)
        self.tools_menu.insertActions(self.tools_menu.actions()[0], [self.backups.back_up_action,
                                                                     self.backups.restore_action])
        self.tools_menu.insertSeparator(self.tools_menu.actions()[2])
        self.statusBar().addPermanentWidget(self.backups.status)
        self.statusBar().addPermanentWidget(QLabel(self.tr("Signed in: {0}").format(actor.name)))
        self.statusBar().addPermanentWidget(self.registry_page.count_label)
        self.statusBar().showMessage(self.upgrade_note or self.tr("Registry: {0}").format(registry.location))
        self.context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._connect_navigation()
        self.context.backup_requested.connect(self.backups.back_up_action.trigger)
        self.import_action.setVisible(Permission.EDIT_PATIENTS in actor.permissions)
        today = self.show_page("today")  # the first view after sign-in: what the day asks
        today.counted.connect(lambda count: self._count_on_sidebar("today", count))
        today.follow_up_counted.connect(lambda count: self._count_on_sidebar("alerts", count))
        if registry.kind != DEMO:
            self._start_session()
        if self.automatic_backups:
            QTimer.singleShot(1000, self.backups.back_up_if_due)  # once the first view is on screen
        self.started.emit()

    def _start_session(self) -> None:
        from db.accounts import IDLE_LOCK_MINUTES, AccountRepository
        from ui.window.accounts.actions import AccountActions
        from ui.window.accounts.encrypting import Encrypting
        from ui.window.session.session import Session

        with self.registry.reading() as session:
            accounts = AccountRepository(session)
            minutes = accounts.site().idle_lock_minutes if accounts.is_set_up() else IDLE_LOCK_MINUTES
        self.session = Session(self.context, self, minutes)
        self.accounts = AccountActions(self.context, self)
        self.file_menu.insertActions(self.quit_action, [self.accounts.password_action, self.session.lock_action,
                                                        self.session.sign_out_action])
        self.file_menu.insertSeparator(self.quit_action)
        self.encrypting = Encrypting(self.context, self)
        self.tools_menu.insertActions(self.tools_menu.actions()[0], [self.accounts.accounts_action,
                                                                     self.accounts.site_action,
                                                                     self.encrypting.action])
        self.session.switched.connect(self.hand_over)
        self.accounts.site_changed.connect(self._site_changed)

    def _site_changed(self) -> None:
        from db.accounts import AccountRepository

        with self.registry.reading() as session:
            site = AccountRepository(session).site()
        self.session.idle.limit_seconds = site.idle_lock_minutes * 60
        if self.backups is not None:
            self.backups.refresh()

    def hand_over(self, actor) -> MainWindow:
        """Someone else signed in at the lock: a window of their own on the same registry replaces this one."""
        successor = MainWindow()
        successor.automatic_backups = self.automatic_backups
        successor.restoreGeometry(self.saveGeometry())
        successor.start(self.registry, actor)
        successor.show()
        self.successor, self.registry = successor, None  # the registry is the successor's now
        self.automatic_backups = False
        self.close()
        self.deleteLater()
        return successor

    def close_registry(self) -> None:
        if self.registry is not None:
            self.registry.close()
            self.registry = None

    # -- navigation -----------------------------------------------------------------------------
    def show_page(self, name: str) -> QWidget:
        page = self.pages[name]
        self.sidebar.setCurrentRow(self.stack.indexOf(page))
        return page

    def _count_on_sidebar(self, name: str, count: int) -> None:
        row = self.stack.indexOf(self.pages[name])
        title = listed_title(PAGES[row])
        self.sidebar.item(row).setText(f"{title} ({count})" if count else title)

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

    @property
    def registry_page(self):
        return self.pages["registry"]

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
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import patient records and hospital data"), "",
            self.tr("Records and hospital data (*.json *.csv *.txt *.xlsx *.xls *.hl7)") + ";;"
            + self.tr("All files (*)"))
        if names:
            self.preview_import([Path(name) for name in names])

    def preview_import(self, paths: list[Path]):
        """What the files would import, row by row, before anything is written."""
        from ui.window.importing.preview_dialog import ImportPreviewDialog

        self.import_preview = ImportPreviewDialog(self.context, paths, self)
        self.import_preview.import_chosen.connect(self.import_files)
        self.import_preview.open()
        return self.import_preview

    def import_files(self, paths: list[Path], sites=None):
        """Import in a worker thread; the window stays responsive and shows progress. `sites`
        (path -> SiteMapping) carries the mappings the preview settled on."""
        from coordinator.screening.workflow import Permission, require
        from ui.window.importing.import_task import ImportTask

        require(self.actor, Permission.EDIT_PATIENTS)  # refused in code, not only by the hidden menu
        self.import_action.setEnabled(False)
        progress = QProgressDialog(self.tr("Importing…"), "", 0, len(paths), self)
        progress.setCancelButton(None)  # a file is written whole or not at all; no half-way stop
        progress.setMinimumDuration(300)
        task = ImportTask(self.registry, paths, self.actor.name, sites)
        self._running_import = task  # keeps the task and its signals alive until it reports back
        task.signals.progress.connect(lambda done, name: (
            progress.setValue(done), progress.setLabelText(self.tr("Importing {0}…").format(name))))
        task.signals.finished.connect(lambda outcomes: (progress.close(), self._import_finished(outcomes)))
        QThreadPool.globalInstance().start(task)
        return task

    def _import_finished(self, outcomes) -> None:
        self._running_import = None
        self.import_action.setEnabled(True)
        announce(self.context, Change.PATIENTS)
        lines = []
        for outcome in outcomes:
            if outcome.accepted and outcome.counted == "patients":
                lines.append(self.tr("{0}: imported %n patient(s)", "", outcome.imported).format(outcome.source))
            elif outcome.accepted:
                lines.append(self.tr("{0}: imported %n result(s) or other item(s)", "", outcome.imported)
                             .format(outcome.source))
                if outcome.duplicates:
                    lines.append("    " + self.tr("%n already in the registry, skipped", "", outcome.duplicates))
                if outcome.not_needed:
                    lines.append("    " + self.tr("not needed by any trial: {0}").format(", ".join(
                        f"{name} ({rows})" for name, rows in sorted(outcome.not_needed.items()))))
                lines += ["    " + self.tr("skipped: {0}").format(problem) for problem in outcome.skipped]
            else:
                lines.append(self.tr("{0}: rejected, nothing imported (%n problem(s)):", "",
                                     len(outcome.problems)).format(outcome.source))
                if outcome.unmapped:
                    lines.append("    " + self.tr("unmapped (add them to the site mapping): {0}").format(", ".join(
                        f"{name} ({rows})" for name, rows in sorted(outcome.unmapped.items()))))
                lines += [f"    {problem}" for problem in outcome.problems]
        self.statusBar().showMessage(lines[0] if len(outcomes) == 1 else
                                     self.tr("%n file(s) imported", "", sum(o.accepted for o in outcomes)) + ", "
                                     + self.tr("%n rejected", "", sum(not o.accepted for o in outcomes)))
        self.import_report = _ReportDialog(self.tr("Import"), "\n".join(lines), self)
        self.import_report.open()

    def open_settings(self) -> SettingsDialog:
        self.settings_dialog = SettingsDialog(self)
        self.settings_dialog.open()
        return self.settings_dialog

    def _restore_geometry(self) -> None:
        """Size and place as the window was last closed (the view comes back in `start`)."""
        settings = QSettings()
        take_layout_reset(settings)
        for key, restore in (("main/geometry", self.restoreGeometry), ("main/state", self.restoreState)):
            value = settings.value(key)
            if value is not None:
                restore(value)

    def closeEvent(self, event) -> None:
        if self.backups is not None and self.backups.running is not None:
            event.ignore()  # a backup or restore is being written: the window closes once it ends
            self.backups.finished.connect(lambda _: self.close())
            return
        if self.automatic_backups and self.backups is not None and self.backups.back_up_if_due():
            self.automatic_backups = False  # tried once: a failed backup never keeps the window open
            event.ignore()  # open past midnight: today's backup first, then the window closes
            self.backups.finished.connect(lambda _: self.close())
            return
        if self.session is not None:
            self.session.stop()
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
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


class _OpeningPane(QWidget):
    """What the window shows while the registry opens (a line of text and a busy bar), then
    while someone signs in (the text alone)."""

    first_painted = Signal()

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(320)
        self.busy.setAccessibleName(text)
        column = QVBoxLayout()
        column.addWidget(self.label)
        column.addWidget(self.busy)
        # centred by stretches: the Qt namespace's alignment flags cost the first paint 15 ms
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def wait_for(self, text: str) -> None:
        self.label.setText(text)
        self.busy.hide()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.property("was_painted"):
            self.setProperty("was_painted", True)
            self.first_painted.emit()


def _open(db: str | None, kind: str | None):
    """In a worker thread: the registry, and the modules the first view needs, loaded."""
    import importlib

    from db.registry import Registry

    registry = Registry.open(db, kind=kind)
    if registry.locked:
        registry.locked_site()  # an encrypted registry's key file missing or damaged: said now, as a failure
    for module in FIRST_VIEW_MODULES:
        importlib.import_module(module)
    return registry


def run_application(db: str | None, kind: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialDesk")
    app.setOrganizationName("TrialDesk")
    register_shipped_fonts(app)
    app.setWindowIcon(application_icon())
    apply_language(app)
    GuiThreadGarbageCollector(app)
    window = MainWindow()
    window.automatic_backups = True
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):  # start-up benchmarks of the venv and of the bundle alike
        window.opening_pane.first_painted.connect(lambda: QTimer.singleShot(0, lambda: os._exit(0)))
    window.show()
    window.open_registry(db, kind)
    try:
        return app.exec()
    finally:
        while window.successor is not None:  # users switched: the last window holds the registry
            window = window.successor
        window.close_registry()

