"""Readings of ambiguous text persisted: the investigator's choice for one screening, and a
reading adopted for the trial at the site (with its reason, undone the same way), each audited
and shown on every checklist that uses it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.screening.eligibility import ADOPTED, CHOSEN, checklist_from_dict, checklist_to_dict
from coordinator.screening.prescreen import prescreen
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial_library import load_trials
from coordinator.screening.workflow import Actor, PermissionDenied, Role, Status, WorkflowError
from db.accounts import AccountRepository
from db.audit_replay import data_differences
from db.models import AuditRow
from db.patients import PatientRepository
from db.readings import AdoptedReadings, adopted_readings
from db.screenings import ScreeningRepository
from tests.conftest import READINGS_TRIAL, with_neutrophils

ON = dt.date(2026, 11, 23)
NCT = READINGS_TRIAL
COORDINATOR = Actor("ann", Role.COORDINATOR)
INVESTIGATOR = Actor("dr.li", Role.INVESTIGATOR)
OTHER_INVESTIGATOR = Actor("dr.wang", Role.INVESTIGATOR)
MONITOR = Actor("mo", Role.MONITOR)
PASSWORD = "granite tulip 1987"


@pytest.fixture
def refs(registry):
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="Site", address=None, timezone="Asia/Shanghai", username="dr.li",
                        printed_name="李明", password=PASSWORD)
    low, normal = with_neutrophils(1.2), with_neutrophils(4.1)
    normal = normal.model_copy(update={"registry_no": "R-NORMAL", "record_no": None})
    with registry.writing() as session:
        PatientRepository(session, "t").add([low, normal])
    return low.registry_no, normal.registry_no


def _do(registry, actor, action):
    with registry.writing() as session:
        return action(ScreeningRepository(session, actor))


def _adopting(registry, actor, action):
    with registry.writing() as session:
        return action(AdoptedReadings(session, actor))


def _part(view, part_id="E7e"):
    return next(p for c in view.checklist.criteria for p in c.parts if p.id == part_id)


def _audit(registry, action):
    with registry.reading() as session:
        return session.execute(select(AuditRow).where(AuditRow.action == action).order_by(AuditRow.id)).scalars().all()


def test_disagreeing_readings_wait_for_the_investigators_choice_which_is_kept_audited_and_signed(registry, refs):
    low, _ = refs
    view = _do(registry, COORDINATOR, lambda r: r.start(low, NCT, ON))
    e7e = _part(view)
    assert (e7e.answer, e7e.resolved_by, e7e.reading) == (Answer.NEEDS_REVIEW, None, None)
    assert {r.id: r.answer for r in e7e.readings} == {"all_low": Answer.NO, "any_low": Answer.YES}
    assert "E7" in view.checklist.open

    with pytest.raises(PermissionDenied, match="may not choose or adopt a reading"):
        _do(registry, COORDINATOR, lambda r: r.choose_reading(view.id, "E7e", "any_low"))
    with pytest.raises(WorkflowError, match="has no reading 'some_low'; its readings: all_low, any_low"):
        _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7e", "some_low"))
    with pytest.raises(WorkflowError, match="E7a has no readings to choose from"):
        _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7a", "any_low"))
    with pytest.raises(WorkflowError, match="has no criterion or part E99"):
        _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E99", "any_low"))

    chosen = _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7e", "any_low",
                                                                     "the intent is any cytopenia"))
    e7e = _part(chosen)
    assert (e7e.answer, e7e.resolved_by, e7e.reading) == (Answer.YES, CHOSEN, "any_low")
    assert chosen.checklist.verdict == "ineligible" and "E7" in chosen.checklist.failed
    said = [str(line) for line in e7e.evidence]
    assert said[:2] == ["reading \u201cany count low\u201d chosen by dr.li: yes", "reason: the intent is any cytopenia"]

    # a second choice replaces the first; both are in the audit trail
    again = _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7e", "all_low"))
    assert (_part(again).answer, _part(again).reading) == (Answer.NO, "all_low")
    entries = _audit(registry, "screening.reading")
    assert len(entries) == 2 and '"reading": "any_low"' in entries[1].old_value
    assert '"item": "E7e"' in entries[1].new_value and entries[0].reason == "the intent is any cytopenia"

    # the snapshot a signature covers keeps the reading taken
    restored = checklist_from_dict(checklist_to_dict(again.checklist))
    assert next(p for c in restored.criteria for p in c.parts if p.id == "E7e").reading == "all_low"
    with registry.reading() as session:
        assert data_differences(session, INVESTIGATOR) == []


def test_a_locked_screening_takes_no_choice(registry, refs):
    _, normal = refs
    view = _do(registry, COORDINATOR, lambda r: r.start(normal, NCT, ON))
    for criterion in view.checklist.open:
        _do(registry, INVESTIGATOR, lambda r, c=criterion: r.override(view.id, c, Answer.NO if c.startswith("E")
                                                                      else Answer.YES, "checked"))
    _do(registry, COORDINATOR, lambda r: r.move(view.id, Status.READY_FOR_REVIEW))
    _do(registry, INVESTIGATOR, lambda r: r.sign(view.id, PASSWORD))
    with pytest.raises(WorkflowError, match="locked"):
        _do(registry, INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7e", "any_low"))


def test_a_reading_adopted_for_the_trial_applies_to_every_open_screening_until_withdrawn(registry, refs):
    low, normal = refs
    trial = load_trials()[NCT]
    view = _do(registry, COORDINATOR, lambda r: r.start(low, NCT, ON))
    with pytest.raises(PermissionDenied):
        _adopting(registry, COORDINATOR, lambda a: a.adopt(trial, "E7e", "any_low", "cytopenia"))
    with pytest.raises(WorkflowError, match="needs a reason"):
        _adopting(registry, INVESTIGATOR, lambda a: a.adopt(trial, "E7e", "any_low", "  "))
    with pytest.raises(WorkflowError, match="no reading 'x'"):
        _adopting(registry, INVESTIGATOR, lambda a: a.adopt(trial, "E7e", "x", "cytopenia"))
    with pytest.raises(WorkflowError, match="no reading is adopted"):
        _adopting(registry, INVESTIGATOR, lambda a: a.withdraw(trial, "E7e", "never adopted"))

    _adopting(registry, INVESTIGATOR, lambda a: a.adopt(trial, "E7e", "any_low", "sponsor's answer of 2026-10-02"))
    with pytest.raises(WorkflowError, match="already adopted"):
        _adopting(registry, OTHER_INVESTIGATOR, lambda a: a.adopt(trial, "E7e", "any_low", "again"))

    opened = _do(registry, MONITOR, lambda r: r.get(view.id))
    e7e = _part(opened)
    assert (e7e.answer, e7e.resolved_by, e7e.reading) == (Answer.YES, ADOPTED, "any_low")
    assert [str(line) for line in e7e.evidence[:2]] == [
        "reading \u201cany count low\u201d adopted for the trial by dr.li: yes", "reason: sponsor's answer of 2026-10-02"]
    # the same for a preview of a patient not yet screened, where the readings agree anyway
    with registry.reading() as session:
        screenings = ScreeningRepository(session, MONITOR)
        preview = screenings.preview(screenings.patients.require(normal), NCT, ON)
    assert next(p for c in preview.criteria for p in c.parts if p.id == "E7e").resolved_by == ADOPTED

    # the investigator's choice for one screening outranks the site's adoption
    chosen = _do(registry, OTHER_INVESTIGATOR, lambda r: r.choose_reading(view.id, "E7e", "all_low", "this case"))
    assert (_part(chosen).reading, _part(chosen).resolved_by) == ("all_low", CHOSEN)

    other = _do(registry, COORDINATOR, lambda r: r.start(normal, NCT, ON))
    _adopting(registry, INVESTIGATOR, lambda a: a.withdraw(trial, "E7e", "protocol amendment 3 says any"))
    reopened = _part(_do(registry, MONITOR, lambda r: r.get(other.id)))
    assert (reopened.resolved_by, reopened.answer) == ("agreement", Answer.NO)  # both readings: no

    with registry.reading() as session:
        history = AdoptedReadings(session, MONITOR).history(NCT)
        assert adopted_readings(session, NCT) == {}
    assert [(e.item_id, e.reading_id, e.by) for e in history] == [("E7e", "any_low", "dr.li"), ("E7e", None, "dr.li")]
    adopt, withdraw = _audit(registry, "reading.adopt"), _audit(registry, "reading.withdraw")
    assert len(adopt) == 1 and adopt[0].reason == "sponsor's answer of 2026-10-02" and adopt[0].actor == "dr.li"
    assert len(withdraw) == 1 and '"reading": "any_low"' in withdraw[0].old_value


def test_the_prescreen_takes_the_adopted_reading(registry, refs):
    low, _ = refs
    trial = load_trials()[NCT]
    with registry.reading() as session:
        patient = PatientRepository(session, "t").require(low)
    before = next(iter(prescreen([patient], [trial], ON, workers=1)))
    assert "E7" in before.open
    _adopting(registry, INVESTIGATOR, lambda a: a.adopt(trial, "E7e", "any_low", "sponsor's answer"))
    with registry.reading() as session:
        adopted = {NCT: adopted_readings(session, NCT)}
    after = next(iter(prescreen([patient], [trial], ON, workers=1, adopted=adopted)))
    assert after.verdict == "ineligible" and after.failed == ("E7",)
