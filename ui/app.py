"""The TrialDesk window: for now the patient registry with search as you type.
(The full set of views comes with the desktop-application issue.)"""

from __future__ import annotations

import sys

from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox,
                               QFileDialog, QHeaderView, QLabel, QLineEdit, QMainWindow,
                               QPlainTextEdit, QProgressDialog, QTableView, QVBoxLayout, QWidget)

from coordinator import __version__
from db.registry import DEMO, Registry
from db.importer import ImportOutcome
from coordinator.screening import Actor, Permission, Role, require
from db.accounts import AccountRepository
from ui.cli_common import os_user
from ui.sign_in import SetUpDialog, SignInDialog
from ui.import_task import ImportTask
from ui.registry_model import RegistryTableModel

SEARCH_DELAY_MS = 120  # wait for a pause in typing before querying


class MainWindow(QMainWindow):
    def __init__(self, registry: Registry, actor: Actor):
        super().__init__()
        self.registry = registry
        self.actor = actor
        self.import_report: QDialog | None = None
        self._running_import: ImportTask | None = None
        demo = registry.kind == DEMO
        self.setWindowTitle(self.tr("TrialDesk — Registry") + (self.tr(" [DEMO DATA]") if demo else ""))
        self.model = RegistryTableModel(registry, actor.name, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: registry no., record no., initials, name or pinyin"))
        self.search.setAccessibleName(self.tr("Search patients"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._debounce.start)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Patients"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout()
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(self.tr("Registry: {0}").format(registry.location))
        self._update_count()

        find = QAction(self.tr("Find patient"), self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.import_action = QAction(self.tr("&Import records…"), self, shortcut=QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._choose_import_files)
        self.import_action.setVisible(Permission.EDIT_PATIENTS in actor.permissions)
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, find])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.resize(1000, 640)
        self._restore_layout()

    def _apply_search(self) -> None:
        self.model.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{0} patients").format(self.model.total))

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
        self.model.refresh()
        self._update_count()
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

    def _restore_layout(self) -> None:
        geometry = QSettings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:
        QSettings().setValue("main/geometry", self.saveGeometry())
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

