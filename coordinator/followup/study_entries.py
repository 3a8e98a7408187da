"""Entries made for an enrolled patient from a form: a study drug's dose change, a follow-up
result, a visit that took place, an adverse event and the study exit. The typed values are
checked here before anything is written, every problem naming the form's field (drug, start,
dose, ...; code, date, value, unit, uln, lln, text for a result; visit, date; term, onset, grade,
resolved, related_to; date, reason, criterion), and the patient as it would be afterwards is
returned for the registry to write whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from coordinator.followup.dosing import is_daily
from coordinator.followup.engine import VisitDue
from coordinator.problems import Problem
from coordinator.records.record import (AdverseEvent, DoseRecord, ExitEvent, Observation, Part, Patient, Study,
    StudyVisit)
from coordinator.screening.trial import Trial
from coordinator.records.validation import STUDY_DOSE_UNITS, validate_patient
from coordinator.records.vocabulary import vocabulary

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
    study, problems = _enrolment(patient, trial, "drug")
    if study is None:
        return None, problems
    drugs = {d.drug: d for d in study_drugs(trial, study.arm)}
    if not drug:
        problems.append(Problem("choose the study drug", "drug"))
    elif drug not in drugs:
        problems.append(Problem(f"'{drug}' is not a study drug of {trial.trial_id} arm {study.arm}; expected one of: "
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
    record = DoseRecord(drug=drug, start=start, dose=amount, unit=unit, note=_text(note),
                        reason=_text(reason) or (None if earlier else DOSE_START_REASON))
    return _with_study_entry(patient, study, "doses", record, today, whole="start")


def _text(typed: str | None) -> str | None:
    """Typed text without its outer spaces; None when blank."""
    return (typed or "").strip() or None


def _enrolment(patient: Patient, trial: Trial, field: str) -> tuple[Study | None, list[Problem]]:
    """The patient's latest `trial` enrolment, or a problem naming `field` when there is none."""
    study = patient.study(trial.trial_id)
    if study is None:
        return None, [Problem(f"{patient.registry_no} is not enrolled in {trial.trial_id}", field)]
    return study, []


def _with_study_entry(patient: Patient, study: Study, section: str, entry: Part, today: dt.date,
                      whole: str) -> tuple[Patient | None, list[Problem]]:
    """`patient` with `entry` added to the study's `section` (doses, visits, adverse_events,
    exits), or None and what the record's validation finds in the entry, each problem naming the
    entry's own field (`whole` for a problem with the entry as a whole)."""
    index = _study_index(patient, study)
    updated = study.model_copy(update={section: [*getattr(study, section), entry]})
    changed = patient.model_copy(update={"studies": [updated if i == index else held
                                                     for i, held in enumerate(patient.studies)]})
    position = f"studies[{index}].{section}[{len(getattr(study, section))}]"
    found = [Problem(p.message, p.field[len(position) + 1:] or whole) for p in validate_patient(changed, today)
             if p.field == position or p.field.startswith(position + ".")]
    return (None, found) if found else (changed, [])


# -- visits ----------------------------------------------------------------------------------------

def visits_to_record(trial: Trial, study: Study) -> list[VisitDue]:
    """The visits of the trial's schedule not yet recorded for the enrolment (done or missed),
    in the order of the schedule, each with its planned day and window."""
    recorded = {visit.visit for visit in study.visits}
    found = []
    for visit in sorted(trial.visits, key=lambda v: v.week):
        if visit.id in recorded:
            continue
        planned = study.enrolled_on + dt.timedelta(days=round(visit.week * 7))
        window = dt.timedelta(days=visit.window_days)
        found.append(VisitDue(visit.id, visit.week, planned, planned - window, planned + window, tuple(visit.labs)))
    return found


def visit_for_day(choices: list[VisitDue], day: dt.date) -> VisitDue | None:
    """The visit a record made on `day` most likely is: the one whose window holds the day, else
    the earliest not recorded."""
    return next((v for v in choices if v.window_from <= day <= v.window_to), choices[0] if choices else None)


