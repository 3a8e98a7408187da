"""NCT03580291 E7d, "creatinine clearance rate (Ccr) < 30ml/min": read from the Cockcroft-Gault
value derived from creatinine, weight and age (as the patient page shows it), with the
derivation in the evidence, when no clearance was measured; boundaries on the limit."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.record import Observation, Patient
from coordinator.screening.eligibility import evaluate
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial_library import load_trials

ON = dt.date(2026, 11, 23)
DRAWN = ON - dt.timedelta(days=3)


def _e7d(*observations: Observation, sex: str = "M"):
    # 68 on the day of the results: Cockcroft-Gault = (140 - 68) x 75 kg / (72 x Scr mg/dL) = 75 / Scr
    patient = Patient(registry_no="R1", name="张三", sex=sex, birth_date=dt.date(1958, 6, 1),
                      observations=list(observations))
    checklist = evaluate(load_trials()["NCT03580291"], patient, ON)
    return next(part for criterion in checklist.criteria if criterion.id == "E7" for part in criterion.parts
                if part.id == "E7d")


def creatinine(value: float, unit: str = "mg/dL", date: dt.date = DRAWN) -> Observation:
    return Observation(code="creatinine", date=date, value=value, unit=unit)


WEIGHT = Observation(code="weight", date=DRAWN, value=75, unit="kg")


@pytest.mark.parametrize("scr, expected", [(2.51, Answer.YES), (2.5, Answer.NO), (2.49, Answer.NO)])
def test_cockcroft_gault_just_inside_on_and_outside_the_limit(scr, expected):
    part = _e7d(creatinine(scr), WEIGHT)
    assert part.answer == expected
    assert "derived from creatinine" in part.evidence[0] and "cockcroft_gault" in part.evidence[0]


def test_creatinine_in_umol_per_litre_gives_the_same_clearance():
    assert _e7d(creatinine(222, "umol/L"), WEIGHT).answer == Answer.YES  # 2.51 mg/dL
    assert _e7d(creatinine(221, "umol/L"), WEIGHT).answer == Answer.NO   # 2.50 mg/dL


def test_without_a_weight_the_clearance_is_missing_not_guessed_from_egfr():
    part = _e7d(creatinine(4.0))
    assert part.answer == Answer.UNKNOWN and "Creatinine clearance" in part.missing[0]


def test_a_measured_clearance_is_read_as_it_was_measured():
    measured = Observation(code="creatinine_clearance", date=DRAWN, value=28, unit="mL/min")
    assert _e7d(measured).answer == Answer.YES


def test_results_outside_the_window_do_not_count():
    old = DRAWN - dt.timedelta(days=60)
    part = _e7d(creatinine(4.0, date=old), Observation(code="weight", date=old, value=75, unit="kg"))
    assert part.answer == Answer.UNKNOWN
