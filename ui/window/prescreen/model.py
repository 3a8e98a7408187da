"""The pre-screen matrix: one row per patient, one column per trial, each cell a verdict; and the
proxy that filters it by verdict, trial and text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QSortFilterProxyModel, Qt

from coordinator.screening.eligibility import OpenItems, Verdict
from coordinator.screening.prescreen import PrescreenResult, worklist_rank
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial import Trial
from ui.window.core_text import tr_core
from ui.window.screening.checklist_model import FAILS, MARKS, PASSES
from ui.window.toolkit.roles import SORT_ROLE
from ui.window.toolkit.tables import Column, Colours, RowsModel, translate

VERDICT_WORDS = {Verdict.ELIGIBLE: QT_TRANSLATE_NOOP("TrialTable", "eligible"),
                 Verdict.INCOMPLETE: QT_TRANSLATE_NOOP("TrialTable", "incomplete"),
                 Verdict.INELIGIBLE: QT_TRANSLATE_NOOP("TrialTable", "ineligible")}
VERDICT_MARKS = {Verdict.ELIGIBLE: MARKS[PASSES], Verdict.INCOMPLETE: MARKS[Answer.UNKNOWN],
                 Verdict.INELIGIBLE: MARKS[FAILS]}
PATIENT_COLUMNS = 2  # registry no., initials; then one column per trial


class MatrixRow(NamedTuple):
    patient_ref: str
    initials: str
    results: dict[str, PrescreenResult]


def verdict_text(result: PrescreenResult | None) -> str:
    if result is None:
        return ""
    symbol = VERDICT_MARKS[result.verdict][0]
    word = translate(VERDICT_WORDS[result.verdict])
    if result.verdict == Verdict.INELIGIBLE:
        return f"{symbol} {word}: {', '.join(result.failed)}"
    if result.verdict == Verdict.INCOMPLETE:
        kinds = result.open_by_kind
        if kinds is None:
            # marked outside the f-string: lupdate does not read inside one
            still_open = translate(QT_TRANSLATE_NOOP("TrialTable", "{0} open")).format(len(result.open))
            return f"{symbol} {word} ({still_open})"
        return f"{symbol} {word}: {' · '.join(_open_counts(kinds))}"
    return f"{symbol} {word}"


def _open_counts(kinds: OpenItems) -> list[str]:
    """What the open criteria ask, most urgent first: data to obtain, readings, questions."""
    counts = []
    if kinds.data:
        counts.append(translate(QT_TRANSLATE_NOOP("TrialTable", "obtain {0}")).format(
            len(kinds.to_obtain) or len(kinds.data)))
    if kinds.readings:
        counts.append(translate(QT_TRANSLATE_NOOP("TrialTable", "choose {0}")).format(len(kinds.readings)))
    if kinds.question:
        counts.append(translate(QT_TRANSLATE_NOOP("TrialTable", "ask {0}")).format(len(kinds.question)))
    return counts


def open_lines(kinds: OpenItems) -> list[str]:
    """The open criteria by what they ask, one line each, for a tooltip."""
    lines = []
    if kinds.question:
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Ask a person: {0}")).format(", ".join(kinds.question)))
    if kinds.data:
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Data missing: {0}")).format(", ".join(kinds.data)))
        lines += [f"  · {item}" for item in kinds.to_obtain]
    if kinds.readings:
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Readings for the investigator to choose: {0}"))
                     .format(", ".join(kinds.readings)))
    return lines


def matrix_rows(results: Iterable[PrescreenResult]) -> list[MatrixRow]:
    """The results grouped by patient, in the order they came."""
    rows: dict[str, MatrixRow] = {}
    for result in results:
        row = rows.get(result.patient_ref)
        if row is None:
            row = rows[result.patient_ref] = MatrixRow(result.patient_ref, result.initials, {})
        row.results[result.trial_id] = result
    return list(rows.values())


class PrescreenModel(RowsModel):
    def __init__(self, trials: Sequence[Trial], parent=None):
        super().__init__(parent)
        self.trials = list(trials)
        self.columns = (
            Column(QT_TRANSLATE_NOOP("TrialTable", "Patient"), lambda r: r.patient_ref),
            Column(QT_TRANSLATE_NOOP("TrialTable", "Initials"), lambda r: r.initials),
            *(Column(trial.trial_id, lambda r, trial_id=trial.trial_id: verdict_text(r.results.get(trial_id)), weight=1)
              for trial in self.trials))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and section >= PATIENT_COLUMNS:
            trial = self.trials[section - PATIENT_COLUMNS]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{trial.trial_id}\n{tr_core(trial.short_name)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr_core(trial.title)
        return super().headerData(section, orientation, role)

    def trial_id(self, column: int) -> str | None:
        return self.trials[column - PATIENT_COLUMNS].trial_id if column >= PATIENT_COLUMNS else None

    def result(self, index: QModelIndex) -> PrescreenResult | None:
        trial_id = self.trial_id(index.column())
        return None if trial_id is None else self.row(index.row()).results.get(trial_id)

    def colours(self, row: MatrixRow, column: int) -> Colours | None:
        trial_id = self.trial_id(column)
        result = row.results.get(trial_id) if trial_id else None
        return VERDICT_MARKS[result.verdict][2] if result else None

    def tooltip(self, row: MatrixRow, column: int) -> str | None:
        trial_id = self.trial_id(column)
        result = row.results.get(trial_id) if trial_id else None
        if result is None:
            return None
        lines = [f"{row.patient_ref} · {trial_id}: {translate(VERDICT_WORDS[result.verdict])}"]
        if result.failed:
            lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Fails: {0}")).format(", ".join(result.failed)))
        if result.open_by_kind is not None and result.verdict == Verdict.INCOMPLETE:
            lines += open_lines(result.open_by_kind)
        elif result.open:
            lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Open: {0}")).format(", ".join(result.open)))
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Double-click to open the checklist")))
        return "\n".join(lines)

    def sort_key(self, row: MatrixRow, column: int):
        trial_id = self.trial_id(column)
        if trial_id is None:
            return super().sort_key(row, column)
        result = row.results.get(trial_id)
        if result is None:
            return 9_000_000
        # the worklist's order (eligible; only questions; data to obtain, fewest first; readings;
        # ineligible), as an int: the proxy compares plain values only
        group, count = worklist_rank(result)
        return group * 1_000_000 + count * 1000 + len(result.failed) + len(result.open)


class PrescreenFilter(QSortFilterProxyModel):
    """Rows whose patient matches the text and, with a verdict chosen, that have it in a shown
    trial; with a trial chosen, only that trial's column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.verdict: Verdict | None = None
        self.trial_id: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, text: str | None = None, verdict: Verdict | None | str = "",
                    trial_id: str | None | bool = False) -> None:
        if text is not None:
            self.text = text.strip().casefold()
        if verdict != "":
            self.verdict = verdict
        if trial_id is not False:
            self.trial_id = trial_id
        self.invalidate()

    def _shown_trial_ids(self) -> list[str]:
        model: PrescreenModel = self.sourceModel()
        return [self.trial_id] if self.trial_id else [t.trial_id for t in model.trials]

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        row: MatrixRow = self.sourceModel().row(source_row)
        if self.text and self.text not in row.patient_ref.casefold() and self.text not in row.initials.casefold():
            return False
        if self.verdict is None:
            return True
        return any((result := row.results.get(trial_id)) is not None and result.verdict == self.verdict
                   for trial_id in self._shown_trial_ids())

    def filterAcceptsColumn(self, source_column: int, source_parent: QModelIndex) -> bool:
        trial_id = self.sourceModel().trial_id(source_column)
        return trial_id is None or self.trial_id is None or trial_id == self.trial_id
