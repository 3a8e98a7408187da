"""The catalogue's kinds for other lupus nephritis listings (issue 17, TCTR20190517004 and
NCT04892212): results over a period (any, every, consecutive; several measures), a dose
increased, a daily dose per kg, a change from the start of a treatment, BILAG without the renal
domain, cellular and fibrocellular crescents together. Each at and around its limits and
windows, with missing data and a known violation beside missing data."""

from __future__ import annotations

import pytest

from coordinator.records.record import Biopsy, Observation
from coordinator.screening.rules.answers import Answer
from tests.core.test_rules import ago, evaluate, med, obs, rule, text_of

Y, N, U = Answer.YES, Answer.NO, Answer.UNKNOWN

UPCR, PROTEIN = "urine_protein_creatinine_ratio", "urine_protein_24h"
EVERY_BELOW_3 = rule(kind="results", days=183, count="every", rules=[
    {"kind": "lab", "code": UPCR, "op": "<", "value": 3, "unit": "g/g"},
    {"kind": "lab", "code": PROTEIN, "op": "<", "value": 3, "unit": "g/24h"}])


# -- results: every result of either measure in the period --------------------------------------------

@pytest.mark.parametrize("results, expected", [
    ([(UPCR, 100, 1.0, "g/g"), (PROTEIN, 50, 2.9, "g/24h")], Y),       # both measures below
    ([(UPCR, 100, 1.0, "g/g"), (PROTEIN, 50, 3.0, "g/24h")], N),       # on the limit: not below
    ([(UPCR, 100, 1.0, "g/g"), (PROTEIN, 50, 3.2, "g/24h")], N),       # the other measure breaks it
    ([(UPCR, 100, 2900, "mg/g")], Y),                                  # another unit, converted
    ([(UPCR, 100, 3100, "mg/g")], N),
    ([(UPCR, 182, 5.0, "g/g"), (UPCR, 10, 1.0, "g/g")], N),            # just inside the period
    ([(UPCR, 183, 5.0, "g/g"), (UPCR, 10, 1.0, "g/g")], Y),            # on its start: outside
    ([(UPCR, 200, 5.0, "g/g")], U),                                    # only before the period
    ([], U),                                                           # none at all
])
def test_every_result_of_either_measure_in_the_period(results, expected):
    found = evaluate(EVERY_BELOW_3, observations=[obs(code, days, value, unit) for code, days, value, unit in results])
    assert found.answer == expected, text_of(found)


def test_a_breaking_result_outranks_one_that_cannot_be_read():
    unreadable = Observation(code=UPCR, date=ago(40), text="see report")
    found = evaluate(EVERY_BELOW_3, observations=[unreadable, obs(PROTEIN, 20, 3.5, "g/24h")])
    assert found.answer == N
    only_unreadable = evaluate(EVERY_BELOW_3, observations=[unreadable, obs(PROTEIN, 20, 1.0, "g/24h")])
    assert only_unreadable.answer == U and "a numeric" in text_of(only_unreadable)


def test_the_evidence_lists_each_result_with_whether_it_meets_the_limit():
    found = evaluate(EVERY_BELOW_3, observations=[obs(UPCR, 100, 1.0, "g/g"), obs(PROTEIN, 50, 3.2, "g/24h")])
    assert found.evidence[0].endswith(": meets it") and found.evidence[1].endswith(": does not meet it")
    assert "24-h urine protein 3.2 g/24h on" in found.evidence[1]


# -- results: any result in the period ------------------------------------------------------------------

FLARE = rule(kind="results", days=183, count="any", rules=[
    {"kind": "lab", "code": PROTEIN, "op": ">", "value": 1, "unit": "g/24h"}])


@pytest.mark.parametrize("values, expected", [
    ([(120, 1.5), (10, 0.3)], Y),   # a flare that has since resolved still counts
    ([(120, 1.0), (10, 0.3)], N),   # on the limit
    ([(120, 1.01)], Y),             # just above
    ([(190, 2.0), (10, 0.3)], N),   # the flare was before the period
    ([], U),
])
def test_any_result_in_the_period(values, expected):
    found = evaluate(FLARE, observations=[obs(PROTEIN, days, value, "g/24h") for days, value in values])
    assert found.answer == expected, text_of(found)


def test_any_result_unknown_only_where_it_could_be_the_one():
    unreadable = Observation(code=PROTEIN, date=ago(40), text="haemolysed")
    assert evaluate(FLARE, observations=[unreadable, obs(PROTEIN, 20, 0.2, "g/24h")]).answer == U
    assert evaluate(FLARE, observations=[unreadable, obs(PROTEIN, 20, 1.8, "g/24h")]).answer == Y


