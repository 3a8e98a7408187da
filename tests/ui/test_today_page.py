"""Today, the first view after sign-in: the day's worklist for the signed-in person and the site
(db.today) for a seeded registry: follow-up due and overdue once each, visits whose window opens
or closes this week, the screenings the person's role moves on, a signed screening gone stale,
the backup; each line opens the place where it is dealt with; the sidebar counts them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from coordinator.records.record import Observation
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial_library import load_trials
from coordinator.screening.workflow import Actor, Role
from db.patients import PatientRepository
from db.screenings import ScreeningRepository
from db.today import Opens, Section, today_items
from tests.ui.conftest import PASSWORD
from tests.ui.test_alerts_page import site  # noqa: F401  (the seeded registry: two patients on study)
from ui.window.context import AppContext
from ui.window.lazy_pages import PAGES
from ui.window.main_window import MainWindow
from ui.window.today.page import TodayPage

NCT, SCREENED = "NCT03864250", "NCT06394063"
NURSE, DOCTOR, MONITOR = Actor("ann", Role.COORDINATOR), Actor("dr.li", Role.INVESTIGATOR), Actor("mo", Role.MONITOR)
ON = dt.date(2026, 11, 23)


def items(registry, actor: Actor, on: dt.date, last_backup: dt.datetime | None = None):
    with registry.reading() as session:
        return today_items(session, actor, load_trials().values(), on, last_backup)


def lines(found, section: Section) -> list[tuple]:
    return [(i.status, i.when, i.patient, i.trial) for i in found if i.section == section]


def test_follow_up_lists_what_is_due_and_overdue_once_each(site):  # noqa: F811
    found = items(site, NURSE, dt.date(2026, 8, 20))
    assert lines(found, Section.FOLLOW_UP) == [("overdue", dt.date(2026, 8, 10), "EX-4250-F2", NCT),
                                              ("overdue", dt.date(2026, 8, 11), "EX-4250-F2", NCT)]
    assert all(i.urgent and i.opens == Opens.FOLLOW_UP for i in found if i.section == Section.FOLLOW_UP)
    assert lines(found, Section.BACKUP) == [("none", None, None, None)]


@pytest.mark.parametrize("on, status", [(dt.date(2026, 8, 28), None),      # week 16's window opens 2026-09-04
                                        (dt.date(2026, 8, 29), "opens"),   # within the week
                                        (dt.date(2026, 9, 4), "closes"),   # open, and closing 2026-09-10
                                        (dt.date(2026, 9, 11), None)])     # past: a missed visit (follow-up)
def test_visits_whose_window_opens_is_open_or_closes_this_week(site, on, status):  # noqa: F811
    visits = [i for i in items(site, NURSE, on) if i.section == Section.VISITS and i.patient == "EX-4250-F1"]
    assert [i.status for i in visits] == ([status] if status else [])
    if status:
        assert "visit week16 (week 16): window 2026-09-04 to 2026-09-10" in visits[0].what
        assert visits[0].urgent == (status == "closes")


def screen(registry, actor, step):
    with registry.writing() as session:
        return step(ScreeningRepository(session, actor))


def test_each_role_sees_the_screenings_it_moves_on_and_a_stale_one_is_flagged(site):  # noqa: F811
    sid = screen(site, NURSE, lambda r: r.start("EX-4063-01", SCREENED, ON)).id
    label = f"{SCREENED}-S0001"
    assert lines(items(site, NURSE, ON), Section.SCREENINGS) == [("prepare", ON, "EX-4063-01", SCREENED)]
    assert lines(items(site, DOCTOR, ON), Section.SCREENINGS) == [("prepare", ON, "EX-4063-01", SCREENED)]
    assert lines(items(site, MONITOR, ON), Section.SCREENINGS) == []  # nothing waits for a monitor
    screen(site, NURSE, lambda r: r.answer(sid, "I4", Answer.YES, "consent signed"))
    screen(site, DOCTOR, lambda r: r.override(sid, "E1", Answer.NO, "CKD-EPI eGFR 116"))
    screen(site, NURSE, lambda r: r.answer(sid, "E9", Answer.NO, "suitable"))
    screen(site, NURSE, lambda r: r.record_consent(sid, dt.date(2026, 11, 20)))
    screen(site, NURSE, lambda r: r.submit(sid, PASSWORD))
    assert lines(items(site, NURSE, ON), Section.SCREENINGS) == []
    assert lines(items(site, DOCTOR, ON), Section.SCREENINGS) == [("sign", ON, "EX-4063-01", SCREENED)]
    screen(site, DOCTOR, lambda r: r.sign(sid, PASSWORD))
    waiting = [i for i in items(site, NURSE, ON) if i.section == Section.SCREENINGS]
    assert [(i.status, i.opens) for i in waiting] == [("enrol", Opens.CHECKLIST)] and label in waiting[0].what

    with site.writing() as session:  # a result added after signing: the signed screening goes stale
        patients = PatientRepository(session, "ann")
        patient = patients.require("EX-4063-01")
        patients.save(patient.model_copy(update={"observations": [*patient.observations, Observation(
            code="alt", date=dt.date(2026, 11, 22), value=31, unit="U/L")]}), reason="new result")
    for actor in (NURSE, DOCTOR, MONITOR):
        found = items(site, actor, ON)
        assert lines(found, Section.STALE) == [("stale", ON, "EX-4063-01", SCREENED)]
        assert lines(found, Section.SCREENINGS) == []  # not to be enrolled on a stale screening
        assert next(i for i in found if i.section == Section.STALE).urgent


def test_the_backup_line_says_how_old_the_last_good_backup_is(site):  # noqa: F811
    day = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
    [recent] = [i for i in items(site, NURSE, ON, day) if i.section == Section.BACKUP]
    assert (recent.status, recent.urgent, recent.what) == ("ok", False, "last good backup 2026-11-20 (3 days ago)")
    [old] = [i for i in items(site, NURSE, ON, day - dt.timedelta(days=10)) if i.section == Section.BACKUP]
    assert (old.status, old.urgent) == ("old", True)


def test_the_view_lists_the_items_and_each_opens_its_place(qtbot, site):  # noqa: F811
    screen(site, NURSE, lambda r: r.start("EX-4063-01", SCREENED, dt.date.today()))
    page = TodayPage(AppContext(site, NURSE))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    counted = []
    page.counted.connect(counted.append)
    page.show()
    qtbot.waitUntil(lambda: not page.running and page.computed_for is not None)
    rows = [[page.model.index(r, c).data() for c in range(page.model.columnCount())]
            for r in range(page.model.rowCount())]
    assert ["Screenings waiting", "to prepare", dt.date.today().isoformat(), "EX-4063-01", SCREENED] in \
        [row[:5] for row in rows]
    assert any(row[0] == "Backup" and row[1] == "⚠ none yet" for row in rows)  # urgency in words, not colour only
    assert counted and counted[-1] == len(rows)
    requests = []
    page.context.checklist_requested.connect(lambda *args: requests.append(("checklist", *args)))
    page.context.followup_requested.connect(lambda *args: requests.append(("followup", *args)))
    page.context.backup_requested.connect(lambda: requests.append(("backup",)))
    screening_row = next(r for r, row in enumerate(rows) if row[0] == "Screenings waiting")
    page.table.setCurrentIndex(page.model.index(screening_row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert requests == [("checklist", "EX-4063-01", SCREENED)]
    page.open_item(next(i for i in page.items() if i.section == Section.BACKUP))
    assert requests[-1] == ("backup",)
    follow = [i for i in items(site, NURSE, dt.date(2026, 8, 20)) if i.section == Section.FOLLOW_UP][0]
    page.open_item(follow)
    assert requests[-1] == ("followup", "EX-4250-F2", NCT)


def test_the_window_opens_on_today_and_the_sidebar_counts_its_lines(qtbot, site):  # noqa: F811
    window = MainWindow(site, NURSE)
    qtbot.addWidget(window)
    window.show()
    today = window.pages["today"]
    assert window.stack.currentWidget() is today
    qtbot.waitUntil(lambda: not today.running and today.computed_for is not None)
    assert window.sidebar.item(0).text() == f"Today ({today.model.rowCount()})"
    follow_up = sum(i.section == Section.FOLLOW_UP for i in today.items())
    alerts_row = [page.name for page in PAGES].index("alerts")
    assert window.sidebar.item(alerts_row).text() == (f"Due and overdue ({follow_up})" if follow_up else "Due and overdue")
