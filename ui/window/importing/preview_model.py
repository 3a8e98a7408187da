"""The preview's two tables: one row per file (what it would import, what blocks it) and one row
per result, medication or condition read from the files, with its patient, mapped test, value in
its unit, the lab's limits and its status; a filter shows the rows that need attention."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel

from coordinator.intake.lab_names import NOT_NEEDED
from coordinator.intake.mapper import Status
from coordinator.records.record import Medication, Observation
from db.lab_import import LabImportOutcome, PlannedRow
from ui.window.core_text import tr_code, tr_core
from ui.window.toolkit.tables import Colours, Column, RowsModel, changing_filter

CONTEXT = "ImportPreview"
STATUS_WORDS = {
    Status.READY: QT_TRANSLATE_NOOP("ImportPreview", "ready"),
    Status.DUPLICATE: QT_TRANSLATE_NOOP("ImportPreview", "duplicate"),
    Status.NOT_NEEDED: QT_TRANSLATE_NOOP("ImportPreview", "not needed"),
    Status.SKIPPED: QT_TRANSLATE_NOOP("ImportPreview", "skipped"),
    Status.UNMAPPED: QT_TRANSLATE_NOOP("ImportPreview", "unmapped"),
    Status.PROBLEM: QT_TRANSLATE_NOOP("ImportPreview", "problem"),
}
STATUS_COLOURS = {Status.UNMAPPED: Colours("#7a4a00", "#fff1d6"), Status.PROBLEM: Colours("#8b1a1a", "#fde2e2"),
                  Status.DUPLICATE: Colours("#555555", "#f0f0f0"), Status.NOT_NEEDED: Colours("#555555", "#f0f0f0"),
                  Status.SKIPPED: Colours("#555555", "#f0f0f0")}


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class PreviewRow:
    file: str
    planned: PlannedRow

    @property
    def status(self) -> Status:
        return self.planned.status


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def mapped_to(row: PreviewRow) -> str:
    mapped = row.planned.mapped
    if mapped.status is Status.NOT_NEEDED:
        return translated(QT_TRANSLATE_NOOP("ImportPreview", "not needed by any trial"))
    return tr_code(mapped.code) if mapped.code and mapped.code != NOT_NEEDED else ""


def value_shown(row: PreviewRow) -> str:
    """The value as it would be imported; the source's own text while it does not map."""
    part = row.planned.mapped.part
    if isinstance(part, Observation):
        return part.text if part.text is not None else f"{_number(part.value)} {part.unit or ''}".strip()
    if isinstance(part, Medication):
        return f"{_number(part.dose)} {part.dose_unit or ''}".strip()
    return row.planned.as_written


def limits(row: PreviewRow) -> str:
    part = row.planned.mapped.part
    if not isinstance(part, Observation) or (part.lln is None and part.uln is None):
        return ""
    return f"{_number(part.lln)}–{_number(part.uln)}"


def taken(row: PreviewRow) -> str:
    part = row.planned.mapped.part
    if isinstance(part, Observation):
        return f"{part.date:%Y-%m-%d}" + (f" {part.time:%H:%M}" if part.time else "")
    if isinstance(part, Medication):
        return f"{part.start:%Y-%m-%d}"
    return ""


class PreviewModel(RowsModel):
    context = CONTEXT
    align_top = False
    columns = (
        Column(QT_TRANSLATE_NOOP("ImportPreview", "File"), lambda r: r.file),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Where"), lambda r: tr_core(r.planned.where)),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Patient"), lambda r: r.planned.patient),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "In the file"), lambda r: r.planned.mapped.source_name),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Mapped to"), mapped_to),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Value"), value_shown, right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "LLN–ULN"), limits, right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Taken"), taken),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Status"), lambda r: translated(STATUS_WORDS[r.status]),
               sort=lambda r: list(Status).index(r.status)),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Message"), lambda r: tr_core(r.planned.mapped.message)),
    )

    def colours(self, item: PreviewRow, column: int) -> Colours | None:
        return STATUS_COLOURS.get(item.status)

    def set_outcomes(self, outcomes: list[LabImportOutcome]) -> None:
        self.set_rows([PreviewRow(outcome.source, planned) for outcome in outcomes for planned in outcome.rows])


def _file_note(outcome: LabImportOutcome) -> str:
    """Problems that belong to no row (an unreadable file, a wrong encoding) are shown with the file."""
    if outcome.rows or not outcome.problems:
        return ""
    return "; ".join(tr_core(problem.message) for problem in outcome.problems[:3])


class FilesModel(RowsModel):
    context = CONTEXT
    align_top = False
    columns = (
        Column(QT_TRANSLATE_NOOP("ImportPreview", "File"), lambda o: o.source),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Format"), lambda o: o.format),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Ready"), lambda o: o.imported, right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Duplicates"), lambda o: o.duplicates, right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Not needed"), lambda o: sum(o.not_needed.values()), right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Skipped"), lambda o: len(o.skipped), right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Unmapped"), lambda o: sum(o.unmapped.values()), right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Problems"),
               lambda o: len(o.problems) - sum(o.unmapped.values()), right=True),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Outcome"), lambda o: translated(
            QT_TRANSLATE_NOOP("ImportPreview", "will be imported") if o.accepted
            else QT_TRANSLATE_NOOP("ImportPreview", "blocked: nothing from it"))),
        Column(QT_TRANSLATE_NOOP("ImportPreview", "Note"), _file_note),
    )

    def colours(self, item: LabImportOutcome, column: int) -> Colours | None:
        return None if item.accepted else STATUS_COLOURS[Status.PROBLEM]


class StatusFilter(QSortFilterProxyModel):
    """Shows the rows whose status is among `shown` (all of them when it is empty)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shown: frozenset[Status] = frozenset()

    def show_only(self, statuses) -> None:
        with changing_filter(self):
            self.shown = frozenset(statuses)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        return not self.shown or self.sourceModel().row(source_row).status in self.shown