# -- results: consecutive ---------------------------------------------------------------------------------

TWO_HIGH = rule(kind="results", days=183, count="consecutive", rules=[
    {"kind": "lab", "code": "creatinine", "op": ">=", "value": 120, "unit": "umol/L"}])


@pytest.mark.parametrize("values, expected", [
    ([130, 125], Y),
    ([130, 120], Y),          # on the limit counts (>=)
    ([130, 119], N),
    ([130, 100, 130], N),     # not in a row
    ([100, 130], N),          # the latest alone
    ([130], N),
])
def test_two_consecutive_results(values, expected):
    observations = [obs("creatinine", 150 - 30 * i, v, "umol/L") for i, v in enumerate(values)]
    assert evaluate(TWO_HIGH, observations=observations).answer == expected


def test_consecutive_is_unknown_when_an_unreadable_result_could_complete_the_run():
    high, unreadable = obs("creatinine", 90, 130, "umol/L"), Observation(code="creatinine", date=ago(60), text="lost")
    assert evaluate(TWO_HIGH, observations=[high, unreadable]).answer == U
    assert evaluate(TWO_HIGH, observations=[high, unreadable, obs("creatinine", 30, 100, "umol/L")]).answer == U
    low = obs("creatinine", 90, 100, "umol/L")
    assert evaluate(TWO_HIGH, observations=[low, unreadable, obs("creatinine", 30, 90, "umol/L")]).answer == N


def test_a_change_rule_inside_measures_each_result_against_the_baseline_counted_from_screening():
    rising = rule(kind="results", days=183, count="consecutive", rules=[
        {"kind": "change", "code": "creatinine", "change": "rise", "op": ">=", "percent": 25, "baseline_from_days": 365,
         "baseline_to_days": 183, "current_within_days": 183}])
    baseline = obs("creatinine", 300, 80, "umol/L")
    assert evaluate(rising, observations=[baseline, obs("creatinine", 90, 100, "umol/L"),
                                          obs("creatinine", 30, 101, "umol/L")]).answer == Y   # +25%, +26%
    assert evaluate(rising, observations=[baseline, obs("creatinine", 90, 99, "umol/L"),
                                          obs("creatinine", 30, 101, "umol/L")]).answer == N
    assert evaluate(rising, observations=[obs("creatinine", 90, 100, "umol/L"),
                                          obs("creatinine", 30, 101, "umol/L")]).answer == U   # no baseline


def test_consecutive_counts_in_mg_per_dl_too():
    observations = [obs("creatinine", 90, 1.4, "mg/dL"), obs("creatinine", 30, 1.5, "mg/dL")]  # 124, 133 umol/L
    assert evaluate(TWO_HIGH, observations=observations).answer == Y


def test_a_results_rule_refuses_two_rules_for_one_measure_and_times_without_consecutive():
    lab = {"kind": "lab", "code": PROTEIN, "op": ">", "value": 1, "unit": "g/24h"}
    with pytest.raises(ValueError, match="one rule per measure"):
        rule(kind="results", days=90, count="any", rules=[lab, lab])
    with pytest.raises(ValueError, match="times is for count: consecutive"):
        rule(kind="results", days=90, count="any", times=3, rules=[lab])


# -- dose_increase ------------------------------------------------------------------------------------------

NOT_INCREASED = rule(kind="dose_increase", classes=["immunosuppressant"], within_days=92)
MMF = "mycophenolate_mofetil"


@pytest.mark.parametrize("courses, expected", [
    ([(MMF, 300, 51, 1.0), (MMF, 50, None, 1.5)], Y),      # raised 50 days ago
    ([(MMF, 300, 51, 2.0), (MMF, 50, None, 1.5)], N),      # lowered: no increase
    ([(MMF, 300, 51, 1.5), (MMF, 50, None, 1.5)], N),      # the same dose again
    ([(MMF, 300, 93, 1.0), (MMF, 92, None, 1.5)], N),      # raised on the period's start: outside
    ([(MMF, 300, 92, 1.0), (MMF, 91, None, 1.5)], Y),      # just inside
    ([(MMF, 300, 70, 1.0), (MMF, 50, None, 1.5)], N),      # stopped 20 days before: a restart, not a raise
    ([(MMF, 300, 57, 1.0), (MMF, 50, None, 1.5)], Y),      # a gap of 7 days still continues
    (([("tacrolimus", 20, None, 2)]), N),                 # a new start is no increase by default
    ([], N),
])
def test_a_dose_increased_in_the_period(courses, expected):
    medications = [med(drug, ago(start), ago(stop) if stop is not None else None, dose,
                       "g/d" if drug == MMF else "mg/d") for drug, start, stop, dose in courses]
    found = evaluate(NOT_INCREASED, medications=medications)
    assert found.answer == expected, text_of(found)


