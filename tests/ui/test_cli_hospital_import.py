"""`trialdesk import` of the hospital's files and `trialdesk mapping`, as a coordinator and
site IT use them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import EXAMPLES, make_patient
from coordinator.records.record_io import dump_records

HOSPITAL = EXAMPLES / "hospital"


@pytest.fixture
def run(cli, tmp_path):
    patients = tmp_path / "patients.json"
    patients.write_text(dump_records([
        make_patient("R0001", "王小红", birth_date=dt.date(1988, 6, 17), record_no="0012345",
                     observations=[]),
        make_patient("R0002", "李建国", sex="M", birth_date=dt.date(1974, 3, 15),
                     record_no="0067890", observations=[])]), encoding="utf-8")
    assert cli("import", str(patients)).exit_code == 0

    def invoke(*args: str, user: str = "ann"):
        return cli(*args, user=user, catch_exceptions=False)

    return invoke


def test_an_export_a_message_and_a_bundle_in_one_go(run):
    result = run("import", *(str(HOSPITAL / name) for name in ("lis_export_gbk.csv", "oru_r01.hl7", "fhir_bundle.json")))
    assert result.exit_code == 0, result.output
    assert "lis_export_gbk.csv: imported 15 items (2 rows not needed by any trial)" in result.output
    assert "oru_r01.hl7: imported 3 items (2 duplicates skipped; 1 row not needed by any trial)" in result.output
    assert "fhir_bundle.json: imported 5 items (1 row withdrawn or not final at the source)" in result.output
    assert "entry 3 (Observation/obs-alt-1): status 'entered-in-error'" in result.output


def test_show_json_has_the_results_in_their_units_with_their_limits(run):
    run("import", str(HOSPITAL / "lis_export_gbk.csv"))
    shown = json.loads(run("show", "0012345", "--json").output)["patient"]
    creatinine = next(o for o in shown["observations"] if o["code"] == "creatinine")
    assert creatinine == {"code": "creatinine", "date": "2026-12-01", "time": "07:45:00", "value": 96.3,
                          "unit": "umol/L", "uln": 81.0, "lln": 41.0}


def test_the_json_summary_of_a_rejected_file(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("病历号,项目名称,结果,单位,采样时间\n0012345,神秘项目,1,g/L,2026-12-01\n0099999,肌酐,96,umol/L,2026-12-01\n"
                    .encode("gbk"))
    result = run("import", str(bad), "--json")
    assert result.exit_code == 1
    [summary] = json.loads(result.output)["files"]
    assert (summary["accepted"], summary["imported"], summary["format"]) == (False, 0, "csv")
    assert summary["unmapped"] == [{"name": "test '神秘项目'", "rows": 1}]
    assert [p["where"] for p in summary["problems"]] == ["row 2, test", "row 3, patient"]


def test_a_rejected_file_lists_unmapped_names_and_each_problem(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("病历号,项目名称,结果,单位,采样时间\n0012345,神秘项目,1,g/L,2026-12-01\n", encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 1
    assert "bad.csv: rejected, nothing imported (1 problem):" in result.output
    assert "unmapped (add them to the site mapping): test '神秘项目' (1)" in result.output
    assert "bad.csv: patient R0001: row 2, test: test '神秘项目' is not in the vocabulary" in result.output


def test_dry_run_writes_nothing(run):
    result = run("import", str(HOSPITAL / "lis_export_gbk.csv"), "--dry-run")
    assert "would import 15 items" in result.output
    shown = json.loads(run("show", "R0001", "--json").output)["patient"]
    assert shown.get("observations", []) == []


def test_the_format_can_be_forced(run):
    result = run("import", str(HOSPITAL / "oru_r01.hl7"), "--format", "csv")
    assert result.exit_code == 1 and "no heading row found" in result.output


def test_a_site_mapping_set_shown_and_used(run, tmp_path):
    mapping = tmp_path / "lis.yaml"
    mapping.write_text("tests:\n  神秘项目: igg\n", encoding="utf-8")
    assert "site mapping 'lis': saved" in run("mapping", "set", "lis", str(mapping), "--reason", "LIS codes").output
    assert "神秘项目: igg" in run("mapping", "show", "lis").output
    data = tmp_path / "lab.csv"
    data.write_text("病历号,项目名称,结果,单位,采样时间\n0012345,神秘项目,9.8,g/L,2026-12-01\n", encoding="utf-8")
    assert run("import", str(data)).exit_code == 0
    audit = run("audit", "export", user="mo").output
    assert "source_mapping[lis]" in audit


def test_a_bad_mapping_file_is_refused_with_its_problems(run, tmp_path):
    mapping = tmp_path / "lis.yaml"
    mapping.write_text("tests:\n  神秘项目: not_a_code\n", encoding="utf-8")
    result = run("mapping", "set", "lis", str(mapping))
    assert result.exit_code == 1 and "lis.yaml: tests.神秘项目: 'not_a_code' is not a known test code" in result.output
    result = run("import", str(HOSPITAL / "lis_export_gbk.csv"), "--mapping", str(mapping))
    assert result.exit_code == 1 and "the mapping file has problems; nothing imported" in result.output


def test_a_monitor_may_not_import(run):
    result = run("import", str(HOSPITAL / "lis_export_gbk.csv"), user="mo")
    assert result.exit_code != 0 and "imported" not in result.output
