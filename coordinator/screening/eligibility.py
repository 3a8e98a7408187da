"""The eligibility engine: a trial's checklist for one patient on one date.

Inclusion criteria must answer `yes` and exclusion criteria `no`. Ambiguous text with its
plausible readings listed is answered by every reading: when they all agree the answer stands
("all N readings agree"); when they disagree the investigator chooses a reading (or the site has
adopted one for the trial), and each reading's answer and evidence is shown side by side.
Ambiguous text without readings always asks the investigator (its literal reading is shown as
evidence). Manual answers (for unknown and manual criteria) and investigator overrides (for any
criterion) give the final answers; the automatic answer is always kept beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from coordinator.screening.facts import PatientFacts
from coordinator.bilingual import Bilingual, Registered
from coordinator.phrase import Phrase
from coordinator.records.record import Patient
from coordinator.screening.rules.answers import (ANSWER_PHRASES, NEEDS_REVIEW, NO, SETTLED, UNKNOWN, YES, Answer,
    AnswerFn, Finding, always_needs_review, combine, compiled_combination, unique)
from coordinator.screening.trial import Criterion, PartPlan, Trial


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"


_ELIGIBLE, _INELIGIBLE, _INCOMPLETE = Verdict.ELIGIBLE, Verdict.INELIGIBLE, Verdict.INCOMPLETE  # (see rules.YES)


# The results are named tuples rather than frozen dataclasses: as immutable, and several times
# cheaper to make (a pre-screen of 10,000 patients against five trials makes nearly two million).

class ReadingResult(NamedTuple):
    """What one reading of ambiguous text answers."""

    id: str
    label: str
    literal: bool
    answer: Answer
    evidence: tuple[str, ...]
    missing: tuple[str, ...]


# How an item with readings got its answer (RESOLVED_BY_CHOICE and overrides are the screening's).
AGREEMENT, ADOPTED, CHOSEN, OVERRIDE = "agreement", "adopted_reading", "investigators_choice", "override"


@dataclass(frozen=True)
class ReadingChoice:
    """A reading taken for an item: adopted by the site for the trial, or chosen by the
    investigator for one screening."""

    reading_id: str
    by: str
    how: str = CHOSEN  # ADOPTED or CHOSEN
    reason: str = ""
    at: dt.datetime | None = None


class PartResult(NamedTuple):
    id: str
    text: str
    answer: Answer
    evidence: tuple[str, ...]
    missing: tuple[str, ...]
    readings: tuple[ReadingResult, ...] = ()
    resolved_by: str | None = None
    reading: str | None = None  # the id of the reading taken (adopted or chosen)


class CriterionResult(NamedTuple):
    id: str
    kind: str
    text: str
    auto: Answer
    evidence: tuple[str, ...]
    missing: tuple[str, ...]
    parts: tuple[PartResult, ...] = ()
    ambiguous: str | None = None
    readings: tuple[ReadingResult, ...] = ()
    resolved_by: str | None = None
    reading: str | None = None  # the id of the reading taken (adopted or chosen)

    @property
    def required(self) -> Answer:
        return YES if self.kind == "inclusion" else NO


@dataclass(frozen=True)
class Decision:
    """A person's answer to one criterion: a coordinator's manual answer or an investigator's override."""

    criterion_id: str
    answer: Answer
    by: str
    note: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Checklist:
    trial_id: str
    protocol_version: str
    on: dt.date
    criteria: tuple[CriterionResult, ...]
    manual: dict[str, Decision] = field(default_factory=dict)
    overrides: dict[str, Decision] = field(default_factory=dict)

    def final(self, result: CriterionResult) -> Answer:
        if result.id in self.overrides:
            return self.overrides[result.id].answer
        if result.id in self.manual and result.auto not in SETTLED:
            return self.manual[result.id].answer
        return result.auto

    @property
    def failed(self) -> list[str]:
        """Screen-failure reasons: criteria whose final answer is against the patient."""
        return [r.id for r in self.criteria if (answer := self.final(r)) in SETTLED and answer != r.required]

    @property
    def open(self) -> list[str]:
        """Criteria still without a yes/no final answer."""
        return [r.id for r in self.criteria if self.final(r) not in SETTLED]

    @property
    def verdict(self) -> Verdict:
        if self.failed:
            return Verdict.INELIGIBLE
        return Verdict.INCOMPLETE if self.open else Verdict.ELIGIBLE

    def with_decisions(self, manual: dict[str, Decision], overrides: dict[str, Decision]) -> Checklist:
        return Checklist(self.trial_id, self.protocol_version, self.on, self.criteria, dict(manual), dict(overrides))


