"""Builders shared by the per-trial eligibility tests: record items dated from a fixed screening
day, small edits of a baseline patient, checklist look-ups and people's decisions.

Every date counts back from ON, the screening day: `ago(8)` is eight days before it. Results and
reproductive statuses are dated LAB_DAYS before ON unless a test asks for `days=...`; a file whose
patients are dated otherwise binds its own default, e.g. `lab = partial(builders.lab, days=8)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from coordinator.screening.eligibility import Checklist, CriterionResult, Decision, PartResult, evaluate
from coordinator.records.record import (CHILD_SECTIONS, Condition, Medication, Observation, Part, Patient,
                                ReproductiveStatus)
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial import Trial, parse_trial
from coordinator.screening.trial_library import load_trials

ON = dt.date(2026, 11, 23)
LAB_DAYS = 7
LAB_DAY = ON - dt.timedelta(days=LAB_DAYS)
YES, NO, UNKNOWN, REVIEW = Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.NEEDS_REVIEW
TRIAL_FILES = Path(__file__).parents[2] / "resources" / "trials"


# -- dates ------------------------------------------------------------------------------------------

def ago(days: int) -> dt.date:
    """The day `days` days before ON."""
    return ON - dt.timedelta(days=days)


def born(years: int, days_to_birthday: int = 0) -> dt.date:
    """A birth date that makes the patient `years` old on ON, with the next birthday
    `days_to_birthday` days after ON (0: the birthday is ON itself)."""
    birthday = ON + dt.timedelta(days=days_to_birthday)
    age_at_birthday = years + (1 if days_to_birthday else 0)
    return birthday.replace(year=birthday.year - age_at_birthday)


# -- record items -----------------------------------------------------------------------------------

def lab(code: str, value: float, unit: str | None = None, *, days: int = LAB_DAYS, uln: float | None = None,
        method: str | None = None) -> Observation:
    """A numeric result `days` days before ON, with the lab's upper limit of normal or how it was obtained."""
    return Observation(code=code, date=ago(days), value=value, unit=unit, uln=uln, method=method)


def coded(code: str, text: str, *, days: int = LAB_DAYS) -> Observation:
    """A coded result (negative, positive, a BILAG grade) `days` days before ON."""
    return Observation(code=code, date=ago(days), text=text)


def med(drug: str, start_days: int, dose: float | None = None, unit: str | None = "mg/d", *,
        stop_days: int | None = None, route: str = "oral", cumulative: float | None = None) -> Medication:
    """A drug started `start_days` days before ON and stopped `stop_days` days before it (None: ongoing);
    without a dose there is no dose unit either."""
    return Medication(drug=drug, start=ago(start_days), stop=None if stop_days is None else ago(stop_days),
                      dose=dose, dose_unit=unit if dose is not None else None, route=route,
                      cumulative_dose_mg=cumulative)


def condition(code: str, **fields) -> Condition:
    """A condition with these fields, its onset 60 days before ON unless given."""
    fields.setdefault("onset", ago(60))
    return Condition(code=code, **fields)


def status(*, days: int = LAB_DAYS, **fields) -> ReproductiveStatus:
    """A reproductive status recorded `days` days before ON: by default a woman of childbearing potential,
    neither pregnant, lactating nor planning a pregnancy, using barrier contraception; `fields` change it."""
    values = dict(childbearing_potential=True, pregnant=False, lactating=False, planning_pregnancy=False,
                  contraception="barrier")
    values.update(fields)
    return ReproductiveStatus(date=ago(days), **values)


# -- edits of a patient -----------------------------------------------------------------------------

def setting(patient: Patient, **fields) -> Patient:
    """The patient with these fields set (without validation)."""
    return patient.model_copy(update=fields)


def without(patient: Patient, *codes: str) -> Patient:
    """The patient without any observation of these codes."""
    return patient.model_copy(update={"observations": [o for o in patient.observations if o.code not in codes]})


