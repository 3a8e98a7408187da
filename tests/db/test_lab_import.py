"""The hospital's data into the registry: matched, mapped, checked against what is there,
written whole in one transaction (and audited row by row) or not at all."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import pytest
from sqlalchemy import func, select

from coordinator.intake.formats import SourceFormat
from coordinator.intake.site_mapping import SiteMapping, parse_site_mapping
from coordinator.records.record import Patient
from coordinator.screening.eligibility import evaluate
from coordinator.screening.trial_library import load_trials
from db.audit import AuditReader
from db.file_import import import_file
from db.lab_import import import_hospital_file
from db.models import AuditRow, MedicationRow, ObservationRow
from db.patients import PatientRepository
from db.source_mappings import SourceMappings
from tests.conftest import EXAMPLES

HOSPITAL = EXAMPLES / "hospital"
TODAY = dt.date(2026, 12, 6)
HEADINGS = "病历号,姓名,项目名称,结果,单位,参考范围,采样时间\n"


@pytest.fixture
def site(registry):
    with registry.writing() as session:
        PatientRepository(session, "setup").add([
            Patient(registry_no="R0001", name="王小红", sex="F", birth_date=dt.date(1988, 6, 17), record_no="0012345"),
            Patient(registry_no="R0002", name="李建国", sex="M", birth_date=dt.date(1974, 3, 15), record_no="0067890")])
    return registry


def counts(registry) -> tuple[int, int]:
    with registry.reading() as session:
        return (session.execute(select(func.count()).select_from(ObservationRow)).scalar_one(),
                session.execute(select(func.count()).select_from(AuditRow)).scalar_one())


def patient(registry, ref: str) -> Patient:
    with registry.reading() as session:
        return PatientRepository(session, "test").require(ref)


def hospital(registry, name: str, **options):
    return import_file(registry, HOSPITAL / name, "ann", today=TODAY, **options)


def text_file(registry, text: str, encoding: str = "utf-8", **options):
    options.setdefault("kind", SourceFormat.CSV)
    return import_hospital_file(registry, io.BytesIO(text.encode(encoding)), "lab.csv", "ann", today=TODAY, **options)


def test_a_gbk_lis_export_imports_with_units_limits_and_times(site):
    outcome = hospital(site, "lis_export_gbk.csv")
    assert outcome.accepted, outcome.problems
    assert (outcome.imported, outcome.duplicates) == (15, 0)
    assert outcome.not_needed == {"钾 / K": 1, "尿酸 / UA": 1}
    wang = {obs.code: obs for obs in patient(site, "R0001").observations}
    creatinine = wang["creatinine"]
    assert (creatinine.value, creatinine.unit, creatinine.lln, creatinine.uln) == (96.3, "umol/L", 41, 81)
    assert (creatinine.date, creatinine.time) == (dt.date(2026, 12, 1), dt.time(7, 45))
    assert (wang["wbc"].value, wang["wbc"].unit) == (3.2, "10^9/L")
    assert wang["hbsag"].text == "negative"
    li = {obs.code: obs for obs in patient(site, "R0002").observations}
    assert (li["creatinine"].lln, li["creatinine"].uln) == (57, 111)   # the men's range of "男:57-111 女:41-81"


def test_each_result_is_audited_with_its_file_and_row(site):
    hospital(site, "lis_export_gbk.csv")
    with site.reading() as session:
        from coordinator.screening.workflow import Actor, Role

        entries = [e for e in AuditReader(session, Actor("mo", Role.MONITOR)).entries() if e.entity == "observations"]
    assert len(entries) == 15
    first = min(entries, key=lambda e: e.id)
    assert (first.actor, first.action, first.patient_ref, first.reason) == ("ann", "add", "R0001",
                                                                            "import lis_export_gbk.csv row 3")
    assert json.loads(first.new_value)["code"] == "creatinine"


def test_the_screening_uses_the_imported_results(site):
    hospital(site, "lis_export_gbk.csv")
    trial = load_trials()["NCT03864250"]
    checklist = evaluate(trial, patient(site, "R0002"), TODAY)
    [high_risk] = [c for c in checklist.criteria if any(p.id == "I3b" for p in c.parts)]
    parts = {p.id: p for p in high_risk.parts}
    assert parts["I3b"].answer == "yes" and "24.1" in " ".join(parts["I3b"].evidence)
    assert parts["I3c"].answer == "no" and "20" in " ".join(parts["I3c"].evidence)  # 86.4 < 5 x ULN 20


def test_hl7_with_two_obr_groups_and_duplicates_of_the_export(site):
    hospital(site, "lis_export_gbk.csv")
    outcome = hospital(site, "oru_r01.hl7")
    assert outcome.accepted, outcome.problems
    assert (outcome.imported, outcome.duplicates) == (3, 2)   # creatinine and albumin came in the export
    li = [obs for obs in patient(site, "R0002").observations if obs.code in ("urine_protein_24h",
                                                                             "urine_protein_creatinine_ratio")]
    assert sorted((obs.code, obs.value, obs.date) for obs in li) == [
        ("urine_protein_24h", 4.52, dt.date(2026, 12, 1)), ("urine_protein_creatinine_ratio", 3.1, dt.date(2026, 12, 1))]


def test_a_fhir_bundle_skips_the_entered_in_error_observation(site):
    outcome = hospital(site, "fhir_bundle.json")
    assert outcome.accepted, outcome.problems
    assert outcome.imported == 5
    assert [(p.field, p.message) for p in outcome.skipped] == [
        ("entry 3 (Observation/obs-alt-1)", "status 'entered-in-error': withdrawn at the source")]
    wang = patient(site, "R0001")
    assert [(o.value, o.date) for o in wang.observations if o.code == "alt"] == [(41, dt.date(2026, 12, 3))]
    assert [(m.drug, m.dose, m.dose_unit, m.route) for m in wang.medications] == [("tacrolimus", 3, "mg/d", "oral")]
    assert [d.code for d in wang.diagnoses] == ["lupus_nephritis"]


def test_fhir_patients_are_created_only_when_asked_for(registry):
    refused = hospital(registry, "fhir_bundle.json")
    assert not refused.accepted and "no patient in the registry" in refused.problems[0].message
    assert counts(registry) == (0, 0)
    outcome = hospital(registry, "fhir_bundle.json", create_patients=True)
    assert outcome.accepted, outcome.problems
    assert outcome.created_patients == ["0012345"]
    created = patient(registry, "0012345")
    assert (created.name, created.sex, created.birth_date, created.record_no) == \
        ("王小红", "F", dt.date(1988, 6, 17), "0012345")
    assert len(created.observations) == 3


def test_an_old_xls_export_matches_record_numbers_that_lost_their_zeros(site):
    outcome = hospital(site, "lis_export_old.xls")
    assert outcome.accepted, outcome.problems
    assert {o.code for o in patient(site, "R0002").observations} == {"creatinine", "alt", "platelets"}


def test_the_same_file_twice_adds_nothing_the_second_time(site):
    hospital(site, "lis_export_gbk.csv")
    before = counts(site)
    again = hospital(site, "lis_export_gbk.csv")
    assert again.accepted and (again.imported, again.duplicates) == (0, 15)
    assert counts(site) == before


def test_the_same_result_in_another_unit_is_a_duplicate(site):
    text_file(site, HEADINGS + "0012345,王小红,肌酐,88.4,umol/L,41-81,2026-12-01 07:45\n")
    outcome = text_file(site, HEADINGS + "0012345,王小红,肌酐,1.0,mg/dL,0.46-0.92,2026-12-01 07:45\n")
    assert (outcome.accepted, outcome.imported, outcome.duplicates) == (True, 0, 1)


def test_a_result_contradicting_one_already_there_rejects_the_file(site):
    text_file(site, HEADINGS + "0012345,王小红,肌酐,96.3,umol/L,41-81,2026-12-01 07:45\n")
    before = counts(site)
    outcome = text_file(site, HEADINGS + "0012345,王小红,ALT,35,U/L,0-40,2026-12-01 07:45\n"
                                         "0012345,王小红,肌酐,69.3,umol/L,41-81,2026-12-01 07:45\n")
    assert not outcome.accepted
    [problem] = outcome.problems
    assert (problem.source, problem.patient, problem.field) == ("lab.csv", "R0001", "row 3, result")
    assert "contradicts the result already recorded for 2026-12-01 07:45:00 (96.3 umol/L)" in problem.message
    assert counts(site) == before


def test_a_contradiction_within_the_file_rejects_it(site):
    outcome = text_file(site, HEADINGS + "0012345,王小红,肌酐,96.3,umol/L,41-81,2026-12-01 07:45\n"
                                         "0012345,王小红,肌酐,96.3,umol/L,41-81,2026-12-01 07:45\n"
                                         "0012345,王小红,肌酐,80,umol/L,41-81,2026-12-01 07:45\n")
    assert (outcome.duplicates, [p.field for p in outcome.problems]) == (1, ["row 4, result"])
    assert counts(site) == (0, 2)


@pytest.mark.parametrize("row, field, message", [
    ("0012345,王小红,肌酐,96.3,mg/ml,41-81,2026-12-01", "row 2, unit", "unit 'mg/ml' is not one"),
    ("0012345,王小红,神秘项目,1.0,g/L,,2026-12-01", "row 2, test", "test '神秘项目' is not in the vocabulary"),
    ("0099999,赵六,肌酐,96.3,umol/L,41-81,2026-12-01", "row 2, patient", "'0099999'"),
    ("0012345,王小红,肌酐,9630,umol/L,41-81,2026-12-01", "row 2, result", "outside the plausible range"),
    ("0012345,王小红,肌酐,96.3,umol/L,41-81,2027-01-01", "row 2, time", "in the future"),
    ("0012345,王小红,肌酐,九十六,umol/L,41-81,2026-12-01", "row 2, result", "not a number"),
    ("0012345,李建国,肌酐,96.3,umol/L,41-81,2026-12-01", "row 2, patient", "is not the registry's name"),
])
def test_each_bad_row_rejects_the_whole_file_and_names_row_field_and_value(site, row, field, message):
    good = "0012345,王小红,ALT,35,U/L,0-40,2026-12-01\n"
    outcome = text_file(site, HEADINGS + row + "\n" + good)
    assert not outcome.accepted
    [problem] = outcome.problems
    assert (problem.source, problem.field) == ("lab.csv", field)
    assert message in problem.message
    assert counts(site) == (0, 2)  # the two patients' creation only: nothing of the file


def test_unmapped_tests_and_units_are_listed_by_name(site):
    outcome = text_file(site, HEADINGS + "0012345,王小红,神秘项目,1,g/L,,2026-12-01\n"
                                         "0067890,李建国,神秘项目,2,g/L,,2026-12-01\n"
                                         "0012345,王小红,肌酐,96,mg/ml,,2026-12-01\n")
    assert outcome.unmapped == {"test '神秘项目'": 2, "unit 'mg/ml' (creatinine)": 1}
    assert outcome.as_json()["unmapped"] == [{"name": "test '神秘项目'", "rows": 2},
                                             {"name": "unit 'mg/ml' (creatinine)", "rows": 1}]


def test_the_site_mapping_maps_what_the_vocabulary_does_not(site):
    mapping, _ = parse_site_mapping("tests: {神秘项目: igg, 钾: ignore}\nunits: {克每升: g/L}")
    outcome = text_file(site, HEADINGS + "0012345,王小红,神秘项目,9.8,克每升,8.6-17.4,2026-12-01\n", site=mapping)
    assert outcome.accepted, outcome.problems
    assert [(o.code, o.value, o.unit) for o in patient(site, "R0001").observations] == [("igg", 9.8, "g/L")]


def test_the_site_mapping_kept_in_the_registry_is_used_by_default(site):
    with site.writing() as session:
        SourceMappings(session, "ann").save(SiteMapping("lis", tests={"神秘项目": "igg"}))
    outcome = import_file(site, _write(site, HEADINGS + "0012345,王小红,神秘项目,9.8,g/L,,2026-12-01\n"), "ann",
                          today=TODAY)
    assert outcome.accepted, outcome.problems


def _write(registry, text: str):
    from pathlib import Path
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / "lab.csv"
    path.write_text(text, encoding="gbk")
    return path


@pytest.mark.parametrize("data, message", [
    ("MSH|^~\\&|LIS|H|||20261201||ORU^R01|1|P|2.5\rOBX|1|NM|ALT||35\r", "OBX 1 comes before any PID"),
    ("MSH|^~\\&|LIS|H|||20261201||ADT^A01|1|P|2.5\rPID|1||0012345\r", "not an ORU^R01"),
])
def test_a_malformed_message_rejects_the_file(site, data, message):
    good = "MSH|^~\\&|LIS|H|||20261201||ORU^R01|0|P|2.5\rPID|1||0012345^^^H^MR\rOBX|1|NM|1742-6^ALT^LN||35|U/L|0-40||||F|||20261201\r"
    outcome = import_hospital_file(site, io.BytesIO((good + data).encode()), "lab.hl7", "ann", kind=SourceFormat.HL7,
                                   today=TODAY)
    assert not outcome.accepted
    assert [p.source for p in outcome.problems] == ["lab.hl7"] and message in outcome.problems[0].message
    assert counts(site) == (0, 2)


def test_a_wrong_encoding_rejects_the_file(site):
    outcome = text_file(site, HEADINGS + "0012345,王小红,肌酐,96.3,umol/L,41-81,2026-12-01\n", encoding="utf-16-le")
    assert not outcome.accepted and "byte-order mark" in outcome.problems[0].message
    assert counts(site) == (0, 2)


def test_a_dry_run_says_what_would_be_imported_and_writes_nothing(site):
    before = counts(site)
    outcome = hospital(site, "lis_export_gbk.csv", dry_run=True)
    assert outcome.accepted and outcome.dry_run and outcome.imported == 15
    assert outcome.as_json()["imported"] == 0 and outcome.as_json()["ready"] == 15
    assert counts(site) == before
    created = hospital(site, "fhir_bundle.json", dry_run=True, create_patients=True)
    assert created.accepted and created.imported == 5


def test_the_preview_keeps_every_row_with_its_status(site):
    outcome = hospital(site, "lis_export_gbk.csv", dry_run=True, keep_rows=True)
    assert len(outcome.rows) == 17
    assert [(row.where, row.patient, row.status.value) for row in outcome.rows[:2]] == [
        ("row 3", "R0001", "ready"), ("row 4", "R0001", "ready")]
    assert outcome.rows[5].status.value == "not needed"


def test_medications_already_recorded_are_duplicates(site):
    hospital(site, "fhir_bundle.json")
    again = hospital(site, "fhir_bundle.json")
    assert again.accepted and (again.imported, again.duplicates) == (0, 5)
    with site.reading() as session:
        assert session.execute(select(func.count()).select_from(MedicationRow)).scalar_one() == 1


def test_a_record_file_can_be_dry_run_too(registry, tmp_path):
    path = tmp_path / "one.json"
    shutil.copy(EXAMPLES / "NCT03864250.json", path)
    outcome = import_file(registry, path, "ann", dry_run=True)
    assert outcome.accepted and outcome.counted == "patients" and outcome.imported >= 5
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 0


def test_rows_written_before_a_late_problem_are_rolled_back_with_the_file(site, monkeypatch):
    from db import lab_import

    monkeypatch.setattr(lab_import, "WRITE_EVERY", 1)  # every ready row is written as it is planned
    before = counts(site)
    rows = "".join(f"0012345,王小红,肌酐,{70 + n},umol/L,41-81,2026-11-{n + 1:02d} 08:00\n" for n in range(4))
    outcome = text_file(site, HEADINGS + rows + "0012345,王小红,肌酐,abc,umol/L,41-81,2026-11-20 08:00\n")
    assert not outcome.accepted and [p.field for p in outcome.problems] == ["row 6, result"]
    assert counts(site) == before
    accepted = text_file(site, HEADINGS + rows)
    assert accepted.accepted and counts(site)[0] == before[0] + 4
