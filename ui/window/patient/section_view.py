"""One record section on the patient page: a sortable table over the section's model (optionally
only some of its rows, e.g. the scores among the observations), with add and remove."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from ui.window.patient.parts_model import CONTEXT, PartsTableModel
from ui.window.toolkit.roles import SORT_ROLE
from ui.window.patient.delegate import PartDelegate


PROBLEMS_WIDTH = 340
MAX_WIDTH = 220  # a longer name or note is elided; the whole text is in the tooltip


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
                 newest_first: bool = False, problems_after: str | None = None, parent=None):
        """`problems_after`: the field whose column the problems column follows on screen (by
        default the fourth), so the core's messages sit next to the values, not off to the right."""
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
        header.setResizeContentsPrecision(60)  # measure the first rows only: fitting is then quick for long records
        self.table.setSortingEnabled(True)
        column = model.column_of(sort_field) if sort_field else -1
        self.table.sortByColumn(column, Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.verticalHeader().hide()  # record positions mean nothing to a reader; rows are found by their values
        self.problems_column = model.column_of("problems")
        after = model.column_of(problems_after) if problems_after else min(3, self.problems_column - 1)
        header.moveSection(header.visualIndex(self.problems_column), header.visualIndex(after) + 1)
        model.problems_changed.connect(self._show_problems_column)
        self._show_problems_column()

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
        self._fit_pending = True
        model.modelReset.connect(self._content_replaced)
        model.rowsInserted.connect(lambda: self.isVisible() and self._widen_columns())

    def _content_replaced(self) -> None:
        """Fit the columns to the new content now if shown, else when next shown (measuring
        every cell of every tab would slow opening a patient)."""
        self._fit_pending = True
        if self.isVisible():
            self.fit_columns()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit_columns()

    def fit_columns(self) -> None:
        """Columns wide enough for their header and content, kept within reason (long names are
        elided; the whole text is in the tooltip)."""
        self._fit_pending = False
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.proxy.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 60), MAX_WIDTH))
        header.resizeSection(self.problems_column, PROBLEMS_WIDTH)

    def _widen_columns(self) -> None:
        """After rows are added: widen columns their new content does not fit (never narrow a
        column the reader may have sized)."""
        header = self.table.horizontalHeader()
        for column in range(self.proxy.columnCount()):
            if column != self.problems_column and not self.table.isColumnHidden(column):
                wanted = min(self.table.sizeHintForColumn(column), MAX_WIDTH)
                if wanted > header.sectionSize(column):
                    header.resizeSection(column, wanted)

    def _show_problems_column(self) -> None:
        """The problems column only while a row of this table has one."""
        rows = self.model.rows_with_problems()
        shown = any(self.proxy.mapFromSource(self.model.index(row, 0)).isValid() for row in rows)
        self.table.setColumnHidden(self.problems_column, not shown)
        if shown:
            self.table.horizontalHeader().resizeSection(self.problems_column, PROBLEMS_WIDTH)

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
