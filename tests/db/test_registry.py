"""Opening a registry: location, SQLite settings, schema from migrations, kind guard."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, text

from db.engine import alembic_config, make_engine, resolve_url, upgrade
from db.location import default_registry_path
from db.models import RegistryInfo
from db.registry import DEMO, REAL, Registry, RegistryKindError
from tests.conftest import POSTGRES_URL

REPO = Path(__file__).resolve().parents[2]


def test_default_registry_lives_in_the_user_data_folder(isolated_user_folders):
    registry = Registry.open()
    try:
        expected = isolated_user_folders / "data" / "TrialDesk" / "registry.sqlite3"
        assert default_registry_path() == expected
        assert expected.exists()
        assert registry.kind == REAL
    finally:
        registry.close()


def test_environment_variable_and_urls_choose_the_registry(tmp_path, monkeypatch):
    chosen = tmp_path / "site" / "shared.sqlite3"
    monkeypatch.setenv("TRIALDESK_DB", str(chosen))
    assert resolve_url() == f"sqlite:///{chosen}"
    assert chosen.parent.is_dir()
    assert resolve_url("postgresql://u@host/trialdesk") == "postgresql://u@host/trialdesk"
    assert resolve_url(tmp_path / "x.sqlite3") == f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(sqlite_registry):
    with sqlite_registry.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_schema_made_by_migrations_matches_the_models(registry):
    # `alembic check` fails if the tables differ from what the migrations built.
    command.check(alembic_config(registry.engine))


def test_demo_and_real_registries_never_mix(tmp_path):
    path = tmp_path / "real.sqlite3"
    Registry.open(path).close()
    with pytest.raises(RegistryKindError, match="real registry"):
        Registry.open(path, kind=DEMO)
    demo = tmp_path / "demo.sqlite3"
    Registry.open(demo, kind=DEMO).close()
    with pytest.raises(RegistryKindError, match="demo registry"):
        Registry.open(demo, kind=REAL)
    opened_as_found = Registry.open(demo)
    assert opened_as_found.kind == DEMO
    opened_as_found.close()


def test_failed_write_leaves_nothing_behind(registry):
    from tests.conftest import make_patient
    from db.patients import PatientRepository

    with pytest.raises(RuntimeError):
        with registry.writing() as session:
            PatientRepository(session, "t").add([make_patient()])
            raise RuntimeError("power cut")
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 0


def test_a_registry_made_by_another_workstation_meanwhile_keeps_its_kind(registry_url):
    engine = make_engine(registry_url)
    upgrade(engine)
    outcome = []

    def open_as_real():
        try:
            Registry.open(registry_url, kind=REAL).close()
            outcome.append("opened")
        except Exception as error:  # reported below, in the test's own thread
            outcome.append(error)

    # Another workstation has written the registry's kind, not yet committed, when this one
    # opens the registry: it finds no kind until then (on PostgreSQL), then a clashing one.
    with engine.begin() as connection:
        connection.execute(insert(RegistryInfo.__table__).values(key="kind", value=DEMO))
        opener = threading.Thread(target=open_as_real)
        opener.start()
        time.sleep(0.5)
    opener.join(timeout=30)
    engine.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], RegistryKindError), outcome
    opened = Registry.open(registry_url)
    assert opened.kind == DEMO
    opened.close()


if POSTGRES_URL:  # SQLite has one writer at a time; a new file is not shared by workstations
    @pytest.mark.parametrize("registry_url", ["postgresql"], indirect=True)
    def test_workstations_opening_a_new_registry_at_once_all_succeed(registry_url, tmp_path):
        # Processes, not threads: Alembic keeps its migration context in module globals.
        script = ("import os, sys, time\n"
                  "from db.registry import Registry\n"
                  "open(sys.argv[2] + '.ready', 'w').close()\n"
                  "while not os.path.exists(sys.argv[3]): time.sleep(0.002)\n"
                  "Registry.open(sys.argv[1]).close()\n")
        go = tmp_path / "go"
        processes = [subprocess.Popen([sys.executable, "-c", script, registry_url, str(tmp_path / str(n)), str(go)],
                                      cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                     for n in range(4)]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("*.ready"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        go.touch()
        outputs = [process.communicate(timeout=60)[0] for process in processes]
        assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
        registry = Registry.open(registry_url)
        try:
            assert registry.kind == REAL
            command.check(alembic_config(registry.engine))
        finally:
            registry.close()
