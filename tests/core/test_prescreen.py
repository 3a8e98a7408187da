"""Pre-screening (coordinator/screening/prescreen.py): the verdict-only path and the worker processes give
exactly what a straightforward evaluate() of each patient and trial gives, in the input order."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Iterator

import pytest

from coordinator.records.demo import demo_cases, demo_patient
from coordinator.screening.eligibility import Verdict, evaluate, verdict_only
from coordinator.screening.facts import PatientFacts
from coordinator.records.record import Observation, Patient
from coordinator.records.record_io import parse_records
from coordinator.screening.rules.base import Rule
from coordinator.screening.prescreen import PrescreenResult, prescreen, prescreen_parts, summarise
from coordinator.screening.trial import Trial, parse_trial
from coordinator.screening.trial_library import load_trials
from tests.benchmarks.prescreen_benchmark import enrich
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 11, 23)
# the screening date of the demo, a day before much of its data, and one after some of it is stale
DATES = (TODAY, TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=60))
# the trials in use and the site trials the tests keep (their newer rule kinds too)
SITE_FIXTURES = [parse_trial(path.read_text(encoding="utf-8"), path.name)
                 for path in sorted((EXAMPLES.parent / "trials" / "site").glob("*.yaml"))]
TRIALS = list(load_trials().values()) + [t for t in SITE_FIXTURES if t.trial_id not in load_trials()]


def _sample() -> list[Patient]:
    """Every demo variant twice, thin and with two years of history (unit changes, baselines,
    old courses), and the example patients of the record format."""
    rng = random.Random(7)
    demo = [demo_patient(index, 2026, TODAY)[2] for index in range(2 * len(demo_cases()))]
    examples, problems = parse_records((EXAMPLES / "NCT03580291.json").read_bytes())
    for path in sorted(EXAMPLES.glob("*.json"))[1:]:
        more, more_problems = parse_records(path.read_bytes())
        examples, problems = examples + more, problems + more_problems
    assert not problems and examples
    return demo + [enrich(patient, rng) for patient in demo] + examples


SAMPLE = _sample()


def expected(patients: list[Patient], on: dt.date) -> list[PrescreenResult]:
    """The straightforward way: a full checklist per patient and trial."""
    found = []
    for patient in patients:
        for trial in TRIALS:
            checklist = evaluate(trial, patient, on)
            found.append(PrescreenResult(patient.registry_no, patient.initials, trial.trial_id, checklist.verdict,
                                         tuple(checklist.failed), tuple(checklist.open)))
    return found


@pytest.mark.parametrize("on", DATES)
def test_prescreen_gives_the_verdicts_of_evaluate_in_one_process_and_in_several(on):
    wanted = expected(SAMPLE, on)
    assert {r.verdict for r in wanted} >= {"ineligible", "incomplete"} and any(r.failed for r in wanted)
    assert list(prescreen(SAMPLE, TRIALS, on, workers=1)) == wanted
    # small chunks, so that several worker processes each screen several chunks
    assert list(prescreen(SAMPLE, TRIALS, on, workers=3, chunk=17)) == wanted


def _rules(rule: Rule) -> Iterator[Rule]:
    yield rule
    for inner in getattr(rule, "rules", None) or ():
        yield from _rules(inner)
    if isinstance(getattr(rule, "rule", None), Rule):
        yield from _rules(rule.rule)


def test_every_rule_of_the_five_trials_answers_as_its_evaluation_does():
    items = [item for trial in TRIALS for criterion in trial.criteria for item in (criterion, *criterion.parts)]
    tops = [item.rule for item in items] + [reading.rule for item in items for reading in item.readings]
    rules = [rule for top in tops if top is not None for rule in _rules(top)]
    answerers = [(rule, rule.answerer()) for rule in rules]
    seen = set()
    for patient in SAMPLE:
        for on in DATES:
            facts = PatientFacts(patient)
            for rule, answer in answerers:
                evaluated = rule.evaluate(facts, on).answer
                assert answer(facts, on) == evaluated, (patient.registry_no, on, rule)
                seen.add((rule.kind, evaluated))
    # the sample reaches every kind of rule in the trials, most of them both ways
    assert {kind for kind, _ in seen} == {rule.kind for rule in rules}
    assert len(seen) >= 45


def _flagged_without_readings(trial: Trial, criterion_id: str) -> Trial:
    """The trial with one criterion's text flagged ambiguous, no readings given."""
    data = trial.model_dump()
    data["criteria"] = [{**c, "ambiguous": "reads two ways"} if c["id"] == criterion_id else c
                        for c in data["criteria"]]
    return Trial.model_validate(data)


