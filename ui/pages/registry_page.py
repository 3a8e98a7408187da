"""The patient registry: a table with search as you type; opening a row shows the patient."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.registry_model import RegistryTableModel

SEARCH_DELAY_MS = 120  # wait for a pause in typing before querying


class RegistryPage(QWidget):
    name = "registry"

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.title = self.tr("Registry")
        self.model = RegistryTableModel(context.registry, context.actor.name, self)

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
        self.table.activated.connect(self._open_row)

        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self._update_count()
        context.data_changed.connect(self.refresh)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def _open_row(self, index) -> None:
        self.context.patient_requested.emit(self.model.summary(index.row()).registry_no)

    def _apply_search(self) -> None:
        self.model.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{0} patients").format(self.model.total))
