"""The eligibility engine: a trial's checklist for one patient on one date.

Inclusion criteria must answer `yes` and exclusion criteria `no`. A criterion flagged
ambiguous always asks the investigator (its literal reading is shown as evidence). Manual
answers (for unknown and manual criteria) and investigator overrides (for any criterion)
give the final answers; the automatic answer is always kept beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from coordinator.screening.facts import PatientFacts
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

class PartResult(NamedTuple):
    id: str
    text: str
    answer: Answer
    evidence: tuple[str, ...]
    missing: tuple[str, ...]


class CriterionResult(NamedTuple):
    id: str
    kind: str
    text: str
    auto: Answer
    evidence: tuple[str, ...]
    missing: tuple[str, ...]
    parts: tuple[PartResult, ...] = ()
    ambiguous: str | None = None

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
    nct: str
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
        return Checklist(self.nct, self.protocol_version, self.on, self.criteria, dict(manual), dict(overrides))


def _evaluate_criterion(criterion: Criterion, facts: PatientFacts, on: dt.date) -> CriterionResult:
    id_, kind, text, rule, part_plans, combination, ambiguous, ambiguity = criterion.plan
    if rule is not None:
        answer, evidence, missing = rule.evaluate(facts, on)
        parts: tuple[PartResult, ...] = ()
    else:
        parts = tuple([_evaluate_part(part, facts, on) for part in part_plans])
        answers = [p.answer for p in parts]
        answer = combine(answers, combination)
        evidence = unique([item for p in parts for item in p.evidence])
        missing = tuple([Phrase("{part}: {item}", part=p.id, item=item)
                         for p in parts if p.answer in (UNKNOWN, NEEDS_REVIEW) for item in p.missing])
    if ambiguous:
        answer, evidence, missing = _flag_ambiguous(Finding(answer, evidence, missing), ambiguous)
    return CriterionResult(id_, kind, text, answer, evidence, missing, parts, ambiguity)


def _evaluate_part(part: PartPlan, facts: PatientFacts, on: dt.date) -> PartResult:
    id_, text, rule, ambiguous = part
    answer, evidence, missing = rule.evaluate(facts, on)
    if ambiguous:
        answer, evidence, missing = _flag_ambiguous(Finding(answer, evidence, missing), ambiguous)
    return PartResult(id_, text, answer, evidence, missing)


def _flag_ambiguous(finding: Finding, note: str | None) -> Finding:
    """Ambiguous text is never decided by the engine alone: its literal reading becomes evidence."""
    if not note:
        return finding
    return Finding(NEEDS_REVIEW, (Phrase("literal reading gives: {answer}", answer=ANSWER_PHRASES[finding.answer]),)
                   + finding.evidence,
                   finding.missing + (Phrase("investigator to confirm the reading: {note}", note=note),))


def evaluate(trial: Trial, patient: Patient | PatientFacts, on: dt.date) -> Checklist:
    facts = patient if isinstance(patient, PatientFacts) else PatientFacts(patient)
    results = tuple(_evaluate_criterion(criterion, facts, on) for criterion in trial.criteria)
    return Checklist(trial.nct, trial.protocol_version, on, results)


VerdictFn = Callable[[PatientFacts, dt.date], tuple[Verdict, tuple[str, ...], tuple[str, ...]]]
"""(facts, screening date) -> (verdict, failed criteria, open criteria)."""


def verdict_only(trial: Trial) -> VerdictFn:
    """The trial compiled for a pre-screen: the verdict, failed and open criteria that
    `evaluate(trial, facts, on)` gives (no manual answers or overrides), without the
    evidence. An ambiguous criterion or part always asks the investigator, so it is not even
    evaluated."""
    steps: list[tuple[str, Answer, AnswerFn]] = []
    for criterion in trial.criteria:
        id_, kind, _, rule, part_plans, combination, ambiguous, _ = criterion.plan
        if ambiguous:
            answer = always_needs_review
        elif rule is not None:
            answer = rule.answerer()
        else:
            parts = [always_needs_review if part.ambiguous else part.rule.answerer() for part in part_plans]
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


def checklist_to_dict(checklist: Checklist) -> dict:
    """A checklist as plain JSON-able data (the snapshot kept when a screening is signed)."""
    def decision(d: Decision) -> dict:
        return {"criterion_id": d.criterion_id, "answer": str(d.answer), "by": d.by, "note": d.note,
                "at": d.at.isoformat() if d.at else None}

    return {
        "nct": checklist.nct, "protocol_version": checklist.protocol_version, "on": checklist.on.isoformat(),
        "criteria": [{
            "id": r.id, "kind": r.kind, "text": r.text, "auto": str(r.auto), "evidence": list(r.evidence),
            "missing": list(r.missing), "ambiguous": r.ambiguous,
            "parts": [{"id": p.id, "text": p.text, "answer": str(p.answer), "evidence": list(p.evidence),
                       "missing": list(p.missing)} for p in r.parts],
        } for r in checklist.criteria],
        "manual": [decision(d) for d in checklist.manual.values()],
        "overrides": [decision(d) for d in checklist.overrides.values()],
    }


def checklist_from_dict(data: dict) -> Checklist:
    def decision(d: dict) -> Decision:
        return Decision(d["criterion_id"], Answer(d["answer"]), d["by"], d["note"],
                        dt.datetime.fromisoformat(d["at"]) if d.get("at") else None)

    criteria = tuple(CriterionResult(
        c["id"], c["kind"], c["text"], Answer(c["auto"]), tuple(c["evidence"]), tuple(c["missing"]),
        tuple(PartResult(p["id"], p["text"], Answer(p["answer"]), tuple(p["evidence"]), tuple(p["missing"]))
              for p in c["parts"]), c["ambiguous"]) for c in data["criteria"])
    return Checklist(data["nct"], data["protocol_version"], dt.date.fromisoformat(data["on"]), criteria,
                     {d.criterion_id: d for d in map(decision, data["manual"])},
                     {d.criterion_id: d for d in map(decision, data["overrides"])})