def test_an_ambiguous_criterion_without_readings_stays_open_whatever_the_data():
    # (readings that agree decide; the shipped trials give readings wherever they can)
    ambiguous = [(_flagged_without_readings(trial, criterion.id), criterion.id) for trial in TRIALS
                 for criterion in trial.criteria[:2] if not criterion.readings]
    for trial, criterion_id in ambiguous:
        screen = verdict_only(trial)
        for patient in SAMPLE[::7]:
            verdict, failed, open_ = screen(PatientFacts(patient), TODAY)
            assert criterion_id in open_ and criterion_id not in failed and verdict != "eligible"


def test_results_come_in_input_order_from_an_iterator_patient_by_patient():
    patients = SAMPLE[:40]
    results = list(prescreen(iter(patients), TRIALS, TODAY, workers=2, chunk=6))
    assert [r.patient_ref for r in results] == [p.registry_no for p in patients for _ in TRIALS]
    assert [r.trial_id for r in results] == [t.trial_id for _ in patients for t in TRIALS]
    assert summarise(results) == summarise(expected(patients, TODAY))


def test_a_caller_may_stop_early_and_an_empty_registry_gives_nothing():
    results = prescreen(SAMPLE, TRIALS, TODAY, workers=2, chunk=5)
    first = [next(results) for _ in range(7)]
    results.close()  # the worker processes still running are stopped
    assert first == expected(SAMPLE[:2], TODAY)[:7]
    assert list(prescreen([], TRIALS, TODAY, workers=2)) == []
    assert list(prescreen(iter([]), TRIALS, TODAY, workers=1)) == []


def test_bad_arguments_are_refused_before_anything_runs():
    with pytest.raises(ValueError, match="workers"):
        prescreen(SAMPLE, TRIALS, TODAY, workers=0)
    with pytest.raises(ValueError, match="chunk"):
        prescreen(SAMPLE, TRIALS, TODAY, chunk=0)


def _unscreenable(patient: Patient) -> Patient:
    """The patient with a creatinine in a unit no conversion knows (a record that bypassed
    validation): deriving its eGFR fails."""
    wrong = Observation.model_construct(code="creatinine", date=TODAY - dt.timedelta(days=1), value=80.0,
                                        unit="furlongs", uln=None, lln=None, text=None, method=None, note=None)
    return patient.model_copy(update={"observations": [*patient.observations, wrong]})


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_in_a_worker_is_raised_to_the_caller(workers):
    patients = SAMPLE[:12] + [_unscreenable(SAMPLE[12])] + SAMPLE[13:30]
    with pytest.raises(Exception) as serial:
        list(prescreen(patients, TRIALS, TODAY, workers=1))
    with pytest.raises(type(serial.value)) as raised:
        list(prescreen(patients, TRIALS, TODAY, workers=workers, chunk=4))
    assert str(raised.value) == str(serial.value)
    if workers > 1:
        assert "in a pre-screen worker process" in "".join(raised.value.__notes__)


def _no_process(*args, **kwargs):
    raise AssertionError("a worker process was started")


def test_a_few_patients_are_screened_without_starting_a_process(monkeypatch):
    monkeypatch.setattr("coordinator.screening.prescreen._Task", _no_process)
    assert list(prescreen(SAMPLE[:3], TRIALS, TODAY, workers=4)) == expected(SAMPLE[:3], TODAY)
    assert list(prescreen(iter(SAMPLE[:3]), TRIALS, TODAY, workers=4, chunk=3)) == expected(SAMPLE[:3], TODAY)


def test_a_process_with_other_threads_is_not_forked_unless_asked(monkeypatch):
    """As the window's pre-screen runs in a background thread: forking a process with threads
    can leave the child stuck on a lock another thread held."""
    monkeypatch.setattr("coordinator.screening.prescreen._Task", _no_process)
    finish = threading.Event()
    other = threading.Thread(target=finish.wait)
    other.start()
    try:
        assert list(prescreen(SAMPLE[:30], TRIALS, TODAY, chunk=5)) == expected(SAMPLE[:30], TODAY)
    finally:
        finish.set()
        other.join()


# -- what the open criteria ask: the coordinator's worklist ----------------------------------------

def test_open_criteria_are_classified_as_the_full_checklist_finds_them():
    """For every sample patient x trial, `open_by_kind` names each open criterion once, under the
    kind `open_kind` gives the checklist's own result, and lists what the data items miss."""
    from coordinator.screening.eligibility import DATA, QUESTION, READINGS, open_kind

    kinds_seen = set()
    for result in prescreen(SAMPLE, TRIALS, TODAY, workers=1, classify=True):
        if result.verdict != "incomplete":
            assert result.open_by_kind is None
            continue
        kinds = result.open_by_kind
        assert sorted(kinds.question + kinds.data + kinds.readings) == sorted(result.open)
        patient = next(p for p in SAMPLE if p.registry_no == result.patient_ref)
        checklist = evaluate(next(t for t in TRIALS if t.trial_id == result.trial_id), patient, TODAY)
        by_id = {r.id: r for r in checklist.criteria}
        for kind, ids in ((QUESTION, kinds.question), (DATA, kinds.data), (READINGS, kinds.readings)):
            for id_ in ids:
                assert open_kind(by_id[id_]) == kind
                kinds_seen.add(kind)
        assert bool(kinds.data) == bool(kinds.to_obtain)
    assert {QUESTION, DATA} <= kinds_seen


