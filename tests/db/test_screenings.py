"""Screenings persisted: numbering, manual answers, overrides, roles, sign-off lock, staleness."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.records.demo import demo_patient
from coordinator.records.record_io import read_records
from coordinator.records.record import DoseRecord, Study
from coordinator.screening.rules.answers import Answer
from coordinator.signing.accounts import AuthenticationError
from coordinator.screening.workflow import Actor, PermissionDenied, Role, Status, WorkflowError
from db.models import AuditRow, ScreeningRow, StudyRow
from db.accounts import AccountRepository
from db.patients import PatientRepository
from db.screenings import Enrolment, ScreeningRepository
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)
NCT = "NCT06394063"
COORDINATOR = Actor("ann", Role.COORDINATOR)
INVESTIGATOR = Actor("dr.li", Role.INVESTIGATOR)
MONITOR = Actor("mo", Role.MONITOR)


PASSWORD = "granite tulip 1987"


@pytest.fixture
def patient_ref(registry):
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="Site", address=None, timezone="Asia/Shanghai", username="dr.li",
                        printed_name="李明", password=PASSWORD)
        accounts.create(Actor("dr.li", Role.ADMINISTRATOR), username="ann", printed_name="王安",
                        roles={Role.COORDINATOR}, password=PASSWORD, admin_password=PASSWORD)
    # open for it: I4 (consent), E1 (its GFR readings disagree), E9 (the investigator's judgement)
    patients, _ = read_records((EXAMPLES / f"{NCT}.json").read_bytes(), source=f"{NCT}.json")
    patient = next(p for p in patients if p.registry_no == "EX-4063-01")
    with registry.writing() as session:
        PatientRepository(session, "t").add([patient])
    return patient.registry_no


def _do(registry, actor, action):
    with registry.writing() as session:
        return action(ScreeningRepository(session, actor))


def test_screenings_are_numbered_per_trial_and_one_is_open_at_a_time(registry, patient_ref):
    first = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON))
    assert (first.label, first.status, first.checklist.protocol_version.startswith("registry")) == \
        (f"{NCT}-S0001", Status.IN_PROGRESS, True)
    with pytest.raises(WorkflowError, match="already has an open screening"):
        _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON))
    with pytest.raises(PermissionDenied):
        _do(registry, MONITOR, lambda r: r.start(patient_ref, "NCT03864250", ON))


def test_full_journey_with_roles_enforced_and_every_step_audited(registry, patient_ref):
    screening = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON))
    assert screening.checklist.open == ["I4", "E1", "E9"]
    sid = screening.id
    _do(registry, COORDINATOR, lambda r: r.answer(sid, "I4", Answer.YES, "consent signed 2026-11-20"))
    _do(registry, COORDINATOR, lambda r: r.answer(sid, "E9", Answer.NO, "suitable"))
    with pytest.raises(WorkflowError, match="answered from the data"):
        _do(registry, COORDINATOR, lambda r: r.answer(sid, "E8", Answer.YES, ""))
    with pytest.raises(PermissionDenied, match="may not override"):
        _do(registry, COORDINATOR, lambda r: r.override(sid, "E1", Answer.NO, "eGFR reading confirmed"))
    with pytest.raises(WorkflowError, match="needs a reason"):
        _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "  "))
    view = _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "eGFR reading confirmed"))
    assert view.checklist.verdict == "eligible"
    e1 = next(c for c in view.checklist.criteria if c.id == "E1")
    assert e1.auto == Answer.NEEDS_REVIEW and view.checklist.final(e1) == Answer.NO

    _do(registry, COORDINATOR, lambda r: r.move(sid, Status.READY_FOR_REVIEW))
    with pytest.raises(PermissionDenied, match="may not sign"):
        _do(registry, COORDINATOR, lambda r: r.sign(sid, PASSWORD))
    signed = _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    assert signed.status == Status.SIGNED and signed.signed_by == "dr.li" and not signed.stale
    with pytest.raises(WorkflowError, match="locked"):
        _do(registry, INVESTIGATOR, lambda r: r.override(sid, "I1", Answer.NO, "late change"))
    with pytest.raises(WorkflowError, match="unknown arm"):
        _do(registry, COORDINATOR, lambda r: r.move(sid, Status.ENROLLED, enrolment=Enrolment(ON, "S-01", "x")))
    enrolled = _do(registry, COORDINATOR, lambda r: r.move(
        sid, Status.ENROLLED, enrolment=Enrolment(ON, "RJ-001", "telitacicept")))
    assert enrolled.enrolment == Enrolment(ON, "RJ-001", "telitacicept")

    with registry.reading() as session:
        actions = [a.action for a in session.execute(select(AuditRow).where(AuditRow.entity != "account")
                                                      .order_by(AuditRow.id)).scalars()]
    assert actions[1:] == ["screening.start", "screening.manual", "screening.manual", "screening.override",
                           "screening.ready_for_review", "screening.signed", "signature",
                           "screening.enrolled", "add"]


def test_signing_needs_every_criterion_settled(registry, patient_ref):
    sid = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON)).id
    _do(registry, COORDINATOR, lambda r: r.move(sid, Status.READY_FOR_REVIEW))
    with pytest.raises(WorkflowError, match="criteria are open: I4, E1, E9"):
        _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))


def test_a_signed_screening_keeps_its_snapshot_and_turns_stale_when_data_change(registry, patient_ref):
    sid = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON)).id
    for criterion, answer in (("I4", Answer.YES), ("E9", Answer.NO)):
        _do(registry, COORDINATOR, lambda r: r.answer(sid, criterion, answer, "checked"))
    _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "eGFR reading confirmed"))
    _do(registry, COORDINATOR, lambda r: r.move(sid, Status.READY_FOR_REVIEW))
    signed = _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))

    with registry.writing() as session:
        patients = PatientRepository(session, "t")
        patient = patients.require(patient_ref)
        patients.save(patient.model_copy(update={"record_no": "H-NEW"}), reason="corrected")
    with registry.reading() as session:
        after = ScreeningRepository(session, MONITOR).get(sid)
    assert after.stale
    assert after.checklist == signed.checklist  # the signed content, not a re-evaluation


def _signed(registry, patient_ref) -> int:
    sid = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON)).id
    for criterion, answer in (("I4", Answer.YES), ("E9", Answer.NO)):
        _do(registry, COORDINATOR, lambda r: r.answer(sid, criterion, answer, "checked"))
    _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "eGFR reading confirmed"))
    _do(registry, COORDINATOR, lambda r: r.move(sid, Status.READY_FOR_REVIEW))
    _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    return sid


def test_enrolment_records_the_patients_study_audited_and_follow_up_does_not_make_it_stale(registry, patient_ref):
    sid = _signed(registry, patient_ref)
    enrolled = _do(registry, COORDINATOR, lambda r: r.move(
        sid, Status.ENROLLED, enrolment=Enrolment(ON, " RJ-001 ", "telitacicept")))
    assert enrolled.status == Status.ENROLLED and not enrolled.stale

    with registry.reading() as session:
        patient = PatientRepository(session, "t").require(patient_ref)
        entry = session.execute(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).scalar_one()
    assert patient.studies == [Study(trial=NCT, arm="telitacicept", subject_no="RJ-001", enrolled_on=ON)]
    assert (entry.action, entry.entity, entry.patient_ref, entry.actor, entry.reason) == \
        ("add", "studies", patient_ref, "ann", f"enrolment {NCT}-S0001")
    assert '"subject_no":"RJ-001"' in entry.new_value

    # On-study follow-up changes the record but not what was screened.
    study = patient.studies[0].model_copy(update={"doses": [
        DoseRecord(drug="telitacicept", start=ON, dose=80, unit="mg", reason="first infusion")]})
    with registry.writing() as session:
        PatientRepository(session, "t").save(patient.model_copy(update={"studies": [study]}), reason="visit")
    with registry.reading() as session:
        assert not ScreeningRepository(session, MONITOR).get(sid).stale


def test_an_enrolment_already_in_the_record_is_not_recorded_twice(registry, patient_ref):
    with registry.writing() as session:
        patients = PatientRepository(session, "t")
        patient = patients.require(patient_ref)
        patients.save(patient.model_copy(update={"studies": [
            Study(trial=NCT, arm="telitacicept", subject_no="RJ-001", enrolled_on=ON)]}), reason="imported")
    sid = _signed(registry, patient_ref)
    _do(registry, COORDINATOR, lambda r: r.move(sid, Status.ENROLLED,
                                                enrolment=Enrolment(ON, "RJ-001", "telitacicept")))
    with registry.reading() as session:
        assert len(session.execute(select(StudyRow)).all()) == 1
        assert session.execute(select(AuditRow.action).order_by(AuditRow.id.desc()).limit(1)).scalar_one() == \
            "screening.enrolled"


def test_an_enrolment_whose_subject_number_is_taken_changes_nothing(registry, patient_ref):
    other = demo_patient(0, seed=2, today=ON)[2].model_copy(update={"registry_no": "OTHER-1", "studies": [
        Study(trial=NCT, arm="placebo", subject_no="RJ-001", enrolled_on=dt.date(2026, 10, 1))]})
    with registry.writing() as session:
        PatientRepository(session, "t").add([other])
    sid = _signed(registry, patient_ref)
    with pytest.raises(WorkflowError, match=f"{NCT} subject number 'RJ-001' is already taken by patient OTHER-1"):
        _do(registry, COORDINATOR, lambda r: r.move(
            sid, Status.ENROLLED, enrolment=Enrolment(ON, "RJ-001", "telitacicept")))
    with registry.reading() as session:
        assert session.get(ScreeningRow, sid).status == Status.SIGNED  # the whole step was rolled back
        assert PatientRepository(session, "t").require(patient_ref).studies == []


def _ready(registry, patient_ref) -> int:
    sid = _do(registry, COORDINATOR, lambda r: r.start(patient_ref, NCT, ON)).id
    for criterion, answer in (("I4", Answer.YES), ("E9", Answer.NO)):
        _do(registry, COORDINATOR, lambda r: r.answer(sid, criterion, answer, "checked"))
    _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "eGFR reading confirmed"))
    return sid


def test_signing_needs_the_password_and_records_who_when_and_what_for(registry, patient_ref):
    sid = _ready(registry, patient_ref)
    prepared = _do(registry, COORDINATOR, lambda r: r.submit(sid, PASSWORD))
    assert [(s.meaning, s.printed_name, s.role) for s in prepared.signatures] == [("Prepared by", "王安", "coordinator")]
    with pytest.raises(WorkflowError, match="use sign"):
        _do(registry, INVESTIGATOR, lambda r: r.move(sid, Status.SIGNED))
    with pytest.raises(AuthenticationError, match="not signed"):
        _do(registry, INVESTIGATOR, lambda r: r.sign(sid, "not my password"))
    with pytest.raises(PermissionDenied, match="may not sign"):
        _do(registry, COORDINATOR, lambda r: r.sign(sid, PASSWORD))
    signed = _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    prepared_sig, confirmed = signed.signatures
    assert (confirmed.meaning, confirmed.printed_name, confirmed.role) == \
        ("Eligibility confirmed by investigator", "李明", "investigator")
    assert confirmed.matches and prepared_sig.matches and confirmed.timezone == "Asia/Shanghai"
    assert confirmed.local_time.utcoffset() == dt.timedelta(hours=8)
    assert "李明 (investigator)" in confirmed.describe() and "+0800" in confirmed.describe()


def test_a_tampered_signed_screening_shows_its_signature_as_broken(registry, patient_ref):
    sid = _ready(registry, patient_ref)
    _do(registry, COORDINATOR, lambda r: r.submit(sid, PASSWORD))
    _do(registry, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    with registry.writing() as session:  # an edit outside the application
        row = session.get(ScreeningRow, sid)
        row.snapshot = row.snapshot.replace('"auto": "no"', '"auto": "yes"', 1)
    with registry.reading() as session:
        view = ScreeningRepository(session, MONITOR).get(sid)
    assert [s.matches for s in view.signatures] == [False, False]
    assert "NO LONGER MATCHES" in view.signatures[1].describe()


def test_the_prepared_signature_no_longer_matches_after_a_later_override(registry, patient_ref):
    sid = _ready(registry, patient_ref)
    _do(registry, COORDINATOR, lambda r: r.submit(sid, PASSWORD))
    view = _do(registry, INVESTIGATOR, lambda r: r.override(sid, "I1", Answer.YES, "age confirmed on ID card"))
    assert [s.matches for s in view.signatures] == [False]
