"""The window's one read-only table model, built from a list of columns declared once, and table
views whose long texts wrap: shared by every view that shows rows of values."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from ui.window.toolkit.roles import ROW_ROLE, SORT_ROLE



@dataclass(frozen=True)
class Column:
    """One column of a `RowsModel`, declared once: its header, how a row shows in it, and
    optionally what it sorts on, its tooltip, its share of a wrapping table's width, its alignment."""

    header: str                                   # untranslated; marked with QT_TRANSLATE_NOOP(the model's context, ...)
    text: Callable[[Any], Any]                    # what a row shows here
    sort: Callable[[Any], Any] | None = None      # the value sorted on (SORT_ROLE; default: the text)
    weight: int = 0                               # share of the width left over (wrapped); 0: fits its contents
    tip: Callable[[Any], str | None] | None = None  # the tooltip (default: the text)
    right: bool = False                           # numbers align right


class Colours(NamedTuple):
    foreground: str
    background: str


def translate(text: str) -> str:
    return QCoreApplication.translate("TrialTable", text)


class RowsModel(QAbstractTableModel):
    """Rows of any values, one column per `Column`, headers translated in `context`: the one
    read-only table model of the window. Subclasses may declare `columns` as a class attribute
    and colour cells (`colours`), give tooltips (`tooltip`) or sort keys (`sort_key`); a plain
    instance takes its columns, context and a row colour as arguments."""

    columns: Sequence[Column] = ()
    context = "TrialTable"
    align_top = True  # wrapped neighbours make rows tall: cells read from the top

    def __init__(self, parent=None, *, columns: Sequence[Column] | None = None, context: str | None = None,
                 colour: Callable[[Any], QColor | None] | None = None, align_top: bool | None = None):
        super().__init__(parent)
        if columns is not None:
            self.columns = list(columns)
        if context is not None:
            self.context = context
        if align_top is not None:
            self.align_top = align_top
        self._colour = colour  # a row's text colour (e.g. overdue in red), None for the default
        self._rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int):
        return self._rows[number]

    def rows(self) -> list:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            if self._colour is not None:
                return self._colour(item) if role == Qt.ItemDataRole.ForegroundRole else None
            colours = self.colours(item, column)
            if colours is None:
                return None
            return QBrush(QColor(colours.foreground if role == Qt.ItemDataRole.ForegroundRole else colours.background))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[column].right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft) if self.align_top else None
        if role == ROW_ROLE:
            return item
        if role == SORT_ROLE:
            return self.sort_key(item, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(self.context, self.columns[section].header)
        return None

    def text(self, item, column: int) -> str:
        shown = self.columns[column].text(item)
        return "" if shown is None else str(shown)

    # -- for subclasses -------------------------------------------------------------------------
    def tooltip(self, item, column: int) -> str | None:
        tip = self.columns[column].tip
        return tip(item) if tip else (self.text(item, column) or None)

    def colours(self, item, column: int) -> Colours | None:
        return None

    def sort_key(self, item, column: int):
        sort = self.columns[column].sort
        return sort(item) if sort else self.text(item, column)


def list_table(model, accessible_name: str, *, wrap: bool = False, row_padding: int = 8) -> QTableView:
    """A read-only list: whole rows selected one at a time, alternating colours, rows one line of
    the table's font high (plus `row_padding`), no row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + row_padding)
    return table


class WrappingTable(QTableView):
    """A read-only table: columns with a weight share the width the others leave, and wrap their
    text; rows grow to fit it. Columns without a weight fit their contents."""

    def __init__(self, model, accessible_name: str, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        source = model.sourceModel() if hasattr(model, "sourceModel") else model
        self.weights = [column.weight for column in source.columns]
        for number, weight in enumerate(self.weights):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed if weight
                                        else QHeaderView.ResizeMode.ResizeToContents)
        # after the fitted columns have measured the new rows
        model.modelReset.connect(lambda: QTimer.singleShot(0, self.share_width))
        model.layoutChanged.connect(lambda: QTimer.singleShot(0, self.share_width))

    def share_width(self) -> None:
        header = self.horizontalHeader()
        fitted = sum(header.sectionSize(n) for n, weight in enumerate(self.weights) if not weight)
        left = max(self.viewport().width() - fitted, 0)
        total = sum(self.weights) or 1
        for number, weight in enumerate(self.weights):
            if weight:
                header.resizeSection(number, max(80, left * weight // total))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.share_width()


def wrapping_table(model, accessible_name: str) -> WrappingTable:
    return WrappingTable(model, accessible_name)


@contextmanager
def changing_filter(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Around a change of what a proxy's `filterAcceptsRow` accepts: the rows are filtered again."""
    modern = hasattr(proxy, "beginFilterChange")  # Qt 6.9 on; older PySide6 only invalidates
    if modern:
        proxy.beginFilterChange()
    yield
    if modern:
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        proxy.invalidateRowsFilter()
