"""Reading and writing the JSON record format: every problem reported, canonical output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coordinator.records.record import Observation
from coordinator.records.record_io import canonical, dump_records, read_records, with_derived_initials

SOURCE = "site-07/export.json"


def creatinine(value: float = 80, date: str = "2026-10-01", unit: str = "umol/L") -> dict:
    return {"code": "creatinine", "date": date, "value": value, "unit": unit}


# -- (a) invalid JSON ---------------------------------------------------------------------------

def test_invalid_json_is_one_problem_naming_line_column_and_source(today):
    text = '{\n  "format": "trialdesk-patients",\n  "patients": [\n    {"registry_no": "R1",}\n  ]\n}'
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert len(problems) == 1
    problem = problems[0]
    assert problem.source == SOURCE
    assert "not valid JSON" in problem.message
    assert "line 4, column 26" in problem.message  # the stray "}"
    assert str(problem).startswith(f"{SOURCE}: ")


@pytest.mark.parametrize("text", ["", "   ", "{", "not json", '{"patients": [}'])
def test_other_broken_json(today, text):
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert len(problems) == 1
    assert problems[0].source == SOURCE
    assert "not valid JSON" in problems[0].message
    assert "line 1, column" in problems[0].message


def test_invalid_json_given_as_bytes(today):
    patients, problems = read_records(b'{"patients": [1, 2,]}', source=SOURCE, today=today)
    assert patients == []
    assert len(problems) == 1
    assert "line 1, column 20" in problems[0].message


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(make_raw_patient, make_record_text, today):
    # Chinese Windows tools often save GBK; that must come back as a problem the user can act on.
    data = make_record_text(make_raw_patient("R-1", name="张三丰")).encode("gbk")
    patients, problems = read_records(data, source=SOURCE, today=today)
    assert patients == []
    assert len(problems) == 1
    assert problems[0].source == SOURCE
    assert "utf-8" in problems[0].message.lower()


def test_a_utf8_file_with_a_byte_order_mark_is_read(make_raw_patient, make_record_text, today):
    # Windows Notepad writes a UTF-8 BOM; JSON readers may ignore it (RFC 8259, section 8.1).
    data = make_record_text(make_raw_patient("R-1", name="张三丰")).encode("utf-8-sig")
    patients, problems = read_records(data, source=SOURCE, today=today)
    assert problems == []
    assert [p.name for p in patients] == ["张三丰"]


# -- (b) structural errors ----------------------------------------------------------------------

def test_missing_sex(make_raw_patient, make_record_text, today):
    raw = make_raw_patient("R-0007")
    del raw["sex"]
    patients, problems = read_records(make_record_text(raw), source=SOURCE, today=today)
    assert patients == []
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.patient, problem.field, problem.source) == ("R-0007", "sex", SOURCE)
    assert "required" in problem.message.lower()
    assert str(problem) == f"{SOURCE}: patient R-0007: sex: {problem.message}"


def test_bad_sex_value_is_shown(make_raw_patient, make_record_text, today):
    _, problems = read_records(make_record_text(make_raw_patient("R-1", sex="X")), today=today)
    assert [(p.patient, p.field) for p in problems] == [("R-1", "sex")]
    assert "'X'" in problems[0].message


def test_bad_birth_date_string(make_raw_patient, make_record_text, today):
    text = make_record_text(make_raw_patient("R-0008", birth_date="1980-02-30"))
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field) for p in problems] == [("R-0008", "birth_date")]
    assert "'1980-02-30'" in problems[0].message


def test_bad_date_string_deep_in_a_section(make_raw_patient, make_record_text, today):
    raw = make_raw_patient("R-0009", observations=[creatinine(), creatinine(date="30/10/2026")])
    patients, problems = read_records(make_record_text(raw), source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field) for p in problems] == [("R-0009", "observations[1].date")]
    assert "'30/10/2026'" in problems[0].message


def test_unknown_key(make_raw_patient, make_record_text, today):
    raw = make_raw_patient("R-0010", nickname="Sanfeng")
    patients, problems = read_records(make_record_text(raw), source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field) for p in problems] == [("R-0010", "nickname")]
    assert "'Sanfeng'" in problems[0].message


def test_unknown_key_in_a_section_item(make_raw_patient, make_record_text, today):
    raw = make_raw_patient("R-0011", observations=[dict(creatinine(), units="umol/L")])
    _, problems = read_records(make_record_text(raw), source=SOURCE, today=today)
    assert [(p.patient, p.field) for p in problems] == [("R-0011", "observations[0].units")]


def test_a_patient_without_a_registry_number_is_named_by_position(make_raw_patient, make_record_text, today):
    second = make_raw_patient()
    del second["registry_no"]
    _, problems = read_records(make_record_text(make_raw_patient("R-1"), second), source=SOURCE, today=today)
    assert [(p.patient, p.field) for p in problems] == [("#2", "registry_no")]


def test_wrong_format_and_version(today):
    text = json.dumps({"format": "other", "version": 2, "patients": []})
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert sorted(p.field for p in problems) == ["format", "version"]
    assert all(p.patient == "" and p.source == SOURCE for p in problems)


def test_patients_that_are_not_objects(today):
    _, problems = read_records('{"patients": [1, "x"]}', source=SOURCE, today=today)
    assert [p.patient for p in problems] == ["#1", "#2"]


# -- (c) every problem in the file --------------------------------------------------------------

def test_several_structural_problems_are_all_reported(make_raw_patient, make_record_text, today):
    no_sex = make_raw_patient("R-1")
    del no_sex["sex"]
    text = make_record_text(
        no_sex,
        make_raw_patient("R-2", birth_date="1980-13-01"),
        make_raw_patient("R-3", nickname="x"),
        make_raw_patient("R-4", observations=[creatinine(value="eighty")]),
    )
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field) for p in problems] == [
        ("R-1", "sex"), ("R-2", "birth_date"), ("R-3", "nickname"), ("R-4", "observations[0].value")]
    assert all(p.source == SOURCE for p in problems)


def test_several_clinical_problems_are_all_reported(make_raw_patient, make_record_text, today):
    text = make_record_text(
        make_raw_patient("R-1", observations=[creatinine(value=0)]),
        make_raw_patient("R-2", medications=[{"drug": "aspirin", "start": "2026-01-01"}]),
        make_raw_patient("R-3", birth_date="2030-01-01"),
        make_raw_patient("R-4"),
    )
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field) for p in problems] == [
        ("R-1", "observations[0] (creatinine).value"),
        ("R-2", "medications[0].drug"),
        ("R-3", "birth_date"),
    ]
    assert all(p.source == SOURCE for p in problems)
    assert "impossible" in problems[0].message


def test_structural_and_clinical_problems_are_all_reported_together(make_raw_patient, make_record_text, today):
    # One pass must list everything, so the user can fix the file in one go: a clinical problem
    # in one patient must not hide behind a structural problem in another.
    no_sex = make_raw_patient("R-2")
    del no_sex["sex"]
    text = make_record_text(make_raw_patient("R-1", observations=[creatinine(value=0)]), no_sex)
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert sorted((p.patient, p.field) for p in problems) == [
        ("R-1", "observations[0] (creatinine).value"), ("R-2", "sex")]


def test_a_valid_file_returns_its_patients(make_raw_patient, make_record_text, today):
    text = make_record_text(make_raw_patient("R-2"), make_raw_patient("R-1", observations=[creatinine()]))
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert problems == []
    assert [p.registry_no for p in patients] == ["R-2", "R-1"]
    assert patients[1].observations == [Observation(code="creatinine", date=dt.date(2026, 10, 1), value=80,
                                                    unit="umol/L")]


def test_today_decides_what_is_in_the_future(make_raw_patient, make_record_text):
    text = make_record_text(make_raw_patient("R-1", observations=[creatinine(date="2026-12-01")]))
    assert read_records(text, today=dt.date(2026, 12, 1))[1] == []
    _, problems = read_records(text, today=dt.date(2026, 11, 30))
    assert [p.field for p in problems] == ["observations[0] (creatinine).date"]


# -- (d) duplicate registry numbers -------------------------------------------------------------

def test_duplicate_registry_numbers(make_raw_patient, make_record_text, today):
    text = make_record_text(make_raw_patient("R-1"), make_raw_patient("R-2"), make_raw_patient("R-1"),
                            make_raw_patient("R-3"), make_raw_patient("R-3"), make_raw_patient("R-1"))
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert [(p.patient, p.field, p.message) for p in problems] == [
        ("R-1", "registry_no", "registry number appears 3 times in the file"),
        ("R-3", "registry_no", "registry number appears 2 times in the file"),
    ]
    assert all(p.source == SOURCE for p in problems)


def test_duplicates_do_not_hide_clinical_problems(make_raw_patient, make_record_text, today):
    text = make_record_text(make_raw_patient("R-1"), make_raw_patient("R-1"),
                            make_raw_patient("R-2", observations=[creatinine(value=-1)]))
    patients, problems = read_records(text, source=SOURCE, today=today)
    assert patients == []
    assert sorted((p.patient, p.field) for p in problems) == [
        ("R-1", "registry_no"), ("R-2", "observations[0] (creatinine).value")]


# -- (e) derived initials -----------------------------------------------------------------------

def test_initials_are_derived_when_missing(make_raw_patient, make_record_text, today):
    text = make_record_text(
        make_raw_patient("R-1", name="张三丰"),
        make_raw_patient("R-2", name="Mary-Jane Watson"),
        make_raw_patient("R-3", name="欧阳娜娜", initials=""),
        make_raw_patient("R-4", name="张三丰", initials="ZSFE"),
    )
    patients, problems = read_records(text, today=today)
    assert problems == []
    assert [p.initials for p in patients] == ["ZSF", "MJW", "OYNN", "ZSFE"]


def test_a_name_without_letters_gets_the_placeholder_initial(make_patient):
    assert with_derived_initials(make_patient(name="123")).initials == "X"
    kept = make_patient(initials="AB")
    assert with_derived_initials(kept) is kept


def test_bad_initials_in_the_file_are_a_problem(make_raw_patient, make_record_text, today):
    _, problems = read_records(make_record_text(make_raw_patient("R-1", initials="zs")), today=today)
    assert [(p.patient, p.field) for p in problems] == [("R-1", "initials")]


# -- (f) canonical dump -------------------------------------------------------------------------

def test_dump_read_dump_gives_identical_text(make_full_patient, make_patient, today):
    patients = [make_full_patient("R-0002"),
                make_patient(registry_no="R-0001", name="Zoë Saldaña-Nazario", initials="ZSN")]
    first = dump_records(patients)
    read, problems = read_records(first, today=today)
    assert problems == []
    assert dump_records(read) == first
    assert first.endswith("}\n")


def test_the_dump_is_the_documented_format(make_full_patient):
    document = json.loads(dump_records([make_full_patient("R-0001")]))
    assert document["format"] == "trialdesk-patients"
    assert document["version"] == 1
    assert list(document) == ["format", "version", "patients"]
    patient = document["patients"][0]
    assert list(patient)[:5] == ["registry_no", "name", "initials", "sex", "birth_date"]
    assert "stop" not in patient["medications"][1]  # ongoing: no null written


def test_patients_are_dumped_by_registry_number(make_patient):
    text = dump_records([make_patient(registry_no=r) for r in ("R-3", "R-1", "R-2")])
    assert [p["registry_no"] for p in json.loads(text)["patients"]] == ["R-1", "R-2", "R-3"]


def test_sections_are_dumped_by_date(make_patient, make_observation):
    patient = make_patient(observations=[make_observation(date=dt.date(2026, 10, d)) for d in (30, 2, 15)])
    dates = [o["date"] for o in json.loads(dump_records([patient]))["patients"][0]["observations"]]
    assert dates == ["2026-10-02", "2026-10-15", "2026-10-30"]


def test_item_order_in_the_input_does_not_change_the_dump(make_full_patient):
    patient = make_full_patient()
    shuffled = patient.model_copy(update={
        section: list(reversed(getattr(patient, section)))
        for section in ("observations", "diagnoses", "medications", "conditions")
    })
    assert shuffled.observations != patient.observations
    assert dump_records([shuffled]) == dump_records([patient])
    assert canonical(shuffled) == canonical(patient)


def test_section_and_key_order_in_the_input_file_does_not_change_the_dump(make_full_patient, today):
    expected = dump_records([make_full_patient()])
    document = json.loads(expected)
    raw = document["patients"][0]
    # Sections (and keys within items) in reverse order, items within sections reversed.
    reordered = {key: raw[key] for key in reversed(list(raw))}
    for key, value in reordered.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            reordered[key] = [{k: item[k] for k in reversed(list(item))} for item in reversed(value)]
    text = json.dumps({"patients": [reordered], "version": 1, "format": "trialdesk-patients"},
                      ensure_ascii=False)
    assert text != expected
    patients, problems = read_records(text, today=today)
    assert problems == []
    assert dump_records(patients) == expected


def test_patient_order_in_the_input_file_does_not_change_the_dump(make_raw_patient, make_record_text, today):
    raws = [make_raw_patient(f"R-{n}", observations=[creatinine(value=70 + n)]) for n in (3, 1, 2)]
    forwards, _ = read_records(make_record_text(*raws), today=today)
    backwards, _ = read_records(make_record_text(*reversed(raws)), today=today)
    assert dump_records(forwards) == dump_records(backwards)


# -- (g) Chinese text ---------------------------------------------------------------------------

def test_chinese_text_survives_unescaped(make_raw_patient, make_record_text, today):
    raw = make_raw_patient("R-1", name="欧阳娜娜", note="既往史：狼疮性肾炎（IV型）",
                           conditions=[{"code": "other", "note": "患者自述“乏力”", "onset": "2025-01-01"}])
    patients, problems = read_records(make_record_text(raw), today=today)
    assert problems == []
    text = dump_records(patients)
    assert "欧阳娜娜" in text
    assert "既往史：狼疮性肾炎（IV型）" in text
    assert "患者自述“乏力”" in text
    assert "\\u" not in text
    again, _ = read_records(text, today=today)
    assert again[0].name == "欧阳娜娜"
    assert again[0].conditions[0].note == "患者自述“乏力”"


def test_escaped_chinese_in_the_input_is_dumped_unescaped(make_raw_patient, today):
    text = json.dumps({"patients": [make_raw_patient("R-1", name="张三丰")]}, ensure_ascii=True)
    assert "\\u5f20" in text
    patients, problems = read_records(text, today=today)
    assert problems == []
    assert '"name": "张三丰"' in dump_records(patients)


def test_chinese_text_read_from_utf8_bytes(make_raw_patient, make_record_text, today):
    patients, problems = read_records(make_record_text(make_raw_patient("R-1", name="张三丰")).encode("utf-8"),
                                      today=today)
    assert problems == []
    assert patients[0].name == "张三丰"
    assert patients[0].initials == "ZSF"
