"""On-study entries by a signed-in person (the follow-up view): a study drug's dose change, a
follow-up result, a visit, an adverse event and the study exit. The role is checked here, whatever interface calls; the core checks the typed
values; the repository writes and audits the change in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from coordinator.problems import InvalidRecord, Problem
from coordinator.records.record import AdverseEvent, DoseRecord, ExitEvent, Observation, Patient, StudyVisit
from coordinator.screening.workflow import Actor, Permission, require
from coordinator.followup.study_entries import added_result, adverse_event, dose_change, study_exit, visit_done
from coordinator.screening.trial import Trial
from db.patients import PatientRepository


def record_dose(session: Session, actor: Actor, ref: str, trial: Trial, *, drug: str | None,
                start: dt.date | None, dose: Any, note: str | None = None, reason: str | None = None,
                audit_reason: str | None = None) -> DoseRecord:
    """Add a dose record to the patient's `trial` enrolment. Raises PermissionDenied for a role
    that may not change patient data, InvalidRecord with every problem of the entry (fields
    drug, start, dose, note), PatientNotFound. Returns the record written."""
    changed = _save_study_entry(session, actor, ref, audit_reason, lambda patient: dose_change(
        patient, trial, drug=drug, start=start, dose=dose, note=note, reason=reason))
    return changed.study(trial.trial_id).doses[-1]


def record_result(session: Session, actor: Actor, ref: str, fields: dict[str, Any], *,
                  audit_reason: str | None = None) -> Observation:
    """Add one dated result to the patient's record (fields as typed: code, date, value, unit,
    text, uln, lln, note). Raises like `record_dose`. Returns the result written."""
    changed = _save_study_entry(session, actor, ref, audit_reason, lambda patient: added_result(patient, fields))
    return changed.observations[-1]


def _save_study_entry(session: Session, actor: Actor, ref: str, audit_reason: str | None,
                      entry: Callable[[Patient], tuple[Patient | None, list[Problem]]]) -> Patient:
    """The patient as `entry` changes it, saved and audited, when `actor` may change patient data
    (PermissionDenied otherwise) and the entry has no problem (InvalidRecord with all of them)."""
    require(actor, Permission.EDIT_PATIENTS)
    repository = PatientRepository(session, actor.name)
    changed, problems = entry(repository.require(ref))
    if problems:
        raise InvalidRecord(problems)
    repository.save(changed, reason=audit_reason)
    return changed



def record_visit(session: Session, actor: Actor, ref: str, trial: Trial, *, visit: str | None,
                 date: dt.date | None, note: str | None = None, audit_reason: str | None = None) -> StudyVisit:
    """Record that a visit of the `trial` schedule took place (fields visit, date, note). Raises
    like `record_dose`. Returns the visit written."""
    changed = _save_study_entry(session, actor, ref, audit_reason,
                                lambda patient: visit_done(patient, trial, visit=visit, date=date, note=note))
    return changed.study(trial.trial_id).visits[-1]


def record_adverse_event(session: Session, actor: Actor, ref: str, trial: Trial, *, audit_reason: str | None = None,
                         **fields: Any) -> AdverseEvent:
    """Add an adverse event to the patient's `trial` enrolment (fields as
    `coordinator.followup.study_entries.adverse_event` takes them). Raises like `record_dose`."""
    changed = _save_study_entry(session, actor, ref, audit_reason,
                                lambda patient: adverse_event(patient, trial, **fields))
    return changed.study(trial.trial_id).adverse_events[-1]


def record_exit(session: Session, actor: Actor, ref: str, trial: Trial, *, date: dt.date | None,
                reason: str | None, criterion: str | None = None, note: str | None = None,
                audit_reason: str | None = None) -> ExitEvent:
    """Record the patient's exit from the `trial` enrolment (fields date, reason, criterion,
    note). Raises like `record_dose`. Returns the exit written."""
    changed = _save_study_entry(session, actor, ref, audit_reason, lambda patient: study_exit(
        patient, trial, date=date, reason=reason, criterion=criterion, note=note))
    return changed.study(trial.trial_id).exits[-1]
