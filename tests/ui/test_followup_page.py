"""The follow-up view on the imported on-study example (NCT03864250, tacrolimus arm: eGFR more
than 30% below baseline on 2026-07-27, dose halved the next day): the halving action and its
chart, acknowledging with a note (and refused without one, or for a monitor), replaying days."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role
from db.acknowledgements import AcknowledgementRepository
from db.importer import import_records
from db.registry import Registry
from tests.conftest import EXAMPLES
from ui.window.context import AppContext
from ui.window.followup.page import FollowUpPage

NCT = "NCT03864250"
REF = "EX-4250-F1"
NURSE = Actor("ann", Role.COORDINATOR)


@pytest.fixture
def site(site_db) -> Registry:
    registry = Registry.open(site_db)
    for path in [EXAMPLES / "on-study" / "NCT03864250-followup.json", EXAMPLES / "NCT03864250.json"]:
        assert import_records(registry, path.read_bytes(), path.name, "ann").accepted
    yield registry
    registry.close()


def page_for(qtbot, registry: Registry, actor: Actor = NURSE) -> FollowUpPage:
    page = FollowUpPage(AppContext(registry, actor))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.as_of.setDate(QDate(2026, 7, 27))
    page.open_followup(REF, NCT)
    return page


def cells(page: FollowUpPage, model, columns: int = 6) -> list[list[str]]:
    return [[model.index(row, column).data() for column in range(columns)] for row in range(model.rowCount())]


def test_the_halving_action_shows_on_the_day_the_rule_fires(qtbot, site):
    page = page_for(qtbot, site)
    assert cells(page, page.actions_model) == [
        ["2026-07-27", "X8", "Halve dose", "Tacrolimus", "3", "1.5"],
        ["2026-08-10", "X8", "Recheck", "Tacrolimus", "", ""]]
    headers = [page.actions_model.headerData(c, Qt.Orientation.Horizontal) for c in
               range(page.actions_model.columnCount())]
    assert headers[-1] == "Protocol text"
    protocol = page.actions_model.index(0, len(headers) - 1).data()
    assert protocol.startswith("In the TAC group, the eGFR decreased by >30%")
    assert "baseline eGFR 76.89 on 2026-05-18" in page.summary.text()
    assert page.tabs.tabText(0) == "Due actions (2)"
    page.select_action(0)
    assert "halve Tacrolimus from 3 mg/d to 1.5 mg/d" in page.details.toPlainText()
    assert page.ack_button.isEnabled()


def test_the_chart_draws_egfr_with_the_baseline_and_the_limit(qtbot, site):
    page = page_for(qtbot, site)
    series = page.chart.series_named()
    assert {"eGFR", "Baseline 76.89", "−30% limit 53.82", "Tacrolimus dose (mg/d)",
            "Tacrolimus trough (ng/mL)", "Tacrolimus trough limit 10 ng/mL"} <= series.keys()
    egfr = [point.y() for point in series["eGFR"].points()]
    assert len(egfr) == 7 and egfr[-1] == pytest.approx(45.44, abs=0.01)
    assert [point.y() for point in series["Baseline 76.89"].points()] == pytest.approx([76.89, 76.89])
    assert [point.y() for point in series["−30% limit 53.82"].points()] == pytest.approx([53.82, 53.82])
    assert [point.y() for point in series["Tacrolimus dose (mg/d)"].points()] == [4, 4, 3, 3]  # a step down
    assert max(point.y() for point in series["Tacrolimus trough (ng/mL)"].points()) == 11.6

    page.as_of.setDate(QDate(2026, 11, 23))  # replaying a later day redraws up to it
    series = page.chart.series_named()
    assert len(series["eGFR"].points()) == 14
    assert series["Tacrolimus dose (mg/d)"].points()[-1].y() == 1.5


def test_acknowledging_needs_a_note_and_changes_nothing_the_engine_computes(qtbot, site):
    page = page_for(qtbot, site)
    before = cells(page, page.actions_model)
    page.select_action(0)
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    assert "needs a note" in page.ack_error.text()
    with site.reading() as session:
        assert AcknowledgementRepository(session, NURSE).all() == {}

    qtbot.keyClicks(page.note, "dose halved to 1.5 mg/d, patient phoned")
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    assert page.ack_error.text() == "" and page.note.toPlainText() == ""
    assert cells(page, page.actions_model) == before
    acknowledged = page.actions_model.index(0, 6).data()
    assert acknowledged.startswith("ann ") and acknowledged.endswith(": dose halved to 1.5 mg/d, patient phoned")
    assert page.actions_model.index(1, 6).data() == ""
    assert "dose halved to 1.5 mg/d, patient phoned" in page.details.toPlainText()  # still selected
    with site.reading() as session:
        stored = AcknowledgementRepository(session, NURSE).for_patient(REF, NCT)
    assert [ack.note for ack in stored.values()] == ["dose halved to 1.5 mg/d, patient phoned"]


def test_a_monitor_reads_but_may_not_acknowledge(qtbot, site):
    page = page_for(qtbot, site, Actor("mo", Role.MONITOR))
    page.select_action(0)
    assert page.actions_model.rowCount() == 2 and not page.ack_button.isEnabled()
    page.note.setPlainText("seen")
    assert page.acknowledge() is False  # refused by the database layer, not only by the button
    assert "may not acknowledge a follow-up action" in page.ack_error.text()


def test_replaying_days_and_the_picker(qtbot, site):
    page = page_for(qtbot, site)
    page.as_of.setDate(QDate(2026, 7, 29))
    assert [row[2] for row in cells(page, page.actions_model)] == ["Recheck"]
    page.as_of.setDate(QDate(2026, 11, 23))
    assert page.actions_model.rowCount() == 0 and page.alerts_model.rowCount() == 0
    assert page.responses_model.index(0, 2).data() == "partial remission"
    assert page.picker.currentText().startswith(f"{REF}  陈静 — {NCT}")

    page.as_of.setDate(QDate(2026, 5, 1))  # before randomisation: said, nothing shown
    assert "is not enrolled in NCT03864250 on 2026-05-01" in page.message.text()
    assert page.actions_model.rowCount() == 0 and page.chart.series_named() == {}


def test_an_administrator_sees_no_patient_data(qtbot, site):
    page = FollowUpPage(AppContext(site, Actor("helpdesk", Role.ADMINISTRATOR)))
    qtbot.addWidget(page)
    page.show()
    page.open_followup(REF, NCT)
    assert page.picker.count() == 0 and page.result is None
    assert "may not read the registry" in page.message.text()


def test_opened_from_the_alerts_list_on_its_day(qtbot, site):
    page = page_for(qtbot, site)
    page.as_of.setDate(QDate(2026, 11, 23))
    page.context.setProperty("followup_day", QDate(2026, 7, 29))  # what the alerts view sets
    page.open_followup(REF, NCT)
    assert page.day() == dt.date(2026, 7, 29) and page.result.on == dt.date(2026, 7, 29)
    assert [a.action for a in page.result.actions] == ["recheck"]
    page.open_followup(REF, NCT)  # used once: the next request keeps the view's own day
    assert page.day() == dt.date(2026, 7, 29)