NO_CHOICES: dict[str, ReadingChoice] = {}


def own_evidence(item: CriterionResult | PartResult) -> tuple[str, ...]:
    """An item's evidence less what a view showing its readings side by side (its own and its
    parts') shows already: each reading's answer and evidence."""
    readings = item.readings + (tuple(r for p in item.parts for r in p.readings)
                                if isinstance(item, CriterionResult) else ())
    if not readings:
        return item.evidence
    # (compared as text: a signed snapshot read back holds plain strings, not phrases)
    shown = {line for reading in readings for line in reading.evidence}
    shown |= {f"\u201c{r.label}\u201d: {ANSWER_PHRASES[r.answer]}" for r in readings}
    return tuple(line for line in item.evidence if line not in shown)


def _evaluate_criterion(criterion: Criterion, facts: PatientFacts, on: dt.date,
                        choices: dict[str, ReadingChoice] = NO_CHOICES) -> CriterionResult:
    id_, kind, text, rule, part_plans, combination, ambiguous, ambiguity, readings = criterion.plan
    if readings:
        finding, results, resolved_by, taken = _read(readings, facts, on, choices.get(id_), ambiguous)
        return CriterionResult(id_, kind, text, *finding, (), ambiguity, results, resolved_by, taken)
    if rule is not None:
        answer, evidence, missing = rule.evaluate(facts, on)
        parts: tuple[PartResult, ...] = ()
    else:
        parts = tuple([_evaluate_part(part, facts, on, choices) for part in part_plans])
        answers = [p.answer for p in parts]
        answer = combine(answers, combination)
        evidence = unique([item for p in parts for item in p.evidence])
        missing = tuple([Phrase("{part}: {item}", part=p.id, item=item)
                         for p in parts if p.answer in (UNKNOWN, NEEDS_REVIEW) for item in p.missing])
    if ambiguous:
        answer, evidence, missing = _flag_ambiguous(Finding(answer, evidence, missing), ambiguous)
    return CriterionResult(id_, kind, text, answer, evidence, missing, parts, ambiguity)


def _evaluate_part(part: PartPlan, facts: PatientFacts, on: dt.date,
                   choices: dict[str, ReadingChoice] = NO_CHOICES) -> PartResult:
    id_, text, rule, ambiguous, readings = part
    if readings:
        finding, results, resolved_by, taken = _read(readings, facts, on, choices.get(id_), ambiguous)
        return PartResult(id_, text, *finding, results, resolved_by, taken)
    answer, evidence, missing = rule.evaluate(facts, on)
    if ambiguous:
        answer, evidence, missing = _flag_ambiguous(Finding(answer, evidence, missing), ambiguous)
    return PartResult(id_, text, answer, evidence, missing)


