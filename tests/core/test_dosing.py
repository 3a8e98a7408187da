"""Dose calculators (coordinator/followup/dosing.py) on the dosing data of the shipped trial files: worked
numbers, ceilings and their boundaries, tapers, the site's rounding step, weights in other units,
missing or old weights, and arm dose plans."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.followup.dosing import (WEIGHT_WITHIN_DAYS, DailyDose, InfusionDose, MissingWeight, SplitDose,
    TaperedDose, daily_dose_range, dose_plan, exceeds_max, infusion_dose, intervention_dose, patient_weight,
    split_doses, taper_dose, trough_ok)
from coordinator.screening.facts import PatientFacts, Reading
from coordinator.records.record import Observation, Patient, Study
from coordinator.screening.trial import Dosing, Intervention, TrialFileError, parse_trial
from coordinator.screening.trial_library import load_trials
from tests.core.conftest import TRIAL_METADATA

ON = dt.date(2026, 11, 23)


def intervention(trial_id: str, arm_id: str, name: str) -> Intervention:
    arm = next(a for a in load_trials()[trial_id].arms if a.id == arm_id)
    return next(i for i in arm.interventions if i.name == name)


TACROLIMUS = intervention("NCT03864250", "tac", "Tacrolimus").dosing
PREDNISONE = intervention("NCT03864250", "tac_prednisone", "Prednisone").dosing
BELIMUMAB = intervention("NCT05863936", "belimumab_multitarget", "Belimumab").dosing
MSC = intervention("NCT03580291", "msc", "Mesenchymal stem cells").dosing
MMF_2G = intervention("NCT03580291", "mmf", "Mycophenolate Mofetil").dosing
MMF_BEAM = intervention("NCT05863936", "multitarget", "Mycophenolate mofetil").dosing
TACROLIMUS_BEAM = intervention("NCT05863936", "multitarget", "Tacrolimus").dosing


def patient(*observations: Observation, studies: list[Study] = ()) -> PatientFacts:
    return PatientFacts(Patient(registry_no="R-0001", name="张三丰", sex="M", birth_date=dt.date(1980, 1, 2),
                                observations=list(observations), studies=list(studies)))


def weight(value: float, unit: str = "kg", date: dt.date = ON - dt.timedelta(days=3)) -> Observation:
    return Observation(code="weight", date=date, value=value, unit=unit)


def enrolled(trial_id: str, arm: str, on: dt.date) -> Study:
    return Study(trial=trial_id, arm=arm, subject_no="S-01", enrolled_on=on)


# -- the trial files -------------------------------------------------------------------------------------------

def test_the_dosing_of_the_three_trials_is_data():
    nct03864250 = load_trials()["NCT03864250"]
    for arm in nct03864250.arms:
        tac = next(i for i in arm.interventions if i.drug == "tacrolimus")
        assert tac.dosing == TACROLIMUS
        assert tac.dose.startswith("0.05-0.1 mg/kg/d")  # the text stays for display
    assert (TACROLIMUS.per_kg.min, TACROLIMUS.per_kg.max, TACROLIMUS.per_kg.unit) == (0.05, 0.1, "mg/kg/d")
    assert TACROLIMUS.max_per_kg_per_day.value == 0.1
    assert (TACROLIMUS.doses_per_day, TACROLIMUS.interval_hours) == (2, 12)
    assert (TACROLIMUS.trough.code, TACROLIMUS.trough.max, TACROLIMUS.trough.unit) == ("tacrolimus_trough", 10, "ng/mL")
    assert (PREDNISONE.per_kg.min, PREDNISONE.max_per_day.value, PREDNISONE.max_per_day.unit) == (0.5, 40, "mg/d")
    assert (PREDNISONE.taper.start_week, PREDNISONE.taper.end_week, PREDNISONE.taper.to) == (8, 12, 0)
    assert BELIMUMAB.schedule_weeks == [2, 4, 6, 10, 14, 18, 22]
    assert (MSC.per_kg.min, MSC.per_kg.unit, MSC.administrations) == (2e6, "cells/kg", 1)
    assert (MMF_2G.fixed.min, MMF_2G.fixed.unit) == (2.0, "g/d")


def test_every_trial_file_loads_and_every_dosing_computes():
    trials = load_trials()
    assert trials  # every trial shipped, however many
    computed = 0
    for trial in trials.values():
        for arm in trial.arms:
            for item in arm.interventions:
                if item.dosing is not None:
                    result = intervention_dose(item.dosing, 60, week=10, name=item.name)
                    assert result.describe().startswith(item.name)
                    computed += 1
    assert computed == 10


# -- worked numbers -----------------------------------------------------------------------------------------------

def test_tacrolimus_for_60_kg_is_3_to_6_mg_a_day_as_1_5_to_3_mg_every_12_hours():
    assert tuple(daily_dose_range(TACROLIMUS, 60)) == (3.0, 6.0, "mg/d")
    split = split_doses(TACROLIMUS, 60, "Tacrolimus")
    assert tuple(split) == (1.5, 3.0, "mg")
    assert (split.doses_per_day, split.interval_hours) == (2, 12)
    text = split.describe()
    assert text.startswith("Tacrolimus 3.0–6.0 mg/d for 60 kg (0.05–0.1 mg/kg/d")
    assert "as 1.5–3.0 mg every 12 h; trough ≤ 10 ng/mL" in text
    assert "never above 0.1 mg/kg/d = 6.0 mg/d" in text


def test_prednisone_for_90_kg_would_be_45_mg_and_is_capped_at_40():
    dose = daily_dose_range(PREDNISONE, 90, "Prednisone")
    assert tuple(dose) == (40.0, 40.0, "mg/d")
    assert dose.uncapped_high == 45.0 and dose.capped_by == "at most 40 mg/d"
    assert "Prednisone 40.0 mg/d for 90 kg (0.5 mg/kg/d = 45.0 mg/d, capped: at most 40 mg/d)" in dose.describe()


@pytest.mark.parametrize("kg, expected, capped", [(60, 30.0, False), (80, 40.0, False), (80.2, 40.0, True)])
def test_prednisone_cap_boundary(kg, expected, capped):
    dose = daily_dose_range(PREDNISONE, kg)
    assert (dose.low, dose.high) == (expected, expected)
    assert (dose.capped_by is not None) == capped


def test_belimumab_for_70_kg_is_700_mg_at_the_seven_weeks():
    dose = infusion_dose(BELIMUMAB, 70, "Belimumab")
    assert tuple(dose) == (700.0, 700.0, "mg")
    assert dose.weeks == (2, 4, 6, 10, 14, 18, 22)
    assert dose.describe() == "Belimumab 700 mg IV for 70 kg (10 mg/kg) at weeks 2, 4, 6, 10, 14, 18 and 22"


def test_msc_for_65_kg_is_1_3_x_10_8_cells_once():
    dose = infusion_dose(MSC, 65, "Mesenchymal stem cells")
    assert tuple(dose) == (1.3e8, 1.3e8, "cells")
    assert dose.describe() == "Mesenchymal stem cells 1.3 × 10^8 cells IV for 65 kg (2 × 10^6 cells/kg), once"


@pytest.mark.parametrize("kg", [None, 40, 65, 120])
def test_fixed_doses_do_not_depend_on_the_weight(kg):
    assert tuple(daily_dose_range(MMF_2G, kg)) == (2.0, 2.0, "g/d")
    assert tuple(daily_dose_range(MMF_BEAM, kg)) == (1.0, 1.5, "g/d")
    assert tuple(daily_dose_range(TACROLIMUS_BEAM, kg)) == (2.0, 4.0, "mg/d")
    assert daily_dose_range(MMF_2G, kg, "MMF").describe() == "MMF 2.0 g/d (fixed dose)"


def test_the_wrong_calculator_is_refused():
    with pytest.raises(ValueError, match="infusion_dose"):
        daily_dose_range(BELIMUMAB, 70)
    with pytest.raises(ValueError, match="daily_dose_range"):
        infusion_dose(TACROLIMUS, 70)


def test_a_weight_based_dose_needs_a_weight():
    with pytest.raises(MissingWeight):
        daily_dose_range(TACROLIMUS, None)
    with pytest.raises(MissingWeight):
        infusion_dose(MSC, None)
    with pytest.raises(ValueError):
        daily_dose_range(TACROLIMUS, 0)


# -- ceilings and troughs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kg", [30, 60, 70, 83.3, 57.7])
def test_tacrolimus_exactly_0_1_mg_per_kg_per_day_is_allowed_and_above_is_flagged(kg):
    on_the_limit = round(0.1 * kg, 6)  # what a person would write: 7.0 for 70 kg, not 7.000000000000001
    assert not exceeds_max(on_the_limit, kg, TACROLIMUS)
    assert exceeds_max(on_the_limit + 0.01, kg, TACROLIMUS)
    assert not exceeds_max(on_the_limit - 0.5, kg, TACROLIMUS)


def test_exceeds_max_reads_the_dose_unit_and_explains():
    assert not exceeds_max(0.006, 60, TACROLIMUS, unit="g/d")
    check = exceeds_max(0.00601, 60, TACROLIMUS, unit="g/d")
    assert check.exceeds and check.describe() == \
        "0.006 g/d is above the ceiling (never above 0.1 mg/kg/d = 0.006 g/d)"
    assert exceeds_max(6.0, 60, TACROLIMUS).describe() == \
        "6.0 mg/d is within the ceiling (never above 0.1 mg/kg/d = 6.0 mg/d)"
    with pytest.raises(ValueError):
        exceeds_max(6, 60, TACROLIMUS, unit="mg/kg")
    with pytest.raises(MissingWeight):
        exceeds_max(6, None, TACROLIMUS)


def test_prednisone_ceiling_is_40_mg_whatever_the_weight():
    assert not exceeds_max(40, 90, PREDNISONE)
    assert exceeds_max(45, 90, PREDNISONE)
    assert exceeds_max(40.5, None, PREDNISONE)  # an absolute ceiling needs no weight


def test_a_dose_without_ceiling_never_exceeds_it():
    check = exceeds_max(3000, 60, MMF_2G)
    assert not check and check.limit is None and "no ceiling" in check.describe()


@pytest.mark.parametrize("value, unit, ok, position", [
    (9.99, "ng/mL", True, "within"), (10, "ng/mL", True, "within"), (10.01, "ng/mL", False, "above"),
    (10, "ug/L", True, "within"), (12, "ug/L", False, "above"), (3, None, True, "within"),
])
def test_trough_at_most_10_ng_per_ml(value, unit, ok, position):
    check = trough_ok(TACROLIMUS, value, unit)
    assert (check.ok, check.position) == (ok, position)


def test_trough_from_a_reading_and_without_a_target():
    reading = Reading("tacrolimus_trough", dt.date(2026, 11, 20), 11.2, "ng/mL")
    check = trough_ok(TACROLIMUS, reading)
    assert not check and check.describe() == "trough 11.2 ng/mL on 2026-11-20: above the target (≤ 10 ng/mL)"
    assert trough_ok(MMF_2G, 5, "ng/mL").ok is None


# -- the taper --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("week, mg_90kg, mg_60kg, phase", [
    (7, 40, 30, "full"), (8, 40, 30, "full"), (9.5, 25, 18.75, "tapering"), (10, 20, 15, "tapering"),
    (12, 0, 0, "finished"), (13, 0, 0, "finished"),
])
def test_prednisone_taper_is_linear_from_week_8_to_nothing_at_week_12(week, mg_90kg, mg_60kg, phase):
    heavy, light = taper_dose(PREDNISONE, 90, week, "Prednisone"), taper_dose(PREDNISONE, 60, week)
    assert (heavy.low, heavy.high, heavy.unit, heavy.phase) == (mg_90kg, mg_90kg, "mg/d", phase)
    assert (light.low, light.high) == (mg_60kg, mg_60kg)


def test_taper_sentences():
    assert taper_dose(PREDNISONE, 90, 10, "Prednisone").describe() == (
        "Prednisone 20.0 mg/d in week 10 (tapering, from the full dose at week 8 down linearly to 0 mg/d at "
        "week 12; full dose 40.0 mg/d for 90 kg (0.5 mg/kg/d = 45.0 mg/d, capped: at most 40 mg/d)); "
        "in 2.5 mg steps (the site's): 20.0 mg")
    assert taper_dose(PREDNISONE, 90, 13, "Prednisone").describe().startswith(
        "Prednisone stopped (0 mg/d) in week 13 (after the taper")
    assert taper_dose(TACROLIMUS, 60, 10).phase == "no taper"


# -- the site's rounding step (data, not protocol) -----------------------------------------------------------

def test_rounding_keeps_a_range_inside_the_protocol_s():
    split = split_doses(TACROLIMUS, 55)
    assert (split.low, split.high) == (1.375, 2.75)  # the protocol's numbers stay
    assert (split.rounded.low, split.rounded.high, split.rounded.step) == (1.5, 2.5, 0.5)
    assert "in 0.5 mg steps (the site's): 1.5–2.5 mg every 12 h" in split.describe()


@pytest.mark.parametrize("kg, rounded", [(55, 27.5), (57, 27.5), (63, 32.5), (62.5, 30.0), (90, 40.0)])
def test_a_single_amount_rounds_to_the_nearest_step_halfway_down(kg, rounded):
    assert daily_dose_range(PREDNISONE, kg).rounded.high == rounded


def test_no_rounding_without_a_step():
    assert daily_dose_range(MMF_2G, None).rounded is None
    assert infusion_dose(BELIMUMAB, 70).rounded is None


def test_a_range_narrower_than_the_step_says_so():
    dosing = Dosing.model_validate({"per_kg": {"min": 0.05, "max": 0.06, "unit": "mg/kg/d"}, "doses_per_day": 2,
                                    "round_to": {"value": 1, "unit": "mg"}})
    split = split_doses(dosing, 50)
    assert split.rounded.low is None and "no 1 mg step lies within that range" in split.describe()


# -- the patient's weight -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, recorded", [(60, "kg", ""), (60000, "g", " (recorded as 60000 g)"),
                                                   (132.27735731, "lb", " (recorded as 132.277 lb)")])
def test_weight_in_other_units_is_converted_to_kg(value, unit, recorded):
    found = patient_weight(patient(weight(value, unit)), ON)
    assert found.kg == 60
    assert tuple(daily_dose_range(TACROLIMUS, found.kg)) == (3.0, 6.0, "mg/d")
    assert found.describe() == f"weight 60 kg on {ON - dt.timedelta(days=3)}{recorded}"


def test_weight_is_taken_to_a_tenth_of_a_kg():
    found = patient_weight(patient(weight(132.3, "lb")), ON)  # 60.0102 kg
    assert found.kg == 60.0
    assert split_doses(TACROLIMUS, found.kg).rounded.low == 1.5  # not 2.0 for a hair above 1.5 mg
    assert patient_weight(patient(weight(61.26)), ON).kg == 61.3


def test_missing_weight_is_said_not_guessed():
    found = patient_weight(patient(), ON)
    assert found.kg is None and found.problem == f"no weight recorded on or before {ON}"


def test_a_weight_after_the_day_is_not_used():
    assert patient_weight(patient(weight(60, date=ON + dt.timedelta(days=1))), ON).kg is None


@pytest.mark.parametrize("age_days, usable", [(0, True), (WEIGHT_WITHIN_DAYS, True), (WEIGHT_WITHIN_DAYS + 1, False)])
def test_weight_older_than_the_window_is_not_used(age_days, usable):
    found = patient_weight(patient(weight(60, date=ON - dt.timedelta(days=age_days))), ON)
    assert (found.kg is not None) == usable
    if not usable:
        assert f"more than {WEIGHT_WITHIN_DAYS} days old: weigh the patient" in found.problem
    assert patient_weight(patient(weight(60, date=ON - dt.timedelta(days=400))), ON, within_days=None).kg == 60


def test_the_latest_weight_wins():
    facts = patient(weight(58, date=ON - dt.timedelta(days=20)), weight(61, date=ON - dt.timedelta(days=2)))
    assert patient_weight(facts, ON).kg == 61


# -- an arm's dose plan -----------------------------------------------------------------------------------------

def test_plan_for_the_tacrolimus_prednisone_arm_in_week_10():
    start = ON - dt.timedelta(weeks=10)
    facts = patient(weight(90), studies=[enrolled("NCT03864250", "tac_prednisone", start)])
    plan = dose_plan(load_trials()["NCT03864250"], "tac_prednisone", facts, ON)
    assert (plan.start, plan.week, plan.weight.kg) == (start, 10, 90)
    tac, pred = plan.doses
    assert isinstance(tac.dose, SplitDose) and (tac.dose.low, tac.dose.high) == (2.25, 4.5)
    assert isinstance(pred.dose, TaperedDose) and pred.dose.high == 20
    text = plan.describe()
    assert text.splitlines()[0] == (f"NCT03864250 arm tac_prednisone on {ON}, week 10 after randomisation on "
                                    f"{start}; weight 90 kg on {ON - dt.timedelta(days=3)}")
    assert "- Tacrolimus 4.5–9.0 mg/d for 90 kg" in text and "- Prednisone 20.0 mg/d in week 10" in text


def test_plan_without_randomisation_gives_the_full_dose_and_says_the_taper_is_not_applied():
    plan = dose_plan(load_trials()["NCT03864250"], "tac_prednisone", patient(weight(60)), ON)
    assert plan.week is None
    pred = plan.doses[1]
    assert isinstance(pred.dose, DailyDose) and pred.dose.high == 30
    assert pred.note == "the taper is not applied: no randomisation date"
    assert "no randomisation date" in plan.describe().splitlines()[0]


def test_plan_with_an_explicit_start_shows_the_next_infusion():
    start = ON - dt.timedelta(weeks=5)
    plan = dose_plan(load_trials()["NCT05863936"], "belimumab_multitarget", patient(weight(70)), ON, start=start)
    methylprednisolone, belimumab, mmf, tacrolimus = plan.doses
    assert methylprednisolone.dose is None and "no dosing data (as written: total 1500-3000 mg IV)" in \
        methylprednisolone.describe()
    assert isinstance(belimumab.dose, InfusionDose) and belimumab.dose.high == 700
    assert belimumab.note == f"next at week 6 ({start + dt.timedelta(weeks=6)})"
    assert (mmf.dose.low, mmf.dose.high, mmf.dose.unit) == (1.0, 1.5, "g/d")
    assert (tacrolimus.dose.low, tacrolimus.dose.high) == (2, 4)
    late = dose_plan(load_trials()["NCT05863936"], "belimumab_multitarget", patient(weight(70)), ON,
                     start=ON - dt.timedelta(weeks=23))
    assert late.doses[1].note == "all scheduled administrations are past"


def test_plan_without_weight_computes_only_what_needs_none():
    msc_plan = dose_plan(load_trials()["NCT03580291"], "msc", patient(), ON)
    msc, placebo = msc_plan.doses
    assert msc.dose is None and msc.describe() == \
        f"Mesenchymal stem cells: not computed: no weight recorded on or before {ON}"
    assert placebo.dose is None and "no dosing data" in placebo.describe()
    mmf_plan = dose_plan(load_trials()["NCT03580291"], "mmf", patient(), ON)
    assert tuple(mmf_plan.doses[0].dose) == (2.0, 2.0, "g/d")
    assert mmf_plan.weight.kg is None


def test_plan_with_an_old_weight_does_not_compute_weight_based_doses():
    facts = patient(weight(60, date=ON - dt.timedelta(days=60)))
    plan = dose_plan(load_trials()["NCT03864250"], "tac", facts, ON)
    assert plan.doses[0].dose is None and "more than 28 days old" in plan.doses[0].note
    assert dose_plan(load_trials()["NCT03864250"], "tac", facts, ON, weight_within_days=90).doses[0].dose is not None


def test_plan_for_an_unknown_arm():
    with pytest.raises(KeyError, match="no arm 'placebo'"):
        dose_plan(load_trials()["NCT03864250"], "placebo", patient(weight(60)), ON)


def test_plan_uses_the_enrolment_in_this_trial_and_arm_only():
    other = enrolled("NCT05863936", "tac_prednisone", ON - dt.timedelta(weeks=10))
    plan = dose_plan(load_trials()["NCT03864250"], "tac_prednisone", patient(weight(60), studies=[other]), ON)
    assert plan.week is None


# -- malformed dosing is refused by the loader ---------------------------------------------------------------

HEAD = TRIAL_METADATA + """\
criteria: []
arms:
  - id: a
    label: A
    type: experimental
    interventions:
      - name: Drug
        dosing: """


@pytest.mark.parametrize("dosing, words", [
    ("{per_kg: {min: 1, unit: mg/d}}", "not a unit for an amount per kg"),
    ("{fixed: {min: 1, unit: mg/kg}}", "not a unit for a fixed amount"),
    ("{per_kg: {min: 1, unit: mg/kg/d}, fixed: {min: 1, unit: mg/d}}", "either per_kg or fixed"),
    ("{fixed: {min: 2, max: 1, unit: g/d}}", "below min"),
    ("{per_kg: {min: 10, unit: mg/kg}, taper: {start_week: 8, end_week: 12}}", "taper needs a daily amount"),
    ("{per_kg: {min: 10, unit: mg/kg}, doses_per_day: 2}", "doses_per_day needs a daily amount"),
    ("{fixed: {min: 1, unit: g/d}, schedule_weeks: [2]}", "single administrations"),
    ("{per_kg: {min: 10, unit: mg/kg}, schedule_weeks: [4, 2]}", "in order"),
    ("{per_kg: {min: 10, unit: mg/kg}, schedule_weeks: [2], administrations: 1}", "not both"),
    ("{fixed: {min: 1, unit: g/d}, interval_hours: 12}", "doses_per_day of 2"),
    ("{fixed: {min: 1, unit: g/d}, doses_per_day: 3, interval_hours: 12}", "do not fit in 24 hours"),
    ("{fixed: {min: 1, unit: g/d}, max_per_day: {value: 0.1, unit: mg/kg/d}}", "max_per_day"),
    ("{fixed: {min: 1, unit: g/d}, round_to: {value: 1, unit: mg/d}}", "round_to"),
    ("{fixed: {min: 1, unit: g/d}, trough: {code: tacrolimus_level, max: 10, unit: ng/mL}}", "unknown observation"),
    ("{fixed: {min: 1, unit: g/d}, trough: {code: tacrolimus_trough, max: 10, unit: mg/dL}}", "not accepted"),
    ("{fixed: {min: 1, unit: g/d}, trough: {code: tacrolimus_trough, unit: ng/mL}}", "needs min, max"),
    ("{fixed: {min: 1, unit: g/d}, route: oral_tablet}", "unknown route"),
    ("{fixed: {min: 1, unit: g/d}, taper: {start_week: 12, end_week: 8}}", "after its start_week"),
    ("{fixed: {min: 1, unit: g/d}, per_day: 2}", "Extra inputs"),
])
def test_malformed_dosing_is_refused_with_its_location(dosing, words):
    with pytest.raises(TrialFileError) as caught:
        parse_trial(HEAD + dosing + "\n", "NCT09999999.yaml")
    message = str(caught.value)
    assert message.startswith("NCT09999999.yaml: arms.0.interventions.0.dosing")
    assert words in message


def test_a_well_formed_dosing_parses():
    trial = parse_trial(HEAD + "{per_kg: {min: 2.0e+6, unit: cells/kg}, route: iv, administrations: 1}\n", "x")
    assert trial.arms[0].interventions[0].dosing.per_kg.min == 2_000_000
