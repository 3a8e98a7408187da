"""`trialdesk audit verify` and `audit export`: the chain is checked link by link, tampering
outside the application is named by entry, and only those who review may read the trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3

import pytest

from coordinator.screening.workflow import Actor, PermissionDenied, Role
from db.audit import AuditFilter, AuditReader
from db.registry import Registry
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "NCT03864250.json"


@pytest.fixture
def trail(cli, site_db):
    """A registry whose trail holds the set-up, sign-ins and an import of patients."""
    assert cli("import", str(EXAMPLE)).exit_code == 0
    return site_db


def _sql(db: str, statement: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(statement, args).fetchall()


def _rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_verify_reports_an_intact_trail(cli, trail):
    result = cli("audit", "verify", user="dr.li")
    assert result.exit_code == 0, result.output
    total = _sql(trail, "SELECT count(*) FROM audit_event")[0][0]
    assert f"intact: {total} entries" in result.output


@pytest.mark.parametrize("tamper, problem", [
    ("UPDATE audit_event SET reason = 'tidied up' WHERE id = ?", "broken at entry {id}: content was changed"),
    ("DELETE FROM audit_event WHERE id = ?", "entries {id}..{id} are missing"),
])
def test_an_edited_or_deleted_entry_is_named_by_verify(cli, trail, tamper, problem):
    middle = _sql(trail, "SELECT id FROM audit_event WHERE action = 'create' ORDER BY id LIMIT 1")[0][0]
    _sql(trail, tamper, middle)
    result = cli("audit", "verify", user="mo")
    assert result.exit_code == 1
    assert problem.format(id=middle) in result.output


def test_an_entry_inserted_outside_the_application_is_named_by_verify(cli, trail):
    last_id, last_hash = _sql(trail, "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    # linked to the real head, but its hash was not made from its content by TrialDesk
    _sql(trail, "INSERT INTO audit_event (id, at, actor, action, entity, prev_hash, hash) "
                "VALUES (?, '2026-11-01 10:00:00', 'dr.li', 'override', 'screening', ?, ?)",
         last_id + 1, last_hash, "f" * 64)
    result = cli("audit", "verify", user="dr.li")
    assert result.exit_code == 1
    # the sign-in of this very command appends after the forged row, so the forged row is found first
    assert f"broken at entry {last_id + 1}" in result.output


def test_export_writes_every_entry_as_csv_with_old_and_new_values(cli, trail):
    result = cli("audit", "export", user="mo")
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert list(rows[0]) == ["id", "at", "actor", "action", "entity", "patient_ref", "old_value", "new_value",
                             "reason", "hash"]
    assert [int(row["id"]) for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["action"] == "site.setup" and rows[0]["at"].endswith("+00:00")
    actions = {row["action"] for row in rows}
    assert {"site.setup", "account.create", "login", "create"} <= actions
    added = [row for row in rows if row["action"] == "create"]
    assert added and all(row["patient_ref"] and row["new_value"] for row in added)


def test_export_filters_by_action_user_and_patient_and_writes_a_file(cli, trail, tmp_path):
    patient = _sql(trail, "SELECT patient_ref FROM audit_event WHERE action = 'create' LIMIT 1")[0][0]
    out = tmp_path / "trail.csv"
    result = cli("audit", "export", "--patient", patient, "--out", str(out), user="dr.li")
    assert result.exit_code == 0, result.output
    rows = _rows(out.read_text(encoding="utf-8"))
    assert rows and {row["patient_ref"] for row in rows} == {patient}
    logins = _rows(cli("audit", "export", "--action", "login", "--user", "ann", user="dr.li").stdout)
    assert logins and {(row["action"], row["actor"]) for row in logins} == {("login", "ann")}
    def between(start: str, end: str) -> list[dict[str, str]]:
        result = cli("audit", "export", "--from", start, "--to", end, user="dr.li")
        assert result.exit_code == 0, result.output
        return _rows(result.stdout)

    assert between("2000-01-01", "2000-12-31") == []
    today = dt.datetime.now(dt.timezone.utc).date()
    on_the_day = between(today.isoformat(), today.isoformat())
    assert on_the_day and all(row["at"].startswith(today.isoformat()) for row in on_the_day)
    assert between((today + dt.timedelta(days=1)).isoformat(), "2999-12-31") == []


@pytest.mark.parametrize("user", ["ann", "helpdesk"])
def test_coordinators_and_administrators_may_not_read_the_trail(cli, trail, user):
    for command in (("audit", "verify"), ("audit", "export")):
        result = cli(*command, user=user)
        assert result.exit_code == 1
        assert "read the audit trail" in result.output


def test_the_reader_is_refused_in_the_database_layer_too(trail):
    registry = Registry.open(trail)
    try:
        with registry.reading() as session:
            with pytest.raises(PermissionDenied):
                AuditReader(session, Actor("ann", Role.COORDINATOR))
            monitor = AuditReader(session, Actor("mo", Role.MONITOR))
            assert monitor.entries(AuditFilter(action="account.")) and monitor.verify() is None
            assert "login" in monitor.actions()
    finally:
        registry.close()
