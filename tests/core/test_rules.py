"""The criterion rule catalogue (coordinator/screening/rules/catalogue.py): every rule kind on small hand-built
patients, screened on one fixed date, at and around each of its limits and windows."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import TypeAdapter

from coordinator.screening.facts import PatientFacts
from coordinator.records.record import (Biopsy, Condition, Diagnosis, Medication, Observation, Patient, Procedure,
                                ReproductiveStatus)
from coordinator.screening.rules.answers import Answer, Finding, combine
from coordinator.screening.rules.base import compare
from coordinator.screening.rules.catalogue import AnyRule
from coordinator.screening.rules.composition import ManualRule
from coordinator.screening.rules.demographics import AgeRule, SexRule
from coordinator.screening.rules.history import ConditionRule, DiagnosisRule, ProcedureRule, ReproductiveRule
from coordinator.screening.rules.labs import LabRule, ResultRule
from coordinator.screening.rules.medications import (CumulativeDoseRule, DailyDoseRule, MedicationRule,
    StableTreatmentRule)
from coordinator.screening.rules.scores import BilagRule, BiopsyRule

ON = dt.date(2026, 11, 23)
BORN = dt.date(1986, 5, 14)  # 40 on ON

Y, N, U, R = Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.NEEDS_REVIEW


def ago(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def rule(**data) -> AnyRule:
    """A rule as a trial file would write it."""
    return TypeAdapter(AnyRule).validate_python(data)


def patient(sex: str = "F", birth_date: dt.date = BORN, **sections) -> Patient:
    return Patient(registry_no="R-0001", name="张三丰", sex=sex, birth_date=birth_date, **sections)


def facts(**kwargs) -> PatientFacts:
    return PatientFacts(patient(**kwargs))


def obs(code: str, days_ago: int = 3, value: float | None = None, unit: str | None = None, **extra) -> Observation:
    return Observation(code=code, date=ago(days_ago), value=value, unit=unit, **extra)


def med(drug: str, start: dt.date, stop: dt.date | None = None, dose: float | None = None,
        dose_unit: str | None = None, **extra) -> Medication:
    return Medication(drug=drug, start=start, stop=stop, dose=dose, dose_unit=dose_unit, **extra)


def evaluate(r, **kwargs) -> Finding:
    patient_facts = facts(**kwargs)
    finding = r.evaluate(patient_facts, ON)
    # the pre-screen's answer-only path (Rule.answerer) gives the same answer
    assert r.answerer()(patient_facts, ON) == finding.answer
    return finding


def text_of(finding: Finding) -> str:
    return " | ".join(finding.evidence + finding.missing)


# -- compare -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("left, op, right, expected", [
    (3.0, "<=", 3.0, True), (3.0, ">=", 3.0, True), (3.0, "==", 3.0, True), (3.0, "!=", 3.0, False),
    (3.0, "<", 3.0, False), (3.0, ">", 3.0, False),
    # a conversion's rounding noise in the 12th digit is "on the limit"
    (3.0000000000004, "<=", 3.0, True), (2.9999999999996, ">=", 3.0, True),
    (3.0000000000004, ">", 3.0, False), (2.9999999999996, "<", 3.0, False),
    (3.0000000000004, "==", 3.0, True), (3.0000000000004, "!=", 3.0, False),
    # a real difference, however small at lab precision, is not
    (3.001, ">", 3.0, True), (2.999, "<", 3.0, True), (3.001, "<=", 3.0, False), (2.999, ">=", 3.0, False),
    (3.001, "==", 3.0, False), (3.001, "!=", 3.0, True),
])
def test_compare_with_tolerance(left, op, right, expected):
    assert compare(left, op, right) is expected


def test_compare_tolerance_is_relative_to_the_limit_and_at_least_absolute_1e_9():
    assert compare(1e6 + 1e-4, "==", 1e6)            # 1e-9 x 1e6 = 1e-3
    assert not compare(1e6 + 1e-2, "==", 1e6)
    assert compare(1e-10, "==", 0.0)                 # floor of 1e-9 at small limits
    assert not compare(1e-8, "<=", 0.0)
    assert compare(0.1 + 0.2, "<=", 0.3) and compare(0.1 + 0.2, "==", 0.3)


# -- AgeRule --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("born, expected", [
    (dt.date(2008, 11, 23), Y),   # 18th birthday on the screening date
    (dt.date(2008, 11, 22), Y),   # 18 since yesterday
    (dt.date(2008, 11, 24), N),   # 18 tomorrow: still 17
])
def test_age_minimum_is_inclusive_from_the_birthday(born, expected):
    assert evaluate(AgeRule(kind="age", min=18, max=70), birth_date=born).answer == expected


@pytest.mark.parametrize("born, expected", [
    (dt.date(1956, 11, 23), Y),   # 70th birthday today
    (dt.date(1955, 11, 24), Y),   # still 70, 71 tomorrow
    (dt.date(1955, 11, 23), N),   # 71st birthday today
])
def test_age_maximum_is_inclusive_until_the_next_birthday(born, expected):
    assert evaluate(AgeRule(kind="age", min=18, max=70), birth_date=born).answer == expected


def test_age_open_ended_and_evidence():
    finding = evaluate(AgeRule(kind="age", min=18), birth_date=dt.date(1930, 1, 1))
    assert finding.answer == Y
    assert evaluate(AgeRule(kind="age", max=75), birth_date=dt.date(2008, 11, 24)).answer == Y
    finding = evaluate(AgeRule(kind="age", min=18, max=70), birth_date=dt.date(2008, 11, 23))
    assert finding.evidence == ("age 18 on 2026-11-23 (born 2008-11-23)",)


def test_sex_rule():
    assert evaluate(SexRule(kind="sex", sex="F")).answer == Y
    assert evaluate(SexRule(kind="sex", sex="F"), sex="M").answer == N


# -- LabRule ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("op, expected", [("<", N), ("<=", Y), ("==", Y), (">=", Y), (">", N), ("!=", N)])
def test_lab_converts_creatinine_265_2_umol_l_to_exactly_3_mg_dl(op, expected):
    finding = evaluate(LabRule(kind="lab", code="creatinine", op=op, value=3.0, unit="mg/dL"),
                       observations=[obs("creatinine", value=265.2, unit="umol/L", uln=84)])
    assert finding.answer == expected
    assert "Serum creatinine 265.2 umol/L" in finding.evidence[0]
    assert "= 3 mg/dL" in finding.evidence[0]
    assert f"(limit {op} 3 mg/dL)" in finding.evidence[0]


@pytest.mark.parametrize("op, value, expected", [
    ("<", 59.99, Y), ("<", 60, N), ("<", 60.01, N),
    ("<=", 59.99, Y), ("<=", 60, Y), ("<=", 60.01, N),
    (">", 60.01, Y), (">", 60, N), (">", 59.99, N),
    (">=", 60.01, Y), (">=", 60, Y), (">=", 59.99, N),
    ("==", 60, Y), ("==", 60.01, N), ("==", 59.99, N),
    ("!=", 60, N), ("!=", 60.01, Y), ("!=", 59.99, Y),
])
def test_lab_each_operator_inside_on_and_outside_the_limit(op, value, expected):
    finding = evaluate(LabRule(kind="lab", code="egfr", op=op, value=60, unit="mL/min/1.73m2"),
                       observations=[obs("egfr", value=value, unit="mL/min/1.73m2")])
    assert finding.answer == expected


@pytest.mark.parametrize("value, unit, expected", [
    (500, "mg/dL", N), (499, "mg/dL", Y), (501, "mg/dL", N),
    (0.5, "g/dL", N), (0.49, "g/dL", Y),
    (5, "g/L", N), (4.99, "g/L", Y),
])
def test_lab_compares_in_the_limit_unit_after_conversion(value, unit, expected):
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"),
                       observations=[obs("igg", value=value, unit=unit)])
    assert finding.answer == expected


def test_lab_unit_spelling_variant_needs_no_conversion():
    finding = evaluate(LabRule(kind="lab", code="creatinine", op="<=", value=265.2, unit="umol/L"),
                       observations=[obs("creatinine", value=265.2, unit="µmol/L")])
    assert finding.answer == Y


def test_lab_in_an_unconvertible_unit_is_unknown():
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"),
                       observations=[obs("igg", value=2.0, unit="mg/24h")])
    assert finding.answer == U
    assert "convertible unit" in finding.missing[0]


@pytest.mark.parametrize("alt, op, expected", [
    (79, ">", N), (80, ">", N), (81, ">", Y),
    (79, "<=", Y), (80, "<=", Y), (81, "<=", N),
    (80, ">=", Y), (80, "<", N),
])
def test_lab_uln_times_uses_the_lab_s_own_uln(alt, op, expected):
    finding = evaluate(LabRule(kind="lab", code="alt", op=op, uln_times=2),
                       observations=[obs("alt", value=alt, unit="U/L", uln=40)])
    assert finding.answer == expected
    assert f"= {alt / 40:.3f} x ULN (limit {op} 2 x ULN)" in finding.evidence[0]
    assert "(ULN 40)" in finding.evidence[0]


def test_lab_uln_times_with_a_different_lab_uln():
    # 2 x ULN of a lab whose ULN is 35 is 70: 71 is above, whatever another lab's ULN would be
    assert evaluate(LabRule(kind="lab", code="alt", op=">", uln_times=2),
                    observations=[obs("alt", value=71, unit="U/L", uln=35)]).answer == Y
    assert evaluate(LabRule(kind="lab", code="alt", op=">", uln_times=2),
                    observations=[obs("alt", value=70, unit="U/L", uln=35)]).answer == N


def test_lab_uln_missing_is_unknown_and_names_the_uln():
    finding = evaluate(LabRule(kind="lab", code="alt", op=">", uln_times=2),
                       observations=[obs("alt", value=200, unit="U/L")])
    assert finding.answer == U
    assert "upper limit of normal" in finding.missing[0]
    assert "ALT" in finding.missing[0]


def test_lab_no_reading_is_unknown_none_recorded():
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"))
    assert finding.answer == U
    assert "none recorded" in finding.missing[0]
    assert "Immunoglobulin G" in finding.missing[0]


@pytest.mark.parametrize("days_ago, expected", [(27, N), (28, N), (29, U), (400, U)])
def test_lab_window_is_inclusive_and_an_older_reading_is_too_old(days_ago, expected):
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L", within_days=28),
                       observations=[obs("igg", days_ago, value=10, unit="g/L")])
    assert finding.answer == expected
    if expected == U:
        assert "too old" in text_of(finding)


def test_lab_reading_on_a_later_date_than_screening_is_ignored():
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"),
                       observations=[obs("igg", 10, value=10, unit="g/L"), obs("igg", -1, value=3, unit="g/L")])
    assert finding.answer == N


def test_lab_uses_the_latest_reading_in_the_window():
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"),
                       observations=[obs("igg", 2, value=4, unit="g/L"), obs("igg", 20, value=10, unit="g/L")])
    assert finding.answer == Y
    assert "4 g/L" in finding.evidence[0]


def test_lab_text_only_result_is_unknown():
    finding = evaluate(LabRule(kind="lab", code="igg", op="<", value=5, unit="g/L"),
                       observations=[obs("igg", text="haemolysed")])
    assert finding.answer == U
    assert "numeric" in finding.missing[0]


def test_lab_without_unit_for_a_score():
    assert evaluate(LabRule(kind="lab", code="selena_sledai", op="<", value=8),
                    observations=[obs("selena_sledai", value=7)]).answer == Y
    assert evaluate(LabRule(kind="lab", code="selena_sledai", op="<", value=8),
                    observations=[obs("selena_sledai", value=8)]).answer == N


def test_lab_derives_egfr_from_creatinine_when_none_is_recorded():
    # F 40 y, creatinine 1.2 mg/dL -> CKD-EPI 2021 58.69 (clinical reference worked example)
    finding = evaluate(LabRule(kind="lab", code="egfr", op="<", value=60, unit="mL/min/1.73m2"),
                       observations=[obs("creatinine", 5, value=1.2, unit="mg/dL")])
    assert finding.answer == Y
    assert "58.69" in finding.evidence[0]
    assert "derived from" in finding.evidence[0]
    assert "creatinine 1.2 mg/dL" in finding.evidence[0]


def test_lab_recorded_egfr_on_the_same_day_wins_over_the_derived_one():
    finding = evaluate(LabRule(kind="lab", code="egfr", op="<", value=60, unit="mL/min/1.73m2"),
                       observations=[obs("creatinine", 5, value=1.2, unit="mg/dL"),
                                     obs("egfr", 5, value=65, unit="mL/min/1.73m2", method="lab_reported")])
    assert finding.answer == N
    assert "65 mL/min/1.73m2" in finding.evidence[0]
    assert "derived from" not in text_of(finding)


def test_lab_newer_derived_egfr_wins_over_an_older_recorded_one():
    finding = evaluate(LabRule(kind="lab", code="egfr", op="<", value=60, unit="mL/min/1.73m2"),
                       observations=[obs("egfr", 10, value=65, unit="mL/min/1.73m2"),
                                     obs("creatinine", 2, value=1.2, unit="mg/dL")])
    assert finding.answer == Y
    assert "derived from" in finding.evidence[0]


def test_lab_rule_refuses_two_limits_none_and_unknown_codes():
    with pytest.raises(ValueError, match="either value"):
        LabRule(kind="lab", code="alt", op=">", value=80, unit="U/L", uln_times=2)
    with pytest.raises(ValueError, match="either value"):
        LabRule(kind="lab", code="alt", op=">")
    with pytest.raises(ValueError, match="unknown observation 'altt'; nearest known: alt"):
        LabRule(kind="lab", code="altt", op=">", uln_times=2)


# -- ResultRule ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [("positive", Y), ("negative", N), ("indeterminate", N)])
def test_result_rule_matches_coded_results(text, expected):
    finding = evaluate(ResultRule(kind="result", code="hbsag", any_of=["positive"]),
                       observations=[obs("hbsag", text=text)])
    assert finding.answer == expected
    assert f"HBsAg {text}" in finding.evidence[0]


def test_result_rule_any_of_several_values():
    r = ResultRule(kind="result", code="hbsag", any_of=["positive", "indeterminate"])
    assert evaluate(r, observations=[obs("hbsag", text="indeterminate")]).answer == Y


@pytest.mark.parametrize("days_ago, expected", [(90, Y), (91, U)])
def test_result_rule_window(days_ago, expected):
    finding = evaluate(ResultRule(kind="result", code="hiv", any_of=["positive"], within_days=90),
                       observations=[obs("hiv", days_ago, text="positive")])
    assert finding.answer == expected


def test_result_rule_missing_is_unknown():
    finding = evaluate(ResultRule(kind="result", code="hiv", any_of=["positive"]))
    assert finding.answer == U
    assert "none recorded" in finding.missing[0]


def test_result_rule_latest_result_decides():
    finding = evaluate(ResultRule(kind="result", code="hbsag", any_of=["positive"]),
                       observations=[obs("hbsag", 30, text="positive"), obs("hbsag", 5, text="negative")])
    assert finding.answer == N


# -- ChangeRule ------------------------------------------------------------------------------------------

def _egfr(days_ago: int, value: float) -> Observation:
    return obs("egfr", days_ago, value=value, unit="mL/min/1.73m2")


DECLINE = dict(kind="change", code="egfr", change="decline", op=">=", percent=30,
               baseline_from_days=180, baseline_to_days=90)


@pytest.mark.parametrize("now, expected", [(69, Y), (70, Y), (71, N)])
def test_change_decline_from_the_highest_baseline(now, expected):
    finding = evaluate(rule(**DECLINE), observations=[_egfr(170, 90), _egfr(120, 100), _egfr(100, 95),
                                                      _egfr(5, now)])
    assert finding.answer == expected
    assert finding.evidence[0].startswith("baseline eGFR 100 ")
    assert finding.evidence[1].startswith(f"now eGFR {now} ")


def test_change_decline_strict_operator_on_the_limit():
    r = rule(**{**DECLINE, "op": ">"})
    assert evaluate(r, observations=[_egfr(120, 100), _egfr(5, 70)]).answer == N
    assert evaluate(r, observations=[_egfr(120, 100), _egfr(5, 69.9)]).answer == Y


@pytest.mark.parametrize("now, expected", [(1.49, N), (1.5, Y), (2.0, Y)])
def test_change_rise_from_the_lowest_baseline(now, expected):
    r = rule(kind="change", code="creatinine", change="rise", op=">=", percent=50,
             baseline_from_days=60, baseline_to_days=30)
    finding = evaluate(r, observations=[obs("creatinine", 50, value=1.2, unit="mg/dL"),
                                        obs("creatinine", 40, value=1.0, unit="mg/dL"),
                                        obs("creatinine", 1, value=now, unit="mg/dL")])
    assert finding.answer == expected
    assert "baseline Serum creatinine 1 mg/dL" in finding.evidence[0]


def test_change_rise_converts_the_current_value_to_the_baseline_unit():
    r = rule(kind="change", code="creatinine", change="rise", op=">=", percent=50,
             baseline_from_days=60, baseline_to_days=30)
    # 1.0 mg/dL -> 132.6 umol/L is exactly +50%
    finding = evaluate(r, observations=[obs("creatinine", 40, value=1.0, unit="mg/dL"),
                                        obs("creatinine", 1, value=132.6, unit="umol/L")])
    assert finding.answer == Y
    assert "change +50.0%" in finding.evidence


@pytest.mark.parametrize("now, expected", [(1.1, Y), (0.9, Y), (1.11, N), (0.89, N)])
def test_change_within_compares_both_directions_with_the_earliest_baseline(now, expected):
    r = rule(kind="change", code="creatinine", change="within", op="<=", percent=10,
             baseline_from_days=60, baseline_to_days=30)
    finding = evaluate(r, observations=[obs("creatinine", 55, value=1.0, unit="mg/dL"),
                                        obs("creatinine", 35, value=2.0, unit="mg/dL"),
                                        obs("creatinine", 1, value=now, unit="mg/dL")])
    assert finding.answer == expected


@pytest.mark.parametrize("baseline_day, expected", [(180, Y), (181, U), (90, Y), (89, U)])
def test_change_baseline_window_edges_are_inclusive(baseline_day, expected):
    finding = evaluate(rule(**DECLINE), observations=[_egfr(baseline_day, 100), _egfr(5, 60)])
    assert finding.answer == expected
    if expected == U:
        assert "a baseline eGFR between 2026-05-27 and 2026-08-25" in finding.missing[0]


def test_change_without_a_baseline_is_unknown():
    finding = evaluate(rule(**DECLINE), observations=[_egfr(5, 60)])
    assert finding.answer == U
    assert "baseline" in finding.missing[0]


def test_change_without_a_current_value_is_unknown():
    assert evaluate(rule(**DECLINE), observations=[_egfr(120, 100)]).answer == U
    finding = evaluate(rule(**DECLINE), observations=[_egfr(120, 100), _egfr(29, 50)])
    assert finding.answer == U
    assert "too old" in text_of(finding)


def test_change_baseline_is_chosen_by_value_in_one_unit_not_by_raw_numbers():
    """Baseline creatinine 2.0 mg/dL (176.8 umol/L) is higher than 100 umol/L; now 88.4 umol/L is a
    50% decline from it. Picking max() on raw numbers takes 100 umol/L as the 'highest'."""
    r = rule(kind="change", code="creatinine", change="decline", op=">=", percent=30,
             baseline_from_days=60, baseline_to_days=30)
    finding = evaluate(r, observations=[obs("creatinine", 50, value=2.0, unit="mg/dL"),
                                        obs("creatinine", 40, value=100, unit="umol/L"),
                                        obs("creatinine", 1, value=88.4, unit="umol/L")])
    assert finding.answer == Y
    assert "change -50.0%" in finding.evidence


def test_change_rise_from_a_zero_baseline_does_not_crash():
    r = rule(kind="change", code="urine_protein_24h", change="rise", op=">=", percent=50,
             baseline_from_days=60, baseline_to_days=30)
    finding = evaluate(r, observations=[obs("urine_protein_24h", 40, value=0, unit="g/24h"),
                                        obs("urine_protein_24h", 1, value=1.0, unit="g/24h")])
    assert finding.answer in (Y, U)


def test_change_with_a_text_only_current_result_is_unknown():
    finding = evaluate(rule(**DECLINE), observations=[_egfr(120, 100),
                                                      obs("egfr", 1, text="sample haemolysed")])
    assert finding.answer == U


# -- SustainedRule ---------------------------------------------------------------------------------------

SUSTAINED = dict(kind="sustained", days=180, grace_days=31,
                 rule={"kind": "lab", "code": "egfr", "op": ">=", "value": 60, "unit": "mL/min/1.73m2"})


def test_sustained_every_reading_satisfies():
    finding = evaluate(rule(**SUSTAINED), observations=[_egfr(180, 70), _egfr(90, 65), _egfr(10, 60)])
    assert finding.answer == Y
    assert len(finding.evidence) == 3


def test_sustained_one_failing_reading_fails():
    finding = evaluate(rule(**SUSTAINED), observations=[_egfr(180, 70), _egfr(90, 59), _egfr(10, 80)])
    assert finding.answer == N
    assert any("eGFR 59" in e for e in finding.evidence)


@pytest.mark.parametrize("first, expected", [(149, Y), (148, U), (211, Y)])
def test_sustained_needs_a_reading_near_the_start(first, expected):
    # the first reading must be on or before 180 - 31 = 149 days ago
    finding = evaluate(rule(**SUSTAINED), observations=[_egfr(first, 70), _egfr(10, 70)])
    assert finding.answer == expected
    if expected == U:
        assert "covering the 180 days" in finding.missing[0]


@pytest.mark.parametrize("last, expected", [(31, Y), (32, U)])
def test_sustained_needs_a_reading_near_the_end(last, expected):
    finding = evaluate(rule(**SUSTAINED), observations=[_egfr(180, 70), _egfr(last, 70)])
    assert finding.answer == expected


def test_sustained_without_readings_is_unknown():
    assert evaluate(rule(**SUSTAINED)).answer == U


def test_sustained_ignores_readings_before_the_period():
    # 212 days ago is before 180 + 31: a failing value there does not count
    finding = evaluate(rule(**SUSTAINED), observations=[_egfr(212, 40), _egfr(180, 70), _egfr(10, 70)])
    assert finding.answer == Y


@pytest.mark.parametrize("observations", [
    [_egfr(90, 59)],                                # one result, in the period, below the target
    [_egfr(90, 59), _egfr(10, 70)],                 # the start not covered
    [_egfr(180, 70), _egfr(90, 59)],                # the end not covered
], ids=["alone", "start-uncovered", "end-uncovered"])
def test_sustained_a_known_violation_answers_no_whatever_the_coverage(observations):
    finding = evaluate(rule(**SUSTAINED), observations=observations)
    assert finding.answer == N and any("eGFR 59" in e for e in finding.evidence) and not finding.missing


QUARTERLY = dict(SUSTAINED, days=183, grace_days=28, start_grace_days=92)


@pytest.mark.parametrize("before_start, expected", [(0, Y), (91, Y), (92, Y), (93, U)])
def test_sustained_the_latest_result_before_the_start_counts_as_its_start(before_start, expected):
    # results every three months: the one before the period's start, then 151, 60 and 5 days ago
    readings = [_egfr(183 + before_start, 70), _egfr(151, 70), _egfr(60, 70), _egfr(5, 70)]
    assert evaluate(rule(**QUARTERLY), observations=readings).answer == expected
    assert evaluate(rule(**dict(QUARTERLY, start_grace_days=None)), observations=readings[1:]).answer == U


def test_sustained_only_the_latest_result_before_the_start_counts():
    older_low = [_egfr(270, 40), _egfr(242, 70), _egfr(151, 70), _egfr(60, 70), _egfr(5, 70)]
    assert evaluate(rule(**QUARTERLY), observations=older_low).answer == Y  # 270 days ago is before the start's
    start_low = [_egfr(242, 55), _egfr(151, 70), _egfr(60, 70), _egfr(5, 70)]
    finding = evaluate(rule(**QUARTERLY), observations=start_low)
    assert finding.answer == N and any("eGFR 55" in e for e in finding.evidence)  # the period started below it


@pytest.mark.parametrize("last, expected", [(14, Y), (15, U)])
def test_sustained_end_grace_of_its_own(last, expected):
    readings = [_egfr(183, 70), _egfr(90, 70), _egfr(last, 70)]
    assert evaluate(rule(**QUARTERLY, end_grace_days=14), observations=readings).answer == expected


def test_sustained_answer_only_path_agrees_on_every_case():
    for observations in ([_egfr(90, 59)], [_egfr(242, 70), _egfr(151, 70), _egfr(60, 70), _egfr(5, 70)],
                         [_egfr(151, 70), _egfr(5, 70)], [], [_egfr(242, 55), _egfr(5, 70)]):
        evaluate(rule(**QUARTERLY), observations=observations)  # asserts the answerer's answer is the same


def test_sustained_result_rule():
    r = rule(kind="sustained", days=90, grace_days=31,
             rule={"kind": "result", "code": "urine_rbc_casts", "any_of": ["absent"]})
    absent = [obs("urine_rbc_casts", d, text="absent") for d in (90, 45, 3)]
    assert evaluate(r, observations=absent).answer == Y
    assert evaluate(r, observations=absent + [obs("urine_rbc_casts", 20, text="present")]).answer == N


def test_sustained_reading_the_inner_rule_cannot_judge_makes_it_unknown_not_no():
    """ALT <= 2 x ULN for 180 days; every value is low but one lab did not report its ULN: the
    answer is unknown (that one reading cannot be judged), not a failure."""
    r = rule(kind="sustained", days=180, grace_days=31,
             rule={"kind": "lab", "code": "alt", "op": "<=", "uln_times": 2})
    finding = evaluate(r, observations=[obs("alt", 180, value=20, unit="U/L", uln=40),
                                        obs("alt", 90, value=20, unit="U/L"),
                                        obs("alt", 10, value=20, unit="U/L", uln=40)])
    assert finding.answer == U


# -- BilagRule -------------------------------------------------------------------------------------------

def bilag(days_ago: int = 3, **grades: str) -> list[Observation]:
    """All nine domains graded C unless given; a grade of None leaves the domain out."""
    result = []
    for domain in BilagRule.DOMAINS:
        grade = grades.get(domain, "C")
        if grade is not None:
            result.append(obs(f"bilag_{domain}", days_ago, text=grade))
    return result


BILAG = BilagRule(kind="bilag", max_a=0, max_b=1, within_days=28)


@pytest.mark.parametrize("grades, expected", [
    ({}, Y),
    ({"renal": "B"}, Y),
    ({"renal": "B", "mucocutaneous": "B"}, N),
    ({"renal": "A"}, N),
    ({"constitutional": "D", "ophthalmic": "E"}, Y),
])
def test_bilag_counts_a_and_b(grades, expected):
    finding = evaluate(BILAG, observations=bilag(**grades))
    assert finding.answer == expected
    assert "BILAG-2004:" in finding.evidence[0]


def test_bilag_missing_domain_is_unknown_and_named():
    finding = evaluate(BILAG, observations=bilag(ophthalmic=None, renal="B"))
    assert finding.answer == U
    assert "ophthalmic" in finding.missing[0]
    assert "renal" not in finding.missing[0]


@pytest.mark.parametrize("grades", [{"renal": "A"}, {"renal": "B", "musculoskeletal": "B"}])
def test_bilag_missing_domain_does_not_hide_a_failure(grades):
    finding = evaluate(BILAG, observations=bilag(ophthalmic=None, gastrointestinal=None, **grades))
    assert finding.answer == N


def test_bilag_stale_domain_is_missing():
    observations = bilag(ophthalmic=None) + [obs("bilag_ophthalmic", 29, text="E")]
    finding = evaluate(BILAG, observations=observations)
    assert finding.answer == U
    assert "ophthalmic" in finding.missing[0]
    observations = bilag(ophthalmic=None) + [obs("bilag_ophthalmic", 28, text="E")]
    assert evaluate(BILAG, observations=observations).answer == Y


def test_bilag_limits_are_parameters():
    assert evaluate(BilagRule(kind="bilag", max_a=1, max_b=2),
                    observations=bilag(renal="A", mucocutaneous="B", musculoskeletal="B")).answer == Y


# -- BiopsyRule ------------------------------------------------------------------------------------------

def biopsy(days_ago: int = 30, classes: list[str] | None = None, **fields) -> Biopsy:
    return Biopsy(date=ago(days_ago), isn_rps_classes=classes or [], **fields)


@pytest.mark.parametrize("classes, expected", [
    (["III(A)"], Y), (["III"], Y), (["IV-G(A/C)"], Y), (["IV-S(A)"], Y), (["IV(C)"], Y),
    (["IV-G(A)", "V"], Y), (["V"], N), (["II"], N), (["VI"], N), ([], N),
])
def test_biopsy_class_base_matching(classes, expected):
    finding = evaluate(BiopsyRule(kind="biopsy", classes_any=["III", "IV"]), biopsies=[biopsy(classes=classes)])
    assert finding.answer == expected


def test_biopsy_class_v_alone_or_with_iv():
    r = BiopsyRule(kind="biopsy", classes_any=["V"])
    assert evaluate(r, biopsies=[biopsy(classes=["IV-G(A)", "V"])]).answer == Y
    assert evaluate(r, biopsies=[biopsy(classes=["IV-G(A)"])]).answer == N


def test_biopsy_latest_one_decides_and_future_ones_are_ignored():
    r = BiopsyRule(kind="biopsy", classes_any=["IV"])
    biopsies = [biopsy(400, ["IV-G(A)"]), biopsy(30, ["II"]), biopsy(-5, ["IV-G(A)"])]
    finding = evaluate(r, biopsies=biopsies)
    assert finding.answer == N
    assert finding.evidence[0] == f"kidney biopsy {ago(30)}: II"


def test_biopsy_missing_is_unknown():
    finding = evaluate(BiopsyRule(kind="biopsy", classes_any=["IV"]))
    assert finding.answer == U
    assert finding.missing == ("a kidney biopsy result",)


@pytest.mark.parametrize("days_ago, expected", [(180, Y), (181, U)])
def test_biopsy_window(days_ago, expected):
    finding = evaluate(BiopsyRule(kind="biopsy", classes_any=["IV"], within_days=180),
                       biopsies=[biopsy(days_ago, ["IV-G(A)"])])
    assert finding.answer == expected


ALL_FEATURES = BiopsyRule.model_validate({"kind": "biopsy", "classes_any": ["III", "IV"], "all_features": [
    {"field": "activity_index", "op": ">=", "value": 2}, {"field": "chronicity_index", "op": "<=", "value": 3}]})


@pytest.mark.parametrize("fields, expected", [
    ({"activity_index": 2, "chronicity_index": 3}, Y),
    ({"activity_index": 1, "chronicity_index": 3}, N),
    ({"activity_index": 2, "chronicity_index": 4}, N),
    ({"activity_index": 2}, U),             # chronicity index not reported
    ({"activity_index": 1}, N),             # known failure decides
    ({}, U),
])
def test_biopsy_all_features(fields, expected):
    finding = evaluate(ALL_FEATURES, biopsies=[biopsy(classes=["IV-G(A)"], **fields)])
    assert finding.answer == expected
    if expected == U:
        assert any("chronicity index" in m for m in finding.missing)


def test_biopsy_all_features_with_the_wrong_class_is_no():
    finding = evaluate(ALL_FEATURES, biopsies=[biopsy(classes=["V"], activity_index=5, chronicity_index=1)])
    assert finding.answer == N


ANY_FEATURE = BiopsyRule.model_validate({"kind": "biopsy", "any_feature": [
    {"field": "cellular_crescents_pct", "op": ">", "value": 50},
    {"field": "capillary_loop_necrosis_pct", "op": ">", "value": 50}]})


@pytest.mark.parametrize("fields, expected", [
    ({"cellular_crescents_pct": 60, "capillary_loop_necrosis_pct": 10}, Y),
    ({"cellular_crescents_pct": 10, "capillary_loop_necrosis_pct": 60}, Y),
    ({"cellular_crescents_pct": 50, "capillary_loop_necrosis_pct": 50}, N),
    ({}, U),
])
def test_biopsy_any_feature(fields, expected):
    assert evaluate(ANY_FEATURE, biopsies=[biopsy(classes=["IV-G(A)"], **fields)]).answer == expected


def test_biopsy_any_feature_one_known_true_is_yes_even_if_another_is_missing():
    finding = evaluate(ANY_FEATURE, biopsies=[biopsy(classes=["IV-G(A)"], cellular_crescents_pct=60)])
    assert finding.answer == Y


def test_biopsy_any_feature_one_known_false_and_one_missing_is_unknown():
    finding = evaluate(ANY_FEATURE, biopsies=[biopsy(classes=["IV-G(A)"], cellular_crescents_pct=10)])
    assert finding.answer == U
    assert "capillary loop necrosis pct" in finding.missing[0]


def test_biopsy_boolean_feature_and_imn():
    r = BiopsyRule.model_validate({"kind": "biopsy", "all_features": [{"field": "tma_lesions", "op": "==",
                                                                       "value": True}]})
    assert evaluate(r, biopsies=[biopsy(tma_lesions=True)]).answer == Y
    assert evaluate(r, biopsies=[biopsy(tma_lesions=False)]).answer == N
    imn = BiopsyRule(kind="biopsy", imn=True)
    finding = evaluate(imn, biopsies=[biopsy(imn_stage=2)])
    assert finding.answer == Y
    assert "IMN stage 2" in finding.evidence[0]
    assert evaluate(imn, biopsies=[biopsy(classes=["V"])]).answer == N


# -- MedicationRule --------------------------------------------------------------------------------------

CYC = MedicationRule(kind="medication", drugs=["cyclophosphamide"], within_days=183)


@pytest.mark.parametrize("start, stop, expected", [
    (ago(200), ago(183), Y),   # stopped exactly on the window's first day
    (ago(200), ago(184), N),   # the day before
    (ago(400), None, Y),       # ongoing
    (ON, ON, Y),               # started on the screening date
    (ago(-1), None, N),        # starts tomorrow
])
def test_medication_window_overlap_edges(start, stop, expected):
    finding = evaluate(CYC, medications=[med("cyclophosphamide", start, stop, dose=500, dose_unit="mg",
                                             route="iv")])
    assert finding.answer == expected
    if expected == N:
        assert finding.evidence[0] == "no Cyclophosphamide recorded in the 183 days before screening"


def test_medication_by_class():
    r = MedicationRule(kind="medication", classes=["b_cell_targeted"], within_days=183)
    for drug in ("rituximab", "belimumab", "telitacicept", "obinutuzumab"):
        assert evaluate(r, medications=[med(drug, ago(100), ago(100))]).answer == Y
    assert evaluate(r, medications=[med("anifrolumab", ago(100), ago(100))]).answer == N
    assert evaluate(r).answer == N


def test_medication_ever():
    r = MedicationRule(kind="medication", drugs=["cyclophosphamide"])
    finding = evaluate(r, medications=[med("cyclophosphamide", dt.date(2001, 1, 1), dt.date(2001, 6, 1))])
    assert finding.answer == Y
    assert "ever" in evaluate(r).evidence[0]


IVMP = MedicationRule.model_validate({
    "kind": "medication", "classes": ["glucocorticoid"], "within_days": 28,
    "exceptions": [{"drugs": ["methylprednisolone"], "route": "iv", "below_mg_per_day": 80}]})


@pytest.mark.parametrize("dose, unit, route, expected", [
    (40, "mg/d", "iv", N),      # excused
    (79.9, "mg/d", "iv", N),    # excused
    (80, "mg/d", "iv", Y),      # not below 80
    (0.08, "g/d", "iv", Y),     # 80 mg/d in g/d
    (0.04, "g/d", "iv", N),
    (40, "mg", "iv", N),        # a single dose in mg counts as that day's dose
    (500, "mg", "iv", Y),       # a pulse
    (40, "mg/d", "oral", Y),    # the exception is for IV only
    (None, None, "iv", Y),      # dose unknown: not excused
])
def test_medication_exception_iv_methylprednisolone_below_80_mg_per_day(dose, unit, route, expected):
    finding = evaluate(IVMP, medications=[med("methylprednisolone", ago(10), ago(8), dose=dose, dose_unit=unit,
                                              route=route)])
    assert finding.answer == expected
    if expected == N:
        assert any(e.startswith("not counted (protocol exception): Methylprednisolone") for e in finding.evidence)


def test_medication_exception_does_not_excuse_another_drug():
    finding = evaluate(IVMP, medications=[med("dexamethasone", ago(10), ago(8), dose=5, dose_unit="mg/d",
                                              route="iv")])
    assert finding.answer == Y


CSA = MedicationRule.model_validate({
    "kind": "medication", "classes": ["calcineurin_inhibitor"], "within_days": 90,
    "exceptions": [{"drugs": ["ciclosporin"], "shorter_than_days": 14}]})


@pytest.mark.parametrize("start, stop, expected", [
    (ago(40), ago(28), N),     # 13 days, both ends counted: excused
    (ago(40), ago(27), Y),     # 14 days: not shorter than 14
    (ago(40), ago(40), N),     # one day
    (ago(40), None, Y),        # ongoing: no known length
])
def test_medication_exception_ciclosporin_shorter_than_14_days(start, stop, expected):
    assert evaluate(CSA, medications=[med("ciclosporin", start, stop, dose=100, dose_unit="mg/d")]).answer == expected


def test_medication_exception_short_course_of_another_drug_is_counted():
    assert evaluate(CSA, medications=[med("tacrolimus", ago(40), ago(38), dose=2, dose_unit="mg/d")]).answer == Y


def test_medication_route_filter():
    r = MedicationRule(kind="medication", drugs=["cyclophosphamide"], route="iv", within_days=183)
    assert evaluate(r, medications=[med("cyclophosphamide", ago(30), ago(20), route="oral")]).answer == N
    assert evaluate(r, medications=[med("cyclophosphamide", ago(30), ago(20))]).answer == N
    assert evaluate(r, medications=[med("cyclophosphamide", ago(30), ago(20), route="iv")]).answer == Y


@pytest.mark.parametrize("start, stop, expected", [
    (ago(100), None, Y), (ago(100), ON, Y), (ago(100), ago(1), N), (ON, None, Y), (ago(-1), None, N)])
def test_medication_current(start, stop, expected):
    r = MedicationRule(kind="medication", drugs=["tacrolimus"], current=True)
    finding = evaluate(r, medications=[med("tacrolimus", start, stop)])
    assert finding.answer == expected
    if expected == N:
        assert "on the screening date" in finding.evidence[0]


# -- StableTreatmentRule ----------------------------------------------------------------------------------

STABLE = StableTreatmentRule(kind="stable_treatment", drugs=["prednisone"], classes=["antimalarial"], days=91)


@pytest.mark.parametrize("start, expected", [(ago(91), Y), (ago(90), N), (ago(1000), Y)])
def test_stable_treatment_duration_edge(start, expected):
    finding = evaluate(STABLE, medications=[med("prednisone", start, dose=5, dose_unit="mg/d")])
    assert finding.answer == expected


def test_stable_treatment_every_current_drug_must_be_stable():
    medications = [med("prednisone", ago(200), dose=5, dose_unit="mg/d"),
                   med("hydroxychloroquine", ago(30), dose=400, dose_unit="mg/d")]
    assert evaluate(STABLE, medications=medications).answer == N


def test_stable_treatment_a_dose_change_starts_again():
    medications = [med("prednisone", ago(200), ago(31), dose=10, dose_unit="mg/d"),
                   med("prednisone", ago(30), dose=5, dose_unit="mg/d")]
    assert evaluate(STABLE, medications=medications).answer == N


def test_stable_treatment_stopped_and_unrelated_drugs_do_not_count():
    medications = [med("prednisone", ago(200), dose=5, dose_unit="mg/d"),
                   med("hydroxychloroquine", ago(60), ago(10), dose=400, dose_unit="mg/d"),
                   med("tacrolimus", ago(10), dose=2, dose_unit="mg/d")]
    assert evaluate(STABLE, medications=medications).answer == Y


def test_stable_treatment_nothing_taken_is_no():
    finding = evaluate(STABLE, medications=[med("prednisone", ago(300), ago(5))])
    assert finding.answer == N
    assert "none of these drugs" in finding.evidence[0]


def test_stable_treatment_not_required_nothing_taken_is_yes_and_what_is_taken_must_still_be_stable():
    optional = STABLE.model_copy(update={"required": False})
    finding = evaluate(optional, medications=[med("prednisone", ago(300), ago(5))])
    assert finding.answer == Y and "none of these drugs" in finding.evidence[0]
    assert evaluate(optional, medications=[med("prednisone", ago(90), dose=5, dose_unit="mg/d")]).answer == N
    assert evaluate(optional, medications=[med("prednisone", ago(91), dose=5, dose_unit="mg/d")]).answer == Y


def test_never_answers_no_with_its_reason_for_any_patient():
    never = rule(kind="never", because="leflunomide is not listed")
    finding = evaluate(never, medications=[med("leflunomide", ago(60))])
    assert finding.answer == N and finding.evidence == ("leflunomide is not listed",) and finding.missing == ()


# -- DailyDoseRule ---------------------------------------------------------------------------------------

def steroid_limit(op: str = "<=", mg: float = 5) -> DailyDoseRule:
    return DailyDoseRule(kind="daily_dose", classes=["glucocorticoid"], op=op, mg_per_day=mg,
                         prednisone_equivalent=True)


def test_daily_dose_methylprednisolone_4_mg_is_5_mg_prednisone():
    medications = [med("methylprednisolone", ago(30), dose=4, dose_unit="mg/d", route="oral")]
    finding = evaluate(steroid_limit("<=", 5), medications=medications)
    assert finding.answer == Y
    assert any("= 5 mg/d prednisone equivalent" in e for e in finding.evidence)
    assert finding.evidence[-1] == "total 5 mg/d (limit <= 5 mg/d)"
    assert evaluate(steroid_limit("<", 5), medications=medications).answer == N
    assert evaluate(steroid_limit("==", 5), medications=medications).answer == Y


@pytest.mark.parametrize("dose, unit, expected", [(0.03, "g/d", Y), (0.0305, "g/d", N), (30, "mg/d", Y),
                                                  (30.5, "mg/d", N), (210, "mg/week", Y), (217, "mg/week", N)])
def test_daily_dose_units(dose, unit, expected):
    finding = evaluate(steroid_limit("<=", 30), medications=[med("prednisone", ago(30), dose=dose, dose_unit=unit)])
    assert finding.answer == expected


def test_daily_dose_sums_current_drugs_only():
    medications = [med("prednisone", ago(30), dose=20, dose_unit="mg/d"),
                   med("methylprednisolone", ago(30), dose=8, dose_unit="mg/d"),      # = 10
                   med("prednisone", ago(100), ago(31), dose=60, dose_unit="mg/d"),   # stopped
                   med("tacrolimus", ago(30), dose=3, dose_unit="mg/d")]              # not a glucocorticoid
    finding = evaluate(steroid_limit("<=", 30), medications=medications)
    assert finding.answer == Y
    assert finding.evidence[-1] == "total 30 mg/d (limit <= 30 mg/d)"
    assert evaluate(steroid_limit("<", 30), medications=medications).answer == N


def test_daily_dose_non_daily_unit_is_unknown():
    medications = [med("methylprednisolone", ago(1), ON, dose=500, dose_unit="mg", route="iv")]
    finding = evaluate(steroid_limit("<=", 30), medications=medications)
    assert finding.answer == U
    assert "daily dose of Methylprednisolone" in finding.missing[0]
    assert evaluate(steroid_limit(), medications=[med("prednisone", ago(3))]).answer == U


@pytest.mark.parametrize("op, limit, known, expected", [
    ("<=", 30, 30, U), ("<=", 30, 31, N), ("<", 30, 30, N), ("<", 30, 29, U),   # an upper limit the known dose breaks
    (">=", 30, 30, Y), (">=", 30, 29, U), (">", 30, 31, Y), (">", 30, 30, U),   # a lower one it already reaches
])
def test_daily_dose_a_dose_unknown_beside_one_that_settles_it(op, limit, known, expected):
    medications = [med("prednisone", ago(30), dose=known, dose_unit="mg/d"),
                   med("methylprednisolone", ago(1), ON, dose=500, dose_unit="mg", route="iv")]  # no daily dose
    finding = evaluate(steroid_limit(op, limit), medications=medications)
    assert finding.answer == expected
    if expected == U:
        assert "daily dose of Methylprednisolone" in finding.missing[0]
    else:
        assert f"at least {known:g} mg/d from the doses known" in finding.evidence[-1] and not finding.missing


def test_daily_dose_throughout_a_period_a_known_excess_outranks_an_unknown_day():
    r = DailyDoseRule(kind="daily_dose", classes=["glucocorticoid"], op="<=", mg_per_day=5, prednisone_equivalent=True,
                      throughout_days=183)
    medications = [med("prednisone", ago(150), ago(100), dose=20, dose_unit="mg/d"),   # above the limit then
                   med("prednisone", ago(99), dose=None)]                              # a dose not recorded since
    assert evaluate(r, medications=medications).answer == N
    assert evaluate(r, medications=medications[1:]).answer == U


def test_daily_dose_none_taken_is_zero():
    finding = evaluate(steroid_limit("<=", 5))
    assert finding.answer == Y
    assert "none taken on the screening date (0 mg/d)" in finding.evidence
    assert evaluate(steroid_limit(">", 0)).answer == N


def test_daily_dose_without_prednisone_equivalent():
    r = DailyDoseRule(kind="daily_dose", drugs=["mycophenolate_mofetil"], op=">=", mg_per_day=2000)
    assert evaluate(r, medications=[med("mycophenolate_mofetil", ago(3), dose=2, dose_unit="g/d")]).answer == Y
    assert evaluate(r, medications=[med("mycophenolate_mofetil", ago(3), dose=1.5, dose_unit="g/d")]).answer == N


# -- CumulativeDoseRule ----------------------------------------------------------------------------------

PULSE = CumulativeDoseRule(kind="cumulative_dose", drugs=["methylprednisolone"], route="iv", within_days=30,
                           min_mg=1500, max_mg=3000)


def pulse(total: float | None, start: int = 10, stop: int = 8, route: str = "iv") -> Medication:
    return med("methylprednisolone", ago(start), ago(stop), dose=500, dose_unit="mg", route=route,
               cumulative_dose_mg=total)


@pytest.mark.parametrize("total, expected", [(1499, N), (1500, Y), (2250, Y), (3000, Y), (3001, N)])
def test_cumulative_dose_range_is_inclusive(total, expected):
    finding = evaluate(PULSE, medications=[pulse(total)])
    assert finding.answer == expected
    assert finding.evidence[-1] == f"cumulative {total:g} mg"


def test_cumulative_dose_sums_courses_in_the_window_and_route():
    medications = [pulse(1000, 20, 18), pulse(1000, 10, 8), pulse(1000, 60, 31), pulse(5000, 5, 5, route="oral")]
    finding = evaluate(PULSE, medications=medications)
    assert finding.answer == Y
    assert finding.evidence[-1] == "cumulative 2000 mg"
    # a course ending exactly on the window's first day is inside it
    assert evaluate(PULSE, medications=[pulse(1000, 20, 18), pulse(1000, 10, 8), pulse(1000, 60, 30)]
                    ).evidence[-1] == "cumulative 3000 mg"


def test_cumulative_dose_missing_is_unknown():
    finding = evaluate(PULSE, medications=[pulse(1000, 20, 18), pulse(None)])
    assert finding.answer == U
    assert "cumulative dose" in finding.missing[0]


@pytest.mark.parametrize("known, expected", [(3000, U), (3001, N), (1000, U)])
def test_cumulative_dose_a_known_excess_outranks_a_course_without_its_dose(known, expected):
    finding = evaluate(PULSE, medications=[pulse(known, 20, 18), pulse(None)])
    assert finding.answer == expected


@pytest.mark.parametrize("known, expected", [(1499, U), (1500, Y)])
def test_cumulative_dose_enough_already_with_no_maximum(known, expected):
    at_least = CumulativeDoseRule(kind="cumulative_dose", drugs=["methylprednisolone"], within_days=30, min_mg=1500)
    assert evaluate(at_least, medications=[pulse(known, 20, 18), pulse(None)]).answer == expected


def test_cumulative_dose_without_a_course_is_no():
    finding = evaluate(PULSE, medications=[pulse(2000, 60, 31)])
    assert finding.answer == N
    assert "no Methylprednisolone course" in finding.evidence[0]


def test_cumulative_dose_open_ended_limits():
    at_least = CumulativeDoseRule(kind="cumulative_dose", drugs=["methylprednisolone"], within_days=30, min_mg=1500)
    assert evaluate(at_least, medications=[pulse(9000)]).answer == Y
    at_most = CumulativeDoseRule(kind="cumulative_dose", drugs=["methylprednisolone"], within_days=30, max_mg=3000)
    assert evaluate(at_most, medications=[pulse(100)]).answer == Y


# -- ProcedureRule ---------------------------------------------------------------------------------------

def dialysis(start: dt.date, stop: dt.date | None) -> Procedure:
    return Procedure(code="renal_replacement_therapy", kind="haemodialysis", start=start, stop=stop)


@pytest.mark.parametrize("start, stop, expected", [
    (ago(120), ago(90), Y), (ago(120), ago(91), N), (ago(120), None, Y), (ON, ON, Y), (ago(-1), None, N)])
def test_procedure_window(start, stop, expected):
    r = ProcedureRule(kind="procedure", codes=["renal_replacement_therapy"], within_days=90)
    finding = evaluate(r, procedures=[dialysis(start, stop)])
    assert finding.answer == expected
    if expected == N:
        assert finding.evidence == ("no Renal replacement therapy (dialysis) recorded",)


@pytest.mark.parametrize("stop, expected", [(None, Y), (ON, Y), (ago(1), N)])
def test_procedure_current(stop, expected):
    r = ProcedureRule(kind="procedure", codes=["renal_replacement_therapy"], current=True)
    assert evaluate(r, procedures=[dialysis(ago(50), stop)]).answer == expected


def test_procedure_ever_and_codes():
    r = ProcedureRule(kind="procedure", codes=["kidney_transplant", "renal_replacement_therapy"])
    assert evaluate(r, procedures=[dialysis(dt.date(2001, 1, 1), dt.date(2001, 2, 1))]).answer == Y
    assert evaluate(r, procedures=[Procedure(code="plasma_exchange", start=ago(5), stop=ago(5))]).answer == N


# -- ConditionRule ---------------------------------------------------------------------------------------

def condition(code: str = "malignancy", status: str = "active", onset: dt.date | None = dt.date(2020, 1, 1),
              resolved: dt.date | None = None, **extra) -> Condition:
    return Condition(code=code, status=status, onset=onset, resolved=resolved, **extra)


ACTIVE_INFECTION = ConditionRule(kind="condition", codes=["infection"])


@pytest.mark.parametrize("cond, expected", [
    (condition("infection", kind="tuberculosis"), Y),
    (condition("infection", "resolved", resolved=ago(1)), N),
    (condition("infection", "resolved", resolved=ON), Y),          # resolved today: still active today
    (condition("infection", "resolved", resolved=None), N),         # resolved, not active now
    (condition("infection", onset=ago(-2)), N),                      # not yet begun
    (condition("malignancy"), N),                                    # another code
])
def test_condition_active_now(cond, expected):
    assert evaluate(ACTIVE_INFECTION, conditions=[cond]).answer == expected


def test_condition_none_recorded_is_no_and_says_so():
    finding = evaluate(ACTIVE_INFECTION)
    assert finding.answer == N
    assert finding.evidence == ("no Infection recorded",)


FIVE_YEARS = ConditionRule(kind="condition", codes=["malignancy"], within_days=1826)


@pytest.mark.parametrize("resolved, expected", [(ago(1826), Y), (ago(1827), N), (ago(10), Y)])
def test_condition_within_days_edge(resolved, expected):
    finding = evaluate(FIVE_YEARS, conditions=[condition(status="resolved", onset=dt.date(2015, 1, 1),
                                                         kind="solid_tumour", resolved=resolved)])
    assert finding.answer == expected


def test_condition_resolved_without_a_date_is_unknown_for_a_window():
    finding = evaluate(FIVE_YEARS, conditions=[condition(status="resolved", kind="solid_tumour")])
    assert finding.answer == U
    assert "when the Malignancy resolved" in finding.missing[0]


def test_condition_undated_resolution_does_not_hide_a_counted_one():
    finding = evaluate(FIVE_YEARS, conditions=[condition(status="resolved", kind="solid_tumour"),
                                               condition(kind="haematological")])
    assert finding.answer == Y


def test_condition_ever():
    r = ConditionRule(kind="condition", codes=["liver_disease"], severities=["severe"], ever=True)
    assert evaluate(r, conditions=[condition("liver_disease", "resolved", onset=dt.date(1999, 1, 1),
                                             severity="severe")]).answer == Y
    assert evaluate(r, conditions=[condition("liver_disease", "resolved", onset=dt.date(1999, 1, 1),
                                             resolved=dt.date(2000, 1, 1), severity="moderate")]).answer == N
    assert evaluate(r, conditions=[condition("liver_disease", onset=ago(-1), severity="severe")]).answer == N


SKIN = ["basal_cell_carcinoma", "squamous_cell_skin_carcinoma", "cervical_carcinoma_in_situ"]


@pytest.mark.parametrize("kind, treatment, expected", [
    ("basal_cell_carcinoma", "excision", N),
    ("basal_cell_carcinoma", "none", Y),
    ("cervical_carcinoma_in_situ", "surgical", N),
    ("squamous_cell_skin_carcinoma", "none", Y),
    ("solid_tumour", "surgical", Y),
])
def test_condition_except_kinds_only_if_treated(kind, treatment, expected):
    r = ConditionRule(kind="condition", codes=["malignancy"], within_days=1826, except_kinds=SKIN,
                      except_only_if_treated=True)
    assert evaluate(r, conditions=[condition(kind=kind, treatment=treatment)]).answer == expected


@pytest.mark.parametrize("treatment", ["excision", "none", None])
def test_condition_except_kinds_without_the_treatment_condition(treatment):
    r = ConditionRule(kind="condition", codes=["malignancy"], within_days=1826, except_kinds=SKIN)
    assert evaluate(r, conditions=[condition(kind="basal_cell_carcinoma", treatment=treatment)]).answer == N


def test_condition_qualifiers():
    r = ConditionRule(kind="condition", codes=["infection"], kinds=["hepatitis_b", "hepatitis_c"])
    assert evaluate(r, conditions=[condition("infection", kind="hepatitis_b")]).answer == Y
    assert evaluate(r, conditions=[condition("infection", kind="tuberculosis")]).answer == N
    allergy = ConditionRule(kind="condition", codes=["drug_allergy"], agents=["rituximab"], ever=True)
    assert evaluate(allergy, conditions=[condition("drug_allergy", agent="rituximab")]).answer == Y
    assert evaluate(allergy, conditions=[condition("drug_allergy", agent="belimumab")]).answer == N
    uncontrolled = ConditionRule(kind="condition", codes=["diabetes"], uncontrolled=True)
    assert evaluate(uncontrolled, conditions=[condition("diabetes", controlled=False)]).answer == Y
    assert evaluate(uncontrolled, conditions=[condition("diabetes")]).answer == N
    treated = ConditionRule(kind="condition", codes=["infection"], treatments=["iv"], hospitalised=True)
    assert evaluate(treated, conditions=[condition("infection", treatment="iv", hospitalised=True)]).answer == Y
    assert evaluate(treated, conditions=[condition("infection", treatment="oral", hospitalised=True)]).answer == N


# -- DiagnosisRule ---------------------------------------------------------------------------------------

def sle(date: dt.date | None = dt.date(2019, 3, 1), onset: dt.date | None = None,
        classification: str | None = "acr_1997") -> Diagnosis:
    return Diagnosis(code="sle", date=date, onset=onset, classification=classification)


def test_diagnosis_present_absent_and_future():
    r = DiagnosisRule(kind="diagnosis", codes=["sle"])
    assert evaluate(r, diagnoses=[sle()]).answer == Y
    finding = evaluate(r)
    assert finding.answer == N
    assert finding.evidence == ("no diagnosis of Systemic lupus erythematosus recorded",)
    assert evaluate(r, diagnoses=[sle(date=ago(-3))]).answer == N


@pytest.mark.parametrize("classification, expected", [
    ("acr_1997", Y), ("slicc_2012", Y), ("eular_acr_2019", N), (None, U)])
def test_diagnosis_classification(classification, expected):
    r = DiagnosisRule(kind="diagnosis", codes=["sle"], classifications=["acr_1997", "slicc_2012"])
    finding = evaluate(r, diagnoses=[sle(classification=classification)])
    assert finding.answer == expected
    if expected == U:
        assert "classification" in finding.missing[0]


def test_diagnosis_one_matching_classification_is_enough():
    r = DiagnosisRule(kind="diagnosis", codes=["sle"], classifications=["acr_1997"])
    assert evaluate(r, diagnoses=[sle(classification=None), sle(classification="acr_1997")]).answer == Y


@pytest.mark.parametrize("date, onset, expected", [
    (ago(92), None, Y), (ago(91), None, N), (ago(10), ago(92), Y), (ago(92), ago(91), N)])
def test_diagnosis_minimum_duration_counts_from_onset_when_known(date, onset, expected):
    r = DiagnosisRule(kind="diagnosis", codes=["sle"], min_duration_days=92)
    finding = evaluate(r, diagnoses=[sle(date=date, onset=onset)])
    assert finding.answer == expected
    assert any(e.startswith("disease duration ") for e in finding.evidence)


def test_diagnosis_minimum_duration_without_dates_is_unknown():
    r = DiagnosisRule(kind="diagnosis", codes=["sle"], min_duration_days=92)
    finding = evaluate(r, diagnoses=[sle(date=None)])
    assert finding.answer == U
    assert "date of diagnosis" in finding.missing[0]


# -- ReproductiveRule ------------------------------------------------------------------------------------

def status(days_ago: int = 3, **fields) -> ReproductiveStatus:
    return ReproductiveStatus(date=ago(days_ago), **fields)


@pytest.mark.parametrize("field", ["pregnant", "lactating", "childbearing_potential"])
def test_reproductive_male_patient(field):
    finding = evaluate(ReproductiveRule(kind="reproductive", field=field, equals=True), sex="M")
    assert finding.answer == N
    assert finding.evidence == ("male patient",)
    assert evaluate(ReproductiveRule(kind="reproductive", field=field, equals=False), sex="M").answer == Y


def test_reproductive_male_contraception_is_unknown_without_a_record():
    r = ReproductiveRule(kind="reproductive", field="contraception", contraception_in=["barrier"])
    assert evaluate(r, sex="M").answer == U
    assert evaluate(r, sex="M", reproductive=[status(contraception="barrier")]).answer == Y


@pytest.mark.parametrize("days_ago, expected", [(28, Y), (29, U)])
def test_reproductive_stale_status_is_unknown(days_ago, expected):
    r = ReproductiveRule(kind="reproductive", field="pregnant", equals=False, within_days=28)
    finding = evaluate(r, reproductive=[status(days_ago, pregnant=False)])
    assert finding.answer == expected
    if expected == U:
        assert "pregnant status within 28 days" in finding.missing[0]


def test_reproductive_female_without_a_status_is_unknown():
    assert evaluate(ReproductiveRule(kind="reproductive", field="pregnant", equals=True)).answer == U


def test_reproductive_latest_status_and_field_values():
    r = ReproductiveRule(kind="reproductive", field="pregnant", equals=True)
    statuses = [status(60, pregnant=True), status(3, pregnant=False)]
    finding = evaluate(r, reproductive=statuses)
    assert finding.answer == N
    assert finding.evidence == (f"pregnant: no on {ago(3)}",)
    assert evaluate(r, reproductive=[status(pregnant=True)]).answer == Y
    assert evaluate(r, reproductive=[status(lactating=True)]).answer == U    # pregnancy not recorded


@pytest.mark.parametrize("value, expected", [("iud", Y), ("hormonal", Y), ("none", N), ("barrier", N), (None, U)])
def test_reproductive_contraception_in(value, expected):
    r = ReproductiveRule(kind="reproductive", field="contraception", contraception_in=["iud", "hormonal"])
    assert evaluate(r, reproductive=[status(contraception=value)]).answer == expected


# -- ManualRule ------------------------------------------------------------------------------------------

def test_manual_rule_needs_review_with_its_question():
    finding = evaluate(ManualRule(kind="manual", question="Has the patient signed the informed consent?"))
    assert finding.answer == R
    assert finding.missing == ("Has the patient signed the informed consent?",)
    assert evaluate(ManualRule(kind="manual")).missing == ("a coordinator's or investigator's answer",)


# -- AllOf / AnyOf / NotRule ---------------------------------------------------------------------------

# On the test patient (40 years old, no IgG recorded) these answer yes / no / unknown / needs review.
LEAF = {
    Y: {"kind": "age", "min": 18},
    N: {"kind": "age", "max": 17},
    U: {"kind": "lab", "code": "igg", "op": "<", "value": 5, "unit": "g/L"},
    R: {"kind": "manual", "question": "ask"},
}


def test_leaves_answer_as_intended():
    for answer, data in LEAF.items():
        assert evaluate(rule(**data)).answer == answer


ALL_TABLE = {
    (Y, Y): Y, (Y, N): N, (Y, U): U, (Y, R): R,
    (N, N): N, (N, U): N, (N, R): N,
    (U, U): U, (U, R): U,
    (R, R): R,
}
ANY_TABLE = {
    (Y, Y): Y, (Y, N): Y, (Y, U): Y, (Y, R): Y,
    (N, N): N, (N, U): U, (N, R): R,
    (U, U): U, (U, R): U,
    (R, R): R,
}


@pytest.mark.parametrize("pair, expected", list(ALL_TABLE.items()))
def test_all_of_table_in_both_orders(pair, expected):
    a, b = pair
    for first, second in ((a, b), (b, a)):
        finding = evaluate(rule(kind="all_of", rules=[LEAF[first], LEAF[second]]))
        assert finding.answer == expected
        assert combine([first, second], "all") == expected


@pytest.mark.parametrize("pair, expected", list(ANY_TABLE.items()))
def test_any_of_table_in_both_orders(pair, expected):
    a, b = pair
    for first, second in ((a, b), (b, a)):
        finding = evaluate(rule(kind="any_of", rules=[LEAF[first], LEAF[second]]))
        assert finding.answer == expected
        assert combine([first, second], "any") == expected


@pytest.mark.parametrize("inner, expected", [(Y, N), (N, Y), (U, U), (R, R)])
def test_not_table(inner, expected):
    finding = evaluate(rule(kind="not", rule=LEAF[inner]))
    assert finding.answer == expected
    assert finding.evidence == evaluate(rule(**LEAF[inner])).evidence
    assert finding.missing == evaluate(rule(**LEAF[inner])).missing


@pytest.mark.parametrize("answers, expected", [
    ((Y, N), Y), ((N, Y), N), ((U, Y), Y), ((U, N), N), ((R, N), N), ((U, U), U), ((U, R), R), ((R, U), R),
])
def test_first_known_takes_the_first_rule_the_data_settle(answers, expected):
    finding = evaluate(rule(kind="first_known", rules=[LEAF[a] for a in answers]))
    assert finding.answer == expected
    settled = next((a for a in answers if a in (Y, N)), None)
    if settled is not None:  # only the deciding rule's evidence, nothing missing
        assert finding == evaluate(rule(**LEAF[settled]))
    else:
        assert set(finding.missing) == {m for a in answers for m in evaluate(rule(**LEAF[a])).missing}


def test_combinations_of_three_and_nested():
    assert evaluate(rule(kind="all_of", rules=[LEAF[Y], LEAF[R], LEAF[U]])).answer == U
    assert evaluate(rule(kind="any_of", rules=[LEAF[N], LEAF[R], LEAF[U]])).answer == U
    nested = rule(kind="any_of", rules=[{"kind": "all_of", "rules": [LEAF[Y], LEAF[N]]},
                                        {"kind": "not", "rule": LEAF[N]}])
    assert evaluate(nested).answer == Y
    assert combine([], "all") == Y and combine([], "any") == N


def test_combination_evidence_and_missing():
    undecided = evaluate(rule(kind="all_of", rules=[LEAF[Y], LEAF[U], LEAF[R], LEAF[Y]]))
    assert undecided.answer == U
    assert undecided.evidence == ("age 40 on 2026-11-23 (born 1986-05-14)",)   # cited once
    assert len(undecided.missing) == 2
    assert "none recorded" in undecided.missing[0] and undecided.missing[1] == "ask"
    decided = evaluate(rule(kind="any_of", rules=[LEAF[U], LEAF[Y]]))
    assert decided.answer == Y
    assert decided.missing == ()


# -- plain() ---------------------------------------------------------------------------------------------

PLAIN_EXAMPLES = [
    {"kind": "age", "min": 18, "max": 70},
    {"kind": "sex", "sex": "F"},
    {"kind": "lab", "code": "igg", "op": "<", "value": 5, "unit": "g/L"},
    {"kind": "lab", "code": "alt", "op": ">", "uln_times": 2},
    {"kind": "result", "code": "hbsag", "any_of": ["positive"]},
    DECLINE,
    {"kind": "change_after_diagnosis", "code": "egfr", "change": "decline", "percent": 30,
     "diagnosis_codes": ["membranous_nephropathy_idiopathic"], "from_days": 183, "to_days": 365},
    SUSTAINED,
    {"kind": "bilag"},
    {"kind": "bilag", "max_b": 9, "except_domains": ["renal"]},
    {"kind": "results", "days": 183, "count": "any", "rules": [
        {"kind": "lab", "code": "creatinine", "op": ">", "uln_times": 1.5}, {"kind": "result", "code": "urine_rbc_casts",
                                                                              "any_of": ["present"]}]},
    {"kind": "results", "days": 183, "count": "consecutive", "times": 3, "rules": [
        {"kind": "lab", "code": "urine_protein_24h", "op": ">=", "value": 1, "unit": "g/24h"}]},
    {"kind": "dose_increase", "classes": ["immunosuppressant"], "within_days": 92, "new_starts": True},
    {"kind": "daily_dose", "drugs": ["azathioprine"], "op": ">", "mg_per_kg_per_day": 2},
    {"kind": "change_after_diagnosis", "code": "urine_protein_24h", "change": "decline", "op": ">", "percent": 50,
     "start_of": ["cyclophosphamide"], "from_days": 0, "to_days": 365},
    {"kind": "biopsy", "classes_any": ["III", "IV"], "within_days": 180,
     "all_features": [{"field": "activity_index", "op": ">=", "value": 2}],
     "any_feature": [{"field": "tma_lesions", "op": "==", "value": True}]},
    {"kind": "biopsy", "imn": True},
    {"kind": "medication", "classes": ["b_cell_targeted"], "within_days": 183},
    {"kind": "medication", "drugs": ["tacrolimus"], "current": True, "route": "oral",
     "exceptions": [{"drugs": ["tacrolimus"], "shorter_than_days": 14}]},
    {"kind": "stable_treatment", "drugs": ["prednisone"], "classes": ["antimalarial"], "days": 91},
    {"kind": "stable_treatment", "classes": ["antimalarial"], "days": 91, "required": False},
    {"kind": "daily_dose", "classes": ["glucocorticoid"], "op": "<=", "mg_per_day": 30,
     "prednisone_equivalent": True},
    {"kind": "cumulative_dose", "drugs": ["methylprednisolone"], "within_days": 30, "min_mg": 1500, "max_mg": 3000},
    {"kind": "procedure", "codes": ["renal_replacement_therapy"], "within_days": 90},
    {"kind": "procedure", "codes": ["kidney_transplant"]},
    {"kind": "condition", "codes": ["malignancy"], "within_days": 1826, "except_kinds": SKIN},
    {"kind": "condition", "codes": ["liver_disease"], "ever": True},
    {"kind": "condition", "codes": ["infection"], "kinds": ["tuberculosis"]},
    {"kind": "diagnosis", "codes": ["sle"], "classifications": ["acr_1997"], "min_duration_days": 92},
    {"kind": "reproductive", "field": "pregnant", "equals": True},
    {"kind": "reproductive", "field": "contraception", "contraception_in": ["iud"]},
    {"kind": "manual", "question": "Consent signed?"},
    {"kind": "manual"},
    {"kind": "never", "because": "leflunomide is not listed"},
    {"kind": "all_of", "rules": [LEAF[U], LEAF[R]]},
    {"kind": "any_of", "rules": [LEAF[U], {"kind": "age", "min": 18, "max": 70}]},
    {"kind": "not", "rule": LEAF[U]},
    {"kind": "first_known", "rules": [LEAF[U], LEAF[Y]]},
]


@pytest.mark.parametrize("data", PLAIN_EXAMPLES, ids=lambda d: d["kind"])
def test_plain_is_a_non_empty_sentence(data):
    text = rule(**data).plain()
    assert isinstance(text, str) and len(text.split()) >= 3
    assert "None" not in text


def test_plain_examples_cover_every_rule_kind():
    members = typing.get_args(typing.get_args(AnyRule)[0])
    kinds = {typing.get_args(m.model_fields["kind"].annotation)[0] for m in members}
    assert kinds == {d["kind"] for d in PLAIN_EXAMPLES}


def test_plain_names_codes_in_words():
    assert rule(kind="lab", code="igg", op="<", value=5, unit="g/L").plain() == \
        "latest Immunoglobulin G within 28 days is below 5 g/L"
    assert "2 x the lab's ULN" in rule(kind="lab", code="alt", op=">", uln_times=2).plain()
    assert "Systemic lupus erythematosus" in rule(kind="diagnosis", codes=["sle"]).plain()


@pytest.mark.parametrize("data", [
    {"kind": "age", "min": 18},
    {"kind": "age", "max": 75},
    {"kind": "cumulative_dose", "drugs": ["methylprednisolone"], "within_days": 30, "min_mg": 1500},
    {"kind": "cumulative_dose", "drugs": ["methylprednisolone"], "within_days": 30, "max_mg": 3000},
], ids=["age-min", "age-max", "cumulative-min", "cumulative-max"])
def test_plain_with_an_open_ended_limit(data):
    text = rule(**data).plain()
    assert text and "None" not in text
