"""Response at the outcome weeks: NCT05863936's own definitions and KDIGO for lupus nephritis
trials that give none, on and around their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.followup.engine import follow_up
from coordinator.records.record import Observation, Patient, Study
from coordinator.screening.trial_library import load_trials

START = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def obs(code: str, n: int, value: float, unit: str, uln: float | None = None) -> Observation:
    return Observation(code=code, date=day(n), value=value, unit=unit, uln=uln)


def enrolled(trial_id: str, arm: str, *observations: Observation) -> Patient:
    return Patient(registry_no="R-1", name="陈静", sex="F", birth_date=dt.date(1990, 3, 1),
                   observations=list(observations),
                   studies=[Study(trial=trial_id, arm=arm, subject_no="S-1", enrolled_on=START)])


def response(trial_id: str, arm: str, week: float, *observations: Observation, on: int):
    result = follow_up(load_trials()[trial_id], enrolled(trial_id, arm, *observations), day(on))
    return next(r for r in result.responses if r.week == week)


BEAM = "NCT05863936"
BEAM_BASELINE = (obs("urine_protein_24h", -3, 3.0, "g/24h"), obs("urine_rbc_hpf", -3, 40, "/HPF"),
                 obs("creatinine", -3, 80, "umol/L", uln=84))


def beam_week24(protein: float, rbc: float = 3, albumin_g_dl: float = 3.8, creatinine: float = 70):
    return (obs("urine_protein_24h", 168, protein, "g/24h"), obs("urine_rbc_hpf", 168, rbc, "/HPF"),
            obs("albumin", 168, albumin_g_dl, "g/dL"), obs("creatinine", 168, creatinine, "umol/L", uln=84))


@pytest.mark.parametrize("protein, level", [(0.39, "complete"), (0.4, "partial"), (1.49, "partial"),
                                            (1.5, "none"), (3.6, "none")])
def test_beam_protein_limits(protein, level):
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *beam_week24(protein), on=170).level == level


@pytest.mark.parametrize("albumin, level", [(3.51, "complete"), (3.5, "partial"), (35.1, "complete")])
def test_beam_albumin_must_exceed_3_5_g_dl_in_any_unit(albumin, level):
    week24 = list(beam_week24(0.3, albumin_g_dl=albumin))
    if albumin > 10:  # the same limit reported in g/L
        week24[2] = obs("albumin", 168, albumin, "g/L")
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *week24, on=170).level == level


def test_beam_active_sediment_or_high_creatinine_is_not_complete():
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *beam_week24(0.3, rbc=19), on=170).level == "partial"
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *beam_week24(0.3, rbc=20), on=170).level == "none"
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *beam_week24(0.3, rbc=19, creatinine=110),
                    on=170).level == "none"  # creatinine up 37.5% and above ULN
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, *beam_week24(0.3, rbc=19, creatinine=100),
                    on=170).level == "partial"  # above ULN but up only 25%


def test_beam_response_before_week_24_is_not_yet_due_and_missing_data_is_not_assessable():
    early = response(BEAM, "multitarget", 24, *BEAM_BASELINE, on=100)
    assert early.level is None and early.due == day(168)
    assert response(BEAM, "multitarget", 24, *BEAM_BASELINE, on=172).level == "not_assessable"
    stale = response(BEAM, "multitarget", 24, *BEAM_BASELINE,
                     *[o.model_copy(update={"date": day(150)}) for o in beam_week24(0.3)], on=170)
    assert stale.level == "not_assessable"  # results from before the assessment window


MSC = "NCT03580291"


@pytest.mark.parametrize("upcr, egfr_24, level", [
    (0.49, 90, "complete"), (0.5, 90, "partial"), (0.49, 77, "complete"),  # eGFR down 14.4%: stable
    (0.49, 76, "none"),                                                     # down 15.6%: neither
    (1.0, 90, "partial"), (1.01, 90, "none"), (2.9, 90, "none"),            # PR needs a fall of >= 50%
])
def test_kdigo_lupus_nephritis_response_for_a_trial_without_a_definition(upcr, egfr_24, level):
    result = response(MSC, "mmf", 24, obs("urine_protein_creatinine_ratio", -3, 2.0, "g/g"),
                      obs("egfr", -3, 90, "mL/min/1.73m2"), obs("urine_protein_creatinine_ratio", 168, upcr, "mg/mg"),
                      obs("egfr", 168, egfr_24, "mL/min/1.73m2"), on=170)
    assert result.level == level and result.source.startswith("KDIGO 2024")
