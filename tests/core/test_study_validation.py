"""Validation of the on-study records (`studies`): trial, arm, visit schedule, study drugs and
units, dates against the enrolment, adverse events and exits, each problem naming the patient,
the field path and what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.screening.trial_library import load_trials

from coordinator.records.record import AdverseEvent, DoseRecord, ExitEvent, Study, StudyVisit
from coordinator.records.validation import validate_patient

ENROLLED = dt.date(2026, 5, 18)
TAC = "NCT03864250"


def study(**changes) -> Study:
    """A valid tacrolimus-arm enrolment with some history."""
    base = dict(
        trial=TAC, arm="tac", subject_no="XH-017", enrolled_on=ENROLLED,
        visits=[StudyVisit(visit="baseline", date=ENROLLED), StudyVisit(visit="week2", status="missed")],
        doses=[DoseRecord(drug="tacrolimus", start=ENROLLED, dose=4, reason="start"),
               DoseRecord(drug="tacrolimus", start=dt.date(2026, 7, 28), dose=2, reason="X8 step 1"),
               DoseRecord(drug="tacrolimus", start=dt.date(2026, 9, 1), dose=0, reason="stopped")],
        adverse_events=[AdverseEvent(term="Tremor", grade=1, onset=dt.date(2026, 6, 3), resolved=dt.date(2026, 6, 24),
                                     related_to="tacrolimus")],
        exits=[ExitEvent(date=dt.date(2026, 9, 1), reason="eGFR still falling at the recheck", criterion="X8")],
    )
    base.update(changes)
    return Study(**base)


def messages(make_patient, today, *studies: Study) -> list[str]:
    return [str(p) for p in validate_patient(make_patient(registry_no="R0002", studies=list(studies)), today=today)]


def test_a_full_on_study_history_is_valid(make_patient, today):
    other = Study(trial="NCT06394063", arm="placebo", subject_no="T-3", enrolled_on=dt.date(2026, 10, 1),
                  visits=[StudyVisit(visit="any-visit-name", date=dt.date(2026, 10, 1))])  # that trial has no schedule
    assert messages(make_patient, today, study(), other) == []


def test_a_missed_visit_may_carry_its_planned_date(make_patient, today):
    visit = StudyVisit(visit="week2", date=dt.date(2026, 6, 1), status="missed")
    assert messages(make_patient, today, study(visits=[visit])) == []


def test_an_unknown_trial(make_patient, today):
    assert messages(make_patient, today, study(trial="NCT00000001")) == [
        f"patient R0002: studies[0].trial: unknown trial 'NCT00000001'; known: {', '.join(sorted(load_trials()))}"]


def test_an_arm_the_trial_does_not_have(make_patient, today):
    assert messages(make_patient, today, study(arm="placebo")) == [
        "patient R0002: studies[0].arm: unknown arm 'placebo'; expected one of: tac, tac_prednisone"]


def test_a_visit_not_in_the_schedule(make_patient, today):
    problems = messages(make_patient, today, study(visits=[StudyVisit(visit="week5", date=dt.date(2026, 6, 22))]))
    assert len(problems) == 1
    assert problems[0].startswith("patient R0002: studies[0].visits[0].visit: visit 'week5' is not in the "
                                  "NCT03864250 visit schedule; expected one of: baseline, week2, week4, week8,")


def test_a_visit_recorded_twice(make_patient, today):
    visits = [StudyVisit(visit="week2", status="missed"), StudyVisit(visit="week2", date=dt.date(2026, 6, 2))]
    assert messages(make_patient, today, study(visits=visits)) == [
        "patient R0002: studies[0].visits[1].visit: visit 'week2' is already recorded in visits[0]"]


def test_a_visit_done_without_a_date(make_patient, today):
    assert messages(make_patient, today, study(visits=[StudyVisit(visit="week4")])) == [
        "patient R0002: studies[0].visits[0].date: a visit that took place needs its date (or status 'missed')"]


def test_an_unknown_study_drug(make_patient, today):
    dose = DoseRecord(drug="tacrolimu", start=ENROLLED, dose=4)
    assert messages(make_patient, today, study(doses=[dose])) == [
        "patient R0002: studies[0].doses[0].drug: unknown drug code 'tacrolimu'"]


@pytest.mark.parametrize("unit", ["mg/d", "g/d", "mg", "mg/kg", "cells/kg"])
def test_the_accepted_dose_units(make_patient, today, unit):
    dose = DoseRecord(drug="mesenchymal_stem_cells", start=ENROLLED, dose=2e6, unit=unit)
    assert messages(make_patient, today, study(doses=[dose])) == []


def test_a_dose_unit_that_is_not_accepted(make_patient, today):
    doses = [DoseRecord(drug="tacrolimus", start=ENROLLED, dose=4),
             DoseRecord(drug="tacrolimus", start=dt.date(2026, 6, 1), dose=0.05, unit="mg/kg/d")]
    assert messages(make_patient, today, study(doses=doses)) == [
        "patient R0002: studies[0].doses[1].unit: unknown dose unit 'mg/kg/d'; "
        "expected one of: mg/d, g/d, mg, mg/kg, cells/kg"]


def test_a_dose_before_the_enrolment(make_patient, today):
    dose = DoseRecord(drug="tacrolimus", start=dt.date(2026, 5, 17), dose=4)
    assert messages(make_patient, today, study(doses=[dose])) == [
        "patient R0002: studies[0].doses[0].start: start 2026-05-17 is before the enrolment on 2026-05-18"]


def test_a_visit_before_the_enrolment(make_patient, today):
    visit = StudyVisit(visit="baseline", date=dt.date(2026, 5, 1))
    assert messages(make_patient, today, study(visits=[visit])) == [
        "patient R0002: studies[0].visits[0].date: visit date 2026-05-01 is before the enrolment on 2026-05-18"]


def test_an_exit_before_the_enrolment(make_patient, today):
    exit_event = ExitEvent(date=dt.date(2026, 5, 10), reason="withdrew consent", criterion="X2")
    assert messages(make_patient, today, study(exits=[exit_event])) == [
        "patient R0002: studies[0].exits[0].date: exit date 2026-05-10 is before the enrolment on 2026-05-18"]


def test_two_exits(make_patient, today):
    exits = [ExitEvent(date=dt.date(2026, 10, 1), reason="withdrew consent", criterion="X2"),
             ExitEvent(date=dt.date(2026, 9, 1), reason="eGFR still falling", criterion="X8")]
    assert messages(make_patient, today, study(exits=exits)) == [
        "patient R0002: studies[0].exits[0]: a study has one exit; the patient already left on 2026-09-01"]


def test_an_exit_criterion_the_trial_does_not_have(make_patient, today):
    exit_event = ExitEvent(date=dt.date(2026, 9, 1), reason="sponsor stopped the study", criterion="X99")
    problems = messages(make_patient, today, study(exits=[exit_event]))
    assert len(problems) == 1
    assert problems[0].startswith("patient R0002: studies[0].exits[0].criterion: 'X99' is not an exit criterion "
                                  "of NCT03864250; expected one of: X1, X2,")


def test_an_adverse_event_resolved_before_its_onset(make_patient, today):
    event = AdverseEvent(term="Tremor", grade=1, onset=dt.date(2026, 6, 3), resolved=dt.date(2026, 6, 1))
    assert messages(make_patient, today, study(adverse_events=[event])) == [
        "patient R0002: studies[0].adverse_events[0].resolved: resolved 2026-06-01 is before onset 2026-06-03"]


def test_an_adverse_event_related_to_an_unknown_drug(make_patient, today):
    event = AdverseEvent(term="Tremor", grade=1, onset=dt.date(2026, 6, 3), related_to="FK506")
    assert messages(make_patient, today, study(adverse_events=[event])) == [
        "patient R0002: studies[0].adverse_events[0].related_to: unknown drug code 'FK506'"]


def test_on_study_dates_may_not_be_in_the_future(make_patient, today):
    later = today + dt.timedelta(days=1)
    problems = messages(make_patient, today, study(
        visits=[StudyVisit(visit="week4", date=later)], exits=[],
        adverse_events=[AdverseEvent(term="Tremor", grade=1, onset=later)]))
    assert problems == [
        f"patient R0002: studies[0].visits[0].date: date {later} is in the future (today is {today})",
        f"patient R0002: studies[0].adverse_events[0].onset: date {later} is in the future (today is {today})"]


def test_one_subject_number_twice_in_a_patient(make_patient, today):
    again = study(enrolled_on=dt.date(2026, 10, 1), visits=[], doses=[], adverse_events=[], exits=[])
    assert messages(make_patient, today, study(), again) == [
        "patient R0002: studies[1].subject_no: NCT03864250 subject number 'XH-017' is already used by studies[0]"]


def test_a_planned_enrolment_day_may_be_ahead_but_not_before_birth(make_patient, today):
    planned = Study(trial=TAC, arm="tac", subject_no="XH-030", enrolled_on=today + dt.timedelta(days=2))
    assert messages(make_patient, today, planned) == []
    assert messages(make_patient, today, planned.model_copy(update={"enrolled_on": dt.date(1970, 1, 1)})) == [
        "patient R0002: studies[0].enrolled_on: date 1970-01-01 is before the date of birth 1986-05-14"]
