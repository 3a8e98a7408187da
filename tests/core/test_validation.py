"""Clinical validation of whole patients: every problem names the patient, the field and the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.problems import Problem
from coordinator.records.record import (Biopsy, Condition, Diagnosis, Medication, Procedure,
                                ReproductiveStatus)
from coordinator.records.renal import Sex
from coordinator.records.validation import validate_patient

LAB_DAY = dt.date(2026, 10, 30)


def only_problem(patient, today) -> Problem:
    problems = validate_patient(patient, today=today)
    assert len(problems) == 1, problems
    return problems[0]


# -- a valid record -----------------------------------------------------------------------------

def test_a_valid_full_patient_has_no_problems(make_full_patient, today):
    patient = make_full_patient()
    # The fixture really exercises every section.
    for section in ("observations", "diagnoses", "biopsies", "medications", "procedures", "conditions",
                    "reproductive"):
        assert getattr(patient, section), section
    assert validate_patient(patient, today=today) == []


def test_a_minimal_patient_has_no_problems(make_patient, today):
    assert validate_patient(make_patient(), today=today) == []


def test_every_problem_names_the_patient(make_patient, make_observation, today):
    patient = make_patient(registry_no="LN-042", observations=[
        make_observation(code="nonsense"),
        make_observation(value=0),
        make_observation(unit="furlongs"),
    ], medications=[Medication(drug="aspirin", start=dt.date(2026, 1, 1))])
    problems = validate_patient(patient, today=today)
    assert len(problems) == 4
    assert {problem.patient for problem in problems} == {"LN-042"}
    assert all(problem.field for problem in problems)
    assert all("patient LN-042" in str(problem) for problem in problems)


def test_today_is_respected(make_patient, make_observation):
    patient = make_patient(observations=[make_observation(date=dt.date(2026, 12, 1))])
    assert validate_patient(patient, today=dt.date(2026, 12, 1)) == []
    assert len(validate_patient(patient, today=dt.date(2026, 11, 30))) == 1


# -- observations -------------------------------------------------------------------------------

def test_unknown_observation_code(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(code="creatinin")]), today)
    assert problem.field == "observations[0].code"
    assert problem.patient == "R-0001"
    assert problem.message == "unknown observation code 'creatinin'"


def test_the_index_in_the_field_path_is_the_position_in_the_section(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(), make_observation(), make_observation(value=-1)])
    problem = only_problem(patient, today)
    assert problem.field == "observations[2] (creatinine).value"


def test_unknown_unit_names_the_unit_and_the_accepted_ones(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(value=1.1, unit="mg/mL")]), today)
    assert problem.field == "observations[0] (creatinine).unit"
    assert problem.patient == "R-0001"
    assert "'mg/mL'" in problem.message
    assert "not accepted" in problem.message
    assert "umol/L, mg/dL, mg/L, mmol/L" in problem.message


def test_a_quantity_without_a_unit(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(unit=None)]), today)
    assert problem.field == "observations[0] (creatinine).unit"
    assert "a unit is required" in problem.message
    assert "umol/L" in problem.message


def test_a_quantity_without_a_value(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(value=None)]), today)
    assert problem.field == "observations[0] (creatinine).value"
    assert "a numeric value is required" in problem.message


def test_a_unit_spelling_variant_is_accepted(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(value=80, unit="µmol/L"),
                                         make_observation(code="wbc", value=4.2, unit="×10⁹/L")])
    assert validate_patient(patient, today=today) == []


@pytest.mark.parametrize("unit", ["umol/L", "mg/dL"])
def test_zero_creatinine_is_impossible(make_patient, make_observation, today, unit):
    problem = only_problem(make_patient(observations=[make_observation(value=0, unit=unit)]), today)
    assert problem.field == "observations[0] (creatinine).value"
    assert problem.patient == "R-0001"
    assert "impossible" in problem.message
    assert "above zero" in problem.message
    assert f"0 {unit}" in problem.message


def test_zero_is_allowed_where_zero_is_possible(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="urine_protein_24h", value=0, unit="g/24h"),
                                         make_observation(code="anti_pla2r", value=0, unit="RU/mL")])
    assert validate_patient(patient, today=today) == []


@pytest.mark.parametrize(("code", "unit"), [("alt", "U/L"), ("urine_protein_24h", "mg/24h"),
                                            ("creatinine", "umol/L")])
def test_a_negative_value_is_impossible(make_patient, make_observation, today, code, unit):
    problem = only_problem(make_patient(observations=[make_observation(code=code, value=-3, unit=unit)]),
                           today)
    assert problem.field == f"observations[0] ({code}).value"
    assert problem.message == f"value -3 {unit} is impossible: it cannot be negative"


def test_a_value_outside_the_plausible_range_names_value_unit_range_and_canonical_value(
        make_patient, make_observation, today):
    # 50 mg/dL creatinine = 4420 umol/L: a typo for 5.0 mg/dL, most likely.
    problem = only_problem(make_patient(observations=[make_observation(value=50, unit="mg/dL")]), today)
    assert problem.field == "observations[0] (creatinine).value"
    assert problem.patient == "R-0001"
    message = problem.message
    assert "50 mg/dL" in message
    assert "(= 4420 umol/L)" in message
    assert "outside the plausible range" in message
    assert "10-3000 umol/L" in message


def test_a_value_below_the_plausible_range_in_the_canonical_unit(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(value=5, unit="umol/L")]), today)
    assert problem.message == "value 5 umol/L is outside the plausible range 10-3000 umol/L"


@pytest.mark.parametrize(("value", "unit"), [(3000, "umol/L"), (10, "umol/L"), (3.0, "mmol/L"),
                                             (0.01, "mmol/L"), (0.12, "mg/dL"), (33.9, "mg/dL")])
def test_values_on_the_plausible_limits_are_accepted(make_patient, make_observation, today, value, unit):
    assert validate_patient(make_patient(observations=[make_observation(value=value, unit=unit)]),
                            today=today) == []


def test_plausible_range_is_checked_after_conversion(make_patient, make_observation, today):
    # 4.5 g/dL albumin = 45 g/L, plausible; 4.5 g/L is not (range 5-65 g/L).
    assert validate_patient(make_patient(observations=[
        make_observation(code="albumin", value=4.5, unit="g/dL")]), today=today) == []
    problem = only_problem(make_patient(observations=[
        make_observation(code="albumin", value=4.5, unit="g/L")]), today)
    assert "4.5 g/L" in problem.message and "5-65 g/L" in problem.message


# -- dates --------------------------------------------------------------------------------------

def test_a_lab_date_in_the_future(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(date=dt.date(2026, 11, 24))]), today)
    assert problem.field == "observations[0] (creatinine).date"
    assert problem.patient == "R-0001"
    assert problem.message == "date 2026-11-24 is in the future (today is 2026-11-23)"


def test_a_lab_date_today_is_fine(make_patient, make_observation, today):
    assert validate_patient(make_patient(observations=[make_observation(date=today)]), today=today) == []


def test_a_lab_date_before_the_date_of_birth(make_patient, make_observation, today):
    patient = make_patient(birth_date=dt.date(1986, 5, 14),
                           observations=[make_observation(date=dt.date(1986, 5, 13))])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (creatinine).date"
    assert problem.message == "date 1986-05-13 is before the date of birth 1986-05-14"


def test_a_lab_date_on_the_date_of_birth_is_fine(make_patient, make_observation, today):
    patient = make_patient(birth_date=dt.date(1986, 5, 14),
                           observations=[make_observation(date=dt.date(1986, 5, 14))])
    assert validate_patient(patient, today=today) == []


def test_a_date_of_birth_in_the_future(make_patient, today):
    problem = only_problem(make_patient(birth_date=dt.date(2027, 1, 1)), today)
    assert problem.field == "birth_date"
    assert problem.patient == "R-0001"
    assert problem.message == "date of birth 2027-01-01 is in the future"


def test_a_date_of_birth_before_1900(make_patient, today):
    problem = only_problem(make_patient(birth_date=dt.date(1899, 12, 31)), today)
    assert problem.field == "birth_date"
    assert "1899-12-31" in problem.message and "1900-01-01" in problem.message


@pytest.mark.parametrize(("section", "item", "field"), [
    ("diagnoses", Diagnosis(code="sle", date=dt.date(2027, 1, 1)), "diagnoses[0].date"),
    ("biopsies", Biopsy(date=dt.date(2027, 1, 1)), "biopsies[0].date"),
    ("medications", Medication(drug="prednisone", start=dt.date(2027, 1, 1)), "medications[0].start"),
    ("procedures", Procedure(code="plasma_exchange", start=dt.date(2027, 1, 1)), "procedures[0].start"),
    ("conditions", Condition(code="asthma", onset=dt.date(2027, 1, 1)), "conditions[0].onset"),
    ("reproductive", ReproductiveStatus(date=dt.date(2027, 1, 1)), "reproductive[0].date"),
])
def test_future_dates_in_every_section(make_patient, today, section, item, field):
    problem = only_problem(make_patient(**{section: [item]}), today)
    assert problem.field == field
    assert "2027-01-01 is in the future" in problem.message


# -- coded, titre and score observations --------------------------------------------------------

def test_a_coded_result_not_in_the_list(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="hbsag", value=None, unit=None, text="pos")])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (hbsag).text"
    assert problem.message == "unknown result 'pos'; expected one of: positive, negative, indeterminate"


def test_a_coded_result_is_case_sensitive_and_listed(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="bilag_renal", value=None, unit=None, text="a")])
    problem = only_problem(patient, today)
    assert "'a'" in problem.message and "A, B, C, D, E" in problem.message


def test_a_coded_observation_needs_a_result(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="hbsag", value=None, unit=None)])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (hbsag).text"
    assert "a result is required" in problem.message


def test_a_coded_result_takes_no_number(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="hbsag", value=1, unit=None, text="positive")])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (hbsag).value"
    assert "takes `text`" in problem.message


@pytest.mark.parametrize("text", ["1/160", "160", "1:", "1:160x", "1 : 160", None])
def test_titre_format(make_patient, make_observation, today, text):
    patient = make_patient(observations=[make_observation(code="ana_titre", value=None, unit=None, text=text)])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (ana_titre).text"
    assert "must be written 1:N" in problem.message
    assert "1:160" in problem.message


def test_a_well_formed_titre_is_accepted(make_patient, make_observation, today):
    patient = make_patient(observations=[
        make_observation(code="ana_titre", value=None, unit=None, text="1:80"),
        make_observation(code="ana_titre", value=1280, unit=None, text="1:1280"),
    ])
    assert validate_patient(patient, today=today) == []


def test_a_titre_value_must_agree_with_its_text(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="ana_titre", value=80, unit=None, text="1:160")])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (ana_titre).value"
    assert "disagrees with titre 1:160" in problem.message


def test_a_score_must_be_a_whole_number(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="sledai_2k", value=4.5, unit=None)])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (sledai_2k).value"
    assert problem.patient == "R-0001"
    assert problem.message == "score 4.5 must be a whole number"


def test_a_fractional_score_is_fine_where_the_score_allows_it(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="pga", value=1.5, unit=None),
                                         make_observation(code="sledai_2k", value=4.0, unit="points")])
    assert validate_patient(patient, today=today) == []


def test_a_score_outside_its_range(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="sledai_2k", value=106, unit=None)])
    problem = only_problem(patient, today)
    assert problem.message == "value 106 is outside the plausible range 0-105"


def test_a_score_takes_no_unit(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="sledai_2k", value=4, unit="mg")])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (sledai_2k).unit"
    assert "'mg'" in problem.message


def test_an_unknown_method(make_patient, make_observation, today):
    patient = make_patient(observations=[make_observation(code="egfr", value=60, unit="mL/min/1.73m2",
                                                          method="guess")])
    problem = only_problem(patient, today)
    assert problem.field == "observations[0] (egfr).method"
    assert "'guess'" in problem.message and "ckd_epi_2021" in problem.message


# -- reference limits ---------------------------------------------------------------------------

@pytest.mark.parametrize("uln", [0, -5])
def test_uln_at_or_below_zero(make_patient, make_observation, today, uln):
    problem = only_problem(make_patient(observations=[make_observation(uln=uln)]), today)
    assert problem.field == "observations[0] (creatinine).uln"
    assert problem.patient == "R-0001"
    assert "ULN" in problem.message
    assert "must be above zero" in problem.message
    assert "umol/L" in problem.message


def test_a_negative_lln(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(lln=-1, uln=84)]), today)
    assert problem.field == "observations[0] (creatinine).lln"
    assert problem.patient == "R-0001"
    assert "LLN" in problem.message and "-1" in problem.message


@pytest.mark.parametrize(("code", "unit", "value", "uln"), [
    ("alt", "U/L", 35, 40),                  # reported as "0-40 U/L"
    ("total_bilirubin", "umol/L", 12, 21),   # "0-21 umol/L"
    ("anti_pla2r", "RU/mL", 3, 14),          # "0-14 RU/mL"
])
def test_an_lln_of_zero_is_a_real_reference_range(make_patient, make_observation, today, code, unit, value,
                                                  uln):
    # Many labs print reference ranges that start at 0; the coordinator must be able to enter them.
    patient = make_patient(observations=[make_observation(code=code, value=value, unit=unit, lln=0, uln=uln)])
    assert validate_patient(patient, today=today) == []


@pytest.mark.parametrize(("lln", "uln"), [(84, 84), (100, 84)])
def test_lln_must_be_below_uln(make_patient, make_observation, today, lln, uln):
    problem = only_problem(make_patient(observations=[make_observation(lln=lln, uln=uln)]), today)
    assert problem.field == "observations[0] (creatinine).lln"
    assert problem.message == f"LLN {lln} must be below ULN {uln}"


# -- medications --------------------------------------------------------------------------------

def test_medication_stop_before_start(make_patient, today):
    patient = make_patient(medications=[Medication(drug="prednisone", start=dt.date(2026, 6, 1),
                                                   stop=dt.date(2026, 5, 1))])
    problem = only_problem(patient, today)
    assert problem.field == "medications[0].stop"
    assert problem.patient == "R-0001"
    assert problem.message == "stop 2026-05-01 is before start 2026-06-01"


def test_a_one_day_medication_is_fine(make_patient, today):
    patient = make_patient(medications=[Medication(drug="rituximab", start=dt.date(2026, 6, 1),
                                                   stop=dt.date(2026, 6, 1), dose=1, dose_unit="g")])
    assert validate_patient(patient, today=today) == []


def test_unknown_drug(make_patient, today):
    patient = make_patient(medications=[Medication(drug="prednison", start=dt.date(2026, 6, 1))])
    problem = only_problem(patient, today)
    assert problem.field == "medications[0].drug"
    assert problem.message == "unknown drug code 'prednison'"


def test_a_dose_without_a_unit(make_patient, today):
    patient = make_patient(medications=[Medication(drug="prednisone", start=dt.date(2026, 6, 1), dose=10)])
    problem = only_problem(patient, today)
    assert problem.field == "medications[0].dose_unit"
    assert problem.message == "a dose needs a dose_unit"


def test_unknown_dose_unit_and_route(make_patient, today):
    patient = make_patient(medications=[Medication(drug="prednisone", start=dt.date(2026, 6, 1), dose=10,
                                                   dose_unit="mg/day", route="po")])
    problems = {p.field: p.message for p in validate_patient(patient, today=today)}
    assert set(problems) == {"medications[0].dose_unit", "medications[0].route"}
    assert "'mg/day'" in problems["medications[0].dose_unit"]
    assert "mg/d" in problems["medications[0].dose_unit"]
    assert "'po'" in problems["medications[0].route"] and "oral" in problems["medications[0].route"]


# -- conditions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["drug_allergy", "drug_intolerance", "drug_contraindication",
                                  "drug_failure"])
def test_a_condition_that_needs_an_agent(make_patient, today, code):
    problem = only_problem(make_patient(conditions=[Condition(code=code)]), today)
    assert problem.field == "conditions[0].agent"
    assert problem.patient == "R-0001"
    assert "needs the drug it concerns in `agent`" in problem.message


def test_a_condition_agent_must_be_a_known_drug(make_patient, today):
    problem = only_problem(make_patient(conditions=[Condition(code="drug_allergy", agent="penicillin")]),
                           today)
    assert problem.field == "conditions[0].agent"
    assert problem.message == "unknown drug code 'penicillin'"


def test_an_active_condition_with_a_resolved_date(make_patient, today):
    patient = make_patient(conditions=[Condition(code="infection", kind="tuberculosis", status="active",
                                                 onset=dt.date(2025, 1, 1), resolved=dt.date(2026, 1, 1))])
    problem = only_problem(patient, today)
    assert problem.field == "conditions[0].resolved"
    assert problem.patient == "R-0001"
    assert "active condition cannot have a resolved date" in problem.message
    assert "2026-01-01" in problem.message


def test_a_condition_resolved_before_its_onset(make_patient, today):
    patient = make_patient(conditions=[Condition(code="infection", status="resolved",
                                                 onset=dt.date(2025, 1, 1), resolved=dt.date(2024, 1, 1))])
    problem = only_problem(patient, today)
    assert problem.field == "conditions[0].resolved"
    assert problem.message == "resolved 2024-01-01 is before onset 2025-01-01"


def test_unknown_condition_code_kind_and_status(make_patient, today):
    assert only_problem(make_patient(conditions=[Condition(code="flu")]), today).field == "conditions[0].code"
    patient = make_patient(conditions=[Condition(code="infection", kind="flu", status="gone")])
    problems = {p.field: p.message for p in validate_patient(patient, today=today)}
    assert set(problems) == {"conditions[0].kind", "conditions[0].status"}
    assert "'flu'" in problems["conditions[0].kind"] and "tuberculosis" in problems["conditions[0].kind"]
    assert "'gone'" in problems["conditions[0].status"] and "active, resolved" in problems["conditions[0].status"]


def test_condition_severity_from_its_own_list(make_patient, today):
    assert validate_patient(make_patient(conditions=[Condition(code="heart_failure", severity="III")]),
                            today=today) == []
    problem = only_problem(make_patient(conditions=[Condition(code="heart_failure", severity="severe")]),
                           today)
    assert problem.field == "conditions[0].severity"
    assert "'severe'" in problem.message and "I, II, III, IV" in problem.message


# -- reproductive -------------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["pregnant", "lactating"])
def test_a_male_recorded_pregnant_or_lactating(make_patient, today, flag):
    patient = make_patient(sex=Sex.MALE, reproductive=[ReproductiveStatus(date=LAB_DAY, **{flag: True})])
    problem = only_problem(patient, today)
    assert problem.field == f"reproductive[0].{flag}"
    assert problem.patient == "R-0001"
    assert problem.message == f"{flag} is recorded as yes for a male patient"


def test_a_male_recorded_not_pregnant_is_fine(make_patient, today):
    patient = make_patient(sex=Sex.MALE, reproductive=[ReproductiveStatus(date=LAB_DAY, pregnant=False,
                                                                          lactating=False)])
    assert validate_patient(patient, today=today) == []


def test_a_female_recorded_pregnant_is_fine(make_patient, today):
    patient = make_patient(sex=Sex.FEMALE, reproductive=[ReproductiveStatus(date=LAB_DAY, pregnant=True)])
    assert validate_patient(patient, today=today) == []


def test_unknown_contraception(make_patient, today):
    patient = make_patient(reproductive=[ReproductiveStatus(date=LAB_DAY, contraception="pill")])
    problem = only_problem(patient, today)
    assert problem.field == "reproductive[0].contraception"
    assert "'pill'" in problem.message and "hormonal" in problem.message


# -- biopsies -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lupus_class", ["I", "II", "III", "IV", "IV-S", "IV-G", "V", "VI", "III(A)",
                                         "III(A/C)", "III(C)", "IV-G(A)", "IV-S(A/C)", "IV(C)"])
def test_valid_isn_rps_classes(make_patient, today, lupus_class):
    patient = make_patient(biopsies=[Biopsy(date=LAB_DAY, isn_rps_classes=[lupus_class])])
    assert validate_patient(patient, today=today) == []


@pytest.mark.parametrize("lupus_class", ["IV G", "Class IV", "iv", "VII", "IV-G(B)", "III+V", "IV-G (A)", ""])
def test_bad_isn_rps_class_strings(make_patient, today, lupus_class):
    patient = make_patient(biopsies=[Biopsy(date=LAB_DAY, isn_rps_classes=["V", lupus_class])])
    problem = only_problem(patient, today)
    assert problem.field == "biopsies[0].isn_rps_classes[1]"
    assert problem.patient == "R-0001"
    assert f"'{lupus_class}' is not an ISN/RPS 2003 class" in problem.message


@pytest.mark.parametrize("lupus_class", ["I(A)", "V(A)", "VI(C)"])
def test_activity_qualifiers_belong_only_to_classes_iii_and_iv(make_patient, today, lupus_class):
    # ISN/RPS 2003 (clinical reference, "Kidney pathology"): A, A/C and C qualify class III and IV
    # lesions only; "V(A)" or "I(C)" is not a class.
    patient = make_patient(biopsies=[Biopsy(date=LAB_DAY, isn_rps_classes=[lupus_class])])
    problem = only_problem(patient, today)
    assert problem.field == "biopsies[0].isn_rps_classes[0]"
    assert "not an ISN/RPS 2003 class" in problem.message


# -- diagnoses and procedures -------------------------------------------------------------------

def test_diagnosis_onset_after_the_diagnosis_date_and_unknown_classification(make_patient, today):
    patient = make_patient(diagnoses=[Diagnosis(code="sle", date=dt.date(2020, 1, 1), onset=dt.date(2021, 1, 1),
                                                classification="acr_1982")])
    problems = {p.field: p.message for p in validate_patient(patient, today=today)}
    assert set(problems) == {"diagnoses[0].onset", "diagnoses[0].classification"}
    assert "onset 2021-01-01 is after the diagnosis date 2020-01-01" == problems["diagnoses[0].onset"]
    assert "'acr_1982'" in problems["diagnoses[0].classification"]
    assert "eular_acr_2019" in problems["diagnoses[0].classification"]


def test_unknown_diagnosis_and_procedure_codes(make_patient, today):
    patient = make_patient(diagnoses=[Diagnosis(code="lupus")],
                           procedures=[Procedure(code="dialysis", start=LAB_DAY)])
    problems = {p.field: p.message for p in validate_patient(patient, today=today)}
    assert problems == {"diagnoses[0].code": "unknown diagnosis code 'lupus'",
                        "procedures[0].code": "unknown procedure code 'dialysis'"}


def test_procedure_kind_and_period(make_patient, today):
    patient = make_patient(procedures=[Procedure(code="renal_replacement_therapy", kind="dialysis",
                                                 start=dt.date(2026, 6, 5), stop=dt.date(2026, 6, 1))])
    problems = {p.field: p.message for p in validate_patient(patient, today=today)}
    assert set(problems) == {"procedures[0].kind", "procedures[0].stop"}
    assert "haemodialysis" in problems["procedures[0].kind"]


# -- demographics -------------------------------------------------------------------------------

def test_padded_registry_number_blank_name_and_bad_initials(make_patient, today):
    patient = make_patient(registry_no=" R1", name="  ", initials="zs")
    problems = {p.field: p for p in validate_patient(patient, today=today)}
    assert set(problems) == {"registry_no", "name", "initials"}
    assert all(p.patient == " R1" for p in problems.values())
    assert "' R1'" in problems["registry_no"].message
    assert "'zs'" in problems["initials"].message


def test_problem_text_reads_patient_field_message(make_patient, make_observation, today):
    problem = only_problem(make_patient(observations=[make_observation(value=0)]), today)
    assert str(problem) == ("patient R-0001: observations[0] (creatinine).value: "
                            "value 0 umol/L is impossible: it must be above zero")


def test_all_problems_of_one_patient_are_reported_together(make_patient, make_observation, today):
    patient = make_patient(
        birth_date=dt.date(1990, 1, 1),
        observations=[make_observation(value=0), make_observation(date=dt.date(1989, 1, 1)),
                      make_observation(code="hbsag", value=None, unit=None, text="maybe")],
        medications=[Medication(drug="unknown", start=dt.date(2026, 1, 1), dose=5)],
        conditions=[Condition(code="drug_failure")],
        biopsies=[Biopsy(date=LAB_DAY, isn_rps_classes=["IX"])],
    )
    fields = [p.field for p in validate_patient(patient, today=today)]
    assert fields == [
        "observations[0] (creatinine).value",
        "observations[1] (creatinine).date",
        "observations[2] (hbsag).text",
        "biopsies[0].isn_rps_classes[0]",
        "medications[0].drug",
        "medications[0].dose_unit",
        "conditions[0].agent",
    ]


# -- the lab's reference limits -------------------------------------------------------------------

def test_limits_in_the_results_unit_are_accepted(make_patient, make_observation, today):
    # 1.6 mg/dL against a ULN of 0.95 mg/dL: the limits are read in the result's unit
    assert validate_patient(make_patient(observations=[make_observation(
        value=1.6, unit="mg/dL", uln=0.95, lln=0.45)]), today=today) == []


@pytest.mark.parametrize(("uln", "unit", "shown"), [
    (84, "mg/dL", "ULN 84 mg/dL (= 7425.6 umol/L) is outside the plausible range 10-3000 umol/L"),
    (1.1, "umol/L", "ULN 1.1 umol/L is outside the plausible range 10-3000 umol/L")])
def test_a_uln_typed_in_another_unit_is_caught(make_patient, make_observation, today, uln, unit, shown):
    value = 1.0 if unit == "mg/dL" else 88
    problem = only_problem(make_patient(observations=[make_observation(value=value, unit=unit, uln=uln)]), today)
    assert problem.field == "observations[0] (creatinine).uln"
    assert problem.message.startswith(shown) and "the result's unit" in problem.message


def test_a_zero_lln_is_fine_and_a_negative_or_inverted_one_is_not(make_patient, make_observation, today):
    alt = {"code": "alt", "value": 30, "unit": "U/L"}
    assert validate_patient(make_patient(observations=[make_observation(**alt, uln=40, lln=0)]), today=today) == []
    assert only_problem(make_patient(observations=[make_observation(**alt, uln=-40)]), today).field.endswith(".uln")
    inverted = only_problem(make_patient(observations=[make_observation(**alt, uln=40, lln=50)]), today)
    assert inverted.field.endswith(".lln") and inverted.message == "LLN 50 must be below ULN 40"
