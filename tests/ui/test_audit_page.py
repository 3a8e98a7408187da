"""The audit trail view: entries read a page at a time, filtered by user, action, patient and
day; the chain check names an entry edited outside TrialDesk; CSV export of what the filters
select; a coordinator is refused by the database layer and sees why instead of data."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role
from db.audit import AuditLog
from db.importer import import_records
from db.registry import Registry
from tests.conftest import EXAMPLES
from ui.window.audit import model as audit_model
from ui.window.context import AppContext
from ui.window.audit.page import AuditPage
from ui.window.toolkit.optional_date import NO_DATE

MONITOR = Actor("mo", Role.MONITOR)


@pytest.fixture
def site(site_db) -> Registry:
    registry = Registry.open(site_db)
    path = EXAMPLES / "NCT03864250.json"
    assert import_records(registry, path.read_bytes(), path.name, "ann").accepted
    yield registry
    registry.close()


def sql(db: str, statement: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(statement, args).fetchall()


def page_for(qtbot, registry: Registry, actor: Actor = MONITOR) -> AuditPage:
    page = AuditPage(AppContext(registry, actor))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()  # reads the trail the first time it is shown
    return page


def column(page: AuditPage, name: str) -> list[str]:
    number = audit_model.FIELDS.index(name)
    return [page.model.index(row, number).data() for row in range(page.model.rowCount())]


def test_entries_are_read_newest_first_a_page_at_a_time(qtbot, site, site_db, monkeypatch):
    monkeypatch.setattr(audit_model, "PAGE", 5)
    total = sql(site_db, "SELECT count(*) FROM audit_event")[0][0]
    assert total > 10
    page = page_for(qtbot, site)
    assert page.model.rowCount() == 5 and page.model.canFetchMore()
    assert page.count.text() == "5+ entries"
    page.model.fetchMore()
    assert column(page, "id") == [str(n) for n in range(total, total - 10, -1)]
    times = column(page, "at")
    assert times == sorted(times, reverse=True)
    assert page.model.row_of(1) == total - 1 and not page.model.canFetchMore()  # the oldest, last
    assert column(page, "id") == [str(n) for n in range(total, 0, -1)]
    assert page.count.text() == f"{total} entries"


def test_entries_written_while_paging_do_not_repeat_rows(qtbot, site, site_db, monkeypatch):
    monkeypatch.setattr(audit_model, "PAGE", 5)
    total = sql(site_db, "SELECT count(*) FROM audit_event")[0][0]
    page = page_for(qtbot, site)
    with site.writing() as session:  # a change elsewhere after the first page was read
        log = AuditLog(session, "ann")
        log.record("note", "test", reason="written while the auditor scrolls")
        log.flush()
    page.model.fetchMore()
    ids = [int(n) for n in column(page, "id")]
    assert ids == list(range(total, total - 10, -1))  # no row twice, none skipped
    assert page.model.row_of(total + 1) is None  # the new one shows after a refresh, at the top
    page.apply_filter()
    assert page.model.entry(0).id == total + 1 and page.model.entry(0).reason == "written while the auditor scrolls"


def test_a_filtered_entry_is_found_among_older_pages(qtbot, site, site_db, monkeypatch):
    monkeypatch.setattr(audit_model, "PAGE", 3)
    page = page_for(qtbot, site)
    page.action.setEditText("create")
    page.apply_filter()
    creates = [row[0] for row in sql(site_db, "SELECT id FROM audit_event WHERE action = 'create' ORDER BY id")]
    assert len(creates) > 3
    assert page.model.row_of(creates[0]) == len(creates) - 1
    assert [page.model.entry(row).id for row in range(page.model.rowCount())] == creates[::-1]
    assert page.model.row_of(2) is None  # not a "create": not shown, and the search stops


def test_filters_by_user_action_patient_and_day(qtbot, site, site_db):
    page = page_for(qtbot, site)
    qtbot.keyClicks(page.user, "ann")
    page.apply_filter()
    assert set(column(page, "actor")) == {"ann"}
    page.action.setEditText("create")
    page.apply_filter()
    assert set(column(page, "action")) == {"create"} and len(column(page, "action")) > 1
    qtbot.keyClicks(page.patient, "EX-4250-01")
    page.apply_filter()
    assert column(page, "patient_ref") == ["EX-4250-01"]
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert "Reason: import NCT03864250.json" in page.detail.toPlainText()
    assert '"registry_no": "EX-4250-01"' in page.detail.toPlainText()  # the new value in full, readable

    page.clear_filters()
    page.action.setEditText("account.")  # a prefix finds every account entry
    page.apply_filter()
    assert column(page, "action") and all(a.startswith("account.") for a in column(page, "action"))
    assert page.action.findText("account.") >= 0  # offered in the list, as are the actions


def test_filters_by_day(qtbot, site, site_db):
    page = page_for(qtbot, site)
    assert page.model.rowCount() > 0
    today = dt.datetime.now(dt.timezone.utc).date()
    page.start.setDate(QDate(today.year, today.month, today.day).addDays(1))
    assert page.apply_filter()
    assert page.model.rowCount() == 0
    page.start.setDate(NO_DATE)
    page.end.setDate(QDate(today.year, today.month, today.day).addDays(-1))
    assert page.apply_filter()
    assert page.model.rowCount() == 0
    page.end.setDate(QDate(today.year, today.month, today.day))
    assert page.apply_filter()
    assert page.model.rowCount() == sql(site_db, "SELECT count(*) FROM audit_event")[0][0]


def test_verify_reports_an_intact_chain_then_names_an_edited_entry(qtbot, site, site_db):
    page = page_for(qtbot, site)
    page.verify()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled())
    assert page.verify_result.text().startswith("Chain intact")
    assert not page.show_broken.isVisibleTo(page)

    edited = sql(site_db, "SELECT id FROM audit_event WHERE action = 'create' ORDER BY id LIMIT 1")[0][0]
    sql(site_db, "UPDATE audit_event SET reason = 'tidied up' WHERE id = ?", edited)
    qtbot.keyClicks(page.user, "dr.li")  # a filter that hides the edited entry
    page.apply_filter()
    page.verify()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled())
    assert page.verify_result.text() == f"Chain broken at entry #{edited}: content was changed after it was written"
    assert page.show_broken.isVisibleTo(page)
    qtbot.mouseClick(page.show_broken, Qt.MouseButton.LeftButton)
    assert page.user.text() == ""  # the filters were cleared to show it
    current = page.table.currentIndex()
    assert page.model.entry(current.row()).id == edited
    assert page.model.index(current.row(), audit_model.FIELDS.index("reason")).data() == "tidied up"


def test_check_data_names_a_record_changed_with_a_database_editor(qtbot, site, site_db):
    page = page_for(qtbot, site)
    qtbot.mouseClick(page.data_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data_button.isEnabled())
    patients = sql(site_db, "SELECT count(*) FROM patient")[0][0]
    assert page.data_result.text() == f"Records match the audit trail ({patients} patients replayed)."
    sql(site_db, "UPDATE patient SET sex = 'M' WHERE registry_no = (SELECT min(registry_no) FROM patient)")
    ref = sql(site_db, "SELECT min(registry_no) FROM patient")[0][0]
    qtbot.mouseClick(page.data_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data_button.isEnabled())
    assert page.data_result.text() == "1 record differs from the audit trail."
    assert page.data_report.detailedText() == f"patient {ref}: changed outside TrialDesk: sex"


def test_export_writes_the_filtered_entries_as_csv(qtbot, site, tmp_path):
    page = page_for(qtbot, site)
    qtbot.keyClicks(page.patient, "EX-4250-02")
    page.apply_filter()
    target = tmp_path / "trail.csv"
    page.export_csv(target)
    qtbot.waitUntil(lambda: page.export_button.isEnabled())
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [row["patient_ref"] for row in rows] == ["EX-4250-02"]
    assert rows[0]["action"] == "create" and rows[0]["at"].endswith("+00:00") and len(rows[0]["hash"]) == 64


@pytest.mark.parametrize("username, role", [("ann", Role.COORDINATOR), ("helpdesk", Role.ADMINISTRATOR)])
def test_a_coordinator_or_administrator_is_refused(qtbot, site, username, role):
    page = page_for(qtbot, site, Actor(username, role))
    assert page.refused and page.model.rowCount() == 0
    assert "only investigators and monitors may read it" in page.refusal.text()
    assert "may not read the audit trail" in page.refusal.text()  # the database layer's own refusal
    assert page.refusal.isVisible()
