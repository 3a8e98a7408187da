"""The screening log view's table: one row per screening, as the log PDF prints it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from coordinator.reports import LogRow
from ui.window.toolkit.roles import SORT_ROLE

OUTCOME_TEXT = {"enrolled": QT_TRANSLATE_NOOP("LogTableModel", "Enrolled"),
                "screen_failure": QT_TRANSLATE_NOOP("LogTableModel", "Screen failure"),
                "eligible": QT_TRANSLATE_NOOP("LogTableModel", "Eligible"),
                "pending": QT_TRANSLATE_NOOP("LogTableModel", "Pending")}
LOG_HEADERS = (QT_TRANSLATE_NOOP("LogTableModel", "Screening"), QT_TRANSLATE_NOOP("LogTableModel", "Date screened"),
               QT_TRANSLATE_NOOP("LogTableModel", "Initials"), QT_TRANSLATE_NOOP("LogTableModel", "Age"),
               QT_TRANSLATE_NOOP("LogTableModel", "Sex"), QT_TRANSLATE_NOOP("LogTableModel", "Outcome"),
               QT_TRANSLATE_NOOP("LogTableModel", "Screen-failure reasons"),
               QT_TRANSLATE_NOOP("LogTableModel", "Consent"), QT_TRANSLATE_NOOP("LogTableModel", "Subject no."),
               QT_TRANSLATE_NOOP("LogTableModel", "Arm"), QT_TRANSLATE_NOOP("LogTableModel", "Comments"))


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class LogTableModel(QAbstractTableModel):
    LABEL, DATE, INITIALS, AGE, SEX, OUTCOME, REASONS, CONSENT, SUBJECT, ARM, COMMENTS = range(11)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[LogRow] = []

    def set_rows(self, rows: list[LogRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(LOG_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr("LogTableModel", LOG_HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.REASONS, self.COMMENTS):
            return self._text(row, column) or None
        if role == SORT_ROLE:  # sorting: dates and ages as values, not text
            return {self.DATE: row.date_screened.toordinal(), self.AGE: row.age if row.age is not None else -1,
                    self.CONSENT: row.consent_date.toordinal() if row.consent_date else 0}.get(
                column, self._text(row, column))
        return None

    def _text(self, row: LogRow, column: int) -> str:
        if column == self.LABEL:
            return row.screening_label
        if column == self.DATE:
            return row.date_screened.isoformat()
        if column == self.INITIALS:
            return row.initials
        if column == self.AGE:
            return "" if row.age is None else str(row.age)
        if column == self.SEX:
            return row.sex
        if column == self.OUTCOME:
            return _tr("LogTableModel", OUTCOME_TEXT[row.outcome])
        if column == self.REASONS:
            return "; ".join(f"{criterion} {text}" for criterion, text in row.failure_reasons)
        if column == self.CONSENT:
            return row.consent_date.isoformat() if row.consent_date else ""
        if column == self.SUBJECT:
            return row.subject_no or ""
        if column == self.ARM:
            return row.arm or ""
        return row.comments

