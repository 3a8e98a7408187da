"""An editable table over one section of a patient's record (labs, medications, diagnoses, ...):
one row per item, its fields as the record names them, and the core's problems shown on the
cells they concern. The model only holds and formats values; checking them is the core's job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ui.window.toolkit.roles import CHOICES_ROLE, KIND_ROLE, SORT_ROLE

CONTEXT = "PatientTables"
PROBLEM_BACKGROUND = QColor("#fde3e1")
PROBLEM_TEXT = QColor("#a01d12")
Choices = list[tuple[Any, str]]


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class Column:
    field: str                      # the record field, or a name for a computed column
    title: str                      # untranslated (marked with QT_TRANSLATE_NOOP where defined)
    kind: str = "text"              # text | number | integer | date | choice | bool | list | computed
    choices: Callable[[dict], Choices | None] | None = None
    compute: Callable[[dict], str] | None = None


PROBLEMS = Column("problems", QT_TRANSLATE_NOOP("PatientTables", "Problems"), "computed")


def format_value(value: Any) -> str:
    """A stored value as it is shown and edited (dates ISO, numbers without float noise)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return translate(QT_TRANSLATE_NOOP("PatientTables", "Yes") if value
                         else QT_TRANSLATE_NOOP("PatientTables", "No"))
    if isinstance(value, float):
        return f"{value:.12g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def parse_value(kind: str, text: str) -> Any:
    """Typed text as the record would hold it; text that does not parse is kept as typed so the
    record's own check reports it, naming the field."""
    text = text.strip()
    if not text:
        return [] if kind == "list" else None
    try:
        if kind == "number":
            return float(text.replace(",", "."))
        if kind == "integer":
            return int(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
    except ValueError:
        return text
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


class PartsTableModel(QAbstractTableModel):
    edited = Signal()             # a value, a row added or a row removed
    problems_changed = Signal()

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = [*columns, PROBLEMS]
        self.rows: list[dict[str, Any]] = []
        self.read_only = False
        self._problems: dict[int, list[tuple[str | None, str]]] = {}

    # -- content ----------------------------------------------------------------------------
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(row) for row in rows]
        self._problems = {}
        self.endResetModel()
        self.problems_changed.emit()

    def add_row(self, values: dict[str, Any] | None = None) -> int:
        """Append an item (typed text is parsed like an edit); returns its row."""
        row = {column.field: None for column in self.columns if column.kind != "computed"}
        for column in self.columns:
            if values and column.field in values:
                value = values[column.field]
                row[column.field] = parse_value(column.kind, value) if isinstance(value, str) else value
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()
        self.edited.emit()
        return len(self.rows) - 1

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
        if rows:
            self._problems = {}  # their rows moved; the next check places them again
            self.problems_changed.emit()
            self.edited.emit()

    def set_problems(self, problems: dict[int, list[tuple[str | None, str]]]) -> None:
        """(field or None, message) per row, as the core reported them."""
        if problems == self._problems:
            return
        self._problems = problems
        self.problems_changed.emit()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rows_with_problems(self) -> list[int]:
        return sorted(self._problems)

    def column_of(self, field: str) -> int:
        return next((i for i, column in enumerate(self.columns) if column.field == field), -1)

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate(self.columns[section].title)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and self.columns[index.column()].kind != "computed":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column, row = self.columns[index.column()], self.rows[index.row()]
        messages = self._messages(index.row(), column)
        if role == Qt.ItemDataRole.DisplayRole:
            return "; ".join(messages) if column is PROBLEMS else self._display(column, row)
        if role == Qt.ItemDataRole.EditRole:
            return row.get(column.field) if column.kind in ("choice", "bool") else format_value(row.get(column.field))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(messages) or (None if column is PROBLEMS else self._display(column, row)) or None
        if role == Qt.ItemDataRole.BackgroundRole and messages and column is not PROBLEMS:
            return PROBLEM_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and column is PROBLEMS:
            return PROBLEM_TEXT
        if role == CHOICES_ROLE:
            return self._choices(column, row)
        if role == KIND_ROLE:
            return column.kind
        if role == SORT_ROLE:
            value = row.get(column.field)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            return "; ".join(messages) if column is PROBLEMS else self._display(column, row)
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        column = self.columns[index.column()]
        if column.kind == "computed":
            return False
        if isinstance(value, str) and column.kind not in ("choice", "bool"):
            value = parse_value(column.kind, value)
        row = self.rows[index.row()]
        if row.get(column.field) == value and type(row.get(column.field)) is type(value):
            return False
        row[column.field] = value
        # computed columns (converted value, problems) depend on the whole row
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        self.edited.emit()
        return True

    # -- helpers ----------------------------------------------------------------------------
    def _messages(self, row: int, column: Column) -> list[str]:
        found = self._problems.get(row, [])
        if column is PROBLEMS:
            return [self._located(field, message) for field, message in found]
        return [message for field, message in found if field == column.field]

    def _located(self, field: str | None, message: str) -> str:
        column = self.column_of(field) if field else -1
        return f"{translate(self.columns[column].title)}: {message}" if column >= 0 else message

    def _display(self, column: Column, row: dict) -> str:
        if column.compute is not None:
            return column.compute(row)
        value = row.get(column.field)
        if column.kind == "choice" and value is not None:
            labels = dict(column.choices(row) or []) if column.choices else {}
            return labels.get(value, str(value))
        return format_value(value)

    @staticmethod
    def _choices(column: Column, row: dict) -> Choices | None:
        if column.kind == "bool":
            return [(True, translate(QT_TRANSLATE_NOOP("PatientTables", "Yes"))),
                    (False, translate(QT_TRANSLATE_NOOP("PatientTables", "No")))]
        if column.kind == "choice" and column.choices is not None:
            return column.choices(row)
        return None
