"""Who is on study where: one line per enrolment, read without loading the patients' records
(for pickers and progress counts; the follow-up itself loads the whole patient)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from coordinator.screening.workflow import Actor, Permission, require
from db.models import PatientRow, StudyRow


@dataclass(frozen=True)
class EnrolmentLine:
    registry_no: str
    name: str
    trial_id: str
    arm: str
    subject_no: str
    enrolled_on: dt.date


def enrolment_lines(session: Session, actor: Actor, trial_id: str | None = None) -> list[EnrolmentLine]:
    """Every enrolment (archived patients included: an enrolled patient stays followed), by
    registry number then trial."""
    require(actor, Permission.READ)
    query = (select(PatientRow.registry_no, PatientRow.name, StudyRow.trial_id, StudyRow.arm, StudyRow.subject_no,
                    StudyRow.enrolled_on)
             .join(PatientRow, PatientRow.id == StudyRow.patient_id)
             .order_by(PatientRow.registry_no, StudyRow.trial_id))
    if trial_id is not None:
        query = query.where(StudyRow.trial_id == trial_id)
    return [EnrolmentLine(*row) for row in session.execute(query)]


def enrolled_patient_count(session: Session, actor: Actor) -> int:
    """How many patients `PatientRepository.iter_enrolled` yields."""
    require(actor, Permission.READ)
    return session.execute(select(func.count(func.distinct(StudyRow.patient_id)))).scalar_one()
