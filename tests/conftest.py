"""Shared fixtures: every test gets its own data and settings folders, and registries in tmp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coordinator.record import Observation, Patient
from db.registry import Registry

EXAMPLES = Path(__file__).parent / "examples"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("TRIALDESK_DB", raising=False)
    return home


@pytest.fixture
def registry(tmp_path) -> Registry:
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