def replacing(patient: Patient, *observations: Observation) -> Patient:
    """The patient with these observations instead of any of the same codes."""
    return adding(without(patient, *{o.code for o in observations}), *observations)


_SECTIONS = {kind: section for section, kind in CHILD_SECTIONS.items()}


def adding(patient: Patient, *items: Part) -> Patient:
    """The patient with these items (observations, diagnoses, medications, conditions...) added to their sections."""
    update: dict[str, list] = {}
    for item in items:
        section = _SECTIONS[type(item)]
        update.setdefault(section, list(getattr(patient, section))).append(item)
    return patient.model_copy(update=update)


# -- screening and look-ups -------------------------------------------------------------------------

def trial(trial_id: str) -> Trial:
    """The trial as the application loads it."""
    return load_trials()[trial_id]


def trial_file(trial_id: str) -> Trial:
    """The trial parsed straight from its file in resources/trials."""
    path = TRIAL_FILES / f"{trial_id}.yaml"
    return parse_trial(path.read_text(encoding="utf-8"), path.name)


def screener(trial_or_id: Trial | str, on: dt.date = ON) -> Callable[[Patient], Checklist]:
    """`screen(patient)` for one trial (or the trial of an NCT number): the patient's checklist on `on`."""
    def screen(patient: Patient) -> Checklist:
        t = trial(trial_or_id) if isinstance(trial_or_id, str) else trial_or_id
        return evaluate(t, patient, on)
    return screen


def criterion(checklist: Checklist, criterion_id: str) -> CriterionResult:
    return next(r for r in checklist.criteria if r.id == criterion_id)


def part(checklist: Checklist, part_id: str) -> PartResult:
    return next(p for r in checklist.criteria for p in r.parts if p.id == part_id)


def answer(checklist: Checklist, item_id: str) -> Answer:
    """The automatic answer of a criterion ("E3") or of one of its parts ("I1a")."""
    return part(checklist, item_id).answer if item_id[-1].isalpha() else criterion(checklist, item_id).auto


def auto_answers(checklist: Checklist, ids: Iterable[str] | None = None) -> dict[str, Answer]:
    """The automatic answer of every criterion (or of these)."""
    return {r.id: r.auto for r in checklist.criteria if ids is None or r.id in ids}


def text(result: CriterionResult | PartResult) -> str:
    """Evidence and missing messages as one string, for substring checks."""
    return " | ".join(result.evidence + result.missing)


def says(result: CriterionResult | PartResult, *fragments: str) -> bool:
    """Some evidence line holds every fragment."""
    return any(all(f in line for f in fragments) for line in result.evidence)


def literal(result: CriterionResult | PartResult) -> str:
    """The evidence line with the literal reading of an ambiguous criterion or part."""
    return next(line for line in result.evidence if line.startswith("literal reading gives: "))


def reading_answers(result: CriterionResult | PartResult) -> dict[str, Answer]:
    """What each reading of an ambiguous criterion or part answers, by reading id."""
    return {r.id: r.answer for r in result.readings}


# -- people's decisions -----------------------------------------------------------------------------

def decisions(answers: dict[str, Answer], by: str) -> dict[str, Decision]:
    return {cid: Decision(cid, a, by=by, note="test") for cid, a in answers.items()}


def decided(checklist: Checklist, manual: dict[str, Answer] | None = None,
            overrides: dict[str, Answer] | None = None) -> Checklist:
    """Manual answers by the coordinator, overrides by the investigator."""
    return checklist.with_decisions(decisions(manual or {}, "coordinator"), decisions(overrides or {}, "investigator"))


def decide(checklist: Checklist, **answers: Answer) -> Checklist:
    """The investigator's manual answers (and no overrides)."""
    return checklist.with_decisions(decisions(answers, "investigator"), {})


def approve_open(checklist: Checklist) -> Checklist:
    """The investigator answers every open (manual or ambiguous) criterion in the patient's favour."""
    return decide(checklist, **{r.id: r.required for r in checklist.criteria if r.id in checklist.open})
