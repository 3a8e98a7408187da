"""Backups made while the registry is in use, checked before they count and written atomically with
their manifest; a damaged or altered backup is named and refused; a restore keeps the current
registry aside, gives back exactly what was backed up and is audited; roles are checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat

import pytest
from sqlalchemy import func, select

from coordinator.screening.workflow import Actor, PermissionDenied, Role
from db.accounts import AccountRepository
from db.audit import AuditReader
from db.backups import (BackupRefused, ServerBackups, check_backup, last_backup, list_backups, make_backup,
                        manifest_path, prune, restore)
from db.models import AuditRow, PatientRow
from db.patients import PatientRepository
from db.registry import Registry
from tests.conftest import make_patient

COORDINATOR = Actor("ann", Role.COORDINATOR)
ADMIN = Actor("it.wang", Role.ADMINISTRATOR)
NOON = dt.datetime(2026, 12, 6, 4, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def registry(tmp_path):
    opened = Registry.open(tmp_path / "site" / "registry.sqlite3")
    with opened.writing() as session:
        AccountRepository(session).set_up(site_name="第一医院", address=None, timezone="Asia/Shanghai",
                                          username="dr.li", printed_name="李明", password="granite tulip 1987")
        PatientRepository(session, "ann").add([make_patient("R0001", "王小红"), make_patient("R0002", "李建国")])
    yield opened
    opened.close()


def _patients(registry) -> list[str]:
    with registry.reading() as session:
        return sorted(session.execute(select(PatientRow.registry_no)).scalars())


def _audit_head(registry) -> tuple[int, str]:
    with registry.reading() as session:
        row = session.execute(select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).one()
    return row.id, row.hash


def test_a_backup_is_a_checked_copy_with_its_manifest_beside_it(registry, tmp_path):
    head = _audit_head(registry)
    made = make_backup(registry, COORDINATOR, now=NOON)
    assert made.path == tmp_path / "site" / "backups" / "registry-20261206T040000Z.sqlite3"
    manifest = json.loads(manifest_path(made.path).read_text(encoding="utf-8"))
    assert manifest["patients"] == 2 and manifest["screenings"] == 0 and manifest["site"] == "第一医院"
    assert (manifest["audit_entries"], manifest["audit_head"]) == head
    assert manifest["made_by"] == "ann" and manifest["schema"]
    assert check_backup(made.path) == made.manifest
    assert [p.name for p in made.path.parent.iterdir() if p.name.endswith(".partial")] == []
    if os.name == "posix":
        assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(manifest_path(made.path).stat().st_mode) == 0o600
        assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
    with registry.reading() as session:  # the backup itself is audited in the registry
        entry = AuditReader(session, Actor("mon", Role.MONITOR)).entries()[-1]
    assert (entry.actor, entry.action, entry.entity) == ("ann", "backup", "registry")


def test_a_backup_is_consistent_while_another_connection_writes(registry):
    import threading

    writer = sqlite3.connect(registry.engine.url.database, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE patient SET note = 'half-way' WHERE registry_no = 'R0001'")
    # The copy is taken while the write is under way; the backup's own audit entry waits for it.
    threading.Timer(0.5, writer.rollback).start()
    made = make_backup(registry, COORDINATOR, now=NOON)
    writer.close()
    with sqlite3.connect(made.path) as copy:
        assert copy.execute("SELECT note FROM patient WHERE registry_no = 'R0001'").fetchone() == (None,)


def test_two_backups_in_the_same_second_get_two_names(registry):
    first, second = make_backup(registry, COORDINATOR, now=NOON), make_backup(registry, COORDINATOR, now=NOON)
    assert first.path != second.path and second.path.name == "registry-20261206T040000Z-2.sqlite3"
    assert [item.path for item in list_backups(first.path.parent)] == [first.path, second.path]


def test_the_backup_folder_is_the_sites_setting(registry, tmp_path):
    share = tmp_path / "share" / "trialdesk"
    admin = Actor("dr.li", Role.ADMINISTRATOR)
    with registry.writing() as session:
        AccountRepository(session).set_backups(admin, folder=str(share), warning_days=5, reason="IT's share")
    assert make_backup(registry, COORDINATOR, now=NOON).path.parent == share


def test_a_relative_backup_folder_or_an_absurd_warning_is_refused(registry):
    from coordinator.signing.accounts import AccountError

    admin = Actor("dr.li", Role.ADMINISTRATOR)
    with registry.writing() as session, pytest.raises(AccountError, match="give a full path"):
        AccountRepository(session).set_backups(admin, folder="backups", warning_days=3)
    with registry.writing() as session, pytest.raises(AccountError, match="not between 1 and 90"):
        AccountRepository(session).set_backups(admin, folder=None, warning_days=0)
    with registry.writing() as session, pytest.raises(PermissionDenied):
        AccountRepository(session).set_backups(COORDINATOR, folder=None, warning_days=3)


def test_an_altered_backup_is_refused_with_the_reason(registry):
    made = make_backup(registry, COORDINATOR, now=NOON)
    with sqlite3.connect(made.path) as copy:
        copy.execute("UPDATE patient SET name = '张三' WHERE registry_no = 'R0001'")
    with pytest.raises(BackupRefused, match="has changed since the backup was made"):
        check_backup(made.path)


def test_a_backup_without_its_manifest_or_with_a_broken_trail_is_refused(registry, tmp_path):
    made = make_backup(registry, COORDINATOR, now=NOON)
    alone = tmp_path / "alone.sqlite3"
    alone.write_bytes(made.path.read_bytes())
    with pytest.raises(BackupRefused, match="no manifest"):
        check_backup(alone)
    # An audit entry edited and the manifest's digest recomputed: the chain still gives it away.
    with sqlite3.connect(made.path) as copy:
        copy.execute("UPDATE audit_event SET reason = 'edited' WHERE id = 1")
    import hashlib

    manifest = json.loads(manifest_path(made.path).read_text(encoding="utf-8"))
    manifest["sha256"] = hashlib.sha256(made.path.read_bytes()).hexdigest()
    manifest_path(made.path).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupRefused, match="audit trail is broken at entry 1"):
        check_backup(made.path)


def test_a_file_that_is_not_a_registry_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    manifest_path(junk).write_text("{}", encoding="utf-8")
    with pytest.raises(BackupRefused, match="not a TrialDesk backup manifest"):
        check_backup(junk)


def test_a_server_registry_has_no_backups_here():
    on_a_server = Registry("postgresql://trialdesk@db.hospital/trialdesk", None)  # never connected
    with pytest.raises(ServerBackups, match="pg_dump"):
        make_backup(on_a_server, COORDINATOR)


def test_restore_gives_back_exactly_what_was_backed_up_and_keeps_the_current_aside(registry, tmp_path):
    made = make_backup(registry, COORDINATOR, now=NOON)
    with registry.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0003", "赵六")])
    path = tmp_path / "site" / "registry.sqlite3"
    restored = restore(path, made.path, ADMIN, reason="disk error", now=NOON + dt.timedelta(hours=2))
    assert _patients(registry) == ["R0001", "R0002"]
    assert restored.kept_aside.name == "registry-before-restore-20261206T060000Z.sqlite3"
    aside = Registry.open(restored.kept_aside)
    assert _patients(aside) == ["R0001", "R0002", "R0003"]
    aside.close()
    with registry.reading() as session:
        entries = AuditReader(session, Actor("mon", Role.MONITOR)).entries()
        assert AuditReader(session, Actor("mon", Role.MONITOR)).verify() is None
    # The trail continues from the backup's head with the restore itself.
    assert entries[-2].id == made.manifest.audit_entries
    assert (entries[-1].actor, entries[-1].action, entries[-1].reason) == ("it.wang", "restore", "disk error")


def test_only_an_administrator_restores_and_anyone_signed_in_backs_up(registry, tmp_path):
    made = make_backup(registry, Actor("mon", Role.MONITOR), now=NOON)
    for role in (Role.COORDINATOR, Role.INVESTIGATOR, Role.MONITOR):
        with pytest.raises(PermissionDenied):
            restore(tmp_path / "site" / "registry.sqlite3", made.path, Actor("x", role))


def test_a_restore_of_a_damaged_backup_changes_nothing(registry, tmp_path):
    made = make_backup(registry, COORDINATOR, now=NOON)
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.path.write_bytes(bytes(data))
    before = _patients(registry)
    with pytest.raises(BackupRefused):
        restore(tmp_path / "site" / "registry.sqlite3", made.path, ADMIN)
    assert _patients(registry) == before
    assert list((tmp_path / "site" / "backups").glob("*before-restore*")) == []  # refused before anything


def test_prune_keeps_the_retention_and_never_touches_other_files(registry, tmp_path):
    folder = tmp_path / "site" / "backups"
    made = [make_backup(registry, COORDINATOR, now=NOON + dt.timedelta(days=n)).path for n in range(20)]
    other = folder / "registry-schema-0010-before-0011-20261101T000000Z.sqlite3"
    other.write_bytes(b"an upgrade's copy")
    removed = prune(folder, "Asia/Shanghai")
    kept = [item.path for item in list_backups(folder)]
    # Daily backups of 6-25 December at noon in Shanghai: the last 14 days (12-25 December), and the
    # newest of each ISO week (25, 20, 13 and 6 December) and month (25 December).
    assert kept == [made[0], *made[6:]]
    assert removed == made[1:6]
    assert other.exists()
    assert last_backup(folder) == NOON + dt.timedelta(days=19)


def test_no_backups_yet_is_no_last_backup(tmp_path):
    assert last_backup(tmp_path / "nowhere") is None
    assert list_backups(tmp_path / "nowhere") == []


def test_the_count_of_audit_entries_only_grows_with_backups(registry):
    with registry.reading() as session:
        before = session.execute(select(func.count()).select_from(AuditRow)).scalar_one()
    make_backup(registry, COORDINATOR, now=NOON)
    with registry.reading() as session:
        assert session.execute(select(func.count()).select_from(AuditRow)).scalar_one() == before + 1


def _verify(registry):
    from db.backups import known_heads

    heads = known_heads(registry)
    with registry.reading() as session:
        return AuditReader(session, Actor("mon", Role.MONITOR)).verify(heads)


def test_deleting_the_newest_audit_entries_is_caught_by_the_backups_heads(registry):
    make_backup(registry, COORDINATOR, now=NOON)
    assert _verify(registry) is None
    head = _audit_head(registry)[0]
    with sqlite3.connect(registry.engine.url.database) as raw:  # a database editor at work
        raw.execute("DELETE FROM audit_event WHERE id >= ?", (head - 2,))
    broken = _verify(registry)
    assert broken is not None and "are missing: the backup registry-20261206T040000Z.sqlite3 recorded" \
        in broken.problem


def test_deleting_the_newest_entries_between_two_sessions_is_caught_by_the_head_kept_at_closing(tmp_path):
    from db.audit_head import head_file

    path = tmp_path / "registry.sqlite3"
    opened = Registry.open(path)
    with opened.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0001", "王小红"), make_patient("R0002", "李建国")])
    opened.close()  # no backup yet: only the head written at closing knows the trail
    assert stat.S_IMODE(head_file(path).stat().st_mode) == 0o600
    with sqlite3.connect(path) as raw:
        raw.execute("DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
    for _ in range(2):  # still told after the tampered registry was opened and closed again
        reopened = Registry.open(path)
        broken = _verify(reopened)
        reopened.close()
        assert broken is not None and "the registry's last closing" in broken.problem


def test_deleting_the_whole_trail_is_caught(registry):
    make_backup(registry, COORDINATOR, now=NOON)
    with sqlite3.connect(registry.engine.url.database) as raw:
        raw.execute("DELETE FROM audit_event")
    broken = _verify(registry)
    assert broken is not None and broken.entry_id == 1 and "are missing" in broken.problem


def test_a_rewritten_and_rehashed_trail_is_caught_as_a_fork(registry):
    from db.audit import GENESIS, HASHED_FIELDS, entry_hash
    from db.models import AuditRow as Row
    from sqlalchemy import update

    made = make_backup(registry, COORDINATOR, now=NOON)
    # Edit the first entry and recompute every later hash with the public function: the chain links up.
    with registry.writing() as session:
        rows = list(session.execute(select(Row).order_by(Row.id)).scalars())
        previous = GENESIS
        for row in rows:
            values = {name: getattr(row, name) for name in HASHED_FIELDS}
            if row.id == 1:
                values["reason"] = "rewritten"
            digest = entry_hash(previous, values)
            session.execute(update(Row).where(Row.id == row.id).values(prev_hash=previous, hash=digest,
                                                                        reason=values["reason"]))
            previous = digest
    with registry.reading() as session:
        assert AuditReader(session, Actor("mon", Role.MONITOR)).verify() is None  # the chain alone: fooled
    broken = _verify(registry)
    assert broken is not None and broken.entry_id == made.manifest.audit_entries
    assert "rewritten" in broken.problem


def test_after_a_restore_the_heads_of_the_abandoned_backups_do_not_count(registry, tmp_path):
    first = make_backup(registry, COORDINATOR, now=NOON)
    with registry.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0003", "赵六")])
    make_backup(registry, COORDINATOR, now=NOON + dt.timedelta(hours=1))  # of the timeline given up
    restore(tmp_path / "site" / "registry.sqlite3", first.path, ADMIN, now=NOON + dt.timedelta(hours=2))
    assert _verify(registry) is None
    make_backup(registry, COORDINATOR)  # after the restore: its head counts again
    assert _verify(registry) is None
