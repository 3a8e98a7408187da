"""Dose changes and follow-up results entered for an enrolled patient: checked field by field
before anything is written, written and audited in one transaction, refused to a monitor."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.followup.engine import follow_up
from coordinator.problems import InvalidRecord
from coordinator.records.record_io import read_records
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.followup.study_entries import dose_change, study_drugs
from coordinator.screening.trial_library import load_trials
from db.models import AuditRow
from db.patients import PatientRepository
from db.study_entries import record_adverse_event, record_dose, record_exit, record_result, record_visit
from tests.conftest import EXAMPLES

NCT, REF = "NCT03864250", "EX-4250-F1"
NURSE = Actor("ann", Role.COORDINATOR)
MONITOR = Actor("mo", Role.MONITOR)
HALVING_DAY = dt.date(2026, 7, 27)


def example(without_doses_from: dt.date | None = None):
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    patient = read_records(path.read_bytes(), path.name)[0][0]
    if without_doses_from is None:
        return patient
    study = patient.studies[0]
    kept = [d for d in study.doses if d.start < without_doses_from]
    return patient.model_copy(update={"studies": [study.model_copy(update={"doses": kept})]})


@pytest.fixture
def stored(registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([example(without_doses_from=dt.date(2026, 6, 1))])
    return registry


def trial():
    return load_trials()[NCT]


def test_the_study_drugs_are_the_arms_with_the_unit_the_rules_read():
    assert [(d.drug, d.unit) for d in study_drugs(trial(), "tac")] == [("tacrolimus", "mg/d")]
    assert [d.drug for d in study_drugs(trial(), "tac_prednisone")] == ["tacrolimus", "prednisone"]


@pytest.mark.parametrize(("entry", "field", "words"), [
    ({"drug": None}, "drug", "choose the study drug"),
    ({"drug": "prednisone"}, "drug", "not a study drug of NCT03864250 arm tac; expected one of: tacrolimus"),
    ({"start": None}, "start", "is required"),
    ({"start": dt.date(2026, 5, 1)}, "start", "before the enrolment on 2026-05-18"),
    ({"start": dt.date.today() + dt.timedelta(days=1)}, "start", "in the future"),
    ({"start": dt.date(2026, 5, 18)}, "start", "already recorded (4 mg/d)"),
    ({"dose": ""}, "dose", "the dose is required (0 when the drug is stopped)"),
    ({"dose": "two"}, "dose", "'two' is not a number"),
    ({"dose": "-1"}, "dose", "cannot be negative"),
    ({"dose": "4"}, "dose", "already 4 mg/d since 2026-05-18: nothing changes"),
])
def test_a_bad_dose_entry_names_its_field(entry, field, words):
    values = {"drug": "tacrolimus", "start": dt.date(2026, 6, 16), "dose": "3", **entry}
    changed, problems = dose_change(example(without_doses_from=dt.date(2026, 6, 1)), trial(), **values)
    assert changed is None and [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_a_dose_change_is_written_audited_and_read_by_the_engine(stored):
    before = follow_up(trial(), example(without_doses_from=dt.date(2026, 6, 1)), HALVING_DAY)
    halving = [a for a in before.actions if a.action == "halve_dose"]
    assert halving and halving[0].from_mg_per_day == 4.0
    with stored.writing() as session:
        written = record_dose(session, NURSE, REF, trial(), drug="tacrolimus", start=dt.date(2026, 6, 16),
                              dose="3,0", note="trough 11.6", audit_reason="week 4 visit")
    assert (written.dose, written.unit, written.note, written.reason) == (3.0, "mg/d", "trough 11.6", None)
    with stored.reading() as session:
        patient = PatientRepository(session, "t").require(REF)
        audit = session.execute(select(AuditRow).where(AuditRow.entity.like("studies[%].doses"))).scalars().all()
    assert [(a.action, a.actor, a.reason) for a in audit] == [("add", "ann", "week 4 visit")]
    after = follow_up(trial(), patient, HALVING_DAY)
    halving = [a for a in after.actions if a.action == "halve_dose"]
    assert (halving[0].from_mg_per_day, halving[0].to_mg_per_day) == (3.0, 1.5)


def test_a_monitor_may_not_record_a_dose_or_a_result(stored):
    for write in (lambda s: record_dose(s, MONITOR, REF, trial(), drug="tacrolimus", start=dt.date(2026, 6, 16),
                                        dose="3"),
                  lambda s: record_result(s, MONITOR, REF, {"code": "creatinine", "date": HALVING_DAY,
                                                            "value": "130", "unit": "umol/L"})):
        with pytest.raises(PermissionDenied), stored.writing() as session:
            write(session)
    with stored.reading() as session:
        patient = PatientRepository(session, "t").require(REF)
        assert session.execute(select(AuditRow).where(AuditRow.actor == "mo")).first() is None
    assert patient == example(without_doses_from=dt.date(2026, 6, 1))


def test_a_result_is_checked_then_written_with_its_limits(stored):
    bad = {"code": "creatinine", "date": HALVING_DAY, "value": "1.6", "unit": "mg/dL", "uln": "-1"}
    with pytest.raises(InvalidRecord) as refused, stored.writing() as session:
        record_result(session, NURSE, REF, bad)
    assert [p.field for p in refused.value.problems] == ["uln"]
    with stored.writing() as session:
        written = record_result(session, NURSE, REF, {**bad, "uln": "0.95", "lln": ""})
    assert (written.value, written.unit, written.uln, written.lln) == (1.6, "mg/dL", 0.95, None)
    with stored.reading() as session:
        assert PatientRepository(session, "t").require(REF).observations[-1] == written


# -- a visit, an adverse event and the exit --------------------------------------------------------

def _audited(registry, section: str):
    with registry.reading() as session:
        return [(a.action, a.actor, a.reason) for a in session.execute(
            select(AuditRow).where(AuditRow.entity.like(f"studies[%].{section}"))).scalars()]


def test_a_visit_an_adverse_event_and_an_exit_are_written_and_audited(stored):
    with stored.writing() as session:
        visit = record_visit(session, NURSE, REF, trial(), visit="week32", date=dt.date(2026, 11, 30), note="early")
    with stored.writing() as session:
        event = record_adverse_event(session, NURSE, REF, trial(), term="Tremor", onset=dt.date(2026, 11, 30),
                                     grade="2", serious=False, related_to="tacrolimus", audit_reason="week 32")
    with stored.writing() as session:
        left = record_exit(session, NURSE, REF, trial(), date=dt.date(2026, 11, 30), reason="withdrew consent")
    with stored.reading() as session:
        study = PatientRepository(session, "t").require(REF).study(NCT)
    assert (study.visits[-1], study.adverse_events[-1], study.exits) == (visit, event, [left])
    assert (visit.status, event.grade, left.reason) == ("done", 2, "withdrew consent")
    assert _audited(stored, "visits") == [("add", "ann", None)]
    assert _audited(stored, "adverse_events") == [("add", "ann", "week 32")]
    assert _audited(stored, "exits") == [("add", "ann", None)]


def test_a_bad_entry_is_refused_whole_and_nothing_is_written(stored):
    with pytest.raises(InvalidRecord) as refused, stored.writing() as session:
        record_adverse_event(session, NURSE, REF, trial(), term="", onset=dt.date(2026, 5, 1), grade="6")
    assert [p.field for p in refused.value.problems] == ["term", "onset", "grade"]
    with pytest.raises(InvalidRecord) as refused, stored.writing() as session:
        record_exit(session, NURSE, REF, trial(), date=dt.date(2026, 9, 9), reason="")
    assert [p.field for p in refused.value.problems] == ["reason"]
    with stored.reading() as session:
        assert PatientRepository(session, "t").require(REF) == example(without_doses_from=dt.date(2026, 6, 1))


def test_a_monitor_may_not_record_a_visit_an_adverse_event_or_an_exit(stored):
    for write in (lambda s: record_visit(s, MONITOR, REF, trial(), visit="week16", date=dt.date(2026, 9, 8)),
                  lambda s: record_adverse_event(s, MONITOR, REF, trial(), term="Tremor", onset=dt.date(2026, 9, 8),
                                                 grade=1),
                  lambda s: record_exit(s, MONITOR, REF, trial(), date=dt.date(2026, 9, 9), reason="withdrew")):
        with pytest.raises(PermissionDenied), stored.writing() as session:
            write(session)
    with stored.reading() as session:
        assert PatientRepository(session, "t").require(REF) == example(without_doses_from=dt.date(2026, 6, 1))
        assert session.execute(select(AuditRow).where(AuditRow.actor == "mo")).first() is None
