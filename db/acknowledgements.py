"""Acknowledgements of follow-up actions: who saw an action the engine raised, when, and what
they did about it. They are recorded beside the engine's output and never feed back into it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from coordinator.followup.engine import NotEnrolled, follow_up
from coordinator.screening.workflow import Actor, Permission, WorkflowError, require
from db.audit import AuditLog, utc_now
from db.models import AcknowledgementRow, PatientRow
from db.patients import PatientRepository
from db.screenings import trial


@dataclass(frozen=True)
class Acknowledgement:
    key: str
    note: str
    by: str
    at: dt.datetime


class AcknowledgementRepository:
    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor
        self.patients = PatientRepository(session, actor.name)

    def for_patient(self, patient_ref: str, trial_id: str) -> dict[str, Acknowledgement]:
        return self.all(patient_ref).get((patient_ref, trial_id), {})

    def all(self, patient_ref: str | None = None) -> dict[tuple[str, str], dict[str, Acknowledgement]]:
        """Acknowledgements by (patient, trial), then by action key; the newest per key."""
        row = AcknowledgementRow
        query = (select(PatientRow.registry_no, row.trial_id, row.action_key, row.note, row.by, row.at)
                 .join(PatientRow, PatientRow.id == row.patient_id).order_by(row.id))
        if patient_ref is not None:
            query = query.where(PatientRow.registry_no == patient_ref)
        found: dict[tuple[str, str], dict[str, Acknowledgement]] = {}
        for ref, trial_id, key, note, by, at in self.session.execute(query):  # columns, not ORM objects: many are read
            found.setdefault((ref, trial_id), {})[key] = Acknowledgement(key, note, by, at)
        return found

    def acknowledge(self, patient_ref: str, trial_id: str, key: str, note: str,
                    on: dt.date | None = None) -> Acknowledgement:
        """Record that `key` (an action the engine raised for this patient) was seen and dealt with."""
        require(self.actor, Permission.FOLLOW_UP)
        if not note.strip():
            raise WorkflowError("an acknowledgement needs a note saying what was done")
        patient = self.patients.require(patient_ref)
        day = on or dt.date.today()
        try:
            raised = {action.key for action in follow_up(trial(trial_id), patient, day).history}
        except NotEnrolled as error:
            raise WorkflowError(str(error)) from error
        if key not in raised:
            raise WorkflowError(f"'{key}' is not an action raised for {patient.registry_no} in {trial_id} by {day}")
        patient_id = self.session.execute(select(PatientRow.id).where(
            PatientRow.registry_no == patient.registry_no)).scalar_one()
        row = AcknowledgementRow(patient_id=patient_id, trial_id=trial_id, action_key=key, note=note.strip(),
                                 by=self.actor.name, role=str(self.actor.role), at=utc_now())
        self.session.add(row)
        audit = AuditLog(self.session, self.actor.name)
        audit.record("followup.acknowledge", "follow_up", patient_ref=patient.registry_no,
                     new={"trial": trial_id, "action": key}, reason=row.note)
        audit.flush()
        return Acknowledgement(key, row.note, row.by, row.at)
