"""Typing the lab's limits on the patient page, and a dose change or a follow-up result on the
follow-up view: in the result's own unit, refused with a message by the field (nothing saved),
refused to a monitor by the core, and a dose that makes the exit-criteria engine act."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from coordinator.screening.workflow import Actor, Role
from db.importer import import_records
from db.models import AuditRow
from db.patients import PatientRepository
from db.registry import Registry
from tests.conftest import EXAMPLES, make_patient
from tests.ui.test_patient_page import _add_result
from ui.window.context import AppContext
from ui.window.patient.parts_model import PROBLEM_BACKGROUND
from ui.window.followup.page import FollowUpPage
from ui.window.patient.page import PatientPage

NURSE = Actor("ann", Role.COORDINATOR)
MONITOR = Actor("mo", Role.MONITOR)
TODAY = dt.date.today()
NCT, REF = "NCT03864250", "EX-4250-F1"
HALVING_DAY = QDate(2026, 7, 27)


# -- the lab's limits on the patient page ----------------------------------------------------------

@pytest.fixture
def patient_page(qtbot, registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0001", "张三丰")])
    page = PatientPage(AppContext(registry, NURSE))
    qtbot.addWidget(page, before_close_func=lambda shown: shown.revert())
    page.resize(1300, 700)
    page.show()
    page.open_patient("R0001")
    return page


def _with_limits(qtbot, page, code, value, unit, uln="", lln="") -> int:
    bar = page.lab_bar
    bar.choose(code)
    bar.set_unit(unit)
    qtbot.keyClicks(bar.uln, uln)
    qtbot.keyClicks(bar.lln, lln)
    _add_result(qtbot, bar, code, TODAY, value, unit)
    return len(page.observations.rows) - 1


def _cell(page, row, field):
    return page.observations.index(row, page.observations.column_of(field))


def _stored(registry):
    with registry.reading() as session:
        return PatientRepository(session, "t").require("R0001")


def _audit_count(registry) -> int:
    with registry.reading() as session:
        return session.execute(select(func.count(AuditRow.id))).scalar_one()


def test_the_limits_are_entered_in_the_results_own_unit(qtbot, patient_page, registry):
    page = patient_page
    assert page.lab_bar.uln.accessibleName() == "New result: upper limit of normal"
    page.lab_bar.choose("creatinine")
    page.lab_bar.set_unit("mg/dL")
    assert page.lab_bar.uln.placeholderText() == "ULN (mg/dL)"
    row = _with_limits(qtbot, page, "creatinine", "1.6", "mg/dL", uln="0,95", lln="0.45")
    assert (_cell(page, row, "uln").data(), _cell(page, row, "lln").data()) == ("0.95", "0.45")
    assert page.lab_bar.uln.text() == "" and page.save(), page.banner.text()
    saved = _stored(registry).observations[-1]
    assert (saved.value, saved.unit, saved.uln, saved.lln) == (1.6, "mg/dL", 0.95, 0.45)


@pytest.mark.parametrize(("uln", "lln", "field", "words"), [
    ("-40", "", "uln", "ULN -40 U/L must be above zero"),
    ("40", "50", "lln", "LLN 50 must be below ULN 40"),
    ("40000", "", "uln", "outside the plausible range"),
])
def test_a_bad_limit_is_shown_by_its_cell_and_nothing_is_saved(qtbot, patient_page, registry, uln, lln, field,
                                                                 words):
    page = patient_page
    before, audited = _stored(registry), _audit_count(registry)
    row = _with_limits(qtbot, page, "alt", "30", "U/L", uln=uln, lln=lln)
    assert _cell(page, row, field).data(Qt.ItemDataRole.BackgroundRole) == PROBLEM_BACKGROUND
    assert words in _cell(page, row, field).data(Qt.ItemDataRole.ToolTipRole)
    problems = _cell(page, row, "problems").data()
    assert problems.startswith("ULN: " if field == "uln" else "LLN: ") and words in problems
    header = page.labs.table.horizontalHeader()  # the messages sit right after the limits
    assert header.visualIndex(page.observations.column_of("problems")) == \
        header.visualIndex(page.observations.column_of("lln")) + 1
    assert not page.labs.table.isColumnHidden(page.observations.column_of("problems"))
    assert not page.save()
    assert _stored(registry) == before and _audit_count(registry) == audited


# -- the follow-up view's entries ------------------------------------------------------------------

@pytest.fixture
def site(site_db) -> Registry:
    """The on-study example with no dose recorded yet."""
    registry = Registry.open(site_db)
    record = json.loads((EXAMPLES / "on-study" / "NCT03864250-followup.json").read_text())
    record["patients"][0]["studies"][0]["doses"] = []
    assert import_records(registry, json.dumps(record), "no-doses.json", "ann").accepted
    yield registry
    registry.close()


def followup_for(qtbot, registry, actor=NURSE) -> FollowUpPage:
    page = FollowUpPage(AppContext(registry, actor))
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.as_of.setDate(HALVING_DAY)
    page.open_followup(REF, NCT)
    return page


def _doses(registry):
    with registry.reading() as session:
        return PatientRepository(session, "t").require(REF).studies[0].doses


def _type_dose(qtbot, page, day: QDate, dose: str, note: str = "") -> None:
    entry = page.entry
    entry.dose_date.setDate(day)
    entry.dose.clear()
    qtbot.keyClicks(entry.dose, dose)
    qtbot.keyClicks(entry.dose_note, note)


def _halving(page):
    return [a for a in page.result.actions if a.action == "halve_dose"]


def test_a_dose_makes_the_engine_act_and_the_halving_is_then_recorded_from_the_action(qtbot, site):
    page = followup_for(qtbot, site)
    entry = page.entry
    assert entry.isVisible() and entry.drug.currentData().drug == "tacrolimus"
    assert entry.dose.accessibleName() == "Dose change: dose"
    assert _halving(page) == []  # no dose on record: nothing to halve
    _type_dose(qtbot, page, QDate(2026, 5, 18), "4", "2 mg twice daily")
    qtbot.keyClick(entry.dose, Qt.Key.Key_Return)
    assert entry.dose_error.isHidden() and entry.dose.text() == ""
    assert [(d.dose, d.unit, d.reason, d.note) for d in _doses(site)] == [(4.0, "mg/d", "start", "2 mg twice daily")]
    halving = _halving(page)
    assert [(a.from_mg_per_day, a.to_mg_per_day) for a in halving] == [(4.0, 2.0)]
    row = next(r for r in range(page.actions_model.rowCount()) if page.actions_model.index(r, 2).data() == "Halve dose")
    assert [page.actions_model.index(row, column).data() for column in (3, 4, 5)] == ["Tacrolimus", "4", "2"]

    page.select_action(row)  # the halving fills the entry in
    assert (entry.drug.currentData().drug, entry.dose.text()) == ("tacrolimus", "2")
    entry.dose_date.setDate(QDate(2026, 7, 28))
    page.as_of.setDate(QDate(2026, 7, 28))
    qtbot.mouseClick(entry.dose_button, Qt.MouseButton.LeftButton)
    assert entry.dose_error.isHidden(), entry.dose_error.text()
    assert _doses(site)[-1].reason == "X8: halve_dose"
    assert not _halving(page)
    assert [a.done for a in page.result.history if a.action == "halve_dose"] == [dt.date(2026, 7, 28)]


@pytest.mark.parametrize(("day", "dose", "words"), [
    (QDate(2026, 7, 27), "two", "Dose: 'two' is not a number"),
    (QDate(2026, 7, 27), "", "Dose: the dose is required"),
    (QDate(2026, 5, 1), "3", "Date: start 2026-05-01 is before the enrolment on 2026-05-18"),
])
def test_a_bad_dose_is_explained_by_the_field_and_nothing_is_saved(qtbot, site, day, dose, words):
    page = followup_for(qtbot, site)
    audited = _audit_count(site)
    _type_dose(qtbot, page, day, dose)
    assert not page.entry.record_dose()
    assert page.entry.dose_error.isVisible() and words in page.entry.dose_error.text()
    marked = page.entry.dose_date if words.startswith("Date") else page.entry.dose
    assert "a01d12" in marked.styleSheet()
    assert page.entry.dose.text() == dose  # kept for correcting
    assert _doses(site) == [] and _audit_count(site) == audited


def test_a_monitor_has_no_entry_and_the_core_refuses_one_anyway(qtbot, site):
    page = followup_for(qtbot, site, MONITOR)
    assert not page.entry.isVisible()
    audited = _audit_count(site)
    _type_dose(qtbot, page, QDate(2026, 5, 18), "4")
    assert not page.entry.record_dose()  # driven anyway: refused in the core
    assert "may not change patient data" in page.entry.dose_error.text()
    assert not page.entry.record_result({"code": "creatinine", "date": dt.date(2026, 7, 28), "value": "130",
                                         "unit": "umol/L"})
    assert "may not change patient data" in page.entry.lab_error.text()
    assert _doses(site) == [] and _audit_count(site) == audited


def test_a_follow_up_result_with_its_limit_is_saved_from_the_follow_up_view(qtbot, site):
    page = followup_for(qtbot, site)
    bar = page.entry.lab_bar
    bar.choose("creatinine")
    assert bar.unit.currentText() == "umol/L"  # the unit the patient's creatinine is in
    assert bar.date.date() == HALVING_DAY
    qtbot.keyClicks(bar.uln, "-84")
    qtbot.keyClicks(bar.value, "130")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    assert "ULN: ULN -84 umol/L must be above zero" in page.entry.lab_error.text()
    assert "a01d12" in bar.uln.styleSheet() and bar.value.text() == "130"  # kept for correcting
    bar.uln.clear()
    qtbot.keyClicks(bar.uln, "84")
    qtbot.mouseClick(bar.add, Qt.MouseButton.LeftButton)
    assert page.entry.lab_error.isHidden() and bar.value.text() == "" and bar.uln.styleSheet() == ""
    with site.reading() as session:
        stored = PatientRepository(session, "t").require(REF).observations
    assert [(o.value, o.uln) for o in stored if o.code == "creatinine" and o.date == dt.date(2026, 7, 27)] == [
        (124.0, 84.0), (130.0, 84.0)]


# -- a visit, an adverse event and the study exit --------------------------------------------------

@pytest.fixture
def early_site(site_db) -> Registry:
    """The on-study example with no dose and only the visits before week 4 recorded."""
    registry = Registry.open(site_db)
    record = json.loads((EXAMPLES / "on-study" / "NCT03864250-followup.json").read_text())
    study = record["patients"][0]["studies"][0]
    study["doses"] = []
    study["visits"] = [v for v in study["visits"] if v.get("date") and v["date"] < "2026-06-10"]
    assert import_records(registry, json.dumps(record), "early.json", "ann").accepted
    yield registry
    registry.close()


def _study(registry):
    with registry.reading() as session:
        return PatientRepository(session, "t").require(REF).study(NCT)


def _missed(page) -> list[str]:
    return [a.message for a in page.result.alerts if a.kind == "missed_visit"]


def test_a_recorded_visit_clears_its_missed_visit_alert(qtbot, early_site):
    page = followup_for(qtbot, early_site)
    entry = page.entry
    assert entry.visit.accessibleName() == "Visit: which visit"
    assert [m for m in _missed(page) if "week4" in m] and [m for m in _missed(page) if "week8" in m]
    entry.tabs.setCurrentWidget(entry.visit.parentWidget())
    assert entry.visit.currentData().visit == "week4"  # the earliest not recorded: the day is in no window
    assert entry.visit.currentText() == "Week 4 [week4] (due 2026-06-15)"
    audited = _audit_count(early_site)
    entry.visit_date.setDate(QDate(2026, 6, 16))
    qtbot.keyClicks(entry.visit_note, "trough drawn")
    qtbot.mouseClick(entry.visit_button, Qt.MouseButton.LeftButton)
    assert entry.visit_error.isHidden(), entry.visit_error.text()
    visit = _study(early_site).visits[-1]
    assert (visit.visit, visit.date, visit.status, visit.note) == ("week4", dt.date(2026, 6, 16), "done", "trough drawn")
    assert _audit_count(early_site) == audited + 1
    assert not [m for m in _missed(page) if "week4" in m]  # the view computed again
    assert [m for m in _missed(page) if "week8" in m]
    assert entry.visit_note.text() == "" and entry.visit.currentData().visit == "week8"



def test_with_every_visit_recorded_the_visit_entry_says_so(qtbot, site):
    page = followup_for(qtbot, site)  # the example records its visits up to week 24; week 32 to 48 are ahead
    for visit in ("week32", "week40", "week48"):
        assert page.entry.visit.currentData().visit == visit
        page.entry.visit_date.setDate(QDate(2026, 11, 30))
        assert page.entry.record_visit(), page.entry.visit_error.text()
    assert page.entry.visit.count() == 0 and page.entry.visit.currentText() == ""
    assert page.entry.visit.placeholderText() == "No visit of the schedule left to record"
    assert not page.entry.record_visit()
    assert page.entry.visit_error.text() == "Visit: choose the visit"


def test_a_bad_visit_is_explained_by_the_field_and_kept(qtbot, early_site):
    page = followup_for(qtbot, early_site)
    entry = page.entry
    audited = _audit_count(early_site)
    entry.visit_date.setDate(QDate(2026, 5, 1))
    qtbot.keyClicks(entry.visit_note, "phoned")
    assert not entry.record_visit()
    assert "Date: visit date 2026-05-01 is before the enrolment on 2026-05-18" in entry.visit_error.text()
    assert "a01d12" in entry.visit_date.styleSheet() and entry.visit_note.text() == "phoned"
    assert _audit_count(early_site) == audited


def test_an_adverse_event_is_checked_then_recorded(qtbot, early_site):
    page = followup_for(qtbot, early_site)
    entry = page.entry
    assert (entry.ae_grade.minimum(), entry.ae_grade.maximum()) == (1, 5)
    assert entry.ae_related.itemText(0) == "Not related to a study drug"
    entry.tabs.setCurrentWidget(entry.ae_term.parentWidget())
    qtbot.keyClicks(entry.ae_term, "Tremor")
    entry.ae_onset.setDate(QDate(2026, 6, 3))
    entry.ae_grade.setValue(3)
    qtbot.mouseClick(entry.ae_serious, Qt.MouseButton.LeftButton)
    entry.ae_related.setCurrentIndex(entry.ae_related.findData("tacrolimus"))
    assert not entry.ae_resolved.isEnabled()
    qtbot.mouseClick(entry.ae_resolved_on, Qt.MouseButton.LeftButton)
    assert entry.ae_resolved.isEnabled()
    entry.ae_resolved.setDate(QDate(2026, 6, 1))
    audited = _audit_count(early_site)
    qtbot.mouseClick(entry.ae_button, Qt.MouseButton.LeftButton)
    assert "Resolved: resolved 2026-06-01 is before onset 2026-06-03" in entry.ae_error.text()
    assert "a01d12" in entry.ae_resolved.styleSheet() and entry.ae_term.text() == "Tremor"
    assert _audit_count(early_site) == audited
    entry.ae_resolved.setDate(QDate(2026, 6, 24))
    with qtbot.waitSignal(entry.recorded) as recorded:
        qtbot.mouseClick(entry.ae_button, Qt.MouseButton.LeftButton)
    assert entry.ae_error.isHidden() and entry.ae_resolved.styleSheet() == ""
    assert recorded.args == ["Adverse event recorded: Tremor, grade 3, from 2026-06-03"]
    event = _study(early_site).adverse_events[-1]
    assert (event.term, event.onset, event.grade, event.serious, event.related_to, event.resolved) == (
        "Tremor", dt.date(2026, 6, 3), 3, True, "tacrolimus", dt.date(2026, 6, 24))
    assert entry.ae_term.text() == "" and not entry.ae_serious.isChecked() and entry.ae_grade.value() == 1


def test_a_study_exit_needs_a_reason_and_then_stops_the_due_actions(qtbot, site):
    page = followup_for(qtbot, site)
    entry = page.entry
    _type_dose(qtbot, page, QDate(2026, 5, 18), "4")
    assert entry.record_dose() and _halving(page)
    entry.tabs.setCurrentWidget(entry.exit_reason.parentWidget())
    assert entry.exit_criterion.isVisible() and entry.exit_criterion.findData("X8") > 0
    entry.exit_date.setDate(QDate(2026, 7, 20))
    qtbot.mouseClick(entry.exit_button, Qt.MouseButton.LeftButton)
    assert "Reason: the reason is required" in entry.exit_error.text()
    assert "a01d12" in entry.exit_reason.styleSheet() and _study(site).exits == []
    qtbot.keyClicks(entry.exit_reason, "withdrew consent")
    entry.exit_criterion.setCurrentIndex(entry.exit_criterion.findData("X8"))
    qtbot.keyClick(entry.exit_reason, Qt.Key.Key_Return)
    assert entry.exit_error.isHidden(), entry.exit_error.text()
    left = _study(site).exits
    assert [(e.date, e.reason, e.criterion) for e in left] == [(dt.date(2026, 7, 20), "withdrew consent", "X8")]
    assert page.result.status == "withdrawn"
    assert page.result.actions == () and page.actions_model.rowCount() == 0 and not _halving(page)
    page.as_of.setDate(QDate(2026, 7, 19))  # the day before: still on study
    assert page.result.status == "on_study"


def test_a_monitor_is_refused_a_visit_an_adverse_event_and_an_exit_by_the_core(qtbot, early_site):
    page = followup_for(qtbot, early_site, MONITOR)
    entry = page.entry
    before, audited = _study(early_site), _audit_count(early_site)
    qtbot.keyClicks(entry.ae_term, "Tremor")
    qtbot.keyClicks(entry.exit_reason, "withdrew consent")
    for record, error in ((entry.record_visit, entry.visit_error), (entry.record_adverse_event, entry.ae_error),
                          (entry.record_exit, entry.exit_error)):
        assert not record()
        assert "may not change patient data" in error.text()
    assert _study(early_site) == before and _audit_count(early_site) == audited
