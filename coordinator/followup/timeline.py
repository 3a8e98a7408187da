"""The series a follow-up timeline chart draws for one enrolled patient, as of a day: eGFR
(recorded or derived from creatinine, each saying which), the baseline and the decline limit of
the trial's eGFR rule, each study drug's dose steps, and drug levels with their limit.

Pure data for a plotting layer: which values, in which unit, and where each came from. The
limits are the trial's own (its eGFR dose-step and trough rules), so a chart never restates a
protocol number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordinator.followup.exit_rules import EgfrDoseStepsRule, TroughLimitRule
from coordinator.screening.facts import PatientFacts
from coordinator.followup.engine import FollowUp
from coordinator.records.record import Patient
from coordinator.screening.trial import Trial
from coordinator.records.units import UnitError, convert
from coordinator.records.vocabulary import vocabulary

EGFR_UNIT = "mL/min/1.73m2"
HISTORY_BEFORE_START_DAYS = 28  # screening values shortly before randomisation set the scene


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float
    source: str   # "recorded", or how a derived value was computed ("creatinine 124 umol/L ... (ckd_epi_2021)")

    @property
    def derived(self) -> bool:
        return self.source != "recorded"


@dataclass(frozen=True)
class DoseStep:
    start: dt.date
    mg_per_day: float
    reason: str | None


@dataclass(frozen=True)
class DrugDoses:
    drug: str
    name: str
    unit: str
    steps: tuple[DoseStep, ...]   # oldest first; each holds until the next starts


@dataclass(frozen=True)
class Level:
    """A drug level (e.g. tacrolimus trough) with the limit the trial sets for it."""

    code: str
    name: str
    unit: str
    limit: float
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Timeline:
    start: dt.date           # first day shown
    enrolled_on: dt.date
    on: dt.date              # the replay day: nothing after it is shown
    egfr: tuple[Point, ...]
    egfr_unit: str
    baseline: float | None
    baseline_date: dt.date | None
    decline_pct: float | None      # the eGFR rule's limit (30 for "decreased by >30%")
    doses: tuple[DrugDoses, ...]
    levels: tuple[Level, ...]

    @property
    def decline_limit(self) -> float | None:
        """The eGFR below which the rule acts (baseline less `decline_pct` percent)."""
        if self.baseline is None or self.decline_pct is None:
            return None
        return round(self.baseline * (1 - self.decline_pct / 100), 2)


def timeline(trial: Trial, patient: Patient | PatientFacts, result: FollowUp) -> Timeline:
    """The chart's series for `result` (the patient's follow-up in `trial` on `result.on`)."""
    facts = patient if isinstance(patient, PatientFacts) else PatientFacts(patient)
    study = facts.patient.study(trial.trial_id)
    if study is None:
        raise ValueError(f"{facts.patient.registry_no} has no enrolment in {trial.trial_id}")
    rules = [c.rule for c in trial.exit_criteria if c.rule is not None and (not c.arms or study.arm in c.arms)]
    start = study.enrolled_on - dt.timedelta(days=HISTORY_BEFORE_START_DAYS)
    if result.baseline_date is not None:
        start = min(start, result.baseline_date)
    egfr_rule = next((r for r in rules if isinstance(r, EgfrDoseStepsRule)), None)
    return Timeline(
        start=start, enrolled_on=study.enrolled_on, on=result.on,
        egfr=tuple(_points(facts, "egfr", EGFR_UNIT, start, result.on)), egfr_unit=EGFR_UNIT,
        baseline=result.baseline_egfr, baseline_date=result.baseline_date,
        decline_pct=egfr_rule.decline_pct if egfr_rule else None,
        doses=tuple(_doses(study, drug, result.on) for drug in dict.fromkeys(d.drug for d in study.doses)),
        levels=tuple(Level(r.code, _observation_name(r.code), r.unit, r.max,
                           tuple(_points(facts, r.code, r.unit, start, result.on)))
                     for r in rules if isinstance(r, TroughLimitRule)),
    )


def _points(facts: PatientFacts, code: str, unit: str, start: dt.date, end: dt.date) -> list[Point]:
    points = []
    for reading in facts.readings_between(code, start, end):
        if reading.value is None:
            continue
        try:
            value = convert(code, reading.value, reading.unit, unit) if reading.unit and reading.unit != unit \
                else reading.value
        except UnitError:
            continue  # a unit the vocabulary cannot convert: not drawn on this axis
        points.append(Point(reading.date, value, reading.derived_from or "recorded"))
    return points


def _doses(study, drug: str, on: dt.date) -> DrugDoses:
    records = sorted((d for d in study.doses if d.drug == drug and d.start <= on), key=lambda d: d.start)
    units = {d.unit for d in records}
    return DrugDoses(drug, _medication_name(drug), units.pop() if len(units) == 1 else "mg/d",
                     tuple(DoseStep(d.start, d.dose, d.reason) for d in records))


def _observation_name(code: str) -> str:
    found = vocabulary().observations.get(code)
    return found.en if found is not None else code


def _medication_name(code: str) -> str:
    found = vocabulary().medications.get(code)
    return found.en if found is not None else code
