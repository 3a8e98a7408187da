"""One record section on the patient page: a sortable table over the section's model (optionally
only some of its rows, e.g. the scores among the observations), with add and remove."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from ui.models.patient_parts_model import CONTEXT, SORT_ROLE, PartsTableModel
from ui.widgets.patient_delegate import PartDelegate


class _SectionProxy(QSortFilterProxyModel):
    def __init__(self, accept: Callable[[dict], bool] | None, titles: dict[int, str], parent=None):
        super().__init__(parent)
        self._accept = accept
        self._titles = titles
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        return self._accept is None or self._accept(self.sourceModel().rows[source_row])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section in self._titles:
            return QCoreApplication.translate(CONTEXT, self._titles[section])
        return super().headerData(section, orientation, role)


class SectionView(QWidget):
    def __init__(self, model: PartsTableModel, name: str, *, accept: Callable[[dict], bool] | None = None,
                 titles: dict[int, str] | None = None, add_button: bool = True, sort_field: str | None = None,
                 parent=None):
        super().__init__(parent)
        self.model = model
        self.proxy = _SectionProxy(accept, titles or {}, self)
        self.proxy.setSourceModel(model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(name)
        self.table.setItemDelegate(PartDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the problems column takes what is left
        header.setMinimumSectionSize(60)
        self.table.setSortingEnabled(True)
        column = model.column_of(sort_field) if sort_field else -1
        self.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)

        self.add_row = QPushButton(self.tr("Add row"))
        self.add_row.setAccessibleName(self.tr("Add a row to {0}").format(name))
        self.add_row.clicked.connect(self._add_blank_row)
        self._has_add_button = add_button
        self.add_row.setVisible(add_button)
        self.remove = QPushButton(self.tr("Remove selected"))
        self.remove.setAccessibleName(self.tr("Remove the selected rows of {0}").format(name))
        self.remove.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Delete))
        self.remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_row)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.buttons = buttons
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """Columns wide enough for their header and content, kept within reason."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.proxy.columnCount() - 1):
            header.resizeSection(column, min(max(header.sectionSize(column), 70), 320))

    def set_read_only(self, read_only: bool) -> None:
        self.add_row.setVisible(self._has_add_button and not read_only)
        self.remove.setVisible(not read_only)

    def selected_source_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows()})

    def remove_selected(self) -> None:
        if not self.model.read_only:
            self.model.remove_rows(self.selected_source_rows())

    def show_source_row(self, row: int, field: str | None = None) -> None:
        """Select a row of the model (and the cell of `field`) and bring it into view."""
        column = max(0, self.model.column_of(field)) if field else 0
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _add_blank_row(self) -> None:
        row = self.model.add_row()
        self.show_source_row(row)
        self.table.setFocus()
        self.table.edit(self.table.currentIndex())
