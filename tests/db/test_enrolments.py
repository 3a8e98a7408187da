"""Enrolment lines for pickers: one per study, archived patients kept, no patient data for an
administrator."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.record import Study
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from db.enrolments import EnrolmentLine, enrolled_patient_count, enrolment_lines
from db.patients import PatientRepository
from tests.conftest import make_patient

NURSE = Actor("ann", Role.COORDINATOR)


def study(trial_id: str, subject_no: str, arm: str = "tac") -> Study:
    return Study(trial=trial_id, arm=arm, subject_no=subject_no, enrolled_on=dt.date(2026, 5, 18))


def test_one_line_per_enrolment_archived_patients_included(registry):
    with registry.writing() as session:
        patients = PatientRepository(session, "ann")
        patients.add([make_patient("R2", "李四", studies=[study("NCT03864250", "XH-2"),
                                                          study("NCT05863936", "B-9", arm="multitarget")]),
                      make_patient("R1", "王五", studies=[study("NCT03864250", "XH-1")]),
                      make_patient("R3", "赵六")])
        patients.archive("R1", reason="moved away")
    with registry.reading() as session:
        lines = enrolment_lines(session, NURSE)
        assert [(l.registry_no, l.trial_id, l.subject_no) for l in lines] == [
            ("R1", "NCT03864250", "XH-1"), ("R2", "NCT03864250", "XH-2"), ("R2", "NCT05863936", "B-9")]
        assert lines[0] == EnrolmentLine("R1", "王五", "NCT03864250", "tac", "XH-1", dt.date(2026, 5, 18))
        assert [l.registry_no for l in enrolment_lines(session, NURSE, "NCT05863936")] == ["R2"]
        assert enrolled_patient_count(session, NURSE) == 2
        with pytest.raises(PermissionDenied):
            enrolment_lines(session, Actor("helpdesk", Role.ADMINISTRATOR))
