"""The documented record format: schema file, example files per trial."""

from __future__ import annotations

import json

import jsonschema
import pytest

from coordinator.records.record import RecordFile
from coordinator.records.record_io import read_records
from coordinator.resource_files import resource
from tests.conftest import EXAMPLES

TRIALS = ["NCT05916781", "NCT05863936", "NCT06394063", "NCT03580291", "NCT03864250"]


def _schema() -> dict:
    return json.loads(resource("schemas", "patient-record.schema.json").read_text(encoding="utf-8"))


def test_shipped_schema_is_the_one_the_code_enforces():
    shipped = _schema()
    generated = RecordFile.model_json_schema()
    own_keys = {"$schema", "$id", "title"}
    assert {k: v for k, v in shipped.items() if k not in own_keys} == \
        {k: v for k, v in generated.items() if k not in own_keys}


@pytest.mark.parametrize("trial", TRIALS)
def test_each_trial_has_an_example_file_that_imports_cleanly(trial):
    path = EXAMPLES / f"{trial}.json"
    patients, problems = read_records(path.read_bytes(), source=path.name)
    assert problems == []
    assert len(patients) >= 5
    assert all(trial in (p.note or "") for p in patients)
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), _schema())


def test_schema_rejects_what_the_importer_rejects():
    document = json.loads((EXAMPLES / "NCT03864250.json").read_text(encoding="utf-8"))
    document["patients"][0]["favourite_colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, _schema())
    _, problems = read_records(json.dumps(document))
    assert any(p.field == "favourite_colour" for p in problems)