def _read(readings, facts: PatientFacts, on: dt.date, choice: ReadingChoice | None,
          note: str | None) -> tuple[Finding, tuple[ReadingResult, ...], str | None, str | None]:
    """Every reading evaluated; the answer they agree on, the chosen or adopted one's, or a
    question for the investigator when they disagree. Also how it was resolved and the reading
    taken, if one was."""
    results = tuple(ReadingResult(r.id, r.label, r.literal, *r.rule.evaluate(facts, on)) for r in readings)
    chosen = next((r for r in results if r.id == choice.reading_id), None) if choice is not None else None
    if choice is not None and chosen is not None:
        how = Phrase("adopted for the trial by {by}", by=choice.by) if choice.how == ADOPTED else \
            Phrase("chosen by {by}", by=choice.by)
        said = Phrase("reading \u201c{label}\u201d {how}: {answer}", label=chosen.label, how=how,
                      answer=ANSWER_PHRASES[chosen.answer])
        why = (Phrase("reason: {reason}", reason=choice.reason),) if choice.reason else ()
        return Finding(chosen.answer, (said, *why, *chosen.evidence), chosen.missing), results, choice.how, chosen.id
    answers = {r.answer for r in results}
    if len(answers) == 1 and results[0].answer in SETTLED:
        agreed = Phrase("all {count} readings agree: {answer}", count=len(results),
                        answer=ANSWER_PHRASES[results[0].answer])
        return Finding(results[0].answer, (agreed, *unique(e for r in results for e in r.evidence))), results, \
            AGREEMENT, None
    side_by_side = tuple(Phrase("\u201c{label}\u201d: {answer}", label=r.label, answer=ANSWER_PHRASES[r.answer])
                         for r in results)
    # each reading's answer, then all their evidence: what a view without the readings side by side shows
    evidence = side_by_side + unique(e for r in results for e in r.evidence)
    if YES in answers and NO in answers:
        return Finding(NEEDS_REVIEW, evidence, (Phrase("investigator to choose a reading: {note}", note=note),)), \
            results, None, None
    answer = UNKNOWN if UNKNOWN in answers else NEEDS_REVIEW
    missing = unique(m for r in results if r.answer not in SETTLED for m in r.missing)
    return Finding(answer, evidence, missing), results, None, None


def _compiled_readings(readings, choice: ReadingChoice | None = None) -> AnswerFn:
    """`_read`'s answer without evidence, for the pre-screen."""
    taken = [r for r in readings if choice is not None and r.id == choice.reading_id]
    if taken:
        return taken[0].rule.answerer()
    answerers = [r.rule.answerer() for r in readings]

    def answer(facts, on):
        found = {each(facts, on) for each in answerers}
        if len(found) == 1:
            return next(iter(found))
        if YES in found and NO in found:
            return NEEDS_REVIEW
        return UNKNOWN if UNKNOWN in found else NEEDS_REVIEW
    return answer


def _flag_ambiguous(finding: Finding, note: str | None) -> Finding:
    """Ambiguous text is never decided by the engine alone: its literal reading becomes evidence."""
    if not note:
        return finding
    return Finding(NEEDS_REVIEW, (Phrase("literal reading gives: {answer}", answer=ANSWER_PHRASES[finding.answer]),)
                   + finding.evidence,
                   finding.missing + (Phrase("investigator to confirm the reading: {note}", note=note),))


def evaluate(trial: Trial, patient: Patient | PatientFacts, on: dt.date,
             readings: dict[str, ReadingChoice] = NO_CHOICES) -> Checklist:
    """`readings`: the readings taken, by criterion or part id (the site's adopted ones and the
    investigator's choices for this screening)."""
    facts = patient if isinstance(patient, PatientFacts) else PatientFacts(patient)
    results = tuple(_evaluate_criterion(criterion, facts, on, readings) for criterion in trial.criteria)
    return Checklist(trial.trial_id, trial.protocol_version, on, results)


VerdictFn = Callable[[PatientFacts, dt.date], tuple[Verdict, tuple[str, ...], tuple[str, ...]]]
"""(facts, screening date) -> (verdict, failed criteria, open criteria)."""


