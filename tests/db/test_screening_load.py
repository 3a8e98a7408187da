"""A pre-screen's read of the registry (PatientRepository.iter_for_screening): each patient's
sections hold exactly the stored values (dates, times, booleans, lists as the full load gives
them), observations only as far back as the trials read them, and the verdicts and what open
criteria ask are those of the whole record, on each backend."""

from __future__ import annotations

import datetime as dt
import random

from coordinator.records.demo import demo_patient
from coordinator.records.record import CHILD_SECTIONS, Condition, Observation
from coordinator.records.record_io import read_records
from coordinator.screening.prescreen import prescreen
from coordinator.screening.reads import screening_reads, trim_observations
from coordinator.screening.trial_library import load_trials
from db.patients import PatientRepository
from tests.benchmarks.prescreen_benchmark import enrich
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)
TRIALS = list(load_trials().values())
BEFORE_BMI = ON - dt.timedelta(days=screening_reads(TRIALS).within["height"])  # where a BMI's heights start


def _patients():
    rng = random.Random(3)
    made = [enrich(demo_patient(index, 11, ON)[2], rng) for index in range(40)]
    # a few values only a raw driver row would get wrong: a boolean false, a time of day, a list
    made[0] = made[0].model_copy(update={
        "conditions": [Condition(code="diabetes", onset=dt.date(2020, 1, 1), controlled=False, hospitalised=True)],
        "observations": [*made[0].observations,
                         Observation(code="glucose_fasting", date=ON - dt.timedelta(days=3), time=dt.time(7, 45),
                                     value=6.1, unit="mmol/L")]})
    # heights before a BMI's window: the newest stands for them (two on its day); another
    # patient's newer height is not this one's
    heights = [Observation(code="height", date=BEFORE_BMI - dt.timedelta(days=days), value=value, unit="cm")
               for days, value in ((3000, 158.0), (40, 160.0), (40, 161.0), (4000, 150.0))]
    made[1] = made[1].model_copy(update={"observations": [
        *(o for o in made[1].observations if o.code != "height"), *heights,
        Observation(code="weight", date=ON - dt.timedelta(days=2), value=60.0, unit="kg")]})
    made[2] = made[2].model_copy(update={"observations": [
        *(o for o in made[2].observations if o.code != "height"),
        Observation(code="height", date=BEFORE_BMI - dt.timedelta(days=1), value=170.0, unit="cm")]})
    for path in sorted(EXAMPLES.glob("NCT*.json")):
        examples, problems = read_records(path.read_bytes(), source=path.name)
        assert problems == []
        made += examples
    return made


def test_the_screening_read_holds_the_stored_values_and_only_what_the_trials_read(registry):
    patients = _patients()
    with registry.writing() as session:
        PatientRepository(session, "t").add(patients, reason="test")
    reads = screening_reads(TRIALS)
    with registry.reading() as session:
        repository = PatientRepository(session, "t")
        whole = {p.registry_no: p for p in repository.iter_all()}
        partial = list(repository.iter_for_screening(reads, ON, batch=7))
    assert [p.registry_no for p in partial] == sorted(whole)
    for patient in partial:
        stored = whole[patient.registry_no]
        assert (patient.name, patient.sex, patient.birth_date, patient.studies) == \
            (stored.name, stored.sex, stored.birth_date, [])
        for section in CHILD_SECTIONS:
            if section == "observations":
                expected = trim_observations(stored.observations, reads, ON)
            else:
                expected = getattr(stored, section)
            got = getattr(patient, section)
            assert [tuple(item) for item in got] == [tuple(getattr(part, name) for name in type(part).model_fields)
                                                     for part in expected], (patient.registry_no, section)
    first = next(p for p in partial if p.registry_no == patients[0].registry_no)
    assert first.conditions[0].controlled is False and first.conditions[0].hospitalised is True
    assert any(o.time == dt.time(7, 45) for o in first.observations)
    second = next(p for p in partial if p.registry_no == patients[1].registry_no)
    assert [(o.value, o.date) for o in second.observations if o.code == "height"] == \
        [(160.0, BEFORE_BMI - dt.timedelta(days=40)), (161.0, BEFORE_BMI - dt.timedelta(days=40))]
    assert sum(len(p.observations) for p in partial) < 0.5 * sum(len(p.observations) for p in whole.values())

    # the same verdicts and open items as from the whole records
    from_whole = list(prescreen([whole[p.registry_no] for p in partial], TRIALS, ON, workers=1, classify=True))
    assert list(prescreen(partial, TRIALS, ON, workers=1, classify=True)) == from_whole


def test_the_registry_cut_into_parts_gives_every_patient_once_in_order(registry):
    from db.screening_parts import screening_parts

    patients = _patients()
    with registry.writing() as session:
        PatientRepository(session, "t").add(patients, reason="test")
        PatientRepository(session, "t").archive(patients[5].registry_no, reason="duplicate record")
    reads = screening_reads(TRIALS)
    with registry.reading() as session:
        everyone = [p.registry_no for p in PatientRepository(session, "t").iter_for_screening(reads, ON)]
    assert patients[5].registry_no not in everyone
    for count in (1, 2, 3, 7, 500):
        parts = screening_parts(registry, "t", reads, ON, count)
        assert len(parts) == min(count, len(everyone))
        assert [p.registry_no for part in parts for p in part()] == everyone
    with_archived = screening_parts(registry, "t", reads, ON, 3, include_archived=True)
    assert patients[5].registry_no in {p.registry_no for part in with_archived for p in part()}
