"""A record file read patient by patient: the same checks as the whole-file reader, every
problem named by file, patient and field, and the envelope checked before and after the list."""

from __future__ import annotations

import io
import json

import pytest

from coordinator.records.record_io import dump_records
from coordinator.records.record_stream import RecordStream
from tests.conftest import make_patient


def _read(data: bytes | str, source: str = "f.json"):
    stream = RecordStream(io.BytesIO(data.encode() if isinstance(data, str) else data), source)
    patients = list(stream)
    return patients, [str(problem) for problem in stream.problems]


def _document(**envelope):
    patients = json.loads(dump_records([make_patient("R0001"), make_patient("R0002", "李四")]))["patients"]
    return json.dumps({**envelope, "patients": patients}, ensure_ascii=False)


def test_a_written_file_reads_back_patient_by_patient():
    written = dump_records([make_patient("R0001"), make_patient("R0002", "李四")])
    patients, problems = _read(written)
    assert problems == []
    assert [p.registry_no for p in patients] == ["R0001", "R0002"]
    assert patients[1].name == "李四" and patients[1].observations[0].value == 106.1


def test_a_byte_order_mark_is_accepted():
    patients, problems = _read(b"\xef\xbb\xbf" + _document().encode())
    assert problems == [] and len(patients) == 2


def test_batches_split_the_patients_without_losing_one():
    stream = RecordStream(io.BytesIO(_document().encode()), "f.json")
    assert [[p.registry_no for p in batch] for batch in stream.batches(1)] == [["R0001"], ["R0002"]]


@pytest.mark.parametrize("text, expected", [
    ("[1, 2]", "f.json: a record file is a JSON object with a 'patients' list"),
    ('{"format": "trialdesk-patients"}', "f.json: patients: Field required"),
    ('{"patients": 5}', "f.json: patients: Input should be a valid list"),
    ('{"colour": "red", "patients": []}', "f.json: colour: Extra inputs are not permitted"),
    ('{"version": 2, "patients": []}', "f.json: version: Input should be 1 (got 2)"),
    ('{"patients": [], "version": 2}', "f.json: version: Input should be 1 (got 2)"),
    ('{"patients": [], "colour": "red"}', "f.json: colour: Extra inputs are not permitted"),
    ('{"format": "other", "patients": []}', "f.json: format: Input should be 'trialdesk-patients' (got 'other')"),
])
def test_the_envelope_is_checked_before_and_after_the_patients(text, expected):
    assert _read(text) == ([], [expected])


def test_a_correct_envelope_before_or_after_the_list_passes():
    assert _read('{"format": "trialdesk-patients", "version": 1, "patients": []}') == ([], [])
    assert _read('{"patients": [], "version": 1, "format": "trialdesk-patients"}') == ([], [])


def test_a_syntax_error_says_so_and_roughly_where():
    patients, problems = _read('{"patients": [{"registry_no": "R1",, }]}')
    assert patients == [] and len(problems) == 1
    assert problems[0].startswith("f.json: not valid JSON: ") and "within the first" in problems[0]


def test_a_file_that_is_not_utf8_is_refused_clearly():
    _, problems = _read(_document().encode("gbk"))
    assert problems == ["f.json: the file is not UTF-8 text; save it as UTF-8 and import it again"]


def test_an_empty_file_is_not_valid_json():
    _, problems = _read(b"")
    assert len(problems) == 1 and "not valid JSON" in problems[0]


def test_structure_and_clinical_problems_name_the_patient_and_field_and_the_sound_ones_still_read():
    document = json.loads(_document())
    document["patients"][0]["sex"] = "X"
    document["patients"][1]["observations"][0]["value"] = -5
    document["patients"].append({"name": "no number"})
    patients, problems = _read(json.dumps(document))
    assert patients == []
    assert any(p.startswith("f.json: patient R0001: sex: ") for p in problems)
    assert any(p.startswith("f.json: patient R0002: observations[0]") for p in problems)
    assert "f.json: patient #3: registry_no: Field required" in problems


def test_a_registry_number_repeated_in_the_file_is_one_problem_with_its_count():
    document = json.loads(_document())
    document["patients"] += [document["patients"][0], document["patients"][0]]
    patients, problems = _read(json.dumps(document))
    assert [p.registry_no for p in patients] == ["R0001", "R0002"]  # the first of each number
    assert problems == ["f.json: patient R0001: registry_no: registry number appears 3 times in the file"]


def test_deeply_nested_input_is_a_problem_not_a_crash():
    nested = "[" * 100_000 + "]" * 100_000
    _, problems = _read('{"patients": [{"registry_no": "R1", "extra": ' + nested + '}]}')
    assert problems == ["f.json: the data are nested more than 64 levels deep (within the first 65,536 bytes)"]
