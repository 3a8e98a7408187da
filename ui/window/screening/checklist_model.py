"""The screening checklist as a table: one row per criterion, one per part, and one per reading of
ambiguous text (under the criterion or part it reads, so the readings stand side by side, each
with its answer and evidence), each with a status mark that reads without colour (symbol and
word) as well as with it."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP

from coordinator.screening.eligibility import (ADOPTED, Checklist, CriterionResult, PartResult, ReadingResult,
    own_evidence)
from coordinator.screening.rules.answers import Answer
from ui.window.core_text import tr_core, with_translation
from ui.window.toolkit.tables import Colours, Column, RowsModel, translate

ANSWER_WORDS = {Answer.YES: QT_TRANSLATE_NOOP("TrialTable", "yes"), Answer.NO: QT_TRANSLATE_NOOP("TrialTable", "no"),
                Answer.UNKNOWN: QT_TRANSLATE_NOOP("TrialTable", "unknown"),
                Answer.NEEDS_REVIEW: QT_TRANSLATE_NOOP("TrialTable", "needs review")}

PASSES, FAILS = "passes", "fails"
MARKS = {  # status -> (symbol, word, colours)
    PASSES: ("✔", QT_TRANSLATE_NOOP("TrialTable", "Passes"), Colours("#0b5d1e", "#dcf3e1")),
    FAILS: ("✘", QT_TRANSLATE_NOOP("TrialTable", "Fails"), Colours("#8a0010", "#fbdde1")),
    Answer.UNKNOWN: ("?", QT_TRANSLATE_NOOP("TrialTable", "Unknown"), Colours("#6b4a00", "#fff1c7")),
    Answer.NEEDS_REVIEW: ("⚑", QT_TRANSLATE_NOOP("TrialTable", "Needs review"), Colours("#123f8c", "#dde8fb")),
}
PART_COLOURS = Colours("#444444", "#f4f4f4")
TAKEN_COLOURS = Colours("#123f8c", "#eef3fc")


def answer_text(answer: Answer) -> str:
    return translate(ANSWER_WORDS[answer])


class ChecklistRow(NamedTuple):
    """A criterion (part is None) or one of its parts, or one reading of either, with the
    checklist it belongs to."""

    result: CriterionResult
    part: PartResult | None
    checklist: Checklist
    reading: ReadingResult | None = None

    @property
    def id(self) -> str:
        """The criterion's or part's id (a reading's row: the item it reads)."""
        return self.part.id if self.part else self.result.id

    @property
    def item(self) -> CriterionResult | PartResult:
        """The criterion or part this row is (or whose reading it shows)."""
        return self.part or self.result

    @property
    def answer(self) -> Answer:
        """The final answer of a criterion; a part's or reading's own answer (decisions are per criterion)."""
        if self.reading:
            return self.reading.answer
        return self.part.answer if self.part else self.checklist.final(self.result)

    @property
    def taken(self) -> bool:
        """A reading's row: this reading is the one adopted or chosen."""
        return self.reading is not None and self.item.reading == self.reading.id

    @property
    def status(self) -> str:
        """passes / fails against what the criterion requires, else unknown / needs_review."""
        answer = self.answer
        if answer in (Answer.UNKNOWN, Answer.NEEDS_REVIEW):
            return answer
        return PASSES if answer == self.result.required else FAILS


def status_text(row: ChecklistRow) -> str:
    if row.reading:
        mark = "★" if row.taken else "⟷"
        return f"      {mark} {answer_text(row.answer)}"
    if row.part:  # a part's own answer: it alone neither passes nor fails the criterion
        symbol = "·" if row.answer in (Answer.YES, Answer.NO) else MARKS[row.answer][0]
        return f"   {symbol} {answer_text(row.answer)}"
    symbol, word, _ = MARKS[row.status]
    return f"{symbol} {translate(word)}"


def evidence_text(row: ChecklistRow) -> str:
    source = row.reading or row.item
    evidence = source.evidence if row.reading else own_evidence(row.item)
    missing = source.missing
    lines = [tr_core(item) for item in evidence]
    lines += [translate(QT_TRANSLATE_NOOP("TrialTable", "Missing: {0}")).format(tr_core(item)) for item in missing]
    return "\n".join(lines)


def reading_text(reading: ReadingResult) -> str:
    literal = " " + translate(QT_TRANSLATE_NOOP("TrialTable", "(literal text)")) if reading.literal else ""
    return translate(QT_TRANSLATE_NOOP("TrialTable", "Reading “{0}”")).format(tr_core(reading.label)) + literal


def decision_text(row: ChecklistRow) -> str:
    """Who answered or overrode the criterion, and why; which reading was taken, and how."""
    if row.reading:
        if not row.taken:
            return ""
        how = row.item.resolved_by
        return translate(QT_TRANSLATE_NOOP("TrialTable", "Adopted for the trial") if how == ADOPTED
                         else QT_TRANSLATE_NOOP("TrialTable", "Chosen by the investigator"))
    if row.part:
        return ""
    checklist, lines = row.checklist, []
    manual = checklist.manual.get(row.result.id)
    if manual and row.result.auto in (Answer.UNKNOWN, Answer.NEEDS_REVIEW):
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Answer {0} by {1}")).format(
            answer_text(manual.answer), manual.by) + (f": {manual.note}" if manual.note else ""))
    override = checklist.overrides.get(row.result.id)
    if override:
        lines.append(translate(QT_TRANSLATE_NOOP("TrialTable", "Override {0} by {1}")).format(
            answer_text(override.answer), override.by) + f": {override.note}")
    return "\n".join(lines)


