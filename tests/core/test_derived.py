"""Derived values (eGFR, creatinine clearance, BMI): right numbers, and a description that says how."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.derived import (DerivedValue, derived_bmi, derived_creatinine_clearance, derived_egfr,
                                 derived_values)
from coordinator.records.renal import Sex, bmi, ckd_epi_2009, ckd_epi_2021, cockcroft_gault
from coordinator.records.units import convert

LAB_DAY = dt.date(2026, 10, 30)
BORN_1986 = dt.date(1986, 5, 14)   # 40 on LAB_DAY
BORN_1970 = dt.date(1970, 6, 1)    # 56 on LAB_DAY


# -- eGFR ---------------------------------------------------------------------------------------

def test_egfr_from_creatinine_in_umol_l_matches_ckd_epi_2021(make_patient, make_observation):
    patient = make_patient(sex=Sex.FEMALE, birth_date=BORN_1986,
                           observations=[make_observation(value=106.1, unit="umol/L", date=LAB_DAY)])
    [egfr] = derived_egfr(patient)
    expected = ckd_epi_2021(convert("creatinine", 106.1, "umol/L", "mg/dL"), 40, Sex.FEMALE)
    assert egfr.value == round(expected, 2)
    assert egfr.value == 58.67   # the reference's worked example
    assert (egfr.code, egfr.date, egfr.unit, egfr.method) == ("egfr", LAB_DAY, "mL/min/1.73m2", "ckd_epi_2021")


def test_egfr_describe_names_equation_creatinine_age_and_sex(make_patient, make_observation):
    patient = make_patient(sex=Sex.FEMALE, birth_date=BORN_1986,
                           observations=[make_observation(value=106.1, unit="umol/L", date=LAB_DAY)])
    text = derived_egfr(patient)[0].describe()
    assert "CKD-EPI 2021" in text
    assert "creatinine 106.1 umol/L on 2026-10-30" in text
    assert "age 40" in text
    assert "female" in text
    assert text.startswith("egfr 58.7 mL/min/1.73m2 on 2026-10-30, derived by ")
    assert text == ("egfr 58.7 mL/min/1.73m2 on 2026-10-30, derived by CKD-EPI 2021 from "
                    "creatinine 106.1 umol/L on 2026-10-30, age 40, female")


def test_egfr_from_creatinine_in_mg_dl(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=dt.date(1976, 1, 1),
                           observations=[make_observation(value=1.0, unit="mg/dL", date=LAB_DAY)])
    [egfr] = derived_egfr(patient)
    assert egfr.value == 91.69
    assert "creatinine 1 mg/dL on 2026-10-30" in egfr.describe()
    assert egfr.describe().endswith("age 50, male")


def test_egfr_with_a_unit_spelling_variant(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=BORN_1970,
                           observations=[make_observation(value=88, unit="µmol/L", date=LAB_DAY)])
    [egfr] = derived_egfr(patient)
    assert egfr.value == 88.82
    assert "creatinine 88 µmol/L" in egfr.describe()


def test_egfr_with_ckd_epi_2009(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=dt.date(1976, 1, 1),
                           observations=[make_observation(value=1.0, unit="mg/dL", date=LAB_DAY)])
    [egfr] = derived_egfr(patient, equation="ckd_epi_2009")
    assert egfr.value == round(ckd_epi_2009(1.0, 50, Sex.MALE), 2) == 87.37
    assert egfr.method == "ckd_epi_2009"
    assert "CKD-EPI 2009" in egfr.describe()


def test_one_egfr_per_creatinine_with_the_age_on_each_lab_date(make_patient, make_observation):
    patient = make_patient(sex=Sex.FEMALE, birth_date=BORN_1986, observations=[
        make_observation(value=1.2, unit="mg/dL", date=dt.date(2026, 5, 13)),  # day before 40th birthday
        make_observation(value=1.2, unit="mg/dL", date=dt.date(2026, 5, 14)),  # 40th birthday
        make_observation(code="albumin", value=35, unit="g/L", date=LAB_DAY),
    ])
    egfrs = derived_egfr(patient)
    assert [(e.date, e.sources[1]) for e in egfrs] == [(dt.date(2026, 5, 13), "age 39"),
                                                      (dt.date(2026, 5, 14), "age 40")]
    assert egfrs[1].value == 58.69
    assert egfrs[0].value == round(ckd_epi_2021(1.2, 39, Sex.FEMALE), 2)


def test_a_patient_under_18_on_the_lab_date_gets_no_egfr(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=dt.date(2008, 11, 1), observations=[
        make_observation(value=70, unit="umol/L", date=dt.date(2026, 10, 31)),  # 17 years old
        make_observation(value=70, unit="umol/L", date=dt.date(2026, 11, 1)),   # 18th birthday
    ])
    egfrs = derived_egfr(patient)
    assert [e.date for e in egfrs] == [dt.date(2026, 11, 1)]
    assert "age 18" in egfrs[0].describe()


def test_a_child_gets_no_derived_kidney_values_at_all(make_patient, make_observation):
    patient = make_patient(sex=Sex.FEMALE, birth_date=dt.date(2012, 1, 1), observations=[
        make_observation(value=50, unit="umol/L", date=LAB_DAY),
        make_observation(code="weight", value=40, unit="kg", date=LAB_DAY),
    ])
    assert derived_egfr(patient) == []
    assert derived_creatinine_clearance(patient) == []


def test_observations_without_a_value_or_unit_derive_nothing(make_patient, make_observation):
    patient = make_patient(observations=[make_observation(value=None), make_observation(unit=None)])
    assert derived_egfr(patient) == []
    assert derived_creatinine_clearance(patient) == []


# -- creatinine clearance -----------------------------------------------------------------------

def ccr_patient(make_patient, make_observation, weight_days_before: int, weight_kg: float = 72):
    return make_patient(sex=Sex.MALE, birth_date=BORN_1970, observations=[
        make_observation(value=88, unit="umol/L", date=LAB_DAY),
        make_observation(code="weight", value=weight_kg, unit="kg",
                         date=LAB_DAY - dt.timedelta(days=weight_days_before)),
    ])


def test_creatinine_clearance_worked_example(make_patient, make_observation):
    [ccr] = derived_creatinine_clearance(ccr_patient(make_patient, make_observation, 0))
    assert ccr.value == 84.38
    assert (ccr.code, ccr.date, ccr.unit, ccr.method) == ("creatinine_clearance", LAB_DAY, "mL/min",
                                                          "cockcroft_gault")
    text = ccr.describe()
    assert "Cockcroft-Gault" in text
    assert "creatinine 88 umol/L on 2026-10-30" in text
    assert "weight 72 kg on 2026-10-30" in text
    assert "age 56" in text


def test_creatinine_clearance_uses_a_weight_90_days_old(make_patient, make_observation):
    [ccr] = derived_creatinine_clearance(ccr_patient(make_patient, make_observation, 90))
    assert ccr.value == 84.38
    assert "weight 72 kg on 2026-08-01" in ccr.describe()


def test_creatinine_clearance_needs_a_weight_within_90_days(make_patient, make_observation):
    assert derived_creatinine_clearance(ccr_patient(make_patient, make_observation, 91)) == []


def test_creatinine_clearance_never_uses_a_later_weight(make_patient, make_observation):
    assert derived_creatinine_clearance(ccr_patient(make_patient, make_observation, -1)) == []


def test_creatinine_clearance_uses_the_latest_weight_before_the_lab(make_patient, make_observation):
    patient = make_patient(sex=Sex.FEMALE, birth_date=dt.date(1996, 1, 1), observations=[
        make_observation(value=3.0, unit="mg/dL", date=LAB_DAY),
        make_observation(code="weight", value=70, unit="kg", date=LAB_DAY - dt.timedelta(days=60)),
        make_observation(code="weight", value=55, unit="kg", date=LAB_DAY - dt.timedelta(days=3)),
        make_observation(code="weight", value=90, unit="kg", date=LAB_DAY + dt.timedelta(days=1)),
    ])
    [ccr] = derived_creatinine_clearance(patient)
    assert ccr.value == 23.81   # F 30 y, 55 kg, 3.0 mg/dL
    assert "weight 55 kg" in ccr.describe()


def test_creatinine_clearance_converts_a_weight_in_pounds(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=BORN_1970, observations=[
        make_observation(value=1.0, unit="mg/dL", date=LAB_DAY),
        make_observation(code="weight", value=160, unit="lb", date=LAB_DAY),
    ])
    [ccr] = derived_creatinine_clearance(patient)
    assert ccr.value == round(cockcroft_gault(1.0, 56, 160 * 0.45359237, Sex.MALE), 2)


# -- BMI ----------------------------------------------------------------------------------------

def test_bmi_from_weight_and_height(make_patient, make_observation):
    patient = make_patient(observations=[
        make_observation(code="weight", value=55, unit="kg", date=LAB_DAY),
        make_observation(code="height", value=162, unit="cm", date=dt.date(2020, 1, 1)),
    ])
    [value] = derived_bmi(patient)
    assert value.value == round(bmi(55, 162), 2) == 20.96
    assert (value.code, value.date, value.unit) == ("bmi", LAB_DAY, "kg/m2")
    text = value.describe()
    assert "weight/height²" in text
    assert "weight 55 kg on 2026-10-30" in text
    assert "height 162 cm on 2020-01-01" in text


def test_bmi_converts_height_in_metres(make_patient, make_observation):
    patient = make_patient(observations=[
        make_observation(code="weight", value=70, unit="kg", date=LAB_DAY),
        make_observation(code="height", value=1.75, unit="m", date=LAB_DAY),
    ])
    assert derived_bmi(patient)[0].value == 22.86


def test_bmi_needs_a_height_taken_before_the_weight_within_ten_years(make_patient, make_observation):
    weight = make_observation(code="weight", value=70, unit="kg", date=LAB_DAY)
    later_height = make_observation(code="height", value=175, unit="cm", date=LAB_DAY + dt.timedelta(days=1))
    ancient_height = make_observation(code="height", value=175, unit="cm",
                                      date=LAB_DAY - dt.timedelta(days=10 * 365 + 1))
    assert derived_bmi(make_patient(observations=[weight, later_height])) == []
    assert derived_bmi(make_patient(observations=[weight, ancient_height])) == []
    assert derived_bmi(make_patient(observations=[weight])) == []


def test_one_bmi_per_weight(make_patient, make_observation):
    patient = make_patient(observations=[
        make_observation(code="height", value=160, unit="cm", date=dt.date(2025, 1, 1)),
        make_observation(code="weight", value=64, unit="kg", date=dt.date(2026, 1, 1)),
        make_observation(code="weight", value=51.2, unit="kg", date=dt.date(2026, 6, 1)),
    ])
    assert [v.value for v in derived_bmi(patient)] == [25.0, 20.0]


# -- everything together ------------------------------------------------------------------------

def test_derived_values_are_sorted_by_date_then_code(make_patient, make_observation):
    patient = make_patient(sex=Sex.MALE, birth_date=BORN_1970, observations=[
        make_observation(value=88, unit="umol/L", date=LAB_DAY),
        make_observation(code="weight", value=72, unit="kg", date=dt.date(2026, 9, 1)),
        make_observation(code="height", value=175, unit="cm", date=dt.date(2026, 9, 1)),
    ])
    found = derived_values(patient)
    assert [(v.date, v.code) for v in found] == [
        (dt.date(2026, 9, 1), "bmi"),
        (LAB_DAY, "creatinine_clearance"),
        (LAB_DAY, "egfr"),
    ]
    assert all(isinstance(v, DerivedValue) for v in found)


def test_describe_shows_one_decimal():
    value = DerivedValue("egfr", LAB_DAY, 58.67, "mL/min/1.73m2", "ckd_epi_2021", ("creatinine 1.2 mg/dL",))
    assert value.describe() == ("egfr 58.7 mL/min/1.73m2 on 2026-10-30, derived by CKD-EPI 2021 from "
                                "creatinine 1.2 mg/dL")


def test_describe_falls_back_to_the_method_code():
    value = DerivedValue("egfr", LAB_DAY, 60.0, "mL/min/1.73m2", "lab_reported", ("x",))
    assert "derived by lab_reported from x" in value.describe()


@pytest.mark.parametrize("equation", ["mdrd", "CKD-EPI 2021"])
def test_an_unknown_equation_is_refused(make_patient, equation):
    with pytest.raises(KeyError):
        derived_egfr(make_patient(), equation=equation)