def test_disagreeing_readings_are_the_investigators_choice_and_missing_data_outranks_a_question():
    from coordinator.screening.eligibility import open_items
    from tests.conftest import READINGS_TRIAL, with_neutrophils

    trial = load_trials()[READINGS_TRIAL]
    low = with_neutrophils(1.2, TODAY)
    classify = open_items(trial)
    _, _, open_ = verdict_only(trial)(PatientFacts(low), TODAY)
    kinds = classify(PatientFacts(low), TODAY, open_)
    assert "E7" in kinds.readings and "E6" in kinds.question  # E7e's readings disagree; E6 asks a person
    # normal counts but no platelets: the literal "all three low" reads no, "any low" cannot tell
    normal = with_neutrophils(4.1, TODAY)
    no_counts = normal.model_copy(update={"observations": [o for o in normal.observations if o.code != "platelets"]})
    _, _, open_ = verdict_only(trial)(PatientFacts(no_counts), TODAY)
    kinds = classify(PatientFacts(no_counts), TODAY, open_)
    assert "E7" in kinds.data and any("platelet" in item.lower() for item in kinds.to_obtain)


def test_the_worklist_puts_questions_for_people_before_data_to_obtain_and_the_ineligible_last():
    from coordinator.screening.eligibility import OpenItems
    from coordinator.screening.prescreen import next_step, worklist_rank

    def result(verdict, kinds=None):
        return PrescreenResult("R", "AB", "NCT00000000", verdict, (), (), kinds)

    ask_two = result(Verdict.INCOMPLETE, OpenItems(question=("I4", "E9")))
    ask_one = result(Verdict.INCOMPLETE, OpenItems(question=("I4",)))
    labs = result(Verdict.INCOMPLETE, OpenItems(question=("I4",), data=("E8",), to_obtain=("IgG", "C3")))
    one_lab = result(Verdict.INCOMPLETE, OpenItems(data=("E8",), to_obtain=("IgG",)))
    choose = result(Verdict.INCOMPLETE, OpenItems(readings=("E7",)))
    ordered = sorted([result(Verdict.INELIGIBLE), labs, choose, ask_two, one_lab, result(Verdict.ELIGIBLE), ask_one],
                     key=worklist_rank)
    assert [r.verdict for r in ordered][0] == Verdict.ELIGIBLE and ordered[-1].verdict == Verdict.INELIGIBLE
    assert ordered[1:6] == [ask_one, ask_two, one_lab, labs, choose]
    assert [next_step(r) for r in (ask_one, labs, choose, result(Verdict.ELIGIBLE))] == \
        ["question", "data", "readings", None]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes need fork")
def test_workers_classify_as_one_process_does():
    here = list(prescreen(SAMPLE, TRIALS, TODAY, workers=1, classify=True))
    there = list(prescreen(SAMPLE, TRIALS, TODAY, workers=2, chunk=7, classify=True))
    assert here == there


def test_parts_read_and_screened_in_parallel_give_the_results_of_one_process_in_part_order():
    patients = SAMPLE[:45]
    cuts = [(0, 10), (10, 11), (11, 30), (30, 45)]
    parts = [lambda first=first, last=last: iter(patients[first:last]) for first, last in cuts]
    wanted = list(prescreen(patients, TRIALS, TODAY, workers=1, classify=True))
    assert list(prescreen_parts(parts, TRIALS, TODAY, classify=True)) == wanted
    assert list(prescreen_parts(parts[:1], TRIALS, TODAY)) == list(prescreen(patients[:10], TRIALS, TODAY, workers=1))
    assert list(prescreen_parts([lambda: iter([]), parts[1]], TRIALS, TODAY)) == \
        list(prescreen(patients[10:11], TRIALS, TODAY, workers=1))


def test_a_part_that_fails_stops_the_pre_screen_with_its_error_and_a_caller_may_stop_early():
    def broken():
        yield SAMPLE[0]
        raise ValueError("registry went away")

    with pytest.raises(ValueError, match="registry went away"):
        list(prescreen_parts([lambda: iter(SAMPLE[:3]), broken], TRIALS, TODAY))
    results = prescreen_parts([lambda: iter(SAMPLE[:300]), lambda: iter(SAMPLE[:300])], TRIALS, TODAY)
    first = [next(results) for _ in range(3)]
    results.close()  # the part processes still running are stopped
    assert first == list(prescreen(SAMPLE[:1], TRIALS, TODAY, workers=1))[:3]