def test_a_new_start_counts_when_the_file_says_so_and_an_undosed_course_is_unknown():
    counting = rule(kind="dose_increase", classes=["immunosuppressant"], within_days=92, new_starts=True)
    assert evaluate(counting, medications=[med("tacrolimus", ago(20), dose=2, dose_unit="mg/d")]).answer == Y
    undosed = [med(MMF, ago(300), ago(51), 1.0, "g/d"), med(MMF, ago(50))]
    found = evaluate(NOT_INCREASED, medications=undosed)
    assert found.answer == U and "the daily doses (mg/d) of Mycophenolate mofetil" in found.missing[0]
    raised_elsewhere = undosed + [med("tacrolimus", ago(300), ago(41), 2, "mg/d"), med("tacrolimus", ago(40), None, 3, "mg/d")]
    assert evaluate(NOT_INCREASED, medications=raised_elsewhere).answer == Y  # a known increase outranks it


# -- daily_dose per kg ---------------------------------------------------------------------------------------

AZA = rule(kind="daily_dose", drugs=["azathioprine"], op=">", mg_per_kg_per_day=2)


@pytest.mark.parametrize("weight, dose, expected", [
    ((50, "kg", 10), 99, N), ((50, "kg", 10), 100, N), ((50, "kg", 10), 101, Y),   # 2 mg/kg of 50 kg = 100 mg/d
    ((110.2, "lb", 10), 101, Y),                                                   # 110.2 lb = 50.0 kg
    ((50, "kg", 89), 101, Y), ((50, "kg", 91), 101, U),                             # the weight's window (90 d)
    (None, 150, U),                                                                # no weight: unknown
])
def test_a_daily_dose_limit_per_kg(weight, dose, expected):
    observations = [obs("weight", weight[2], weight[0], weight[1])] if weight else []
    found = evaluate(AZA, observations=observations, medications=[med("azathioprine", ago(100), dose=dose,
                                                                     dose_unit="mg/d")])
    assert found.answer == expected, text_of(found)
    if weight == (50, "kg", 10):
        assert "limit 2 mg/kg/d = 100 mg/d" in text_of(found)


def test_a_daily_dose_rule_takes_one_limit():
    with pytest.raises(ValueError, match="either mg_per_day or mg_per_kg_per_day"):
        rule(kind="daily_dose", drugs=["azathioprine"], op=">", mg_per_day=100, mg_per_kg_per_day=2)
    with pytest.raises(ValueError, match="either mg_per_day or mg_per_kg_per_day"):
        rule(kind="daily_dose", drugs=["azathioprine"], op=">")


# -- change from the start of a treatment ----------------------------------------------------------------------

REMISSION = rule(kind="change_after_diagnosis", code=PROTEIN, change="decline", op=">", percent=50,
                 start_of=["cyclophosphamide", MMF], from_days=0, to_days=365)


@pytest.mark.parametrize("later, expected", [
    ((300, 1.9), Y),     # 4.0 -> 1.9: a fall of 52.5%
    ((300, 2.0), N),     # exactly 50%: not more than
    ((300, 3.0), N),
])
def test_a_change_counted_from_the_start_of_induction(later, expected):
    start = 400
    observations = [obs(PROTEIN, start + 5, 4.0, "g/24h"), obs(PROTEIN, later[0], later[1], "g/24h")]
    found = evaluate(REMISSION, observations=observations, medications=[med(MMF, ago(start), dose=2, dose_unit="g/d")])
    assert found.answer == expected, text_of(found)
    assert "Mycophenolate mofetil started" in text_of(found)


def test_a_change_from_a_treatment_never_started_is_no_and_outside_the_year_is_unknown():
    assert evaluate(REMISSION, observations=[obs(PROTEIN, 10, 1.0, "g/24h")]).answer == N
    medications = [med(MMF, ago(500), dose=2, dose_unit="g/d")]
    late = [obs(PROTEIN, 505, 4.0, "g/24h"), obs(PROTEIN, 100, 1.0, "g/24h")]  # 400 days after the start
    assert evaluate(REMISSION, observations=late, medications=medications).answer == U


STABLE_SINCE_REMISSION = rule(kind="change_after_diagnosis", code="creatinine", change="rise", op="<", percent=25,
                              since_result={"code": "renal_response", "any_of": ["complete"]}, from_days=0,
                              to_days=3650)


