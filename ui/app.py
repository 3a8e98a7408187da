"""The TrialDesk window: for now the patient registry with search as you type.
(The full set of views comes with the desktop-application issue.)"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QLabel, QLineEdit,
                               QMainWindow, QTableView, QVBoxLayout, QWidget)

from coordinator import __version__
from db.registry import DEMO, Registry
from ui.cli import current_actor
from ui.registry_model import RegistryTableModel

SEARCH_DELAY_MS = 120  # wait for a pause in typing before querying


class MainWindow(QMainWindow):
    def __init__(self, registry: Registry, actor: str):
        super().__init__()
        self.registry = registry
        demo = registry.kind == DEMO
        self.setWindowTitle(self.tr("TrialDesk — Registry") + (self.tr(" [DEMO DATA]") if demo else ""))
        self.model = RegistryTableModel(registry, actor, self)

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
        self.addAction(find)
        self.resize(1000, 640)
        self._restore_layout()

    def _apply_search(self) -> None:
        self.model.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{0} patients").format(self.model.total))

    def _restore_layout(self) -> None:
        geometry = QSettings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)


def run_application(db: str | None, kind: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialDesk")
    app.setOrganizationName("TrialDesk")
    app.setApplicationVersion(__version__)
    registry = Registry.open(db, kind=kind)
    window = MainWindow(registry, current_actor())
    window.show()
    try:
        return app.exec()
    finally:
        registry.close()
