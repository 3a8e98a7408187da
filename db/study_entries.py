"""On-study entries by a signed-in person (the follow-up view): a study drug's dose change and a
follow-up result. The role is checked here, whatever interface calls; the core checks the typed
values; the repository writes and audits the change in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from coordinator.problems import InvalidRecord
from coordinator.record import DoseRecord, Observation
from coordinator.screening import Actor, Permission, require
from coordinator.study_entries import added_result, dose_change
from coordinator.trial import Trial
from db.patients import PatientRepository


def record_dose(session: Session, actor: Actor, ref: str, trial: Trial, *, drug: str | None,
                start: dt.date | None, dose: Any, note: str | None = None, reason: str | None = None,
                audit_reason: str | None = None) -> DoseRecord:
    """Add a dose record to the patient's `trial` enrolment. Raises PermissionDenied for a role
    that may not change patient data, InvalidRecord with every problem of the entry (fields
    drug, start, dose, note), PatientNotFound. Returns the record written."""
    require(actor, Permission.EDIT_PATIENTS)
    repository = PatientRepository(session, actor.name)
    patient = repository.require(ref)
    changed, problems = dose_change(patient, trial, drug=drug, start=start, dose=dose, note=note, reason=reason)
    if problems:
        raise InvalidRecord(problems)
    repository.save(changed, reason=audit_reason)
    return changed.study(trial.nct).doses[-1]


def record_result(session: Session, actor: Actor, ref: str, fields: dict[str, Any], *,
                  audit_reason: str | None = None) -> Observation:
    """Add one dated result to the patient's record (fields as typed: code, date, value, unit,
    text, uln, lln, note). Raises like `record_dose`. Returns the result written."""
    require(actor, Permission.EDIT_PATIENTS)
    repository = PatientRepository(session, actor.name)
    patient = repository.require(ref)
    changed, problems = added_result(patient, fields)
    if problems:
        raise InvalidRecord(problems)
    repository.save(changed, reason=audit_reason)
    return changed.observations[-1]

