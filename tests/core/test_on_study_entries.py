"""A visit, an adverse event and the study exit typed for an enrolled patient: every field's
problem named, the boundaries (grades 0/1/5/6, the enrolment day and the day before it, today
and tomorrow), and what the exit-criteria engine makes of the entry."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.followup.engine import StudyStatus, follow_up
from coordinator.records.record_io import read_records
from coordinator.followup.study_entries import (adverse_event, study_exit, visit_done, visit_for_day,
                                       visits_to_record)
from coordinator.screening.trial_library import load_trials
from tests.conftest import EXAMPLES

NCT = "NCT03864250"
ENROLLED = dt.date(2026, 5, 18)
TODAY = dt.date(2026, 11, 23)
HALVING_DAY = dt.date(2026, 7, 27)


def trial():
    return load_trials()[NCT]


def on_study(visits_before: dt.date = dt.date(2026, 6, 10)):
    """The on-study example (tacrolimus arm, enrolled 2026-05-18) with only the visits before a
    day recorded, and no exit."""
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    patient = read_records(path.read_bytes(), path.name)[0][0]
    study = patient.studies[0]
    visits = [v for v in study.visits if v.date is not None and v.date < visits_before]
    return patient.model_copy(update={"studies": [study.model_copy(update={"visits": visits, "exits": []})]})


def fields_of(problems) -> list[str]:
    return [p.field for p in problems]


# -- visits ----------------------------------------------------------------------------------------

def test_the_visits_to_record_are_the_schedules_not_yet_recorded():
    choices = visits_to_record(trial(), on_study().studies[0])
    assert [v.visit for v in choices][:3] == ["week4", "week8", "week12"]
    assert (choices[0].due, choices[0].window_from, choices[0].window_to) == (
        dt.date(2026, 6, 15), dt.date(2026, 6, 12), dt.date(2026, 6, 18))
    assert visit_for_day(choices, dt.date(2026, 7, 14)).visit == "week8"   # in week 8's window
    assert visit_for_day(choices, dt.date(2026, 6, 25)).visit == "week4"   # in none: the earliest
    assert visit_for_day([], dt.date(2026, 6, 25)) is None


@pytest.mark.parametrize(("entry", "field", "words"), [
    ({"visit": ""}, "visit", "choose the visit"),
    ({"visit": "week3"}, "visit", "'week3' is not in the NCT03864250 visit schedule"),
    ({"visit": "week2"}, "visit", "visit 'week2' is already recorded"),
    ({"date": None}, "date", "the date the visit took place is required"),
    ({"date": ENROLLED - dt.timedelta(days=1)}, "date", "visit date 2026-05-17 is before the enrolment on 2026-05-18"),
    ({"date": TODAY + dt.timedelta(days=1)}, "date", "in the future"),
])
def test_a_bad_visit_names_its_field(entry, field, words):
    values = {"visit": "week4", "date": dt.date(2026, 6, 15), **entry}
    changed, problems = visit_done(on_study(), trial(), **values, today=TODAY)
    assert changed is None and fields_of(problems) == [field]
    assert words in problems[0].message


def test_a_visit_on_the_enrolment_day_or_today_is_recorded():
    for day in (ENROLLED, TODAY):
        changed, problems = visit_done(on_study(), trial(), visit="week4", date=day, note="  ", today=TODAY)
        assert problems == []
        recorded = changed.studies[0].visits[-1]
        assert (recorded.visit, recorded.date, recorded.status, recorded.note) == ("week4", day, "done", None)


def test_a_recorded_visit_clears_its_missed_visit_alert():
    def missed(patient):
        return [a.message for a in follow_up(trial(), patient, HALVING_DAY).alerts if a.kind == "missed_visit"]
    before = on_study()
    assert [m for m in missed(before) if "week4" in m]
    changed, _ = visit_done(before, trial(), visit="week4", date=dt.date(2026, 6, 16), today=TODAY)
    assert not [m for m in missed(changed) if "week4" in m]
    assert [m for m in missed(changed) if "week8" in m]  # the others are still missed


def test_an_entry_for_a_trial_the_patient_is_not_in():
    changed, problems = visit_done(on_study(), load_trials()["NCT03580291"], visit="week4",
                                   date=dt.date(2026, 6, 15), today=TODAY)
    assert changed is None and fields_of(problems) == ["visit"] and "is not enrolled in NCT03580291" in \
        problems[0].message


# -- adverse events --------------------------------------------------------------------------------

def ae(**entry):
    values = {"term": "Tremor", "onset": dt.date(2026, 6, 3), "grade": "2", **entry}
    return adverse_event(on_study(), trial(), **values, today=TODAY)


@pytest.mark.parametrize(("entry", "field", "words"), [
    ({"term": "  "}, "term", "describe the adverse event"),
    ({"term": "x" * 201}, "term", "longer than 200 characters"),
    ({"onset": None}, "onset", "the onset date is required"),
    ({"onset": ENROLLED - dt.timedelta(days=1)}, "onset", "onset 2026-05-17 is before the enrolment on 2026-05-18"),
    ({"onset": TODAY + dt.timedelta(days=1)}, "onset", "in the future"),
    ({"grade": ""}, "grade", "the CTCAE grade is required"),
    ({"grade": "two"}, "grade", "'two' is not a CTCAE grade"),
    ({"grade": "2.5"}, "grade", "'2.5' is not a CTCAE grade"),
    ({"grade": "0"}, "grade", "CTCAE grade 0 is outside 1 to 5"),
    ({"grade": 6}, "grade", "CTCAE grade 6 is outside 1 to 5"),
    ({"related_to": "prednisone"}, "related_to", "'prednisone' is not a study drug of NCT03864250 arm tac"),
    ({"resolved": dt.date(2026, 6, 2)}, "resolved", "resolved 2026-06-02 is before onset 2026-06-03"),
    ({"resolved": TODAY + dt.timedelta(days=1)}, "resolved", "in the future"),
])
def test_a_bad_adverse_event_names_its_field(entry, field, words):
    changed, problems = ae(**entry)
    assert changed is None and fields_of(problems) == [field]
    assert words in problems[0].message


@pytest.mark.parametrize("grade", ["1", 5, "5"])
def test_grades_one_to_five_are_recorded(grade):
    changed, problems = ae(grade=grade)
    assert problems == [] and changed.studies[0].adverse_events[-1].grade == int(grade)


def test_an_adverse_event_is_recorded_whole():
    changed, problems = ae(term=" Tremor ", onset=ENROLLED, grade="3", serious=True, related_to="tacrolimus",
                           resolved=ENROLLED, note="hands")
    assert problems == []
    event = changed.studies[0].adverse_events[-1]
    assert (event.term, event.onset, event.grade, event.serious, event.related_to, event.resolved, event.note) == (
        "Tremor", ENROLLED, 3, True, "tacrolimus", ENROLLED, "hands")
    assert ae(onset=TODAY, related_to="")[0].studies[0].adverse_events[-1].related_to is None


# -- the exit --------------------------------------------------------------------------------------

def leave(patient=None, **entry):
    values = {"date": dt.date(2026, 7, 20), "reason": "withdrew consent", **entry}
    return study_exit(patient or on_study(), trial(), **values, today=TODAY)


@pytest.mark.parametrize(("entry", "field", "words"), [
    ({"date": None}, "date", "the exit date is required"),
    ({"date": ENROLLED - dt.timedelta(days=1)}, "date", "exit date 2026-05-17 is before the enrolment on 2026-05-18"),
    ({"date": TODAY + dt.timedelta(days=1)}, "date", "in the future"),
    ({"reason": " "}, "reason", "the reason is required"),
    ({"criterion": "X99"}, "criterion", "'X99' is not an exit criterion of NCT03864250"),
])
def test_a_bad_exit_names_its_field(entry, field, words):
    changed, problems = leave(**entry)
    assert changed is None and fields_of(problems) == [field]
    assert words in problems[0].message


def test_a_study_has_one_exit():
    first, _ = leave()
    changed, problems = leave(first, date=dt.date(2026, 8, 1))
    assert changed is None and fields_of(problems) == ["date"]
    assert "a study has one exit; the patient already left on 2026-07-20" in problems[0].message


def test_after_the_exit_the_engine_raises_no_due_action():
    before = follow_up(trial(), on_study(), HALVING_DAY)
    assert [a.action for a in before.actions if a.action == "halve_dose"] and before.alerts
    changed, problems = leave(date=ENROLLED, reason="completed early", criterion="X8", note="per PI")
    assert problems == []
    assert changed.studies[0].exits[-1].model_dump(exclude_none=True) == {
        "date": ENROLLED, "reason": "completed early", "criterion": "X8", "note": "per PI"}
    after = follow_up(trial(), changed, HALVING_DAY)
    assert after.status == StudyStatus.WITHDRAWN
    assert (after.actions, after.alerts, after.next_visits) == ((), (), ())
    on_the_day_before = follow_up(trial(), leave(date=HALVING_DAY)[0], HALVING_DAY - dt.timedelta(days=1))
    assert on_the_day_before.status == StudyStatus.ON_STUDY  # a replay before the exit is unchanged
