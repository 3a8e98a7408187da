"""Qt table model over the patient registry: pages in rows as the view scrolls, filters as
the coordinator types. Holds summaries only; a patient's record is loaded when opened.
An actor whose roles do not read patient data (an administrator) gets no rows at all."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from coordinator.screening.workflow import Actor, Permission
from db.patients import BROAD_MATCHES, PatientRepository, PatientSummary
from db.registry import Registry

PAGE = 200  # rows fetched at a time as the view scrolls


class RegistryTableModel(QAbstractTableModel):
    COLUMNS = (
        ("registry_no", QT_TRANSLATE_NOOP("RegistryTableModel", "Registry no.")),
        ("name", QT_TRANSLATE_NOOP("RegistryTableModel", "Name")),
        ("initials", QT_TRANSLATE_NOOP("RegistryTableModel", "Initials")),
        ("sex", QT_TRANSLATE_NOOP("RegistryTableModel", "Sex")),
        ("birth_date", QT_TRANSLATE_NOOP("RegistryTableModel", "Date of birth")),
        ("record_no", QT_TRANSLATE_NOOP("RegistryTableModel", "Record no.")),
    )

    def __init__(self, registry: Registry, actor: Actor, parent=None):
        super().__init__(parent)
        self._registry = registry
        self._actor = actor.name
        self.readable = Permission.READ in actor.permissions
        self._filter = ""
        self._rows: list[PatientSummary] = []
        self._total = 0
        self._more = False  # a capped count: more rows may follow than `total` says
        self.refresh()

    # -- data source --------------------------------------------------------------------------
    def _fetch(self, offset: int) -> list[PatientSummary]:
        if not self.readable:
            return []
        with self._registry.reading() as session:
            return PatientRepository(session, self._actor).search(self._filter, limit=PAGE, offset=offset,
                                                                   broad=self.total_is_lower_bound)

    def refresh(self) -> None:
        self.beginResetModel()
        if self.readable:
            with self._registry.reading() as session:
                repository = PatientRepository(session, self._actor)
                # Typed text is counted only up to a cap: a one-letter prefix can match a fifth
                # of the registry, and counting them all costs more than a keystroke may.
                cap = BROAD_MATCHES if self._filter else None
                self._total = repository.count(self._filter, cap=cap)
                self._more = cap is not None and self._total >= cap
                self._rows = repository.search(self._filter, limit=PAGE, broad=self._more)
                self._more = self._more and len(self._rows) == PAGE
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        if text.strip() != self._filter:
            self._filter = text.strip()
            self.refresh()

    @property
    def total(self) -> int:
        """How many patients match, or at least how many when `total_is_lower_bound`."""
        return max(self._total, len(self._rows))

    @property
    def total_is_lower_bound(self) -> bool:
        return self._more

    def summary(self, row: int) -> PatientSummary:
        return self._rows[row]

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = getattr(self._rows[index.row()], self.COLUMNS[index.column()][0])
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("RegistryTableModel", self.COLUMNS[section][1])
        return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and (len(self._rows) < self._total or self._more)

    def fetchMore(self, parent=QModelIndex()) -> None:
        more = self._fetch(len(self._rows))
        if len(more) < PAGE:
            self._more = False
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
