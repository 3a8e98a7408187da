"""The site-wide list of what is due or overdue: computed in the background for the chosen day
(the same lines as `trialdesk alerts`), filtered by trial, kind and patient, acknowledgements
shown beside actions, and a double-click asking for the patient's follow-up."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.records.record_io import parse_records
from coordinator.screening.workflow import Actor, Role
from db.acknowledgements import AcknowledgementRepository
from db.importer import import_records
from db.patients import PatientRepository
from db.registry import Registry
from tests.conftest import EXAMPLES
from ui.window.context import AppContext
from ui.window.alerts.page import AlertsPage
from ui.window.changes import Change
from ui.window.operations import announce

NCT = "NCT03864250"
FOLLOWUP = EXAMPLES / "on-study" / "NCT03864250-followup.json"
NURSE = Actor("ann", Role.COORDINATOR)


def lagging_copy():
    """The example patient as another subject whose history stops on 2026-07-27: the recheck of
    2026-08-10 and the week-12 visit never happen."""
    patient = parse_records(FOLLOWUP.read_bytes())[0][0]
    cut = dt.date(2026, 7, 27)
    study = patient.studies[0]
    study = study.model_copy(update={"subject_no": "XH-TAC-018",
                                     "visits": [v for v in study.visits if v.date and v.date <= cut]})
    return patient.model_copy(update={"registry_no": "EX-4250-F2", "name": "林晓", "record_no": None,
                                      "observations": [o for o in patient.observations if o.date <= cut],
                                      "studies": [study]})


@pytest.fixture
def site(site_db) -> Registry:
    registry = Registry.open(site_db)
    for path in [FOLLOWUP, *sorted(EXAMPLES.glob("NCT*.json"))]:
        assert import_records(registry, path.read_bytes(), path.name, "ann").accepted
    with registry.writing() as session:
        PatientRepository(session, "ann").add([lagging_copy()])
    yield registry
    registry.close()


def page_on(qtbot, registry: Registry, day: dt.date, actor: Actor = NURSE) -> AlertsPage:
    page = AlertsPage(AppContext(registry, actor))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.as_of.setDate(QDate(day.year, day.month, day.day))  # before it is shown: computed once, on show
    page.show()
    qtbot.waitUntil(lambda: not page.running and page.computed_for == day)
    return page


def shown(page: AlertsPage) -> list[tuple[str, ...]]:
    """(due, status, patient, trial, what) of each line as the view shows it."""
    proxy = page.proxy
    return [tuple(proxy.index(row, column).data() for column in range(5)) for row in range(proxy.rowCount())]


def test_the_day_the_rule_fires_lists_the_halving_and_its_recheck(qtbot, site):
    page = page_on(qtbot, site, dt.date(2026, 7, 27))
    rows = shown(page)
    assert [row[2] for row in rows] == ["EX-4250-F1", "EX-4250-F2", "EX-4250-F1", "EX-4250-F2"]
    assert {row[4] for row in rows[:2]} == {"Halve dose"} and {row[4] for row in rows[2:]} == {"Recheck"}
    assert {row[1] for row in rows[:2]} == {"due"} and {row[1] for row in rows[2:]} == {"coming"}
    assert page.summary.text() == "4 items as of 2026-07-27"
    details = page.proxy.index(0, page.model.columnCount() - 1).data()
    assert "halve Tacrolimus from 3 mg/d to 1.5 mg/d" in details


def test_filters_by_kind_trial_and_patient_and_marks_the_overdue(qtbot, site):
    page = page_on(qtbot, site, dt.date(2026, 8, 20))
    # the recheck counts from the day the dose was changed as recorded (the day after the reading)
    # the late recheck once, as the action, overdue (not also as an "Overdue recheck" line)
    assert shown(page) == [("2026-08-10", "overdue", "EX-4250-F2", NCT, "Missed visit"),
                           ("2026-08-11", "overdue", "EX-4250-F2", NCT, "Recheck")]
    assert page.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#b71c1c"
    assert page.summary.text() == "2 items as of 2026-08-20, 2 overdue"

    page.kind_filter.setCurrentIndex(page.kind_filter.findData("missed_visit"))
    assert [row[4] for row in shown(page)] == ["Missed visit"]
    assert page.summary.text() == "1 item as of 2026-08-20, 1 overdue (filtered from 2)"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("action"))
    assert [row[4] for row in shown(page)] == ["Recheck"]
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("dose_above_max"))
    assert shown(page) == []
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("overdue"))
    assert len(shown(page)) == 2

    page.trial_filter.setCurrentIndex(page.trial_filter.findData("NCT05863936"))
    assert shown(page) == []
    page.trial_filter.setCurrentIndex(page.trial_filter.findData(NCT))
    assert len(shown(page)) == 2
    qtbot.keyClicks(page.patient_filter, "ex-4250-f1")
    assert shown(page) == []
    page.patient_filter.clear()
    assert len(shown(page)) == 2


def test_acknowledgements_show_and_a_new_day_recomputes_the_same_lines_as_the_command(qtbot, site, cli):
    page = page_on(qtbot, site, dt.date(2026, 7, 27))
    with site.writing() as session:
        key = "X8:halve_dose:tacrolimus:2026-07-27"
        AcknowledgementRepository(session, NURSE).acknowledge("EX-4250-F1", NCT, key, "halved, patient phoned",
                                                              on=dt.date(2026, 7, 27))
    announce(page.context, Change.ON_STUDY)  # what a write elsewhere in the window does
    qtbot.waitUntil(lambda: not page.running)
    acknowledged = page.proxy.index(0, 9).data()
    assert acknowledged.startswith("ann ") and acknowledged.endswith(": halved, patient phoned")
    assert page.proxy.index(1, 9).data() == ""  # the other patient's halving is not acknowledged

    page.as_of.setDate(QDate(2026, 11, 23))
    qtbot.waitUntil(lambda: not page.running and page.computed_for == dt.date(2026, 11, 23))
    command = json.loads(cli("alerts", "--on", "2026-11-23", "--json").stdout)["items"]
    assert len(command) == 6  # each late action once
    assert [(item.patient, item.trial, item.due.isoformat(), item.action.action if item.action else item.alert.kind)
            for item in page.model.rows()] == \
        [(i["patient"], i["trial"], i["due"], i.get("action") or i["kind"]) for i in command]
    assert {row[2] for row in shown(page)} == {"EX-4250-F2"}  # the example patient is settled by then
    assert page.summary.text() == "6 items as of 2026-11-23, 6 overdue"


def test_a_double_click_asks_for_the_patients_follow_up(qtbot, site):
    page = page_on(qtbot, site, dt.date(2026, 8, 20))
    index = page.proxy.index(1, 2)
    rect = page.table.visualRect(index)
    requests = []
    page.context.followup_requested.connect(lambda *args: requests.append(args))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert requests == []  # a single click only selects
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert requests == [("EX-4250-F2", NCT)]
    assert page.context.property("followup_day") == QDate(2026, 8, 20)  # the follow-up opens on this day
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the keyboard does the same
    assert requests[-1] == ("EX-4250-F2", NCT) and len(requests) == 2


def test_an_administrator_gets_no_list(qtbot, site):
    page = AlertsPage(AppContext(site, Actor("helpdesk", Role.ADMINISTRATOR)))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.running)
    assert page.model.rowCount() == 0
    assert "may not read the registry" in page.summary.text()
