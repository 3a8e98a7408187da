"""Entries made for an enrolled patient from a form: a study drug's dose change and a follow-up
result. The typed values are checked here before anything is written, every problem naming the
form's field (drug, start, dose, ...; code, date, value, unit, uln, lln, text for a result), and
the patient as it would be afterwards is returned for the registry to write whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from coordinator.dosing import is_daily
from coordinator.problems import Problem
from coordinator.record import DoseRecord, Observation, Patient, Study
from coordinator.trial import Trial
from coordinator.validation import STUDY_DOSE_UNITS, validate_patient
from coordinator.vocabulary import vocabulary

DOSE_START_REASON = "start"


@dataclass(frozen=True)
class StudyDrug:
    drug: str       # medication code, e.g. tacrolimus
    name: str       # as the protocol names the intervention
    unit: str       # what its dose records hold: mg/d for a daily drug (what the exit rules read)


def study_drugs(trial: Trial, arm_id: str) -> list[StudyDrug]:
    """The drugs of the patient's arm (every arm's, when the arm names none), each once."""
    arms = [arm for arm in trial.arms if arm.id == arm_id]
    interventions = [i for arm in arms for i in arm.interventions if i.drug]
    if not interventions:
        interventions = [i for arm in trial.arms for i in arm.interventions if i.drug]
    found: dict[str, StudyDrug] = {}
    for intervention in interventions:
        found.setdefault(intervention.drug, StudyDrug(intervention.drug, intervention.name,
                                                      _record_unit(intervention.dosing)))
    return list(found.values())


def _record_unit(dosing) -> str:
    if dosing is None or is_daily(dosing):
        return "mg/d"
    unit = (dosing.per_kg or dosing.fixed).unit
    return unit if unit in STUDY_DOSE_UNITS else "mg"


def _number(text: Any) -> float | None | str:
    """A typed amount as a number; None when blank; the text itself when it is not a number."""
    if text is None or isinstance(text, (int, float)):
        return text
    cleaned = str(text).strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return str(text).strip()


def _study_index(patient: Patient, study: Study) -> int:
    return next(index for index, held in enumerate(patient.studies) if held is study)


def dose_change(patient: Patient, trial: Trial, *, drug: str | None, start: dt.date | None, dose: Any,
                note: str | None = None, reason: str | None = None,
                today: dt.date | None = None) -> tuple[Patient | None, list[Problem]]:
    """`patient` with a new dose record of a study drug in its latest `trial` enrolment, or None
    and every problem, each naming one of the fields drug, start, dose, note. `dose` as typed
    (0 = stopped). The first record of a drug has the reason 'start' unless one is given."""
    today = today or dt.date.today()
    study = patient.study(trial.nct)
    if study is None:
        return None, [Problem(f"{patient.registry_no} is not enrolled in {trial.nct}", "drug")]
    drugs = {d.drug: d for d in study_drugs(trial, study.arm)}
    problems: list[Problem] = []
    if not drug:
        problems.append(Problem("choose the study drug", "drug"))
    elif drug not in drugs:
        problems.append(Problem(f"'{drug}' is not a study drug of {trial.nct} arm {study.arm}; expected one of: "
                                f"{', '.join(drugs) or 'none'}", "drug"))
    if start is None:
        problems.append(Problem("the date the dose starts is required", "start"))
    amount = _number(dose)
    unit = drugs[drug].unit if drug in drugs else "mg/d"
    if amount is None:
        problems.append(Problem("the dose is required (0 when the drug is stopped)", "dose"))
    elif isinstance(amount, str):
        problems.append(Problem(f"'{amount}' is not a number", "dose"))
    elif amount < 0:
        problems.append(Problem(f"dose {amount:g} {unit} cannot be negative (0 when the drug is stopped)", "dose"))
    if problems:
        return None, problems
    earlier = sorted((d for d in study.doses if d.drug == drug), key=lambda d: d.start)
    same_day = [d for d in earlier if d.start == start]
    if same_day:
        return None, [Problem(f"a {drug} dose from {start} is already recorded ({same_day[-1].dose:g} "
                              f"{same_day[-1].unit}); one dose record per drug and day", "start")]
    in_force = [d for d in earlier if d.start < start]
    if in_force and in_force[-1].dose == amount and in_force[-1].unit == unit:
        return None, [Problem(f"{drug} is already {amount:g} {unit} since {in_force[-1].start}: nothing changes",
                              "dose")]
    record = DoseRecord(drug=drug, start=start, dose=amount, unit=unit, note=(note or "").strip() or None,
                        reason=(reason or "").strip() or (None if earlier else DOSE_START_REASON))
    index = _study_index(patient, study)
    updated = study.model_copy(update={"doses": [*study.doses, record]})
    changed = patient.model_copy(update={"studies": [updated if i == index else held
                                                     for i, held in enumerate(patient.studies)]})
    position = f"studies[{index}].doses[{len(study.doses)}]."
    found = [Problem(p.message, p.field[len(position):]) for p in validate_patient(changed, today)
             if p.field.startswith(position)]
    return (None, found) if found else (changed, [])


RESULT_FIELDS = ("code", "date", "value", "unit", "text", "uln", "lln", "note")


def added_result(patient: Patient, fields: dict[str, Any],
                 today: dt.date | None = None) -> tuple[Patient | None, list[Problem]]:
    """`patient` with one more dated result (fields as typed: code, date, value, unit, text, uln,
    lln, note), or None and every problem, each naming one of those fields."""
    today = today or dt.date.today()
    values = {name: fields.get(name) for name in RESULT_FIELDS}
    for name in ("value", "uln", "lln"):
        values[name] = _number(values[name])
    for name in ("unit", "text", "note", "code"):
        if isinstance(values[name], str):
            values[name] = values[name].strip() or None
    problems = [Problem(f"'{values[name]}' is not a number", name) for name in ("value", "uln", "lln")
                if isinstance(values[name], str)]
    if not values["code"]:
        problems.append(Problem("choose the test", "code"))
    elif values["code"] not in vocabulary().observations:
        problems.append(Problem(f"unknown test '{values['code']}'", "code"))
    if values["date"] is None:
        problems.append(Problem("the date is required", "date"))
    if problems:
        return None, problems
    try:
        result = Observation.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as error:
        return None, [Problem(e["msg"], str(e["loc"][0]) if e["loc"] else "") for e in error.errors()]
    changed = patient.model_copy(update={"observations": [*patient.observations, result]})
    position = f"observations[{len(patient.observations)}]"
    found = []
    for problem in validate_patient(changed, today):
        if problem.field.startswith(position):
            field = problem.field.rsplit(".", 1)[1] if "." in problem.field else "code"
            found.append(Problem(problem.message, field))
    return (None, found) if found else (changed, [])