def verdict_only(trial: Trial, adopted: dict[str, ReadingChoice] = NO_CHOICES) -> VerdictFn:
    """The trial compiled for a pre-screen: the verdict, failed and open criteria that
    `evaluate(trial, facts, on, adopted)` gives (no manual answers or overrides), without the
    evidence. An ambiguous criterion or part without readings always asks the investigator, so
    it is not even evaluated."""
    steps: list[tuple[str, Answer, AnswerFn]] = []
    for criterion in trial.criteria:
        id_, kind, _, rule, part_plans, combination, ambiguous, _, readings = criterion.plan
        if readings:
            answer = _compiled_readings(readings, adopted.get(id_))
        elif ambiguous:
            answer = always_needs_review
        elif rule is not None:
            answer = rule.answerer()
        else:
            parts = [_compiled_readings(part.readings, adopted.get(part.id)) if part.readings else
                     always_needs_review if part.ambiguous else part.rule.answerer() for part in part_plans]
            answer = compiled_combination(parts, combination)
        steps.append((id_, YES if kind == "inclusion" else NO, answer))

    def verdict(facts: PatientFacts, on: dt.date):
        failed, open_ = [], []
        for id_, required, answer in steps:
            found = answer(facts, on)
            if found is YES or found is NO:
                if found is not required:
                    failed.append(id_)
            else:
                open_.append(id_)
        return (_INELIGIBLE if failed else _INCOMPLETE if open_ else _ELIGIBLE), tuple(failed), tuple(open_)
    return verdict


# What an open criterion asks of the coordinator: a person's answer (consent, judgement, an
# investigator to confirm a reading), data to obtain (a test or record, missing or too old), or
# the investigator's choice between readings that disagree.
QUESTION, DATA, READINGS = "question", "data", "readings"


class OpenItems(NamedTuple):
    """The open criteria of one patient x trial by what they ask, and the data to obtain."""

    question: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    to_obtain: tuple[str, ...] = ()  # what the data items miss: which test or record, and for when

    def as_dict(self) -> dict[str, list[str]]:
        return {QUESTION: list(self.question), DATA: list(self.data), READINGS: list(self.readings),
                "to_obtain": list(self.to_obtain)}


def open_kind(result: CriterionResult) -> str:
    """Missing data outranks a question (as `combine` does); readings that disagree are the
    investigator's choice; anything else open is a question for a person."""
    if result.auto is UNKNOWN:
        return DATA
    items: list[CriterionResult | PartResult] = [result, *result.parts]
    if any(item.resolved_by is None and {YES, NO} <= {r.answer for r in item.readings} for item in items):
        return READINGS
    return QUESTION


def _to_obtain(result: CriterionResult) -> tuple[str, ...]:
    if not result.parts:
        return result.missing
    return tuple(Phrase("{part}: {item}", part=p.id, item=item) for p in result.parts if p.answer is UNKNOWN
                 for item in p.missing)


def open_items(trial: Trial, adopted: dict[str, ReadingChoice] = NO_CHOICES
               ) -> Callable[[PatientFacts, dt.date, tuple[str, ...]], OpenItems]:
    """For a pre-screen: the open criteria (as `verdict_only` finds them) evaluated in full, and
    classified. Only the open ones are evaluated: the others were settled without evidence."""
    by_id = {criterion.id: criterion for criterion in trial.criteria}

    def classify(facts: PatientFacts, on: dt.date, open_ids: tuple[str, ...]) -> OpenItems:
        found: dict[str, list[str]] = {QUESTION: [], DATA: [], READINGS: []}
        to_obtain: list[str] = []
        for id_ in open_ids:
            result = _evaluate_criterion(by_id[id_], facts, on, adopted)
            kind = open_kind(result)
            found[kind].append(id_)
            if kind == DATA:
                to_obtain += _to_obtain(result)
        return OpenItems(tuple(found[QUESTION]), tuple(found[DATA]), tuple(found[READINGS]), unique(to_obtain))
    return classify


