"""A registry made by an older version opens in this one, with its data intact."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, text

from db.engine import alembic_config, make_engine, resolve_url
from db.patients import PatientRepository
from db.registry import Registry


def _engine_at(path, revision: str):
    engine = make_engine(resolve_url(path))
    command.upgrade(alembic_config(engine), revision)
    return engine


def test_empty_registry_from_first_revision_upgrades(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = _engine_at(path, "0001")
    assert "name_pinyin" not in {c["name"] for c in inspect(engine).get_columns("patient")}
    engine.dispose()
    registry = Registry.open(path)
    try:
        columns = {c["name"] for c in inspect(registry.engine).get_columns("patient")}
        assert "name_pinyin" in columns
        with registry.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    finally:
        registry.close()


def test_populated_registry_from_first_revision_keeps_and_indexes_its_patients(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = _engine_at(path, "0001")
    now = dt.datetime(2025, 1, 1, 8, 0)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO patient (registry_no, name, name_key, initials, sex, birth_date, archived, "
            "created_at, updated_at) VALUES ('OLD-1', '李娜', '李娜', 'LN', 'F', '1990-02-03', 0, :now, :now)"),
            {"now": now})
        connection.execute(text(
            "INSERT INTO observation (patient_id, code, date, value, unit, value_canonical, unit_canonical) "
            "VALUES (1, 'creatinine', '2024-12-30', 1.1, 'mg/dL', 97.24, 'umol/L')"))
    engine.dispose()

    registry = Registry.open(path)
    try:
        with registry.reading() as session:
            repository = PatientRepository(session, "t")
            assert [p.registry_no for p in repository.search("lina")] == ["OLD-1"]
            patient = repository.get("OLD-1")
            assert patient.name == "李娜"
            assert [(o.code, o.value, o.unit) for o in patient.observations] == [("creatinine", 1.1, "mg/dL")]
    finally:
        registry.close()


def test_migrations_downgrade_and_upgrade_cleanly(tmp_path):
    engine = _engine_at(tmp_path / "r.sqlite3", "head")
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    command.upgrade(config, "head")
    assert "patient" in inspect(engine).get_table_names()
    engine.dispose()