def visit_done(patient: Patient, trial: Trial, *, visit: str | None, date: dt.date | None,
               note: str | None = None, today: dt.date | None = None) -> tuple[Patient | None, list[Problem]]:
    """`patient` with a visit of the `trial` schedule that took place on `date`, or None and every
    problem, each naming one of the fields visit, date, note."""
    study, problems = _enrolment(patient, trial, "visit")
    if study is None:
        return None, problems
    if not _text(visit):
        problems.append(Problem("choose the visit", "visit"))
    if date is None:
        problems.append(Problem("the date the visit took place is required", "date"))
    if problems:
        return None, problems
    record = StudyVisit(visit=_text(visit), date=date, status="done", note=_text(note))
    return _with_study_entry(patient, study, "visits", record, today or dt.date.today(), whole="visit")


# -- adverse events --------------------------------------------------------------------------------

CTCAE_GRADES = range(1, 6)
TERM_LENGTH = next(m.max_length for m in AdverseEvent.model_fields["term"].metadata if hasattr(m, "max_length"))


def adverse_event(patient: Patient, trial: Trial, *, term: str | None, onset: dt.date | None, grade: Any,
                  serious: bool | None = None, related_to: str | None = None, resolved: dt.date | None = None,
                  note: str | None = None, today: dt.date | None = None) -> tuple[Patient | None, list[Problem]]:
    """`patient` with an adverse event in its `trial` enrolment, or None and every problem, each
    naming one of the fields term, onset, grade, serious, related_to, resolved, note. `grade` as
    typed (CTCAE 1-5); `related_to`: a study drug of the patient's arm, or None."""
    study, problems = _enrolment(patient, trial, "term")
    if study is None:
        return None, problems
    term = _text(term)
    if not term:
        problems.append(Problem("describe the adverse event (its CTCAE term)", "term"))
    elif len(term) > TERM_LENGTH:
        problems.append(Problem(f"the term is longer than {TERM_LENGTH} characters", "term"))
    if onset is None:
        problems.append(Problem("the onset date is required", "onset"))
    elif onset < study.enrolled_on:
        problems.append(Problem(f"onset {onset} is before the enrolment on {study.enrolled_on}", "onset"))
    amount = _number(grade)
    if amount is None:
        problems.append(Problem("the CTCAE grade is required", "grade"))
    elif isinstance(amount, str) or amount != int(amount):
        problems.append(Problem(f"'{grade}' is not a CTCAE grade (a whole number 1 to 5)", "grade"))
    elif int(amount) not in CTCAE_GRADES:
        problems.append(Problem(f"CTCAE grade {amount:g} is outside 1 to 5", "grade"))
    drugs = [d.drug for d in study_drugs(trial, study.arm)]
    if related_to and related_to not in drugs:
        problems.append(Problem(f"'{related_to}' is not a study drug of {trial.trial_id} arm {study.arm}; expected one "
                                f"of: {', '.join(drugs) or 'none'}", "related_to"))
    if problems:
        return None, problems
    event = AdverseEvent(term=term, onset=onset, grade=int(amount), serious=serious, related_to=related_to or None,
                         resolved=resolved, note=_text(note))
    return _with_study_entry(patient, study, "adverse_events", event, today or dt.date.today(), whole="term")


# -- the study exit --------------------------------------------------------------------------------

def study_exit(patient: Patient, trial: Trial, *, date: dt.date | None, reason: str | None,
               criterion: str | None = None, note: str | None = None,
               today: dt.date | None = None) -> tuple[Patient | None, list[Problem]]:
    """`patient` leaving its `trial` enrolment on `date` (withdrawal, discontinuation or
    completion, said in `reason`), or None and every problem, each naming one of the fields
    date, reason, criterion, note. `criterion`: the exit criterion it rests on, if any."""
    study, problems = _enrolment(patient, trial, "date")
    if study is None:
        return None, problems
    if date is None:
        problems.append(Problem("the exit date is required", "date"))
    if not _text(reason):
        problems.append(Problem("the reason is required (withdrawal, discontinuation or completion, and why)",
                                "reason"))
    if problems:
        return None, problems
    event = ExitEvent(date=date, reason=_text(reason), criterion=_text(criterion), note=_text(note))
    return _with_study_entry(patient, study, "exits", event, today or dt.date.today(), whole="date")


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
