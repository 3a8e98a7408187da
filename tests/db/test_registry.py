"""Opening a registry: location, SQLite settings, schema from migrations, kind guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from db.engine import alembic_config, default_registry_path, resolve_url
from db.registry import DEMO, REAL, Registry, RegistryKindError


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


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(registry):
    with registry.reading() as session:
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