def checklist_to_dict(checklist: Checklist) -> dict:
    """A checklist as plain JSON-able data (the snapshot kept when a screening is signed)."""
    def decision(d: Decision) -> dict:
        return {"criterion_id": d.criterion_id, "answer": str(d.answer), "by": d.by, "note": d.note,
                "at": d.at.isoformat() if d.at else None}

    chinese = _chinese_of(checklist)
    return {
        "trial_id": checklist.trial_id, "protocol_version": checklist.protocol_version, "on": checklist.on.isoformat(),
        "criteria": [{
            "id": r.id, "kind": r.kind, "text": r.text, "auto": str(r.auto), "evidence": list(r.evidence),
            "missing": list(r.missing), "ambiguous": r.ambiguous,
            "readings": readings_to_list(r.readings), "resolved_by": r.resolved_by, "reading": r.reading,
            "parts": [{"id": p.id, "text": p.text, "answer": str(p.answer), "evidence": list(p.evidence),
                       "missing": list(p.missing), "readings": readings_to_list(p.readings),
                       "resolved_by": p.resolved_by, "reading": p.reading} for p in r.parts],
        } for r in checklist.criteria],
        "manual": [decision(d) for d in checklist.manual.values()],
        "overrides": [decision(d) for d in checklist.overrides.values()],
        # (only when there is any: a signature made before trial files had Chinese still verifies)
        **({"chinese": chinese} if chinese else {}),
    }


def _chinese_of(checklist: Checklist) -> dict[str, str]:
    """The Chinese of the trial file's texts the checklist shows, by their English (kept with the
    snapshot, so a signed checklist reads in Chinese as it did when signed)."""
    items: list[CriterionResult | PartResult] = [*checklist.criteria, *(p for r in checklist.criteria for p in r.parts)]
    texts = [text for item in items for text in (item.text, *item.missing, *(r.label for r in item.readings),
                                                 *(m for r in item.readings for m in r.missing))]
    texts += [r.ambiguous for r in checklist.criteria if r.ambiguous]
    return {str(text): text.zh for text in texts if isinstance(text, Bilingual) and text.zh}


def readings_to_list(readings: tuple[ReadingResult, ...]) -> list[dict]:
    return [{"id": r.id, "label": r.label, "literal": r.literal, "answer": str(r.answer), "evidence": list(r.evidence),
             "missing": list(r.missing)} for r in readings]


def _readings_from_list(items: list[dict] | None, chinese: dict[str, str] | None = None) -> tuple[ReadingResult, ...]:
    def zh(text: str) -> str:
        return _with_chinese(text, chinese or {}) or text

    return tuple(ReadingResult(r["id"], zh(r["label"]), r["literal"], Answer(r["answer"]), tuple(r["evidence"]),
                               tuple(map(zh, r["missing"]))) for r in items or ())


def _with_chinese(text: str | None, chinese: dict[str, str], kind: type[Bilingual] = Bilingual) -> str | None:
    return kind(text, chinese[text]) if text is not None and text in chinese else text


def checklist_from_dict(data: dict) -> Checklist:
    def decision(d: dict) -> Decision:
        return Decision(d["criterion_id"], Answer(d["answer"]), d["by"], d["note"],
                        dt.datetime.fromisoformat(d["at"]) if d.get("at") else None)

    chinese = data.get("chinese") or {}  # (snapshots signed before trial files had Chinese have none)

    def zh(text, kind: type[Bilingual] = Bilingual):
        return _with_chinese(text, chinese, kind)

    criteria = tuple(CriterionResult(
        c["id"], c["kind"], zh(c["text"], Registered), Answer(c["auto"]), tuple(c["evidence"]),
        tuple(map(zh, c["missing"])),
        tuple(PartResult(p["id"], zh(p["text"], Registered), Answer(p["answer"]), tuple(p["evidence"]),
                         tuple(map(zh, p["missing"])), _readings_from_list(p.get("readings"), chinese),
                         p.get("resolved_by"), p.get("reading"))
              for p in c["parts"]), zh(c["ambiguous"]), _readings_from_list(c.get("readings"), chinese),
        c.get("resolved_by"), c.get("reading"))
        for c in data["criteria"])  # snapshots signed before readings existed have neither key
    # (snapshots signed before registries other than ClinicalTrials.gov were accepted say "nct")
    return Checklist(data.get("trial_id") or data["nct"], data["protocol_version"], dt.date.fromisoformat(data["on"]), criteria,
                     {d.criterion_id: d for d in map(decision, data["manual"])},
                     {d.criterion_id: d for d in map(decision, data["overrides"])})
