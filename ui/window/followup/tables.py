"""Table models for the follow-up views: a small read-only model over a list of values, whose
columns say how to show each value, and the follow-up engine's words in the user's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

SORT_ROLE = Qt.ItemDataRole.UserRole + 1   # a column's raw value, for sorting by date or number
ROW_ROLE = Qt.ItemDataRole.UserRole + 2    # the row's value itself
# A dynamic property of the shared AppContext: the day the next follow-up opens on (set by the
# alerts list before it asks for a patient's follow-up, so both show the same day).
FOLLOWUP_DAY = "followup_day"

# The engine's action and alert names, as the user reads them.
WORDS = "FollowUpWords"
ACTION_NAMES = {
    "halve_dose": QT_TRANSLATE_NOOP("FollowUpWords", "Halve dose"),
    "reduce_dose": QT_TRANSLATE_NOOP("FollowUpWords", "Lower dose"),
    "recheck": QT_TRANSLATE_NOOP("FollowUpWords", "Recheck"),
    "stop_drug": QT_TRANSLATE_NOOP("FollowUpWords", "Stop drug"),
    "liver_protection": QT_TRANSLATE_NOOP("FollowUpWords", "Start liver protection"),
    "withdraw": QT_TRANSLATE_NOOP("FollowUpWords", "Withdraw patient"),
    "restart_or_withdraw": QT_TRANSLATE_NOOP("FollowUpWords", "Restart or withdraw"),
    "baseline_missing": QT_TRANSLATE_NOOP("FollowUpWords", "Baseline missing"),
}
ALERT_KINDS = {
    "rule": QT_TRANSLATE_NOOP("FollowUpWords", "Protocol alert"),
    "overdue_recheck": QT_TRANSLATE_NOOP("FollowUpWords", "Overdue recheck"),
    "overdue_action": QT_TRANSLATE_NOOP("FollowUpWords", "Overdue action"),
    "missed_visit": QT_TRANSLATE_NOOP("FollowUpWords", "Missed visit"),
    "dose_above_max": QT_TRANSLATE_NOOP("FollowUpWords", "Dose above maximum"),
}
STATUS_NAMES = {
    "on_study": QT_TRANSLATE_NOOP("FollowUpWords", "on study"),
    "withdrawn": QT_TRANSLATE_NOOP("FollowUpWords", "withdrawn"),
    "completed": QT_TRANSLATE_NOOP("FollowUpWords", "completed"),
}
RESPONSE_NAMES = {
    "complete": QT_TRANSLATE_NOOP("FollowUpWords", "complete remission"),
    "partial": QT_TRANSLATE_NOOP("FollowUpWords", "partial remission"),
    "none": QT_TRANSLATE_NOOP("FollowUpWords", "no response"),
    "not_assessable": QT_TRANSLATE_NOOP("FollowUpWords", "not assessable"),
}


def word(table: dict[str, str], key: str | None) -> str:
    """A code's name in the user's language (the code itself when the table does not know it)."""
    if key is None:
        return ""
    return QCoreApplication.translate(WORDS, table[key]) if key in table else key


def day_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def mg_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True)
class Column:
    header: str                                   # marked with QT_TRANSLATE_NOOP(context, ...)
    show: Callable[[Any], Any]                    # the text shown
    sort: Callable[[Any], Any] | None = None      # the value sorted on (default: the text)
    tip: Callable[[Any], str | None] | None = None
    right: bool = False                           # numbers align right


class RowsModel(QAbstractTableModel):
    """Rows of plain values under `columns`; headers translated in `context`."""

    def __init__(self, columns: Sequence[Column], context: str, parent=None,
                 colour: Callable[[Any], QColor | None] | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._colour = colour  # a row's text colour (e.g. overdue in red), None for the default
        self._context = context
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, index: int) -> Any:
        return self._rows[index]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self._context, self.columns[section].header)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = column.show(value)
            return "" if shown is None else str(shown)
        if role == SORT_ROLE:
            return column.sort(value) if column.sort else str(column.show(value) or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(value) if column.tip else (str(column.show(value) or "") or None)
        if role == ROW_ROLE:
            return value
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            return self._colour(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
