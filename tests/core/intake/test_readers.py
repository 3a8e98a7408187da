"""Reading hospital files: LIS exports (CSV in every encoding hospitals write, xlsx, xls), HL7 v2
ORU^R01 and FHIR R4, each fault reported with where it is."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from coordinator.intake.fhir import read_fhir
from coordinator.intake.formats import SourceFormat, detect_format
from coordinator.intake.hl7v2 import hl7_results
from coordinator.intake.incoming import UnreadableSource
from coordinator.intake.site_mapping import parse_site_mapping
from coordinator.intake.spreadsheet import TableReader
from tests.conftest import EXAMPLES

HOSPITAL = EXAMPLES / "hospital"
HEADINGS = "病历号,姓名,项目名称,结果,单位,参考范围,提示,采样时间\n"
ROW = "0012345,王小红,肌酐,96.3,μmol/L,41-81,↑,2026-12-01 07:45\n"


def csv_rows(data: bytes, site_text: str = "", encoding: str | None = None):
    site, _ = parse_site_mapping(site_text)
    return list(TableReader(site).csv_results(io.BytesIO(data), encoding))


def test_the_gbk_export_with_a_title_line_and_a_footer():
    rows = csv_rows((HOSPITAL / "lis_export_gbk.csv").read_bytes())
    assert len(rows) == 17  # the blank row and "共17条记录" hold no result
    first = rows[0]
    assert (first.where, first.patient.record_no, first.patient.name) == ("row 3", "0012345", "王小红")
    assert (first.test_name, first.test_code, first.result, first.unit) == ("肌酐(酶法)", "CREA", "96.3", "μmol/L")
    assert (first.reference_range, first.flag, first.taken) == ("男:57-111 女:41-81", "↑", "2026-12-01 07:45:00")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_each_encoding_hospitals_write(encoding):
    rows = csv_rows((HEADINGS + ROW).encode(encoding))
    assert [(r.patient.name, r.test_name, r.unit) for r in rows] == [("王小红", "肌酐", "μmol/L")]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiters(delimiter):
    rows = csv_rows((HEADINGS + ROW).replace(",", delimiter).encode("utf-8"))
    assert rows[0].result == "96.3"


def test_the_sample_time_wins_over_the_report_time_which_stands_in_when_it_is_empty():
    text = "病历号,项目名称,结果,单位,报告时间,采样时间\n1,肌酐,96,umol/L,2026-12-02,2026-12-01\n2,肌酐,90,umol/L,2026-12-03,\n"
    assert [r.taken for r in csv_rows(text.encode())] == ["2026-12-01", "2026-12-03"]


def test_a_site_mapping_names_a_column_the_reader_does_not_know():
    text = "登记编码,检验子项,结果,单位,采样时间\n0012345,肌酐,96,umol/L,2026-12-01\n"
    with pytest.raises(UnreadableSource, match="no heading row"):
        csv_rows(text.encode())
    rows = csv_rows(text.encode(), "columns: {登记编码: record_no, 检验子项: test_name}")
    assert (rows[0].patient.record_no, rows[0].test_name) == ("0012345", "肌酐")


def test_a_table_without_a_patient_or_time_column_says_which():
    with pytest.raises(UnreadableSource, match="row 1: no column for the patient's record number"):
        csv_rows("项目名称,结果,采样时间\n肌酐,96,2026-12-01\n".encode())
    with pytest.raises(UnreadableSource, match="sample or report time"):
        csv_rows("病历号,项目名称,结果\n1,肌酐,96\n".encode())


def test_a_wrong_encoding_is_refused_with_a_clear_message():
    with pytest.raises(UnreadableSource, match="UTF-16 without a byte-order mark"):
        csv_rows((HEADINGS + ROW).encode("utf-16-le"))
    with pytest.raises(UnreadableSource, match="neither UTF-8 nor GBK"):
        csv_rows(b"\xff\xff\xff\xff" + (HEADINGS + ROW).encode("utf-8"))
    shift_jis = "患者番号,検査項目,結果\n".encode("shift_jis")  # decodes as GB18030 into nonsense
    with pytest.raises(UnreadableSource, match="another encoding than GBK"):
        csv_rows(shift_jis)


def test_bytes_of_another_encoding_further_on_name_the_row():
    data = (HEADINGS + ROW * 2000).encode("utf-8") + "0012345,王小红,肌酐,90,umol/L,41-81,,2026-12-02\n".encode("gbk")
    with pytest.raises(UnreadableSource, match="after row .*not valid UTF-8"):
        csv_rows(data)


def test_an_xlsx_export(tmp_path):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本表由检验科导出"])
    sheet = book.create_sheet("结果")
    sheet.append(["检验结果导出"])
    sheet.append(["门诊号", "姓名", "检验项目", "缩写", "结果", "单位", "参考值", "标志", "采集时间"])
    sheet.append([12345, "王小红", "白蛋白", "ALB", 28.6, "g/L", "40-55", "↓", dt.datetime(2026, 12, 1, 7, 45)])
    sheet.append(["0012345", "王小红", "乙肝表面抗原", "HBsAg", "阴性", None, "阴性", None, "2026-12-01 07:45"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    rows = list(TableReader().excel_results(path.open("rb")))
    assert [r.where for r in rows] == ["sheet 结果, row 3", "sheet 结果, row 4"]
    assert (rows[0].patient.record_no, rows[0].result, rows[0].taken) == ("12345", 28.6, dt.datetime(2026, 12, 1, 7, 45))
    assert (rows[1].patient.record_no, rows[1].result, rows[1].unit) == ("0012345", "阴性", "")


def test_an_old_xls_export():
    rows = list(TableReader().excel_results((HOSPITAL / "lis_export_old.xls").open("rb")))
    assert [(r.test_name, r.result) for r in rows] == [("血清肌酐", 128), ("谷丙转氨酶", 31), ("血小板", 201)]
    assert rows[0].taken == dt.datetime(2026, 11, 20, 8, 5) and rows[0].patient.record_no == "67890"


def test_a_file_that_is_not_a_workbook():
    with pytest.raises(UnreadableSource, match="not a readable Excel workbook"):
        list(TableReader().excel_results(io.BytesIO(b"PK\x03\x04 not really a zip")))


# -- HL7 v2 -----------------------------------------------------------------------------------
def test_an_oru_r01_with_two_obr_groups():
    rows = list(hl7_results((HOSPITAL / "oru_r01.hl7").open("rb")))
    assert [r.where for r in rows] == [
        "message 1 (LAB20261202001), OBR 1, OBX 1", "message 1 (LAB20261202001), OBR 1, OBX 2",
        "message 1 (LAB20261202001), OBR 1, OBX 3", "message 1 (LAB20261202001), OBR 2, OBX 1",
        "message 1 (LAB20261202001), OBR 2, OBX 2", "message 1 (LAB20261202001), OBR 2, OBX 3"]
    creatinine, *_, ratio, potassium = rows
    assert (creatinine.patient.record_no, creatinine.patient.name) == ("0067890", "李建国")
    assert (creatinine.loinc, creatinine.test_name, creatinine.result, creatinine.unit) == ("2160-0", "肌酐", "132", "umol/L")
    assert (creatinine.reference_range, creatinine.flag, creatinine.taken) == ("57-111", "H", "20261202081000")
    assert (ratio.result, ratio.taken) == ("3.1", "20261201070000")   # SN value; the OBR's time stands in
    assert (potassium.test_code, potassium.status) == ("K", "F")


def test_lf_line_ends_a_batch_and_the_registry_identifier():
    text = ("MSH|^~\\&|LIS|H|||20261201||ORU^R01|1|P|2.5\nPID|1||A1^^^H^MR~R0001^^^TRIALDESK^PI||Wang^Xiaohong\n"
            "OBR|1|||CHEM|||20261201\nOBX|1|NM|ALT^ALT^L||35|U/L|9-50|||F\n"
            "MSH|^~\\&|LIS|H|||20261201||ORU^R01|2|P|2.5\nPID|1||A2^^^H^MR\nOBX|1|SN|HBV^HBV DNA^L||<^20|IU/mL|||||W\n")
    first, second = hl7_results(io.BytesIO(text.encode()))
    assert (first.patient.record_no, first.patient.registry_no, first.patient.name) == ("A1", "R0001", "Xiaohong Wang")
    assert (second.where, second.result, second.status) == ("message 2 (2), OBR 1, OBX 1", "<20", "W")


@pytest.mark.parametrize("text, why", [
    ("MSH|^~\\&|LIS|H|||20261201||ADT^A01|9|P|2.5\rPID|1||A1\r", "message 1 \\(9\\): ADT\\^A01 message, not an ORU"),
    ("PID|1||A1\rOBX|1|NM|ALT||35\r", "message 1: does not start with an MSH segment"),
    ("MSH|^~\\&|LIS|H|||20261201||ORU^R01|3|P|2.5\rOBX|1|NM|ALT||35\r", "OBX 1 comes before any PID"),
    ("MSH|\r", "not a readable HL7 v2 message"),
])
def test_malformed_messages_are_refused_naming_the_message(text, why):
    with pytest.raises(UnreadableSource, match=why):
        list(hl7_results(io.BytesIO(text.encode())))


# -- FHIR R4 ----------------------------------------------------------------------------------
def test_a_bundle_of_patient_observations_medication_and_condition():
    content = read_fhir((HOSPITAL / "fhir_bundle.json").open("rb"))
    [patient] = content.patients
    assert (patient.ids.record_no, patient.ids.name, patient.sex, patient.birth_date) == \
        ("0012345", "王小红", "F", dt.date(1988, 6, 17))
    kinds = [type(item).__name__ for item in content.items]
    assert kinds == ["IncomingResult"] * 4 + ["IncomingMedication", "IncomingCondition"]
    creatinine, withdrawn, corrected, hbsag = content.items[:4]
    assert (creatinine.loinc, creatinine.result, creatinine.unit, creatinine.low, creatinine.high, creatinine.flag) == \
        ("2160-0", 101.5, "μmol/L", 41, 81, "H")
    assert withdrawn.status == "entered-in-error" and corrected.reference_range == "7-40"
    assert hbsag.result == "阴性"
    assert content.ignored == {"Encounter": 1} and content.problems == []


def test_a_single_resource_and_resources_that_fail_the_standard():
    observation = {"resourceType": "Observation", "status": "final", "code": {"text": "ALT"},
                   "subject": {"identifier": {"value": "0012345"}}, "effectiveDateTime": "2026-12-01",
                   "valueQuantity": {"value": 35, "unit": "U/L"}}
    [item] = read_fhir(io.BytesIO(json.dumps(observation).encode())).items
    assert item.patient.record_no == "0012345" and item.where == "resource"
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": dict(observation, id="bad", valueQuantity={"value": "abc"})},
        {"resource": dict(observation, id="orphan", subject={"reference": "Patient/nobody"})}]}
    content = read_fhir(io.BytesIO(json.dumps(bundle).encode()))
    assert content.items == []
    assert [where for where, _ in content.problems] == ["entry 1 (Observation/bad)", "entry 2 (Observation/orphan)"]
    assert "valueQuantity.value" in content.problems[0][1] and "not a Patient in this file" in content.problems[1][1]


@pytest.mark.parametrize("data, why", [(b"{not json", "not valid JSON"), (b"[1, 2]", "resourceType"),
                                       (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|not valid JSON")])
def test_what_is_not_fhir(data, why):
    with pytest.raises(UnreadableSource, match=why):
        read_fhir(io.BytesIO(data))


# -- telling the format -----------------------------------------------------------------------
@pytest.mark.parametrize("name, kind", [("lis_export_gbk.csv", SourceFormat.CSV), ("lis_export_old.xls", SourceFormat.XLSX),
                                        ("oru_r01.hl7", SourceFormat.HL7), ("fhir_bundle.json", SourceFormat.FHIR)])
def test_the_format_is_told_from_the_content(name, kind):
    assert detect_format((HOSPITAL / name).read_bytes()[:8192]) is kind


def test_record_files_and_xlsx_are_told_too():
    assert detect_format((EXAMPLES / "NCT03864250.json").read_bytes()[:8192]) is SourceFormat.RECORD
    assert detect_format(b"PK\x03\x04rest") is SourceFormat.XLSX


def test_each_item_says_what_the_source_wrote_for_the_preview():
    from coordinator.intake.incoming import IncomingCondition, IncomingMedication, IncomingResult, PatientIds

    ids = PatientIds(record_no="H1")
    assert IncomingResult("row 2", ids, result=35.0, unit="U/L", reference_range="7-40").as_written == "35 U/L [7-40]"
    assert IncomingResult("row 3", ids, result="阴性").as_written == "阴性"
    assert IncomingResult("row 4", ids, result=12, unit=" g/L ").as_written == "12 g/L"
    assert IncomingMedication("MedicationStatement/1", ids, "他克莫司", dose=1.5, dose_unit="mg",
                              route="口服").as_written == "1.5 mg 口服"
    assert IncomingCondition("Condition/1", ids, "狼疮肾炎", status="active").as_written == "active"
