"""TCTR20190517004 (urine IP-10 guided treatment to reduce lupus nephritis flares; Thai Clinical
Trials Registry): a site trial written from the guide alone from a real public listing. Its
words against the listing, and the criteria that need the catalogue's period, dose and per-kg
kinds at their limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coordinator.records.demo import demo_patients
from coordinator.records.record import Observation, Patient
from coordinator.screening.eligibility import Checklist, evaluate
from coordinator.screening.trial import Trial, parse_trial
from coordinator.screening.trial_library import check_files, file_notes, read_library
from tests.trials.builders import NO, ON, REVIEW, UNKNOWN, YES, answer, lab, med

FOLDER = Path(__file__).resolve().parent / "site"
FILE, LISTING = FOLDER / "TCTR20190517004.yaml", FOLDER / "TCTR20190517004.txt"
Y, N, U, R = YES, NO, UNKNOWN, REVIEW


@pytest.fixture(scope="module")
def trial() -> Trial:
    return parse_trial(FILE.read_text(encoding="utf-8"), FILE.name)


@pytest.fixture(scope="module")
def base() -> Patient:
    """The trial's eligible demo patient, screened on ON."""
    return demo_patients(1, seed=3, today=ON, trials={"TCTR20190517004": parse_trial(
        FILE.read_text(encoding="utf-8"), FILE.name)})[0]


def screened(trial: Trial, patient: Patient) -> Checklist:
    return evaluate(trial, patient, ON)


def with_results(patient: Patient, code: str, *results: Observation) -> Patient:
    kept = [o for o in patient.observations if o.code != code]
    return patient.model_copy(update={"observations": kept + list(results)})


# -- the file and its listing ------------------------------------------------------------------------------

def test_the_file_checks_ok_without_notes(trial):
    [(_, checked, problems)] = check_files([FILE], read_library(None))
    assert problems == [] and checked is not None and checked.trial_id == "TCTR20190517004"
    assert file_notes(trial) == []  # Chinese for every text, and demo patients


def test_every_criterion_text_is_a_line_of_the_listing_and_parts_use_their_criterion_s_words(trial):
    lines = [line.strip() for line in LISTING.read_text(encoding="utf-8").splitlines() if line.strip()]
    flat = " ".join(lines)
    for criterion in trial.criteria:
        assert criterion.text in lines or criterion.text in flat, criterion.id
        for clause in criterion.parts:
            assert clause.text in criterion.text, clause.id
    numbered = [line for line in lines if re.match(r"^\d\.[A-Z]", line)]
    assert [c.text.split(" ")[0][:2] for c in trial.criteria] == [line[:2] for line in numbered[:len(trial.criteria)]]


def test_the_demo_patient_leaves_only_questions_for_a_person(trial, base):
    checklist = screened(trial, base)
    assert {r.id: r.auto for r in checklist.criteria} == {
        "I1": Y, "I2": Y, "I3": R, "I4": R, "I5": Y, "I6": Y, "E1": N, "E2": N, "E3": N, "E4": N, "E5": N}


# -- I5: every urine protein result of either measure in the past 6 months ---------------------------------

@pytest.mark.parametrize("code, value, unit, expected", [
    ("urine_protein_24h", 2.99, "g/24h", Y), ("urine_protein_24h", 3.0, "g/24h", N),
    ("urine_protein_creatinine_ratio", 2999, "mg/g", Y), ("urine_protein_creatinine_ratio", 3.1, "g/g", N),
])
def test_i5_reads_both_measures(trial, base, code, value, unit, expected):
    patient = base.model_copy(update={"observations": base.observations + [lab(code, value, unit, days=120)]})
    assert answer(screened(trial, patient), "I5") == expected


def test_i5_a_breaking_value_before_the_six_months_does_not_count(trial, base):
    old = base.model_copy(update={"observations": base.observations + [lab("urine_protein_24h", 4.0, "g/24h",
                                                                             days=190)]})
    assert answer(screened(trial, old), "I5") == Y


# -- I6: immunosuppressants not increased for 3 months -------------------------------------------------------

@pytest.mark.parametrize("raised_days_ago, new_dose, expected", [(91, 1.5, N), (93, 1.5, Y), (30, 0.5, Y)])
def test_i6_an_increase_within_three_months_excludes_a_decrease_does_not(trial, base, raised_days_ago, new_dose,
                                                                          expected):
    earlier = [m for m in base.medications if m.drug != "mycophenolate_mofetil"]
    courses = [med("mycophenolate_mofetil", 900, 1.0, "g/d", stop_days=raised_days_ago + 1),
               med("mycophenolate_mofetil", raised_days_ago, new_dose, "g/d")]
    patient = base.model_copy(update={"medications": earlier + courses})
    assert answer(screened(trial, patient), "I6") == expected


# -- E1a: creatinine up 25% twice in a row -------------------------------------------------------------------

def creatinine(*values_days: tuple[float, int]) -> list[Observation]:
    return [lab("creatinine", value, "umol/L", days=days) for value, days in values_days]


@pytest.mark.parametrize("later, expected", [
    ([(87.5, 60), (88, 30)], Y),          # baseline 70 (the lowest 6-12 months back): +25% twice
    ([(87.4, 60), (88, 30)], N),          # just under 25% once breaks the run
    ([(88, 90), (70, 60), (88, 30)], N),  # not in a row
    ([(95, 30)], N),                      # once only
])
def test_e1a_two_consecutive_rises_of_a_quarter(trial, base, later, expected):
    patient = with_results(base, "creatinine", *creatinine((70, 280), (75, 200), *later))
    assert answer(screened(trial, patient), "E1a") == expected


def test_e1a_without_a_baseline_is_unknown_and_the_flare_outranks_it_elsewhere(trial, base):
    no_baseline = with_results(base, "creatinine", *creatinine((88, 60), (90, 30)))
    assert answer(screened(trial, no_baseline), "E1a") == U


# -- E5: azathioprine above 2 mg/kg/day -------------------------------------------------------------------------

@pytest.mark.parametrize("weight, dose, expected", [(60, 120, N), (60, 121, Y), (55, 120, Y)])
def test_e5_is_per_kg_of_the_latest_weight(trial, base, weight, dose, expected):
    patient = with_results(base, "weight", lab("weight", weight, "kg", days=10))
    patient = patient.model_copy(update={"medications": patient.medications + [med("azathioprine", 100, dose)]})
    assert answer(screened(trial, patient), "E5") == expected


def test_e5_without_a_weight_is_unknown_for_a_patient_on_azathioprine(trial, base):
    patient = base.model_copy(update={"observations": [o for o in base.observations if o.code != "weight"],
                                      "medications": base.medications + [med("azathioprine", 100, 100)]})
    assert answer(screened(trial, patient), "E5") == U

