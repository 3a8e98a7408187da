"""A read-only table of prepared rows (derived values, enrolments, screenings), each row keeping
the value it was made from for the view's actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from ui.window.patient.parts_model import CONTEXT


class ReadOnlyTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent=None):
        """`headers` untranslated, marked with QT_TRANSLATE_NOOP("PatientTables", ...)."""
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []
        self.items: list[Any] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]], items: Sequence[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(row) for row in rows]
        self.items = list(items) if items is not None else list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CONTEXT, self.headers[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None
