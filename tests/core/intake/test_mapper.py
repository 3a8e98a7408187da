"""Incoming results mapped onto the vocabulary: what maps with no set-up, what the site maps,
and what is refused (never guessed) with the field it is about."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.intake.incoming import IncomingCondition, IncomingMedication, IncomingResult, PatientIds
from coordinator.intake.mapper import Mapper, PatientContext, Status
from coordinator.intake.site_mapping import parse_site_mapping

TODAY = dt.date(2026, 12, 6)
WOMAN = PatientContext("R0001", "F", dt.date(1988, 6, 17))
MAN = PatientContext("R0002", "M", dt.date(1974, 3, 15))
IDS = PatientIds("0012345")


def result(**fields) -> IncomingResult:
    fields.setdefault("taken", "2026-12-01 07:45:00")
    return IncomingResult("row 3", IDS, **fields)


def mapped(patient=WOMAN, site_text: str = "", **fields):
    site, problems = parse_site_mapping(site_text)
    assert problems == []
    return Mapper(site, today=TODAY).map(result(**fields), patient)


@pytest.mark.parametrize("name, code", [
    ("肌酐", "creatinine"), ("肌酐(酶法)", "creatinine"), ("肌酐（酶法）", "creatinine"), ("CREA", "creatinine"),
    ("Cr", "creatinine"), ("SCr", "creatinine"), ("丙氨酸氨基转移酶", "alt"), ("谷丙转氨酶", "alt"), ("GPT", "alt"),
    ("ALT/GPT", "alt"), ("ＡＬＴ", "alt"), ("总胆红素", "total_bilirubin"), ("TBIL", "total_bilirubin"),
    ("白蛋白", "albumin"), ("ALB", "albumin"), ("WBC", "wbc"), ("HGB", "haemoglobin"), ("PLT", "platelets"),
    ("IgG", "igg"), ("抗PLA2R抗体", "anti_pla2r"), ("PLA2R", "anti_pla2r"),
])
def test_common_names_map_with_no_set_up(name, code):
    assert Mapper(today=TODAY).test_code(result(test_name=name)) == code


def test_an_abbreviation_column_maps_when_the_name_does_not():
    assert Mapper(today=TODAY).test_code(result(test_name="肾功能-肌酐测定值", test_code="CREA")) == "creatinine"


def test_loinc_maps_and_a_name_that_contradicts_it_is_a_problem():
    assert Mapper(today=TODAY).test_code(result(test_name="某项目", loinc="2160-0")) == "creatinine"
    refused = mapped(test_name="ALT", loinc="2160-0", result="35", unit="U/L")
    assert refused.status is Status.PROBLEM and "LOINC 2160-0 is Serum creatinine but the name 'ALT' is ALT" == refused.message


def test_a_quantity_with_its_range_flag_and_time():
    row = mapped(test_name="肌酐(酶法)", result="96.3", unit="μmol/L", reference_range="男:57-111 女:41-81", flag="↑")
    assert row.status is Status.READY
    obs = row.part
    assert (obs.code, obs.value, obs.unit, obs.lln, obs.uln) == ("creatinine", 96.3, "umol/L", 41, 81)
    assert (obs.date, obs.time) == (dt.date(2026, 12, 1), dt.time(7, 45))
    man = mapped(MAN, test_name="肌酐(酶法)", result="96.3", unit="μmol/L", reference_range="男:57-111 女:41-81")
    assert (man.part.lln, man.part.uln) == (57, 111)


@pytest.mark.parametrize("unit, kept", [("umol/L", "umol/L"), ("μmol/L", "umol/L"), ("µmol/l", "umol/L"),
                                        ("UMOL/L", "umol/L"), ("mg/dL", "mg/dL")])
def test_unit_spellings(unit, kept):
    assert mapped(test_name="肌酐", result="1.2" if unit == "mg/dL" else "96", unit=unit).part.unit == kept


@pytest.mark.parametrize("unit", ["×10^9/L", "10*9/L", "10^9/L", "10⁹/L", "x10^9/L", "G/L"])
def test_cell_count_units(unit):
    row = mapped(test_name="白细胞计数", result="5.2", unit=unit)
    assert (row.status, row.part.unit) == (Status.READY, row.part.unit)
    assert row.part.unit in ("10^9/L", "G/L")


def test_an_unknown_unit_is_unmapped_naming_it():
    row = mapped(test_name="肌酐", result="96", unit="mg/ml")
    assert (row.status, row.field, row.unit, row.code) == (Status.UNMAPPED, "unit", "mg/ml", "creatinine")
    assert "unit 'mg/ml'" in row.message


def test_a_missing_unit_is_a_problem():
    row = mapped(test_name="肌酐", result="96", unit="")
    assert (row.status, row.field) == (Status.PROBLEM, "unit")


def test_an_unknown_test_is_unmapped_and_a_known_unneeded_one_is_not_needed():
    assert mapped(test_name="神秘项目", result="1", unit="g/L").status is Status.UNMAPPED
    assert mapped(test_name="钾", result="4.1", unit="mmol/L").status is Status.NOT_NEEDED
    assert mapped(test_name="血钾", test_code="K", result="4.1", unit="mmol/L").status is Status.NOT_NEEDED


def test_the_site_mapping_names_local_tests_units_and_unneeded_ones():
    site = "tests: {肾功-肌酐: creatinine, 钾离子: ignore}\nunits: {umol每升: umol/L}"
    row = mapped(site_text=site, test_name="肾功-肌酐", result="96", unit="umol每升")
    assert (row.status, row.part.code, row.part.unit) == (Status.READY, "creatinine", "umol/L")
    assert mapped(site_text=site, test_name="钾离子", result="4", unit="mmol/L").status is Status.NOT_NEEDED


def test_a_name_for_two_observations_is_told_apart_by_its_unit():
    assert mapped(test_name="尿红细胞", result="12", unit="个/uL").part.code == "urine_rbc"
    assert mapped(test_name="尿红细胞", result="3", unit="/HP").part.code == "urine_rbc_hpf"
    undecided = mapped(test_name="尿红细胞", result="3", unit="")
    assert undecided.status is Status.UNMAPPED and "does not tell which" in undecided.message


# -- plausible limits: just inside, on, just outside ---------------------------------------------
@pytest.mark.parametrize("value, status", [("10", Status.READY), ("3000", Status.READY), ("9.9", Status.PROBLEM),
                                           ("3000.1", Status.PROBLEM), ("0", Status.PROBLEM), ("-1", Status.PROBLEM)])
def test_creatinine_at_its_plausible_limits(value, status):
    assert mapped(test_name="肌酐", result=value, unit="umol/L").status is status


def test_plausibility_is_judged_in_the_canonical_unit():
    assert mapped(test_name="肌酐", result="33.9", unit="mg/dL").status is Status.READY     # 2997 umol/L
    assert mapped(test_name="肌酐", result="34", unit="mg/dL").status is Status.PROBLEM     # 3005.6 umol/L


def test_a_limit_in_another_unit_than_the_result_is_a_problem():
    row = mapped(test_name="肌酐", result="1.1", unit="mg/dL", reference_range="41-81")
    assert (row.status, row.field) == (Status.PROBLEM, "reference range")


def test_an_unreadable_range_of_a_test_read_as_times_uln_is_a_problem_and_of_others_a_note():
    assert mapped(test_name="ALT", result="35", unit="U/L", reference_range="见说明").status is Status.READY
    row = mapped(test_name="ALT", result="35", unit="U/L", reference_range="40以下")
    assert (row.status, row.field) == (Status.PROBLEM, "reference range")
    other = mapped(test_name="空腹血糖", result="5.2", unit="mmol/L", reference_range="成人 3.9 至 6.1 之间")
    assert other.status is Status.READY and "reference range" in other.part.note


def test_a_flag_without_a_range_is_kept_as_a_note():
    row = mapped(test_name="ALT", result="88", unit="U/L", flag="H")
    assert (row.part.uln, row.part.note) == (None, "flag H (no reference range given)")
    assert mapped(test_name="ALT", result="88", unit="U/L", flag="Q").status is Status.PROBLEM


def test_a_censored_result_keeps_its_bound_and_says_so():
    row = mapped(test_name="24小时尿蛋白定量", result="<0.1", unit="g/24h")
    assert (row.part.value, row.part.note) == (0.1, "reported as <0.1 g/24h")


def test_a_word_for_a_quantity_is_a_problem():
    row = mapped(test_name="24小时尿蛋白定量", result="阴性", unit="g/24h")
    assert (row.status, row.field) == (Status.PROBLEM, "result")


# -- coded results ----------------------------------------------------------------------------
@pytest.mark.parametrize("raw, text", [("阴性", "negative"), ("-", "negative"), ("阳性", "positive"), ("+", "positive"),
                                       ("可疑", "indeterminate")])
def test_serology_words(raw, text):
    assert mapped(test_name="乙肝表面抗原", result=raw).part.text == text


def test_weakly_positive_is_positive_and_noted():
    row = mapped(test_name="HBsAg", result="弱阳性")
    assert (row.part.text, row.part.note) == ("positive", "weakly positive (弱阳性)")


@pytest.mark.parametrize("value, text", [("0.04", "negative"), ("0.05", "negative"), ("0.06", "positive")])
def test_a_serology_number_is_read_by_the_labs_cut_off(value, text):
    row = mapped(test_name="HBsAg", result=value, unit="IU/mL", reference_range="<0.05")
    assert row.part.text == text and "cut-off 0.05" in row.part.note


def test_a_serology_number_without_cut_off_or_flag_is_a_problem():
    assert mapped(test_name="HBsAg", result="0.04", unit="IU/mL").status is Status.PROBLEM
    assert mapped(test_name="HBsAg", result="0.04", unit="IU/mL", flag="H").part.text == "positive"


def test_present_and_absent():
    assert mapped(test_name="红细胞管型", result="未见").part.text == "absent"
    assert mapped(test_name="红细胞管型", result="阳性").part.text == "present"


def test_titres():
    row = mapped(test_name="抗核抗体滴度", result="1:320")
    assert (row.part.text, row.part.value) == ("1:320", 320)
    assert mapped(test_name="抗核抗体滴度", result="阴性").status is Status.PROBLEM


# -- time, status, patient --------------------------------------------------------------------
def test_times_in_the_future_or_before_birth_are_problems():
    assert mapped(test_name="ALT", result="35", unit="U/L", taken="2026-12-06").status is Status.READY
    future = mapped(test_name="ALT", result="35", unit="U/L", taken="2026-12-07")
    assert (future.status, future.field) == (Status.PROBLEM, "time")
    assert mapped(test_name="ALT", result="35", unit="U/L", taken="1988-06-16").status is Status.PROBLEM
    assert mapped(test_name="ALT", result="35", unit="U/L", taken="").status is Status.PROBLEM


@pytest.mark.parametrize("status, outcome", [("F", Status.READY), ("C", Status.READY), ("final", Status.READY),
                                             ("corrected", Status.READY), ("amended", Status.READY),
                                             ("entered-in-error", Status.SKIPPED), ("cancelled", Status.SKIPPED),
                                             ("W", Status.SKIPPED), ("P", Status.SKIPPED),
                                             ("preliminary", Status.SKIPPED)])
def test_result_statuses(status, outcome):
    assert mapped(test_name="ALT", result="35", unit="U/L", status=status).status is outcome


def test_an_unknown_patient_is_a_problem_naming_the_number():
    row = mapped(None, test_name="ALT", result="35", unit="U/L")
    assert (row.status, row.field) == (Status.PROBLEM, "patient") and "0012345" in row.message


# -- medications and conditions ---------------------------------------------------------------
def test_medications_map_by_their_names_and_dosage_forms():
    item = IncomingMedication("entry 6", IDS, "他克莫司胶囊(普乐可复)", start="2026-09-15", dose=3, dose_unit="mg/d",
                              route="口服", status="active")
    row = Mapper(today=TODAY).map_item(item, WOMAN)
    assert (row.status, row.section) == (Status.READY, "medications")
    assert (row.part.drug, row.part.dose, row.part.route) == ("tacrolimus", 3, "oral")
    unknown = IncomingMedication("entry 7", IDS, "阿司匹林肠溶片", start="2026-09-15")
    assert Mapper(today=TODAY).map_item(unknown, WOMAN).status is Status.UNMAPPED


def test_conditions_become_diagnoses_or_conditions():
    diagnosis = Mapper(today=TODAY).map_item(IncomingCondition("entry 8", IDS, "狼疮性肾炎", onset="2024-03-10"), WOMAN)
    assert (diagnosis.section, diagnosis.part.code, diagnosis.part.date) == \
        ("diagnoses", "lupus_nephritis", dt.date(2024, 3, 10))
    condition = Mapper(today=TODAY).map_item(IncomingCondition("entry 9", IDS, "糖尿病", onset="2020-01-01",
                                                               status="active"), WOMAN)
    assert (condition.section, condition.part.code, condition.part.status) == ("conditions", "diabetes", "active")
    refuted = IncomingCondition("entry 10", IDS, "糖尿病", verification="entered-in-error")
    assert Mapper(today=TODAY).map_item(refuted, WOMAN).status is Status.SKIPPED
