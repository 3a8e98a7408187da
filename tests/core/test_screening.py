"""The screening workflow's rules in the core: roles, manual answers, overrides, status moves."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.screening.eligibility import evaluate
from coordinator.records.record import DoseRecord, Medication, Observation, Patient, Study, StudyVisit
from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import (PERMISSIONS, Actor, Permission, PermissionDenied, Role, Status,
    WorkflowError, check_answer, check_override, check_transition, record_hash)
from coordinator.screening.trial_library import load_trials
from coordinator.records.record_io import read_records
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)
NCT = "NCT06394063"
COORDINATOR, INVESTIGATOR = Actor("ann", Role.COORDINATOR), Actor("dr.li", Role.INVESTIGATOR)
MONITOR, ADMIN = Actor("mo", Role.MONITOR), Actor("it", Role.ADMINISTRATOR)


@pytest.fixture(scope="module")
def eligible():
    """An eligible-by-design patient: open are I4 (consent, manual), E1 (its GFR readings
    disagree: eGFR 63, creatinine clearance 54), E9 (manual)."""
    patients, problems = read_records((EXAMPLES / f"{NCT}.json").read_bytes(), source=f"{NCT}.json")
    patient = next(p for p in patients if p.registry_no == "EX-4063-01")
    checklist = evaluate(load_trials()[NCT], patient, ON)
    assert checklist.open == ["I4", "E1", "E9"]
    return patient, checklist


def test_roles_hold_exactly_their_permissions():
    assert PERMISSIONS[Role.MONITOR] == {Permission.READ, Permission.READ_AUDIT, Permission.BACK_UP}
    assert PERMISSIONS[Role.ADMINISTRATOR] == {Permission.MANAGE_ACCOUNTS, Permission.BACK_UP, Permission.RESTORE,
                                               Permission.ENCRYPT}
    assert all(not {Permission.RESTORE, Permission.ENCRYPT} & PERMISSIONS[role] for role in Role
               if role is not Role.ADMINISTRATOR)
    assert Permission.READ_AUDIT not in PERMISSIONS[Role.COORDINATOR] | PERMISSIONS[Role.ADMINISTRATOR]
    assert Permission.OVERRIDE not in PERMISSIONS[Role.COORDINATOR]
    assert PERMISSIONS[Role.COORDINATOR] < PERMISSIONS[Role.INVESTIGATOR]
    assert Permission.SCREEN not in PERMISSIONS[Role.ADMINISTRATOR]


def test_a_coordinator_answers_manual_criteria_with_a_note(eligible):
    _, checklist = eligible
    decision = check_answer(COORDINATOR, Status.IN_PROGRESS, checklist, "I4", Answer.YES, "  consent signed  ")
    assert (decision.answer, decision.by, decision.note) == (Answer.YES, "ann", "consent signed")
    assert decision.at is not None and decision.at.tzinfo is not None


@pytest.mark.parametrize("actor", [MONITOR, ADMIN])
def test_readers_and_administrators_cannot_answer(eligible, actor):
    with pytest.raises(PermissionDenied, match="may not record a manual answer"):
        check_answer(actor, Status.IN_PROGRESS, eligible[1], "I4", Answer.YES, "")


def test_ambiguous_text_needs_the_investigator_even_for_a_manual_answer(eligible):
    _, checklist = eligible
    with pytest.raises(PermissionDenied, match="E1 rests on ambiguous protocol text"):
        check_answer(COORDINATOR, Status.IN_PROGRESS, checklist, "E1", Answer.NO, "looks fine")
    assert check_answer(INVESTIGATOR, Status.IN_PROGRESS, checklist, "E1", Answer.NO, "read as >=").answer == Answer.NO


def test_a_data_answer_is_changed_only_by_override(eligible):
    _, checklist = eligible
    with pytest.raises(WorkflowError, match="answered from the data"):
        check_answer(INVESTIGATOR, Status.IN_PROGRESS, checklist, "E8", Answer.YES, "")
    override = check_override(INVESTIGATOR, Status.IN_PROGRESS, checklist, "E8", Answer.YES, "IgG repeat was 4.1")
    final = checklist.with_decisions({}, {"E8": override})
    assert final.failed == ["E8"] and final.verdict == "ineligible"
    assert next(r for r in final.criteria if r.id == "E8").auto == Answer.NO  # kept beside the final answer


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_needs_a_reason(eligible, reason):
    with pytest.raises(WorkflowError, match="needs a reason"):
        check_override(INVESTIGATOR, Status.IN_PROGRESS, eligible[1], "E8", Answer.YES, reason)


def test_a_coordinator_cannot_override(eligible):
    with pytest.raises(PermissionDenied, match="may not override"):
        check_override(COORDINATOR, Status.IN_PROGRESS, eligible[1], "E8", Answer.YES, "because")


@pytest.mark.parametrize("answer", [Answer.UNKNOWN, Answer.NEEDS_REVIEW])
def test_decisions_are_yes_or_no(eligible, answer):
    with pytest.raises(WorkflowError, match="yes or no"):
        check_answer(COORDINATOR, Status.IN_PROGRESS, eligible[1], "I4", answer, "")
    with pytest.raises(WorkflowError, match="yes or no"):
        check_override(INVESTIGATOR, Status.IN_PROGRESS, eligible[1], "I4", answer, "r")


def test_unknown_criterion_is_named(eligible):
    with pytest.raises(WorkflowError, match="NCT06394063 has no criterion I99"):
        check_answer(COORDINATOR, Status.IN_PROGRESS, eligible[1], "I99", Answer.YES, "")


@pytest.mark.parametrize("status", [Status.SIGNED, Status.ENROLLED, Status.SCREEN_FAILURE])
def test_locked_screenings_take_no_answers(eligible, status):
    with pytest.raises(WorkflowError, match="locked"):
        check_answer(COORDINATOR, status, eligible[1], "I4", Answer.YES, "")
    with pytest.raises(WorkflowError, match="locked"):
        check_override(INVESTIGATOR, status, eligible[1], "E8", Answer.YES, "r")


def _settled(checklist):
    manual = {i: check_answer(INVESTIGATOR, Status.IN_PROGRESS, checklist, i, a, "checked")
              for i, a in (("I4", Answer.YES), ("E1", Answer.NO), ("E9", Answer.NO))}
    return checklist.with_decisions(manual, {})


def test_status_moves_follow_the_lifecycle_and_the_roles(eligible):
    _, checklist = eligible
    settled = _settled(checklist)
    assert settled.verdict == "eligible"
    check_transition(COORDINATOR, Status.IN_PROGRESS, Status.READY_FOR_REVIEW, checklist)
    check_transition(COORDINATOR, Status.READY_FOR_REVIEW, Status.IN_PROGRESS, checklist)
    with pytest.raises(PermissionDenied, match="may not sign"):
        check_transition(COORDINATOR, Status.READY_FOR_REVIEW, Status.SIGNED, settled)
    with pytest.raises(WorkflowError, match="criteria are open: I4, E1, E9"):
        check_transition(INVESTIGATOR, Status.READY_FOR_REVIEW, Status.SIGNED, checklist)
    check_transition(INVESTIGATOR, Status.READY_FOR_REVIEW, Status.SIGNED, settled)
    with pytest.raises(WorkflowError, match="cannot become signed"):
        check_transition(INVESTIGATOR, Status.IN_PROGRESS, Status.SIGNED, settled)
    check_transition(COORDINATOR, Status.SIGNED, Status.ENROLLED, settled)
    with pytest.raises(WorkflowError, match="cannot become"):
        check_transition(INVESTIGATOR, Status.ENROLLED, Status.SCREEN_FAILURE, settled)


def test_only_an_eligible_patient_is_enrolled(eligible):
    _, checklist = eligible
    failed = checklist.with_decisions({}, {"E8": check_override(INVESTIGATOR, Status.IN_PROGRESS, checklist, "E8",
                                                                 Answer.YES, "low IgG on repeat")})
    with pytest.raises(WorkflowError, match="only an eligible patient can be enrolled"):
        check_transition(COORDINATOR, Status.SIGNED, Status.ENROLLED, failed)
    check_transition(COORDINATOR, Status.SIGNED, Status.SCREEN_FAILURE, failed)


def test_the_record_hash_changes_with_any_data_and_not_with_order(eligible):
    patient, _ = eligible
    assert record_hash(patient) == record_hash(patient.model_copy(
        update={"observations": list(reversed(patient.observations))}))
    assert record_hash(patient) != record_hash(patient.model_copy(update={"record_no": "H-OTHER"}))


def test_the_record_hash_ignores_the_on_study_records(eligible):
    # Enrolment and follow-up add to `studies`; the signed eligibility screening must not turn stale.
    patient, _ = eligible
    study = Study(trial="NCT03864250", arm="tac", subject_no="S-01", enrolled_on=dt.date(2026, 11, 20),
                  visits=[StudyVisit(visit="baseline", date=dt.date(2026, 11, 20))],
                  doses=[DoseRecord(drug="tacrolimus", start=dt.date(2026, 11, 20), dose=4)])
    assert record_hash(patient) == record_hash(patient.model_copy(update={"studies": [study]}))
    assert record_hash(patient) != record_hash(patient.model_copy(update={"note": "changed", "studies": [study]}))


def test_the_record_hash_is_the_one_stored_before_patients_had_studies():
    # Screenings signed before `studies` existed keep their fingerprint (computed by that version).
    patient = Patient(registry_no="R1", name="张三", sex="F", birth_date=dt.date(1980, 1, 2),
                      observations=[Observation(code="creatinine", date=dt.date(2026, 1, 1), value=80, unit="umol/L")],
                      medications=[Medication(drug="tacrolimus", start=dt.date(2026, 1, 1), dose=2, dose_unit="mg/d")])
    assert record_hash(patient) == "75afb1d2512a440827f40ed1af51da1193914ccce31f7f67721dd72670fb459b"
