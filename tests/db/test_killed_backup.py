"""kill -9 in the middle of a backup or a restore: no half-written file under a backup's final name,
every backup that is listed checks out, and the registry is either as it was or as backed up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from coordinator.records.demo import demo_patients
from coordinator.screening.workflow import Actor, Role
from db.audit import verify_chain
from db.backups import check_backup, list_backups, make_backup
from db.models import PatientRow
from db.patients import PatientRepository
from db.registry import Registry

REPO = Path(__file__).resolve().parents[2]
BACK_UP = """
import sys
from coordinator.screening.workflow import Actor, Role
from db.backups import make_backup
from db.registry import Registry
registry = Registry.open(sys.argv[1])
while True:
    make_backup(registry, Actor("ann", Role.COORDINATOR))
"""
RESTORE = """
import sys
from pathlib import Path
from coordinator.screening.workflow import Actor, Role
from db.backups import restore
print("ready", flush=True)
restore(Path(sys.argv[1]), Path(sys.argv[2]), Actor("it", Role.ADMINISTRATOR))
"""


def _registry(path: Path, count: int, prefix: str) -> Registry:
    registry = Registry.open(path)
    patients = [p.model_copy(update={"registry_no": f"{prefix}-{n:05d}"}) for n, p in enumerate(demo_patients(count))]
    with registry.writing() as session:
        PatientRepository(session, "setup").add(patients)
    return registry


def _run(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _numbers(registry: Registry) -> set[str]:
    with registry.reading() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert verify_chain(session) is None
        return set(session.execute(select(PatientRow.registry_no)).scalars())


@pytest.mark.slow
def test_sigkill_during_backups_leaves_only_whole_backups(tmp_path):
    db = tmp_path / "registry.sqlite3"
    registry = _registry(db, 1500, "P")
    before = _numbers(registry)
    rng = random.Random(5)
    for _ in range(6):
        process = _run(BACK_UP, str(db))
        time.sleep(rng.uniform(1.5, 4.0))  # the interpreter starts, then backups follow one another
        process.send_signal(signal.SIGKILL)
        process.wait()
    folder = tmp_path / "backups"
    listed = list_backups(folder)
    assert listed, "no backup was finished before the kills; give them more time"
    for item in listed:
        assert item.manifest is not None
        check_backup(item.path)  # raises if any listed backup is not whole
    finals = [path for path in folder.iterdir() if not path.name.startswith(".")]
    for path in finals:  # under a final name: a whole backup, or its manifest
        assert path.suffix in (".sqlite3", ".json")
    assert _numbers(registry) == before
    # The next backup clears what a killed one left behind (once it is old enough to be nobody's).
    for leftover in folder.glob(".*.partial"):
        os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    make_backup(registry, Actor("ann", Role.COORDINATOR))
    assert [path.name for path in folder.iterdir() if path.name.endswith(".partial")] == []
    registry.close()


@pytest.mark.slow
def test_sigkill_during_a_restore_leaves_the_registry_as_it_was_or_as_backed_up(tmp_path):
    source_db = tmp_path / "old" / "registry.sqlite3"
    source_db.parent.mkdir()
    old = _registry(source_db, 1500, "OLD")
    backup = make_backup(old, Actor("ann", Role.COORDINATOR), tmp_path / "backups")
    backed_up = _numbers(old)
    old.close()
    rng = random.Random(7)
    outcomes = set()
    for round_number in range(5):
        db = tmp_path / f"live{round_number}" / "registry.sqlite3"
        db.parent.mkdir()
        live = _registry(db, 20, "NEW")
        current = _numbers(live)
        live.close()
        process = _run(RESTORE, str(db), str(backup.path))
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reopened = Registry.open(db)
        found = _numbers(reopened)
        reopened.close()
        assert found in (current, backed_up)
        outcomes.add("restored" if found == backed_up else "as it was")
    assert outcomes  # each round ended one way or the other, never half-way


ENCRYPT = """
import sys
from coordinator.screening.workflow import Actor, Role
from db.accounts import sign_in
from db.encrypting import encrypt_registry
from db.registry import Registry
registry = Registry.open(sys.argv[1])
actor = sign_in(registry, "dr.li", sys.argv[2]).actor()
print("ready", flush=True)
encrypt_registry(registry, actor, sys.argv[2])
"""
RESTORE_ENCRYPTED = """
import sys
from pathlib import Path
from coordinator.screening.workflow import Actor, Role
from db.backups import restore
from db.registry import Registry
from db.accounts import sign_in
live = Registry.open(sys.argv[1])
sign_in(live, "dr.li", sys.argv[3])
key = live.keys.data_key
live.close()
print("ready", flush=True)
restore(Path(sys.argv[1]), Path(sys.argv[2]), Actor("dr.li", Role.ADMINISTRATOR), key=key, password=sys.argv[3])
"""
PASSWORD = "granite tulip 1987"


def _site(path: Path, count: int, prefix: str, encrypted: bool) -> Registry:
    from db.accounts import AccountRepository
    from db.encrypting import encrypt_registry

    registry = _registry(path, count, prefix)
    with registry.writing() as session:
        AccountRepository(session).set_up(site_name="site", address=None, timezone="Asia/Shanghai", username="dr.li",
                                          printed_name="李明", password=PASSWORD)
    if encrypted:
        encrypt_registry(registry, Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR})), PASSWORD,
                         backup_first=False)
    return registry


def _signed_in_numbers(path: Path) -> set[str]:
    from db.accounts import sign_in

    opened = Registry.open(path)
    sign_in(opened, "dr.li", PASSWORD)
    found = _numbers(opened)
    with opened.reading() as session:
        assert verify_chain(session) is None
    opened.close()
    return found


@pytest.mark.slow
def test_sigkill_while_encrypting_leaves_a_clear_or_an_encrypted_registry_with_everything(tmp_path):
    from db.encryption import is_encrypted

    rng = random.Random(11)
    outcomes = set()
    for round_number in range(5):
        db = tmp_path / f"site{round_number}" / "registry.sqlite3"
        db.parent.mkdir()
        site = _site(db, 800, "P", encrypted=False)
        before = _numbers(site)
        site.close()
        process = _run(ENCRYPT, str(db), PASSWORD)
        assert process.stdout.readline().strip() == "ready", process.stdout.read()
        time.sleep(rng.uniform(0.0, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _signed_in_numbers(db) == before
        outcomes.add(is_encrypted(db))
    assert outcomes


@pytest.mark.slow
def test_sigkill_during_an_encrypted_restore_from_another_key_leaves_an_openable_registry(tmp_path):
    old = _site(tmp_path / "old" / "registry.sqlite3", 1500, "OLD", encrypted=True)
    backup = make_backup(old, Actor("ann", Role.COORDINATOR), tmp_path / "backups")
    backed_up = _numbers(old)
    old.close()
    rng = random.Random(5)
    outcomes = set()
    for round_number in range(5):
        db = tmp_path / f"live{round_number}" / "registry.sqlite3"
        live = _site(db, 20, "NEW", encrypted=True)  # a key of its own
        current = _numbers(live)
        live.close()
        process = _run(RESTORE_ENCRYPTED, str(db), str(backup.path), PASSWORD)
        assert process.stdout.readline().strip() == "ready", process.stdout.read()
        time.sleep(rng.uniform(0.0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = _signed_in_numbers(db)  # the password opens it whichever way it ended
        assert found in (current, backed_up)
        outcomes.add("restored" if found == backed_up else "as it was")
    assert outcomes
