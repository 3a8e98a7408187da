"""The follow-up chart's series for the on-study example (NCT03864250, tacrolimus arm): eGFR
derived from creatinine with its derivation, the baseline and the -30% limit, dose steps and
troughs with the 10 ng/mL limit, nothing after the replay day."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.followup.engine import follow_up
from coordinator.records.record import Observation, Patient
from coordinator.records.record_io import parse_records
from coordinator.followup.timeline import timeline
from coordinator.screening.trial_library import load_trials
from tests.conftest import EXAMPLES

NCT = "NCT03864250"


@pytest.fixture(scope="module")
def example() -> Patient:
    patients, problems = parse_records((EXAMPLES / "on-study" / "NCT03864250-followup.json").read_bytes())
    assert problems == []
    return patients[0]


def chart(patient: Patient, on: dt.date):
    trial = load_trials()[NCT]
    return timeline(trial, patient, follow_up(trial, patient, on))


def test_egfr_is_derived_from_creatinine_and_says_how(example):
    series = chart(example, dt.date(2026, 7, 27))
    assert [p.day for p in series.egfr] == [dt.date(2026, 5, 11), dt.date(2026, 5, 18), dt.date(2026, 6, 1),
                                            dt.date(2026, 6, 15), dt.date(2026, 6, 29), dt.date(2026, 7, 13),
                                            dt.date(2026, 7, 27)]
    last = series.egfr[-1]
    assert last.derived and "creatinine 124 umol/L on 2026-07-27" in last.source and "ckd_epi_2021" in last.source
    assert series.egfr_unit == "mL/min/1.73m2"
    # the day the X8 rule fires: more than 30% below the baseline, i.e. under the drawn limit
    assert series.baseline == pytest.approx(76.89) and series.baseline_date == dt.date(2026, 5, 18)
    assert series.decline_pct == 30 and series.decline_limit == pytest.approx(76.89 * 0.7, abs=0.01)
    assert last.value < series.decline_limit < series.egfr[-2].value


def test_dose_steps_and_troughs_up_to_the_replay_day(example):
    series = chart(example, dt.date(2026, 7, 27))
    (tacrolimus,) = series.doses
    assert (tacrolimus.drug, tacrolimus.name, tacrolimus.unit) == ("tacrolimus", "Tacrolimus", "mg/d")
    assert [(s.start, s.mg_per_day) for s in tacrolimus.steps] == [(dt.date(2026, 5, 18), 4.0),
                                                                  (dt.date(2026, 6, 16), 3.0)]
    (trough,) = series.levels
    assert (trough.code, trough.unit, trough.limit) == ("tacrolimus_trough", "ng/mL", 10)
    assert [(p.day.isoformat(), p.value) for p in trough.points] == [
        ("2026-06-01", 7.8), ("2026-06-15", 11.6), ("2026-06-29", 9.1), ("2026-07-13", 8.9), ("2026-07-27", 9.4)]
    assert not trough.points[0].derived

    later = chart(example, dt.date(2026, 11, 23))
    assert [s.mg_per_day for s in later.doses[0].steps] == [4.0, 3.0, 1.5]
    assert later.egfr[-1].day == dt.date(2026, 11, 16) and later.on == dt.date(2026, 11, 23)
    assert later.start == dt.date(2026, 4, 20)  # four weeks before randomisation


def test_a_recorded_egfr_is_kept_as_recorded_and_a_trial_without_the_rule_has_no_limit(example):
    recorded = example.model_copy(update={"observations": [
        *example.observations, Observation(code="egfr", date=dt.date(2026, 7, 28), value=60.0,
                                           unit="mL/min/1.73m2")]})
    series = chart(recorded, dt.date(2026, 7, 28))
    assert (series.egfr[-1].value, series.egfr[-1].derived) == (60.0, False)

    trial = load_trials()[NCT]
    without_rules = trial.model_copy(update={"exit_criteria": []})
    bare = timeline(without_rules, example, follow_up(without_rules, example, dt.date(2026, 7, 27)))
    assert bare.decline_pct is None and bare.decline_limit is None and bare.levels == ()
    assert bare.baseline == pytest.approx(76.89)  # the follow-up's own baseline still shows
