"""Patient edits made by a signed-in person (the window's patient page and registry): the role
is checked here, before anything is written, whatever interface calls."""

from __future__ import annotations

from sqlmodel import Session

from coordinator.problems import Refusal
from coordinator.records.record import Patient
from coordinator.screening.workflow import Actor, Permission, require
from db.patients import PatientExists, PatientNotFound, PatientRepository


class ReasonRequired(Refusal, ValueError):
    """An action that the audit trail must explain was asked for without a reason."""


def save_patient_details(session: Session, actor: Actor, patient: Patient, *, creating: bool,
                         reason: str | None = None) -> int:
    """Create `patient` (`creating`) or update the stored one with `patient`'s demographics and
    sections. Studies are left as stored: enrolments and their on-study history are written by
    the screening and follow-up workflows, so an older copy held by an editor never undoes them.
    Validated, written and audited by the repository in the caller's transaction. Returns the
    number of changes written."""
    require(actor, Permission.EDIT_PATIENTS)
    repository = PatientRepository(session, actor.name)
    if creating:
        if repository.existing([patient.registry_no]):
            raise PatientExists([patient.registry_no])
        repository.add([patient.model_copy(update={"studies": []})], reason=reason)
        return 1
    stored = repository.get(patient.registry_no)
    if stored is None or stored.registry_no != patient.registry_no:
        raise PatientNotFound(f"no patient with registry number '{patient.registry_no}'")
    return repository.save(patient.model_copy(update={"studies": stored.studies}), reason=reason)


def archive_patient(session: Session, actor: Actor, ref: str, reason: str) -> None:
    """Hide a patient from the working registry (kept, audited); the reason is mandatory."""
    require(actor, Permission.EDIT_PATIENTS)
    if not reason.strip():
        raise ReasonRequired("archiving a patient needs a reason")
    PatientRepository(session, actor.name).archive(ref, reason=reason.strip())
