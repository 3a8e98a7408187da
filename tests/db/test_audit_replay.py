"""`audit verify --data`: the audit trail replayed against the rows. Everything written through
TrialDesk (imports of records and LIS exports, page edits, studies, screenings with answers,
overrides, consent, signatures and enrolment) replays to exactly the rows; a row changed, added
or deleted with a database editor is named, by record and field, without its values."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from coordinator.records.record import Observation, Patient
from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from db.accounts import AccountRepository
from db.audit_replay import data_differences
from db.file_import import import_file
from db.importer import import_records
from db.patients import PatientRepository
from db.screenings import Enrolment, ScreeningRepository
from tests.conftest import EXAMPLES

PASSWORD = "granite tulip 1987"
NCT = "NCT06394063"
ON = dt.date(2026, 11, 23)
ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
INVESTIGATOR = Actor("dr.li", Role.INVESTIGATOR)
COORDINATOR = Actor("ann", Role.COORDINATOR)
MONITOR = Actor("mo", Role.MONITOR)


@pytest.fixture
def worked(sqlite_registry):
    """A registry after a day of ordinary work through TrialDesk."""
    registry = sqlite_registry
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="第一医院", address=None, timezone="Asia/Shanghai", username="dr.li",
                        printed_name="李明", password=PASSWORD)
        accounts.create(ADMIN, username="ann", printed_name="王安", roles={Role.COORDINATOR}, password=PASSWORD,
                        admin_password=PASSWORD)
        PatientRepository(session, "ann").add([
            Patient(registry_no="R0001", name="王小红", sex="F", birth_date=dt.date(1988, 6, 17), record_no="0012345"),
            Patient(registry_no="R0002", name="李建国", sex="M", birth_date=dt.date(1974, 3, 15), record_no="0067890")])
    for example in sorted(EXAMPLES.glob("NCT*.json")):
        assert import_records(registry, example.read_bytes(), example.name, "ann").accepted
    assert import_file(registry, EXAMPLES / "hospital" / "lis_export_gbk.csv", "ann",
                       today=dt.date(2026, 12, 6)).accepted
    with registry.writing() as session:  # a page edit: a name corrected, a result added, a medication removed
        patients = PatientRepository(session, "ann")
        patient = patients.require("EX-4063-02")
        patients.save(patient.model_copy(update={
            "name": patient.name + "华", "medications": patient.medications[1:],
            "observations": [*patient.observations, Observation(code="alt", date=dt.date(2026, 11, 20), value=31,
                                                                unit="U/L")]}), reason="corrected")
        patients.archive("R0002", reason="moved away")

    def screening(actor, step):
        with registry.writing() as session:
            return step(ScreeningRepository(session, actor))

    sid = screening(COORDINATOR, lambda r: r.start("EX-4063-01", NCT, ON)).id
    screening(COORDINATOR, lambda r: r.answer(sid, "I4", Answer.YES, "consent signed"))
    screening(INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "CKD-EPI eGFR 116"))
    screening(COORDINATOR, lambda r: r.answer(sid, "E9", Answer.NO, "suitable"))
    screening(COORDINATOR, lambda r: r.record_consent(sid, dt.date(2026, 11, 20)))
    screening(COORDINATOR, lambda r: r.submit(sid, PASSWORD))
    screening(INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    screening(COORDINATOR, lambda r: r.move(sid, "enrolled", enrolment=Enrolment(ON, "S-001", arm_of(registry))))
    screening(COORDINATOR, lambda r: r.start("EX-4063-02", NCT, ON))
    return registry


def arm_of(registry) -> str:
    from coordinator.screening.trial_library import load_trials

    return load_trials()[NCT].arms[0].id


def _differences(registry) -> list[str]:
    with registry.reading() as session:
        return [str(difference) for difference in data_differences(session, MONITOR)]


def _edit(registry, *statements: str) -> None:
    with sqlite3.connect(registry.engine.url.database) as raw:  # a database editor at work
        for statement in statements:
            raw.execute(statement)


def test_work_done_through_trialdesk_replays_to_exactly_the_rows(worked):
    assert _differences(worked) == []


def test_reading_the_replay_is_for_those_who_read_the_audit_trail(worked):
    with worked.reading() as session, pytest.raises(PermissionDenied):
        data_differences(session, COORDINATOR)


def test_a_field_changed_with_a_database_editor_is_named_without_its_value(worked):
    _edit(worked, "UPDATE patient SET name = '张冒名' WHERE registry_no = 'R0001'",
          "UPDATE observation SET value = value * 2 WHERE id = (SELECT min(id) FROM observation WHERE patient_id = "
          "(SELECT id FROM patient WHERE registry_no = 'EX-4063-01'))")
    found = _differences(worked)
    assert found == ["patient EX-4063-01: changed outside TrialDesk: observations",
                     "patient R0001: changed outside TrialDesk: name"]
    assert not any("张冒名" in line for line in found)


def test_rows_added_or_deleted_with_a_database_editor_are_named(worked):
    _edit(worked,
          "INSERT INTO patient (registry_no, name, name_key, name_pinyin, initials, sex, birth_date, created_at, "
          "updated_at, archived) VALUES ('R9999', '假', '假', 'jia', 'J', 'F', '1990-01-01', '2026-12-01', "
          "'2026-12-01', 0)",
          "DELETE FROM medication WHERE patient_id = (SELECT id FROM patient WHERE registry_no = 'EX-4063-01')",
          "DELETE FROM observation WHERE patient_id = (SELECT id FROM patient WHERE registry_no = 'R0002')",
          "DELETE FROM patient WHERE registry_no = 'R0002'")
    assert _differences(worked) == [
        "patient EX-4063-01: changed outside TrialDesk: medications",
        "patient R0002: deleted outside TrialDesk: its audit history has it, the registry does not",
        "patient R9999: added outside TrialDesk: no audit entry names it"]


def test_a_screening_changed_added_or_deleted_with_a_database_editor_is_named(worked):
    label = f"{NCT}-S0001"
    _edit(worked, "UPDATE screening SET status = 'in_progress' WHERE number = 1",
          "UPDATE screening_decision SET answer = 'yes' WHERE criterion_id = 'E1'",
          "DELETE FROM screening WHERE number = 2",
          f"INSERT INTO screening (patient_id, trial_id, number, protocol_version, on_date, status, created_by, "
          f"created_at, updated_at) SELECT id, '{NCT}', 3, '1', '2026-11-23', 'signed', 'x', '2026-11-23', "
          f"'2026-11-23' FROM patient WHERE registry_no = 'R0001'")
    assert _differences(worked) == [
        f"screening {label}: changed outside TrialDesk: status, answers and overrides",
        f"screening {NCT}-S0002: deleted outside TrialDesk",
        f"screening {NCT}-S0003: added outside TrialDesk: no audit entry started it"]
