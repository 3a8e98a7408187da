"""A registry made by an older version opens in this one, with its data intact, on every backend."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from coordinator.records.record import DoseRecord, Study
from db.engine import alembic_config, make_engine
from db.schema import head_revision
from db.patients import PatientRepository
from db.registry import Registry

# Tables as revision 0001 made them (only the columns written here), independent of the models.
PATIENT_0001 = sa.table(
    "patient", sa.column("id", sa.Integer), sa.column("registry_no", sa.String), sa.column("name", sa.String),
    sa.column("name_key", sa.String), sa.column("initials", sa.String), sa.column("sex", sa.String),
    sa.column("birth_date", sa.Date), sa.column("archived", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)), sa.column("updated_at", sa.DateTime(timezone=True)))
OBSERVATION_0001 = sa.table(
    "observation", sa.column("patient_id", sa.Integer), sa.column("code", sa.String),
    sa.column("date", sa.Date), sa.column("value", sa.Float), sa.column("unit", sa.String),
    sa.column("value_canonical", sa.Float), sa.column("unit_canonical", sa.String))


def _engine_at(url: str, revision: str):
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), revision)
    return engine


def _old_patient(connection, now: dt.datetime) -> int:
    """Mary Watson as a registry from revision 0002 on holds her (with the pinyin column); her id."""
    patient = sa.table("patient", *(sa.column(c.name, c.type) for c in PATIENT_0001.columns),
                       sa.column("name_pinyin", sa.String))
    connection.execute(patient.insert().values(
        registry_no="OLD-1", name="Mary Watson", name_key="marywatson", name_pinyin="marywatson", initials="MW",
        sex="F", birth_date=dt.date(1971, 6, 9), archived=False, created_at=now, updated_at=now))
    return connection.execute(sa.select(patient.c.id)).scalar_one()


def _head(engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_empty_registry_from_first_revision_upgrades(registry_url):
    engine = _engine_at(registry_url, "0001")
    assert "name_pinyin" not in {c["name"] for c in inspect(engine).get_columns("patient")}
    head = _head(engine)
    engine.dispose()
    registry = Registry.open(registry_url)
    try:
        columns = {c["name"] for c in inspect(registry.engine).get_columns("patient")}
        assert "name_pinyin" in columns
        with registry.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    finally:
        registry.close()


def test_populated_registry_from_first_revision_keeps_and_indexes_its_patients(registry_url):
    engine = _engine_at(registry_url, "0001")
    now = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
    with engine.begin() as connection:
        connection.execute(PATIENT_0001.insert(), [
            dict(registry_no="OLD-1", name="李娜", name_key="李娜", initials="LN", sex="F",
                 birth_date=dt.date(1990, 2, 3), archived=False, created_at=now, updated_at=now),
            dict(registry_no="OLD-2", name="Mary Watson", name_key="marywatson", initials="MW", sex="F",
                 birth_date=dt.date(1971, 6, 9), archived=True, created_at=now, updated_at=now),
        ])
        patient_id = connection.execute(
            sa.select(PATIENT_0001.c.id).where(PATIENT_0001.c.registry_no == "OLD-1")).scalar_one()
        connection.execute(OBSERVATION_0001.insert(), [dict(
            patient_id=patient_id, code="creatinine", date=dt.date(2024, 12, 30), value=1.1, unit="mg/dL",
            value_canonical=97.24, unit_canonical="umol/L")])
    engine.dispose()

    registry = Registry.open(registry_url)
    try:
        with registry.reading() as session:
            repository = PatientRepository(session, "t")
            assert [p.registry_no for p in repository.search("lina")] == ["OLD-1"]
            assert [p.registry_no for p in repository.search("李")] == ["OLD-1"]
            assert [p.registry_no for p in repository.search("mary", include_archived=True)] == ["OLD-2"]
            assert [p.registry_no for p in repository.search("wats", include_archived=True)] == []
            assert [p.registry_no for p in repository.search("")] == ["OLD-1"]
            patient = repository.get("OLD-1")
            assert patient.name == "李娜"
            assert [(o.code, o.value, o.unit) for o in patient.observations] == [("creatinine", 1.1, "mg/dL")]
    finally:
        registry.close()


def test_migrations_downgrade_and_upgrade_cleanly(registry_url):
    engine = _engine_at(registry_url, "head")
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    command.upgrade(config, "head")
    assert "patient" in inspect(engine).get_table_names()
    command.check(config)
    engine.dispose()


def test_a_registry_with_screenings_from_revision_0004_gains_the_study_tables(registry_url):
    engine = _engine_at(registry_url, "0004")
    assert "study" not in inspect(engine).get_table_names()
    now = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
    screening = sa.table(
        "screening", sa.column("patient_id", sa.Integer), sa.column("nct", sa.String), sa.column("number", sa.Integer),
        sa.column("protocol_version", sa.String), sa.column("on_date", sa.Date), sa.column("status", sa.String),
        sa.column("created_by", sa.String), sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("enrolled_on", sa.Date),
        sa.column("subject_no", sa.String), sa.column("arm", sa.String))
    with engine.begin() as connection:
        patient_id = _old_patient(connection, now)
        connection.execute(screening.insert().values(
            patient_id=patient_id, nct="NCT03864250", number=1, protocol_version="v1", on_date=dt.date(2026, 11, 1),
            status="enrolled", created_by="ann", created_at=now, updated_at=now, enrolled_on=dt.date(2026, 11, 2),
            subject_no="XH-001", arm="tac"))
    engine.dispose()

    registry = Registry.open(registry_url)
    try:
        tables = set(inspect(registry.engine).get_table_names())
        assert {"study", "study_visit", "dose_record", "adverse_event", "exit_event"} <= tables
        unique = inspect(registry.engine).get_unique_constraints("study")
        assert [sorted(c["column_names"]) for c in unique] == [["subject_no", "trial_id"]]
        with registry.writing() as session:
            repository = PatientRepository(session, "t")
            patient = repository.require("OLD-1")
            assert patient.studies == []
            # The migration leaves earlier enrolments as they were (screening rows only); they are entered here.
            repository.save(patient.model_copy(update={"studies": [Study(
                trial="NCT03864250", arm="tac", subject_no="XH-001", enrolled_on=dt.date(2026, 11, 2),
                doses=[DoseRecord(drug="tacrolimus", start=dt.date(2026, 11, 2), dose=4)])]}), reason="backfill")
        with registry.reading() as session:
            assert PatientRepository(session, "t").require("OLD-1").studies[0].doses[0].dose == 4
    finally:
        registry.close()

    engine = make_engine(registry_url)
    command.downgrade(alembic_config(engine), "0004")
    tables = set(inspect(engine).get_table_names())
    assert "study" not in tables and "dose_record" not in tables and "screening" in tables
    with engine.connect() as connection:
        assert connection.execute(sa.select(PATIENT_0001.c.registry_no)).scalars().all() == ["OLD-1"]
    engine.dispose()


def test_the_head_revision_known_to_the_engine_is_the_newest_migration(registry_url):
    engine = make_engine(registry_url)
    try:
        assert _head(engine) == head_revision()
    finally:
        engine.dispose()


def test_a_registry_at_the_newest_revision_opens_without_loading_alembic(tmp_path):
    path = tmp_path / "registry.sqlite3"
    Registry.open(path).close()  # created and migrated here
    check = ("import sys; from db.registry import Registry; Registry.open(sys.argv[1]).close(); "
             "print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", check, str(path)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.strip() == "False"


def test_trials_named_by_nct_number_at_revision_0014_keep_their_ids_and_take_any_registry_id(registry_url):
    engine = _engine_at(registry_url, "0014")
    now = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
    with engine.begin() as connection:
        patient_id = _old_patient(connection, now)
        connection.execute(sa.table("screening", *(sa.column(c) for c in (
            "patient_id", "nct", "number", "protocol_version", "on_date", "status", "created_by", "created_at",
            "updated_at"))).insert().values(
            patient_id=patient_id, nct="NCT03864250", number=1, protocol_version="v1", on_date=dt.date(2026, 11, 1),
            status="draft", created_by="ann", created_at=now, updated_at=now))
        connection.execute(sa.table("adopted_reading", *(sa.column(c) for c in (
            "nct", "item_id", "reading_id", "reason", "by", "at"))).insert().values(
            nct="NCT05863936", item_id="E7", reading_id="any_low", reason="site policy", by="dr.li", at=now))
    engine.dispose()

    registry = Registry.open(registry_url)
    try:
        inspector = inspect(registry.engine)
        for table in ("study", "screening", "adopted_reading", "action_acknowledgement"):
            columns = {c["name"]: c for c in inspector.get_columns(table)}
            assert "nct" not in columns and columns["trial_id"]["type"].length == 40, table
        assert {i["name"] for i in inspector.get_indexes("screening")} >= {"ix_screening_trial_id"}
        with registry.engine.begin() as connection:
            assert connection.execute(text("SELECT trial_id FROM screening")).scalars().all() == ["NCT03864250"]
            assert connection.execute(text("SELECT trial_id FROM adopted_reading")).scalars().all() == ["NCT05863936"]
            # the longest registry forms fit (PostgreSQL enforces the length)
            connection.execute(text("UPDATE adopted_reading SET trial_id = 'ChiCTR-ONRC-14004982'"))
            connection.execute(text("UPDATE adopted_reading SET trial_id = 'NCT05863936'"))  # (11 again: downgradable)
    finally:
        registry.close()

    engine = make_engine(registry_url)
    command.downgrade(alembic_config(engine), "0014")
    assert "nct" in {c["name"] for c in inspect(engine).get_columns("screening")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT nct FROM screening")).scalars().all() == ["NCT03864250"]
    engine.dispose()
