"""Acknowledgements of follow-up actions: stored beside the engine's output, audited, role-checked."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.followup.engine import follow_up
from coordinator.records.record_io import read_records
from coordinator.screening.workflow import Actor, PermissionDenied, Role, WorkflowError
from coordinator.screening.trial_library import load_trials
from db.acknowledgements import AcknowledgementRepository
from db.models import AuditRow
from db.patients import PatientRepository
from tests.conftest import EXAMPLES

NCT, REF, ON = "NCT03864250", "EX-4250-F1", dt.date(2026, 7, 27)


@pytest.fixture
def halving_key(registry):
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    patients, _ = read_records(path.read_bytes(), path.name)
    with registry.writing() as session:
        PatientRepository(session, "t").add(patients)
    return follow_up(load_trials()[NCT], patients[0], ON).actions[0].key


def test_an_acknowledgement_is_kept_and_audited(registry, halving_key):
    nurse = Actor("ann", Role.COORDINATOR)
    with registry.writing() as session:
        AcknowledgementRepository(session, nurse).acknowledge(REF, NCT, halving_key, "halved", on=ON)
    with registry.reading() as session:
        found = AcknowledgementRepository(session, nurse).for_patient(REF, NCT)
        audit = session.execute(select(AuditRow).where(AuditRow.action == "followup.acknowledge")).scalars().all()
    assert (found[halving_key].note, found[halving_key].by) == ("halved", "ann")
    assert [(a.actor, a.patient_ref, a.reason) for a in audit] == [("ann", REF, "halved")]
    assert halving_key in audit[0].new_value


def test_a_monitor_cannot_acknowledge_and_nothing_is_written(registry, halving_key):
    with pytest.raises(PermissionDenied):
        with registry.writing() as session:
            AcknowledgementRepository(session, Actor("mo", Role.MONITOR)).acknowledge(REF, NCT, halving_key, "x")
    with pytest.raises(WorkflowError, match="not an action raised"):
        with registry.writing() as session:
            AcknowledgementRepository(session, Actor("ann", Role.COORDINATOR)).acknowledge(
                REF, NCT, halving_key, "too early", on=ON - dt.timedelta(days=1))
    with registry.reading() as session:
        assert AcknowledgementRepository(session, Actor("mo", Role.MONITOR)).all() == {}
