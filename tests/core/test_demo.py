"""The demo patients and the shipped example files say what they were made to say: an
eligible patient leaves only what a person must answer, a screen failure fails for its named
reason, and an incomplete record is missing data. The demo patients come from the trial files'
demo sections, so a site's own trial is held to the same test."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.demo import demo_cases, demo_patient, demo_patients
from coordinator.records.record_io import read_records
from coordinator.records.renal import Sex
from coordinator.records.validation import validate_patient
from coordinator.screening.eligibility import Verdict, evaluate
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial import Trial, TrialFileError, parse_trial
from coordinator.screening.trial_library import file_notes, load_trials, shipped_trials
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)
CASES = demo_cases()


def check_intent(trial: Trial | str, expect: str, patient, fails: str | None = None,
                 also: frozenset = frozenset()) -> None:
    checklist = evaluate(load_trials()[trial] if isinstance(trial, str) else trial, patient, ON)
    by_id = {r.id: r for r in checklist.criteria}
    if expect == "eligible":
        assert checklist.verdict != Verdict.INELIGIBLE, checklist.failed
        assert [i for i in checklist.open if by_id[i].auto == Answer.UNKNOWN] == [], \
            "an eligible patient's record leaves nothing unknown, only questions for a person"
    elif expect == "incomplete":
        assert checklist.verdict == Verdict.INCOMPLETE, checklist.failed
        assert any(by_id[i].auto == Answer.UNKNOWN for i in checklist.open)
    else:
        # Damaged protocol text makes some criteria `needs_review`: one of its readings (or,
        # without readings, the literal one) must then give the failure.
        assert fails is not None
        result = by_id[fails]
        against = "no" if result.kind == "inclusion" else "yes"
        literal = f"literal reading gives: {against}"
        readings = [*result.readings, *(r for part in result.parts for r in part.readings)]
        a_reading_fails = any(r.answer == Answer(against) for r in readings) or literal in result.evidence
        assert fails in checklist.failed or (result.auto == Answer.NEEDS_REVIEW and a_reading_fails), \
            (fails, result.auto, result.evidence)
        assert set(checklist.failed) <= {fails} | also, checklist.failed


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{t.trial_id}-{c.id}" for t, c in CASES])
@pytest.mark.parametrize("seed", [1, 2026, 77])
def test_every_demo_case_gives_its_intended_verdict(index, seed):
    trial, case = CASES[index]
    trial_id, case_id, patient = demo_patient(index, seed, today=ON)
    assert (trial_id, case_id) == (trial.trial_id, case.id)
    assert validate_patient(patient, today=ON) == []
    check_intent(trial_id, case.expect, patient, case.fails, frozenset(case.also_fails))


def test_every_shipped_trial_has_demo_patients_of_each_kind():
    for trial in shipped_trials().values():
        assert trial.demo is not None, trial.trial_id
        assert {"eligible", "ineligible", "incomplete"} <= {case.expect for case in trial.demo.cases}, trial.trial_id


def test_a_handful_of_demo_patients_covers_every_trial():
    trials = load_trials()
    made = {patient.note.split()[1] for patient in demo_patients(len(trials), seed=1, today=ON)}
    assert made == set(trials)


def test_dates_move_with_the_day_the_demo_is_built():
    later = ON + dt.timedelta(days=400)
    _, _, then = demo_patient(0, 5, today=ON)
    _, _, now = demo_patient(0, 5, today=later)
    assert [o.date + dt.timedelta(days=400) for o in then.observations] == [o.date for o in now.observations]
    assert [(o.code, o.value) for o in then.observations] == [(o.code, o.value) for o in now.observations]


def test_the_trials_record_replaces_the_background_and_a_case_drops_from_both():
    trial, _ = next((t, c) for t, c in CASES if t.trial_id == "NCT03864250")
    index = next(i for i, (t, c) in enumerate(CASES) if t is trial and c.id == "incomplete")
    patient = demo_patient(index, 1, today=ON)[2]
    albumin = [o.value for o in patient.observations if o.code == "albumin"]
    assert albumin == [22]  # the trial's nephrotic albumin, not the background's 40
    assert not {o.code for o in patient.observations} & {"hbsag", "anti_hcv", "hiv"}  # dropped: no serology
    assert {o.code for o in patient.observations} >= {"alt", "wbc", "weight"}  # the background's


def test_a_case_that_needs_a_sex_has_it_and_others_follow_the_share():
    index = next(i for i, (t, c) in enumerate(CASES) if c.id == "fail_lactating")
    assert {demo_patient(index, seed, today=ON)[2].sex for seed in range(20)} == {Sex.FEMALE}
    membranous = [i for i, (t, c) in enumerate(CASES) if t.trial_id == "NCT03864250"]
    sexes = [demo_patient(i, seed, today=ON)[2].sex for i in membranous for seed in range(10)]
    assert 0.2 < sexes.count(Sex.FEMALE) / len(sexes) < 0.6  # female_share 0.4


def _with_demo(demo: str) -> str:
    text = (EXAMPLES.parent.parent / "resources" / "trials" / "NCT06394063.yaml").read_text(encoding="utf-8")
    return text[:text.index("\ndemo:")] + "\n" + demo


@pytest.mark.parametrize("demo, message", [
    ("demo:\n  as_of: 2026-11-23\n  cases:\n    - {id: bad, expect: ineligible, fails: E99}",
     "demo case bad: no criterion E99"),
    ("demo:\n  as_of: 2026-11-23\n  cases:\n    - {id: bad, expect: ineligible}",
     "`fails` names the failing criterion"),
    ("demo:\n  as_of: 2026-11-23\n  cases:\n    - id: typo\n      expect: eligible\n"
     "      add: {observations: [{code: alanine, date: 2026-11-20, value: 3}]}",
     "demo case typo: add: observations[0].code: unknown observation code 'alanine'"),
    ("demo:\n  as_of: 2026-11-23\n  cases:\n    - {id: late, expect: eligible, add: {medications: "
     "[{drug: prednisone, start: 2026-12-01}]}}", "is in the future"),
    ("demo:\n  as_of: 2026-11-23\n  cases: [{id: a, expect: incomplete, drop: [wbc, igm]}]",
     "demo case a: drop: igm is in neither the demo record nor the background"),
    ("demo:\n  as_of: 2026-11-23\n  cases: [{id: a, expect: eligible}, {id: a, expect: incomplete}]",
     "demo case ids used twice: a"),
])
def test_a_wrong_demo_section_is_refused_naming_case_and_field(demo, message):
    with pytest.raises(TrialFileError) as refused:
        parse_trial(_with_demo(demo), "NCT06394063.yaml")
    assert message in str(refused.value)
    assert "NCT06394063.yaml" in str(refused.value)


@pytest.mark.parametrize("path", sorted((EXAMPLES.parent / "trials" / "site").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_site_trials_demo_cases_give_their_verdicts_like_the_shipped_ones(path):
    trial = parse_trial(path.read_text(encoding="utf-8"), path.name)
    assert trial.demo is not None
    made = demo_patients(len(trial.demo.cases), seed=4, today=ON, trials={trial.trial_id: trial})
    for case, patient in zip(trial.demo.cases, made, strict=True):
        assert patient.note == f"synthetic: {trial.trial_id} {case.id}"
        check_intent(trial, case.expect, patient, case.fails, frozenset(case.also_fails))


def test_a_trial_without_a_demo_section_is_left_out_of_the_demo():
    trial = parse_trial(_with_demo(""), "NCT06394063.yaml")
    assert trial.demo is None
    assert file_notes(trial) == ["no demo section: `trialdesk demo` makes no patients for this trial"]
    assert file_notes(load_trials()["NCT06394063"]) == []
    assert trial.content_hash == load_trials()["NCT06394063"].content_hash  # the demo is no amendment
    others = {k: v for k, v in load_trials().items() if k != "NCT06394063"}
    made = {p.note.split()[1] for p in demo_patients(12, seed=1, today=ON, trials={**others, trial.trial_id: trial})}
    assert made == set(others)


# (the trials that have an example file: a trial added without one is not a failure here)
@pytest.mark.parametrize("trial_id", sorted(t for t in load_trials() if (EXAMPLES / f"{t}.json").is_file()))
def test_every_example_file_patient_gives_its_intended_verdict(trial_id):
    path = EXAMPLES / f"{trial_id}.json"
    patients, problems = read_records(path.read_bytes(), source=path.name)
    assert problems == []
    cases = {case.id: case for case in load_trials()[trial_id].demo.cases}
    for patient in patients:
        _, trial, variant = patient.note.split()
        assert trial == trial_id
        case = cases[variant]
        check_intent(trial_id, case.expect, patient, case.fails, frozenset(case.also_fails))
