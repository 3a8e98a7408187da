"""A newer TrialDesk keeps the data of an older one: it copies an SQLite registry before it
migrates the schema and says where the copy is; an older TrialDesk refuses a newer registry and
touches nothing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from db.engine import alembic_config, make_engine
from db.patients import PatientRepository
from db.registry import Registry
from db.schema import BACKUP_FOLDER, RegistryTooNew, head_revision, known_revisions

from tests.conftest import make_patient

REPO = Path(__file__).resolve().parents[2]


def _registry_at(path: Path, revision: str) -> None:
    """A registry with one patient, as the version whose newest schema was `revision` left it."""
    registry = Registry.open(path)
    with registry.writing() as session:
        PatientRepository(session, "t").save(make_patient("OLD-1", "陈静"))
    registry.close()
    engine = make_engine(f"sqlite:///{path}")
    command.downgrade(alembic_config(engine), revision)
    engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_known_revisions_are_alembics_chain_oldest_first():
    script = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    alembic_chain = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    assert list(known_revisions()) == alembic_chain
    assert head_revision() == script.get_current_head()


def test_an_older_registry_is_copied_before_it_is_migrated(tmp_path):
    path = tmp_path / "registry.sqlite3"
    older = known_revisions()[-2]
    _registry_at(path, older)

    registry = Registry.open(path)
    try:
        backup = registry.upgrade_backup
        assert backup is not None and backup.parent == tmp_path / BACKUP_FOLDER
        assert f"schema-{older}-before-{head_revision()}" in backup.name
        with registry.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    finally:
        registry.close()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # patient data: its owner only
    assert list(backup.parent.iterdir()) == [backup]  # no partial file left behind
    copy = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
        assert copy.execute("SELECT registry_no, name FROM patient").fetchall() == [("OLD-1", "陈静")]
    finally:
        copy.close()


def test_a_registry_at_the_head_or_a_new_one_is_not_copied(tmp_path):
    path = tmp_path / "registry.sqlite3"
    for _ in range(2):  # made new, then opened at the head
        registry = Registry.open(path)
        assert registry.upgrade_backup is None
        registry.close()
    assert not (tmp_path / BACKUP_FOLDER).exists()


@pytest.fixture
def newer_registry(tmp_path) -> Path:
    """A registry as a later TrialDesk leaves it: a schema revision this version does not know."""
    path = tmp_path / "registry.sqlite3"
    Registry.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def test_an_older_version_refuses_a_newer_registry_and_touches_nothing(newer_registry):
    before = _digest(newer_registry)
    with pytest.raises(RegistryTooNew, match=r"newer version of TrialDesk \(its schema is 9999.*nothing .* changed"):
        Registry.open(newer_registry)
    assert _digest(newer_registry) == before
    assert not (newer_registry.parent / BACKUP_FOLDER).exists()


def test_the_command_line_says_so_without_a_traceback(newer_registry):
    result = subprocess.run([sys.executable, "-c", "from ui.launcher import main; main()",
                             "--db", str(newer_registry), "patients"],
                            capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "newer version of TrialDesk" in result.stderr
