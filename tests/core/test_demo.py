"""The demo patients and the shipped example files say what they were made to say: an
eligible patient leaves only what a person must answer, a screen failure fails for its named
reason, and an incomplete record is missing data."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.demo import PROFILES, demo_patient
from coordinator.screening.eligibility import Verdict, evaluate
from coordinator.records.record_io import read_records
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial_library import load_trials
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)

# The criterion each screen-failure variant is built to fail. Damaged protocol text makes some
# of them `needs_review`: one of its readings (or, without readings, the literal one) must then
# give the failure.
FAILS = {
    "fail_active_nephritis": "E2", "fail_biologic": "E6", "fail_infection": "E4",
    "fail_liver": "E2", "fail_glucose": "E3", "fail_recent_mmf": "E4", "fail_lactating": "E9",
    "fail_low_igg": "E8", "fail_b_cell_therapy": "E3", "fail_malignancy": "E5",
    "fail_sclerosis": "E4", "fail_bilirubin": "E7", "fail_mmf_failure": "E2", "fail_leukopenia": "E8",
    "fail_fibrosis": "E1", "fail_hepatitis_b": "E2", "fail_recent_steroid": "E5", "fail_other_trial": "E10",
}
# A remission-maintenance trial: an active flare or a new biologic also breaks its remission inclusion.
ALSO_FAILS = {"fail_active_nephritis": {"I1"}, "fail_biologic": {"I1"}}


def check_intent(trial_id: str, variant: str, patient) -> None:
    checklist = evaluate(load_trials()[trial_id], patient, ON)
    by_id = {r.id: r for r in checklist.criteria}
    if variant == "eligible":
        assert checklist.verdict != Verdict.INELIGIBLE, checklist.failed
        assert [i for i in checklist.open if by_id[i].auto == Answer.UNKNOWN] == [], \
            "an eligible patient's record leaves nothing unknown, only questions for a person"
    elif variant == "incomplete":
        assert checklist.verdict == Verdict.INCOMPLETE, checklist.failed
        assert any(by_id[i].auto == Answer.UNKNOWN for i in checklist.open)
    else:
        expected = FAILS[variant]
        result = by_id[expected]
        against = "no" if result.kind == "inclusion" else "yes"
        literal = f"literal reading gives: {against}"
        readings = [*result.readings, *(r for part in result.parts for r in part.readings)]
        a_reading_fails = any(r.answer == Answer(against) for r in readings) or literal in result.evidence
        assert expected in checklist.failed or (result.auto == Answer.NEEDS_REVIEW and a_reading_fails), \
            (expected, result.auto, result.evidence)
        assert set(checklist.failed) <= {expected} | ALSO_FAILS.get(variant, set()), checklist.failed


@pytest.mark.parametrize("index", range(len(PROFILES)), ids=[f"{t}-{v}" for t, v, *_ in PROFILES])
@pytest.mark.parametrize("seed", [1, 2026, 77])
def test_every_demo_profile_gives_its_intended_verdict(index, seed):
    trial_id, variant, patient = demo_patient(index, seed, today=ON)
    check_intent(trial_id, variant, patient)


# (the trials that have an example file: a trial added without one is not a failure here)
@pytest.mark.parametrize("trial_id", sorted(t for t in load_trials() if (EXAMPLES / f"{t}.json").is_file()))
def test_every_example_file_patient_gives_its_intended_verdict(trial_id):
    path = EXAMPLES / f"{trial_id}.json"
    patients, problems = read_records(path.read_bytes(), source=path.name)
    assert problems == []
    for patient in patients:
        _, trial, variant = patient.note.split()
        assert trial == trial_id
        check_intent(trial_id, variant, patient)
