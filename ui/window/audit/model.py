"""The audit trail as a table model, newest entry first (what an auditor looks for), that reads
a page of older entries at a time as the view scrolls (canFetchMore / fetchMore), for the filter
chosen. Reading needs the audit permission: the
database layer (db.audit.AuditReader) refuses anyone else."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from coordinator.screening.workflow import Actor
from db.audit import AuditEntry, AuditFilter, AuditReader
from db.registry import Registry

PAGE = 200
SHOWN_CHARS = 160  # a cell shows the start of a long value; the tooltip and the detail pane show it whole
CTX = "AuditColumns"
COLUMNS = [
    (QT_TRANSLATE_NOOP("AuditColumns", "#"), "id"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Time (UTC)"), "at"),
    (QT_TRANSLATE_NOOP("AuditColumns", "User"), "actor"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Action"), "action"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Entity"), "entity"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Patient"), "patient_ref"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Reason"), "reason"),
    (QT_TRANSLATE_NOOP("AuditColumns", "Old value"), "old_value"),
    (QT_TRANSLATE_NOOP("AuditColumns", "New value"), "new_value"),
]
FIELDS = [field for _, field in COLUMNS]


def utc_text(moment: dt.datetime) -> str:
    """Stored naive in UTC on SQLite, aware on PostgreSQL: shown in UTC either way."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class AuditTableModel(QAbstractTableModel):
    def __init__(self, registry: Registry, actor: Actor, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.actor = actor
        self.where = AuditFilter()
        self._entries: list[AuditEntry] = []
        self._exhausted = True

    def set_filter(self, where: AuditFilter) -> None:
        """Show the entries matching `where` from the first; PermissionDenied for a reader the
        database layer refuses (nothing is shown then)."""
        self.beginResetModel()
        self.where, self._entries, self._exhausted = where, [], True
        self.endResetModel()
        self._exhausted = False
        self.fetchMore()

    def entry(self, row: int) -> AuditEntry:
        return self._entries[row]

    def row_of(self, entry_id: int) -> int | None:
        """The row of entry `entry_id` under the current filter, reading pages up to it."""
        while True:
            for row, entry in enumerate(self._entries):
                if entry.id == entry_id:
                    return row
            # newest first: once the last row read is older than the entry, it is not shown
            if not self.canFetchMore() or (self._entries and self._entries[-1].id < entry_id):
                return None
            self.fetchMore()

    # -- paging -----------------------------------------------------------------------------------
    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        self._exhausted = True  # until this page is read: a failed read is not retried by the view
        with self.registry.reading() as session:
            before = self._entries[-1].id if self._entries else None
            page = AuditReader(session, self.actor).newest(self.where, limit=PAGE, before_id=before)
        self._exhausted = len(page) < PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._entries), len(self._entries) + len(page) - 1)
            self._entries += page
            self.endInsertRows()

    # -- the table --------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CTX, COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry, field = self._entries[index.row()], FIELDS[index.column()]
        value = getattr(entry, field)
        if field == "at":
            value = utc_text(value)
        if role == Qt.ItemDataRole.DisplayRole:
            text = "" if value is None else str(value)
            return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and field in ("reason", "old_value", "new_value") and value:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "id":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
