"""Builders shared by the tests of NCT03580291 (MSC vs MMF) and NCT03864250 (tacrolimus for IMN):
patients on a fixed screening date, small edits of a baseline patient, and checklist look-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from coordinator.eligibility import Checklist, CriterionResult, Decision, PartResult, evaluate
from coordinator.record import (Biopsy, Condition, Diagnosis, Medication, Observation, Patient,
                                ReproductiveStatus)
from coordinator.rules import Answer
from coordinator.trial import Trial, load_trials

ON = dt.date(2026, 11, 23)
LAB_DAY = ON - dt.timedelta(days=7)
YES, NO, UNKNOWN, REVIEW = Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.NEEDS_REVIEW


def trial(nct: str) -> Trial:
    return load_trials()[nct]


def before(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def born(years: int, days_to_birthday: int = 0) -> dt.date:
    """A birth date that makes the patient `years` old on ON, with the next birthday
    `days_to_birthday` days after ON (0: the birthday is ON itself)."""
    birthday = ON + dt.timedelta(days=days_to_birthday)
    age_at_birthday = years + (1 if days_to_birthday else 0)
    return birthday.replace(year=birthday.year - age_at_birthday)


def lab(code: str, value: float, unit: str, *, day: dt.date = LAB_DAY, uln: float | None = None,
        method: str | None = None) -> Observation:
    return Observation(code=code, date=day, value=value, unit=unit, uln=uln, method=method)


def coded(code: str, text: str, *, day: dt.date = LAB_DAY) -> Observation:
    return Observation(code=code, date=day, text=text)


def without(patient: Patient, *codes: str) -> Patient:
    """The patient without any observation of these codes."""
    return patient.model_copy(update={"observations": [o for o in patient.observations if o.code not in codes]})


def replacing(patient: Patient, *observations: Observation) -> Patient:
    """The patient with these observations instead of any of the same codes."""
    return adding(without(patient, *{o.code for o in observations}), *observations)


def adding(patient: Patient, *items) -> Patient:
    """The patient with these items added to their sections."""
    sections = {Observation: "observations", Diagnosis: "diagnoses", Biopsy: "biopsies",
                Medication: "medications", Condition: "conditions", ReproductiveStatus: "reproductive"}
    update: dict[str, list] = {}
    for item in items:
        section = sections[type(item)]
        update.setdefault(section, list(getattr(patient, section))).append(item)
    return patient.model_copy(update=update)


def setting(patient: Patient, **fields) -> Patient:
    return patient.model_copy(update=fields)


def check(nct: str, patient: Patient, on: dt.date = ON) -> Checklist:
    return evaluate(trial(nct), patient, on)


def criterion(checklist: Checklist, criterion_id: str) -> CriterionResult:
    return next(r for r in checklist.criteria if r.id == criterion_id)


def part(checklist: Checklist, part_id: str) -> PartResult:
    return next(p for r in checklist.criteria for p in r.parts if p.id == part_id)


def text(result: CriterionResult | PartResult) -> str:
    """Evidence and missing messages as one string, for substring checks."""
    return " | ".join(result.evidence + result.missing)


def decisions(answers: dict[str, Answer], by: str) -> dict[str, Decision]:
    return {cid: Decision(cid, answer, by=by, note="test") for cid, answer in answers.items()}


def decided(checklist: Checklist, manual: dict[str, Answer] | None = None,
            overrides: dict[str, Answer] | None = None) -> Checklist:
    return checklist.with_decisions(decisions(manual or {}, "coordinator"), decisions(overrides or {}, "investigator"))


def auto_answers(checklist: Checklist, ids: Iterable[str] | None = None) -> dict[str, Answer]:
    return {r.id: r.auto for r in checklist.criteria if ids is None or r.id in ids}
