"""What screening reads of the observations (coordinator/screening/reads.py): a record trimmed to
it gives every rule of the five trials, and so every verdict and open item, the answers the whole
record gives, on the screening date, before it and after it."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.record import Observation, Patient
from coordinator.screening.eligibility import evaluate, open_items, verdict_only
from coordinator.screening.facts import PatientFacts
from coordinator.screening.reads import ScreeningReads, screening_reads, trim_observations, with_derivation_inputs
from coordinator.screening.rules.base import WHOLE_HISTORY, Rule, joined_reads
from tests.core.test_trial_hashes import HASHES
from tests.core.test_prescreen import DATES, SAMPLE, TRIALS, _rules

READS = screening_reads(TRIALS)
SHIPPED_READS = screening_reads([t for t in TRIALS if t.trial_id in HASHES])  # the five first shipped


def trimmed(patient: Patient, on: dt.date, reads=READS) -> Patient:
    return patient.model_copy(update={"observations": trim_observations(patient.observations, reads, on)})


def test_the_shipped_trials_read_a_few_codes_each_over_a_bounded_time():
    assert SHIPPED_READS is not None and 10 <= len(SHIPPED_READS.within) <= 80
    within = SHIPPED_READS.within
    # the sustained targets of NCT05916781 read 183 days and the 92 before; biopsies are not observations
    assert within["urine_protein_24h"] >= 183 + 92 and within["creatinine"] >= 211
    # a weight may precede its creatinine by 90 days, a height its weight by ten years: the newest before
    assert within["weight"] >= within["creatinine_clearance"] and SHIPPED_READS.newest_before["weight"] >= 90 - (
        within["weight"] - within["creatinine_clearance"])
    assert within["height"] == within["bmi"] and SHIPPED_READS.newest_before["height"] == 10 * 365
    # bounded, but for what counts from a diagnosis however long ago (NCT03864250 I3d read from
    # the confirmation of IMN): the eGFR and the creatinine it is derived from
    assert within["egfr"] == within["creatinine"] == WHOLE_HISTORY
    assert max(days for code, days in within.items() if code not in ("egfr", "creatinine")) <= 5 * 366
    enriched = [p for p in SAMPLE if len(p.observations) > 200]
    kept = sum(len(trim_observations(p.observations, SHIPPED_READS, DATES[0])) for p in enriched)
    assert kept < 0.5 * sum(len(p.observations) for p in enriched)


def test_joining_reads_keeps_the_farthest_and_unknown_reads_mean_everything():
    assert joined_reads([{"alt": 28}, {"alt": 84, "ast": 28}, {}]) == {"alt": 84, "ast": 28}
    assert joined_reads([{"alt": 28}, None]) is None
    assert with_derivation_inputs({"creatinine_clearance": 28}) == ScreeningReads(
        {"creatinine_clearance": 28, "creatinine": 28, "weight": 28}, {"weight": 90})
    assert with_derivation_inputs({"egfr": 400, "creatinine": 28}) == ScreeningReads({"egfr": 400, "creatinine": 400}, {})
    # a weight read on its own as far back as a clearance's weight is needed: no newest-before
    assert with_derivation_inputs({"creatinine_clearance": 28, "weight": 200}) == ScreeningReads(
        {"creatinine_clearance": 28, "creatinine": 28, "weight": 200}, {})
    assert with_derivation_inputs({"creatinine_clearance": 28, "weight": 100}).newest_before == {"weight": 18}


def _height(date: dt.date, value: float | None = 160.0) -> Observation:
    return Observation(code="height", date=date, value=value, unit="cm")


def test_of_a_code_read_newest_before_its_window_only_the_newest_with_a_value_is_kept():
    on = dt.date(2026, 6, 1)
    reads = ScreeningReads({"weight": 28, "bmi": 28, "height": 28}, {"height": 3650})
    since = on - dt.timedelta(days=28)
    heights = [_height(since - dt.timedelta(days=3650)), _height(since - dt.timedelta(days=3651)),
               _height(since - dt.timedelta(days=400)), _height(since - dt.timedelta(days=30)),
               _height(since - dt.timedelta(days=30), 161.0), _height(since - dt.timedelta(days=2), None),
               _height(since), _height(on), _height(on + dt.timedelta(days=1))]
    kept = trim_observations(heights, reads, on)
    # both of the newest day with a value (a tie keeps the record's order), and the window whole
    assert kept == [heights[3], heights[4], heights[6], heights[7]]
    # with nothing in the window, the newest before it still stands in; outside the ten years, none
    assert trim_observations(heights[:3], reads, on) == [heights[2]]
    assert trim_observations(heights[1:2], reads, on) == []
    assert trim_observations(heights[:1], reads, on) == heights[:1]


def test_a_rule_that_does_not_say_what_it_reads_reads_everything():
    class Silent(Rule):
        pass

    assert Silent().observation_reads() is None
    assert joined_reads([Silent().observation_reads(), {"alt": 28}]) is None
    assert trim_observations(SAMPLE[0].observations, None, DATES[0]) == \
        [o for o in SAMPLE[0].observations if o.date <= DATES[0]]


@pytest.mark.parametrize("on", DATES)
def test_every_rule_answers_from_the_trimmed_record_as_from_the_whole(on):
    items = [item for trial in TRIALS for criterion in trial.criteria for item in (criterion, *criterion.parts)]
    tops = [item.rule for item in items] + [reading.rule for item in items for reading in item.readings]
    rules = [rule for top in tops if top is not None for rule in _rules(top)]
    for patient in SAMPLE:
        whole, partial = PatientFacts(patient), PatientFacts(trimmed(patient, on, screening_reads(TRIALS)))
        for rule in rules:
            # each rule alone, trimmed to what it alone says it reads, too
            own = PatientFacts(trimmed(patient, on, with_derivation_inputs(rule.observation_reads() or {})
                                       if rule.observation_reads() is not None else None))
            expected = rule.evaluate(whole, on).answer
            assert rule.evaluate(partial, on).answer == expected, (patient.registry_no, on, rule)
            assert rule.evaluate(own, on).answer == expected, (patient.registry_no, on, rule)


@pytest.mark.parametrize("on", DATES)
def test_verdicts_and_what_open_criteria_ask_are_those_of_the_whole_record(on):
    for trial in TRIALS:
        screen, classify = verdict_only(trial), open_items(trial)
        for patient in SAMPLE:
            whole, partial = PatientFacts(patient), PatientFacts(trimmed(patient, on))
            verdict = screen(whole, on)
            assert screen(partial, on) == verdict
            assert classify(partial, on, verdict[2])[:3] == classify(whole, on, verdict[2])[:3]
            checklist = evaluate(trial, trimmed(patient, on), on)
            assert (checklist.verdict, tuple(checklist.failed), tuple(checklist.open)) == verdict


def test_a_result_after_the_screening_date_is_never_read():
    patient = SAMPLE[0]
    later = Observation(code="creatinine", date=DATES[0] + dt.timedelta(days=1), value=900.0, unit="umol/L")
    kept = trim_observations([*patient.observations, later], READS, DATES[0])
    assert later not in kept
