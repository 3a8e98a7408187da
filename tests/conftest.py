"""Shared fixtures: every test gets its own data and settings folders, and registries in tmp."""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from coordinator.records.record import Observation, Patient
from coordinator.screening.site_trials import use_site_trials
from db.registry import Registry

EXAMPLES = Path(__file__).parent / "examples"

# Registry tests run on SQLite, and on PostgreSQL too when this names a database to use
# (packaging/postgres-for-tests.sh makes one). Without it, no PostgreSQL test is generated.
POSTGRES_URL_VAR = "TRIALDESK_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_URL_VAR, "").strip()
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("TRIALDESK_DB", raising=False)
    monkeypatch.delenv("TRIALDESK_SITE_TRIALS", raising=False)
    use_site_trials(None)  # a registry opened by an earlier test chose its folder: only shipped trials
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:  # Qt read XDG_CONFIG_HOME once, when first asked: window settings go here too
        settings = qt_core.QSettings
        for kind in (settings.Format.NativeFormat, settings.Format.IniFormat):
            settings.setPath(kind, settings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture(scope="session")
def postgres_admin():
    """One connection to the test database for making and dropping each test's schema."""
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_size=1)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def registry_url(request, tmp_path) -> str:
    """The URL of a new, empty registry database on each backend. On PostgreSQL each test gets
    a schema of its own (first on its search_path), dropped with everything in it afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    # A site's server rarely runs on UTC: timestamps must come back as the same instant.
    options = f"-csearch_path={schema} -cTimeZone=Asia/Shanghai"
    url = make_url(POSTGRES_URL).update_query_dict({"options": options})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text("SET lock_timeout = '20s'"))  # a leaked connection fails the test, not the run
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def registry(registry_url) -> Registry:
    """A new registry, on each backend: registry[sqlite], registry[postgresql]."""
    opened = Registry.open(registry_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_registry(tmp_path) -> Registry:
    """A new registry in an SQLite file, for what only SQLite has (pragmas, the file itself)."""
    opened = Registry.open(tmp_path / "registry.sqlite3")
    yield opened
    opened.close()


def make_patient(registry_no: str = "R0001", name: str = "张三丰", **changes) -> Patient:
    base = dict(
        registry_no=registry_no, name=name, sex="F", birth_date=dt.date(1986, 4, 2), record_no=None,
        observations=[
            Observation(code="creatinine", date=dt.date(2026, 10, 30), value=106.1, unit="umol/L", uln=84),
            Observation(code="hbsag", date=dt.date(2026, 10, 30), text="negative"),
        ],
    )
    base.update(changes)
    return Patient(**base)


def flip_a_signed_byte(pdf: Path, out: Path) -> Path:
    """A copy of a signed PDF with one bit changed inside a page's content stream, which the
    signature's byte range covers: what a forger's edit looks like to a verifier."""
    import re

    data = bytearray(pdf.read_bytes())
    start, length = map(int, re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", data).groups())
    position = data.index(b"stream", data.index(b"/Contents")) + 40
    assert start <= position < start + length
    data[position] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def demo_patient_for(trial_id: str, case_id: str, seed: int, today: dt.date) -> tuple[str, str, Patient]:
    """The demo patient made for this case of this trial's demo section."""
    from coordinator.records.demo import demo_cases, demo_patient

    index = next(i for i, (trial, case) in enumerate(demo_cases()) if (trial.trial_id, case.id) == (trial_id, case_id))
    return demo_patient(index, seed, today)


READINGS_TRIAL = "NCT05863936"  # its E7e reads two ways: all three counts low, or any


def with_neutrophils(value: float, on: dt.date = dt.date(2026, 11, 23)) -> Patient:
    """The trial's eligible demo patient screened `on`, with this neutrophil count (x10^9/L)
    five days before: below 1.3 the literal "and" of E7e reads no, "any count low" yes."""
    _, _, patient = demo_patient_for(READINGS_TRIAL, "eligible", seed=1, today=on)
    observations = [o for o in patient.observations if o.code != "neutrophils"]
    observations.append(Observation(code="neutrophils", value=value, unit="10^9/L", date=on - dt.timedelta(days=5)))
    return patient.model_copy(update={"observations": observations})
