"""A record file is written batch by batch inside one transaction: a problem anywhere, even after
several batches were written, leaves the registry as it was, and every problem is still listed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from coordinator.records.record_io import dump_records
from db import importer
from db.importer import import_records
from db.models import AuditRow, ObservationRow, PatientRow
from db.patients import PatientRepository
from tests.conftest import make_patient


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)


def _file(count: int) -> dict:
    return json.loads(dump_records([make_patient(f"R{n:04d}", name=f"患者{n}") for n in range(count)]))


def _counts(registry) -> tuple[int, int, int]:
    with registry.reading() as session:
        return tuple(session.execute(select(func.count()).select_from(table)).scalar_one()
                     for table in (PatientRow, ObservationRow, AuditRow))


def test_every_batch_is_written_and_audited(registry):
    outcome = import_records(registry, json.dumps(_file(7)), "seven.json", "ann")
    assert outcome.accepted and outcome.imported == 7
    patients, observations, audit = _counts(registry)
    assert (patients, observations) == (7, 14) and audit >= 7


def test_a_bad_patient_after_written_batches_rolls_everything_back(registry):
    document = _file(7)
    document["patients"][6]["observations"][0]["value"] = -1
    before = _counts(registry)
    outcome = import_records(registry, json.dumps(document), "late.json", "ann")
    assert not outcome.accepted and outcome.imported == 0
    assert [p.patient for p in outcome.problems] == ["R0006"]
    assert _counts(registry) == before


def test_every_problem_of_the_file_is_listed_not_only_the_first(registry):
    document = _file(7)
    document["patients"][1]["sex"] = "X"
    document["patients"][5]["observations"][0]["value"] = -1
    outcome = import_records(registry, json.dumps(document), "two.json", "ann")
    assert sorted(p.patient for p in outcome.problems) == ["R0001", "R0005"]
    assert all(p.source == "two.json" for p in outcome.problems)


def test_a_patient_already_in_the_registry_in_a_later_batch_rejects_the_whole_file(registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0005")])
    before = _counts(registry)
    outcome = import_records(registry, json.dumps(_file(7)), "again.json", "ann")
    assert [(p.field, p.patient, p.message) for p in outcome.problems] == [
        ("registry_no", "R0005", "already in the registry (use --update to replace it)")]
    assert _counts(registry) == before


def test_update_replaces_across_batches_and_a_dry_run_writes_nothing(registry):
    assert import_records(registry, json.dumps(_file(5)), "first.json", "ann").accepted
    document = _file(5)
    for patient in document["patients"]:
        patient["note"] = "updated"
    before = _counts(registry)
    dry = import_records(registry, json.dumps(document), "second.json", "ann", update=True, dry_run=True)
    assert dry.accepted and dry.imported == 5 and _counts(registry) == before
    assert import_records(registry, json.dumps(document), "second.json", "ann", update=True).accepted
    with registry.reading() as session:
        assert {row.note for row in session.execute(select(PatientRow)).scalars()} == {"updated"}


def test_a_binary_stream_is_read_as_it_comes(registry, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(_file(9)), encoding="utf-8")
    with path.open("rb") as stream:
        assert import_records(registry, stream, path.name, "ann").imported == 9
