"""Read-only table models built from a list of columns, and table views whose long texts wrap:
shared by the trials, screening and pre-screen views."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_ROLE = Qt.ItemDataRole.UserRole          # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 1     # a value to sort by, when the text does not sort right


class Column(NamedTuple):
    header: str                               # untranslated; marked with QT_TRANSLATE_NOOP("TrialTable", ...)
    text: Callable[[Any], str]
    weight: int = 0                           # share of the width left over (wrapped); 0: fits its contents


class Colours(NamedTuple):
    foreground: str
    background: str


def translate(text: str) -> str:
    return QCoreApplication.translate("TrialTable", text)


class RowsModel(QAbstractTableModel):
    """Rows of any objects, one column per `Column`. Subclasses give `columns` and may colour
    cells (`colours`) and give tooltips (`tooltip`)."""

    columns: Sequence[Column] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int):
        return self._rows[row]

    @property
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
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[column].text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            colours = self.colours(item, column)
            if colours is None:
                return None
            return QBrush(QColor(colours.foreground if role == Qt.ItemDataRole.ForegroundRole else colours.background))
        if role == Qt.ItemDataRole.TextAlignmentRole:  # wrapped neighbours make rows tall: read from the top
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.columns[column].text(item)
        if role == ROW_ROLE:
            return item
        if role == SORT_ROLE:
            return self.sort_key(item, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate(self.columns[section].header)
        return None

    # -- for subclasses -------------------------------------------------------------------------
    def tooltip(self, item, column: int) -> str | None:
        text = self.columns[column].text(item)
        return text or None

    def colours(self, item, column: int) -> Colours | None:
        return None

    def sort_key(self, item, column: int):
        return self.columns[column].text(item)


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