def _text(row: ChecklistRow) -> str:
    if row.reading:
        return reading_text(row.reading)
    return with_translation(row.part.text if row.part else row.result.text)


def _id(row: ChecklistRow) -> str:
    if row.reading:
        return f"    {row.reading.id}"
    return f"  {row.part.id}" if row.part else row.result.id


def _automatic(row: ChecklistRow) -> str:
    if row.reading:
        return answer_text(row.reading.answer)
    return answer_text(row.part.answer if row.part else row.result.auto)


class ChecklistModel(RowsModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "Status"), status_text),
        Column(QT_TRANSLATE_NOOP("TrialTable", "ID"), _id),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Criterion (verbatim)"), _text, weight=5),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Evidence"), evidence_text, weight=5),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Automatic"), _automatic),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Final"),
               lambda r: "" if r.part or r.reading else answer_text(r.answer)),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Answer / override"), decision_text, weight=3),
    )
    STATUS, ID, TEXT, EVIDENCE, AUTO, FINAL, DECISION = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.checklist: Checklist | None = None

    def set_checklist(self, checklist: Checklist | None) -> None:
        self.checklist = checklist
        rows = []
        for result in checklist.criteria if checklist else ():
            rows.append(ChecklistRow(result, None, checklist))
            rows += [ChecklistRow(result, None, checklist, reading) for reading in result.readings]
            for part in result.parts:
                rows.append(ChecklistRow(result, part, checklist))
                rows += [ChecklistRow(result, part, checklist, reading) for reading in part.readings]
        self.set_rows(rows)

    def row_of(self, criterion_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.part is None and row.reading is None and row.result.id == criterion_id:
                return number
        raise KeyError(criterion_id)

    def row_of_item(self, item_id: str) -> int:
        """The row of a criterion or part (not of its readings)."""
        for number, row in enumerate(self._rows):
            if row.reading is None and row.id == item_id:
                return number
        raise KeyError(item_id)

    def colours(self, row: ChecklistRow, column: int) -> Colours | None:
        if column == self.STATUS:
            if row.reading:
                return TAKEN_COLOURS if row.taken else PART_COLOURS
            if row.part and row.answer in (Answer.YES, Answer.NO):
                return PART_COLOURS
            return MARKS[row.status][2]
        if column == self.DECISION and row.part is None and row.result.id in row.checklist.overrides:
            return MARKS[Answer.NEEDS_REVIEW][2]
        return None

    def tooltip(self, row: ChecklistRow, column: int) -> str | None:
        if column == self.STATUS and row.result.ambiguous and not row.part:
            return translate(QT_TRANSLATE_NOOP("TrialTable", "Ambiguous text: {0}")).format(tr_core(row.result.ambiguous))
        return super().tooltip(row, column)