@pytest.mark.parametrize("later, expected", [(87.4, Y), (87.5, N), (60, Y)])
def test_a_rise_relative_to_the_value_at_remission(later, expected):
    remission = Observation(code="renal_response", date=ago(400), text="complete")
    observations = [Observation(code="renal_response", date=ago(500), text="partial"), remission,
                    obs("creatinine", 402, 70, "umol/L"), obs("creatinine", 200, 75, "umol/L"),
                    obs("creatinine", 10, later, "umol/L")]
    found = evaluate(STABLE_SINCE_REMISSION, observations=observations)
    assert found.answer == expected, text_of(found)
    assert f"Renal response to treatment (as the clinic assessed it) complete {ago(400)}" in found.evidence


def test_without_a_recorded_remission_the_rise_from_it_is_no_and_a_typo_is_refused():
    found = evaluate(STABLE_SINCE_REMISSION, observations=[obs("creatinine", 10, 70, "umol/L")])
    assert found.answer == N and "no Renal response" in text_of(found)
    with pytest.raises(ValueError, match="complet"):
        rule(kind="change_after_diagnosis", code="creatinine", change="rise", percent=25, from_days=0, to_days=30,
             since_result={"code": "renal_response", "any_of": ["complet"]})


def test_the_event_is_a_diagnosis_or_a_treatment_start_not_both():
    with pytest.raises(ValueError, match="one of diagnosis_codes, start_of or since_result"):
        rule(kind="change_after_diagnosis", code=PROTEIN, change="decline", percent=50, from_days=0, to_days=365)
    with pytest.raises(ValueError, match="one of diagnosis_codes, start_of or since_result"):
        rule(kind="change_after_diagnosis", code=PROTEIN, change="decline", percent=50, from_days=0, to_days=365,
             diagnosis_codes=["lupus_nephritis"], start_of=[MMF])


# -- BILAG without the renal domain -----------------------------------------------------------------------------

NON_RENAL_A = rule(kind="bilag", max_a=0, max_b=9, except_domains=["renal"], within_days=28)
DOMAINS = ("constitutional", "mucocutaneous", "neuropsychiatric", "musculoskeletal", "cardiorespiratory",
           "gastrointestinal", "ophthalmic", "renal", "haematological")


def grades(**changed) -> list[Observation]:
    return [obs(f"bilag_{d}", 5, text=changed.get(d, "D")) for d in DOMAINS if changed.get(d) != "missing"]


@pytest.mark.parametrize("changed, expected", [
    ({}, Y), ({"renal": "A"}, Y),                       # an A in the renal domain is not counted
    ({"mucocutaneous": "A"}, N), ({"renal": "missing"}, Y),
    ({"ophthalmic": "missing"}, U), ({"ophthalmic": "missing", "haematological": "A"}, N),
])
def test_bilag_a_in_any_non_renal_domain(changed, expected):
    assert evaluate(NON_RENAL_A, observations=grades(**changed)).answer == expected
    assert "other than renal" in NON_RENAL_A.plain()


def test_bilag_must_count_some_domain():
    with pytest.raises(ValueError, match="leaves no domain"):
        rule(kind="bilag", except_domains=list(DOMAINS))


# -- crescents: cellular and fibrocellular together --------------------------------------------------------------

CRESCENTS = rule(kind="biopsy", any_feature=[{"field": "crescents_pct", "op": ">", "value": 25}])


@pytest.mark.parametrize("cellular, fibrocellular, expected", [
    (10, 10, N), (15, 10, N), (15, 11, Y),    # 25% together is not more than 25%
    (30, None, Y),                            # one kind alone already exceeds: a known violation
    (10, None, U), (None, None, U),
])
def test_cellular_or_fibrocellular_crescents_together(cellular, fibrocellular, expected):
    biopsy = Biopsy(date=ago(30), isn_rps_classes=["IV-G(A)"], cellular_crescents_pct=cellular,
                    fibrocellular_crescents_pct=fibrocellular)
    assert evaluate(CRESCENTS, biopsies=[biopsy]).answer == expected


def test_fibrocellular_crescents_alone():
    alone = rule(kind="biopsy", all_features=[{"field": "fibrocellular_crescents_pct", "op": "<", "value": 10}])
    assert evaluate(alone, biopsies=[Biopsy(date=ago(30), fibrocellular_crescents_pct=5)]).answer == Y
    assert evaluate(alone, biopsies=[Biopsy(date=ago(30), fibrocellular_crescents_pct=10)]).answer == N

