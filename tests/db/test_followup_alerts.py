"""The registry-wide alerts view reads partial records (only what the exit rules, the dose
ceilings and the baseline read) and must list exactly what the engine finds from each whole
record: for the on-study example and for a generated set with liver episodes, pregnancies,
interruptions, exits, old and unrelated data, weights out of date and a second trial."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from coordinator.records.demo import demo_enrolled_patient
from coordinator.followup.exit_rules import LiverRule, Reads, reads_codes
from coordinator.followup.engine import NotEnrolled, alert_reads, follow_up
from coordinator.records.record import (AdverseEvent, Diagnosis, DoseRecord, ExitEvent, Medication, Observation,
    Patient, ReproductiveStatus, Study, StudyVisit)
from coordinator.records.record_io import read_records
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.screening.trial_library import load_trials
from coordinator.followup.due import LATE_ACTION_KINDS, DueStatus, without_restated
from db.followup import registry_alerts
from db.patients import PatientRepository
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 3, 31)  # the generated histories end here (records refuse future dates)
READER = Actor("ann", Role.COORDINATOR)
DAY = dt.timedelta(days=1)


def _obs(code: str, day: dt.date, value: float | None = None, unit: str | None = None, **more) -> Observation:
    return Observation(code=code, date=day, value=value, unit=unit, **more)


def varied_patient(index: int, rng: random.Random) -> Patient:
    """A demo patient on NCT03864250 with some of the history the rules and the loader must
    get right around their windows."""
    base = demo_enrolled_patient(index, seed=7, today=TODAY, weeks=rng.choice([6, 20, 30, 46, 60]))
    study = base.studies[0]
    start = study.enrolled_on
    observations = list(base.observations)
    doses, exits, visits = list(study.doses), [], list(study.visits)
    medications, reproductive, adverse = [], [], []
    weight = next(o for o in observations if o.code == "weight")
    if rng.random() < 0.5:  # data the alerts never read, and old data before every window
        observations += [_obs("haemoglobin", start - 400 * DAY, 118, "g/L"),
                         _obs("creatinine", start - 300 * DAY, 300, "umol/L"),
                         _obs("urine_protein_24h", start - 60 * DAY, 12.0, "g/24h"),
                         _obs("weight", start - 200 * DAY, 120, "kg"),
                         _obs("alt", start + 20 * DAY, 30, "U/L"),  # no ULN: the liver rule skips it
                         _obs("hbsag", start - 10 * DAY, text="negative")]
    if rng.random() < 0.2:  # the baseline creatinine 5 weeks before randomisation: too old
        observations = [o.model_copy(update={"date": start - 35 * DAY}) if o.date == start - 2 * DAY
                        and o.code == "creatinine" else o for o in observations]
    if rng.random() < 0.2:  # a reported eGFR on the day, beside the derived one
        observations.append(_obs("egfr", start - DAY, rng.randint(50, 110), "mL/min/1.73m2"))
    if rng.random() < 0.25:  # the only weight weeks before randomisation, or a newer one
        observations.remove(weight)
        observations.append(weight.model_copy(update={"date": start - rng.choice([27, 28, 29, 45]) * DAY}))
    elif rng.random() < 0.2:
        observations.append(_obs("weight", start + 50 * DAY, weight.value - 10, "kg"))
    if rng.random() < 0.3:  # ALT or bilirubin above twice the ULN and rising
        code, uln = rng.choice([("alt", 40), ("total_bilirubin", 21)])
        unit = "U/L" if code == "alt" else "umol/L"
        first = start + rng.randint(10, 80) * DAY
        for step, factor in enumerate([2.5, 3.0, 3.4, 1.5, 3.5][:rng.randint(2, 5)]):
            observations.append(_obs(code, first + 14 * step * DAY, round(uln * factor, 1), unit, uln=uln))
        if rng.random() < 0.5:
            medications.append(Medication(drug="hepatoprotective", start=first + 15 * DAY))
    if rng.random() < 0.15 and base.sex == "F":  # pregnancy, recorded or tested; not before randomisation
        day = start + rng.randint(5, 200) * DAY
        if rng.random() < 0.5:
            observations.append(_obs("pregnancy_test", day, text="positive"))
        else:
            reproductive.append(ReproductiveStatus(date=day, pregnant=True))
        observations.append(_obs("pregnancy_test", start - 5 * DAY, text="positive"))
    if rng.random() < 0.2:  # tacrolimus stopped, restarted late, early or never
        stop = start + rng.randint(10, 150) * DAY
        doses.append(DoseRecord(drug="tacrolimus", start=stop, dose=0, reason="stopped"))
        if rng.random() < 0.6:
            doses.append(DoseRecord(drug="tacrolimus", start=stop + rng.choice([7, 14, 20]) * DAY, dose=1.0))
    if rng.random() < 0.1:  # above the 0.1 mg/kg/d ceiling
        doses.append(DoseRecord(drug="tacrolimus", start=start + 30 * DAY, dose=12.0, reason="typo?"))
    if rng.random() < 0.1:
        exits.append(ExitEvent(date=start + rng.randint(20, 300) * DAY, reason="withdrew consent", criterion="X2"))
    if rng.random() < 0.2:
        adverse.append(AdverseEvent(term="Alanine aminotransferase increased", grade=2, onset=start + 40 * DAY))
    studies = [study.model_copy(update={"doses": _until(doses, "start"), "exits": _until(exits),
                                        "visits": [v for v in visits if v.date is None or v.date <= TODAY],
                                        "adverse_events": _until(adverse, "onset")})]
    if rng.random() < 0.15:  # also on the multitarget arm of NCT05863936 (no rules: visits, ceilings)
        second = TODAY - rng.randint(0, 150) * DAY  # sometimes enrolled after a replayed day
        studies.append(Study(trial="NCT05863936", arm="multitarget", subject_no=f"MT-{index:04d}",
                             enrolled_on=second, visits=[StudyVisit(visit="baseline", date=second)],
                             doses=[DoseRecord(drug="tacrolimus", start=second, dose=3.0)]))
    return base.model_copy(update={
        "observations": _until(observations), "medications": _until(medications, "start"),
        "reproductive": _until(reproductive),
        "diagnoses": [Diagnosis(code="membranous_nephropathy_idiopathic", date=start - 100 * DAY)],
        "studies": studies})


def _until(items: list, field: str = "date") -> list:
    return [item for item in items if getattr(item, field) <= TODAY]


def generated(count: int = 80, seed: int = 20261123) -> list[Patient]:
    rng = random.Random(seed)
    return [Patient.model_validate(varied_patient(i, rng).model_dump()) for i in range(count)]


def on_study_example() -> list[Patient]:
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    return read_records(path.read_bytes(), path.name)[0]


def from_whole_records(registry, on: dt.date) -> list[tuple]:
    """What the alerts view must show, computed the plain way: every whole record, everything
    computed (dose plan and responses too), as `follow_up` gives it to one patient's page."""
    trials = load_trials()
    found = []
    with registry.reading() as session:
        for patient in PatientRepository(session, "t").iter_enrolled():
            for trial_id in sorted({s.trial for s in patient.studies} & trials.keys()):
                try:
                    result = follow_up(trials[trial_id], patient, on)
                except NotEnrolled:
                    continue
                found += [(patient.registry_no, trial_id, a.due, a, None) for a in result.actions]
                found += [(patient.registry_no, trial_id, a.due, None, a)
                          for a in without_restated(result.actions, result.alerts)]
    return sorted(found, key=lambda item: (item[2], item[0]))


def from_alerts_view(registry, on: dt.date) -> list[tuple]:
    with registry.reading() as session:
        items = registry_alerts(session, READER, load_trials().values(), on)
    return [(i.patient, i.trial, i.due, i.action, i.alert) for i in items]


@pytest.fixture
def generated_registry(registry):
    patients = generated()
    with registry.writing() as session:
        PatientRepository(session, "t").add(patients + on_study_example())
    return registry


DAYS = [TODAY - 300 * DAY, TODAY - 120 * DAY, TODAY - 60 * DAY, TODAY - 20 * DAY, TODAY, TODAY + 200 * DAY]


@pytest.mark.parametrize("on", DAYS)
def test_the_alerts_view_lists_what_the_whole_records_give(generated_registry, on):
    expected = from_whole_records(generated_registry, on)
    assert from_alerts_view(generated_registry, on) == expected


def test_the_generated_set_exercises_every_kind_of_rule_and_alert(generated_registry):
    kinds = {(a.rule, a.action) if a is not None else ("alert", b.kind)
             for on in DAYS for _, _, _, a, b in from_alerts_view(generated_registry, on)}
    for wanted in [("X8", "halve_dose"), ("X8", "stop_drug"), ("X9", "liver_protection"), ("X9", "stop_drug"),
                   ("X13", "reduce_dose"), ("X5", "withdraw"), ("X11", "withdraw"), ("X1", "stop_drug"),
                   ("alert", "missed_visit"), ("alert", "dose_above_max"), ("alert", "rule")]:
        assert wanted in kinds
    statuses = {(i.action is not None, i.status) for on in DAYS for i in _items(generated_registry, on)}
    assert {(True, DueStatus.OVERDUE), (True, DueStatus.DUE), (True, DueStatus.COMING), (False, DueStatus.OVERDUE),
            (False, DueStatus.DUE)} <= statuses


def _items(registry, on: dt.date):
    with registry.reading() as session:
        return registry_alerts(session, READER, load_trials().values(), on)


def test_a_late_action_is_listed_once_as_overdue_and_a_missed_visit_is_overdue(generated_registry):
    for on in DAYS:
        items = _items(generated_registry, on)
        late_restated = [i for i in items if i.alert is not None and i.alert.kind in LATE_ACTION_KINDS and any(
            j.action is not None and (j.patient, j.trial, j.action.rule, j.due) == (i.patient, i.trial, i.alert.rule,
                                                                                     i.due) for j in items)]
        assert late_restated == []
        for item in items:
            if item.action is not None:
                assert item.status == (DueStatus.OVERDUE if item.due < on else DueStatus.DUE if item.due == on
                                       else DueStatus.COMING)
            elif item.alert.kind == "missed_visit":
                assert item.status == DueStatus.OVERDUE


def test_each_patients_follow_up_is_the_same_from_the_partial_record(generated_registry):
    trials = load_trials()
    reads = alert_reads(trials.values())
    with generated_registry.reading() as session:
        repository = PatientRepository(session, "t")
        whole = list(repository.iter_enrolled())
        partial = list(repository.iter_enrolled(reads=reads, batch=7))  # batches cut across the set
    assert [p.registry_no for p in partial] == [p.registry_no for p in whole]
    fewer = 0
    for full, part in zip(whole, partial):
        assert not part.diagnoses and not any(s.adverse_events for s in part.studies)
        assert {o.code for o in part.observations} <= reads.codes
        fewer += len(part.observations) < len(full.observations)
        for on in DAYS:
            for study in full.studies:
                try:
                    expected = follow_up(trials[study.trial], full, on)
                except NotEnrolled:
                    with pytest.raises(NotEnrolled):
                        follow_up(trials[study.trial], part, on, with_dose_plan=False, with_responses=False)
                    continue
                got = follow_up(trials[study.trial], part, on, with_dose_plan=False, with_responses=False)
                assert (got.actions, got.alerts, got.history, got.status, got.doses, got.next_visits,
                        got.baseline_egfr, got.baseline_date) == (
                    expected.actions, expected.alerts, expected.history, expected.status, expected.doses,
                    expected.next_visits, expected.baseline_egfr, expected.baseline_date)
    assert fewer > len(whole) // 3  # the partial records do leave things out


def test_the_on_study_example_alerts_are_the_same(registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add(on_study_example())
    for on in [dt.date(2026, 6, 1), dt.date(2026, 7, 27), dt.date(2026, 8, 15), dt.date(2026, 11, 23)]:
        expected = from_whole_records(registry, on)
        assert from_alerts_view(registry, on) == expected
    assert from_alerts_view(registry, dt.date(2026, 7, 27))  # the day the eGFR rule fires


def test_the_alerts_view_shows_acknowledgements_and_needs_the_right_to_read(generated_registry):
    from db.acknowledgements import AcknowledgementRepository

    on = dt.date(2026, 7, 27)
    first = next(item for item in from_alerts_view(generated_registry, on) if item[3] is not None)
    with generated_registry.writing() as session:
        AcknowledgementRepository(session, READER).acknowledge(first[0], first[1], first[3].key, "seen", on=on)
    with generated_registry.reading() as session:
        items = registry_alerts(session, READER, load_trials().values(), on)
        with pytest.raises(PermissionDenied):
            registry_alerts(session, Actor("root", Role.ADMINISTRATOR), load_trials().values(), on)
    noted = [i for i in items if i.acknowledged is not None]
    assert [(i.patient, i.action.key, i.acknowledged.note) for i in noted] == [(first[0], first[3].key, "seen")]


def test_what_the_rules_read():
    reads = alert_reads(load_trials().values())
    assert {"egfr", "creatinine", "weight", "tacrolimus_trough", "alt", "ast", "total_bilirubin",
            "urine_protein_24h", "pregnancy_test"} == reads.codes
    assert reads.sections == {"medications", "reproductive"} and reads.days_before_start == 28
    assert not reads.whole
    # a derived code brings what its derivation reads; one the list does not know, everything
    clearance = reads_codes("creatinine_clearance", days_before_start=10)
    assert clearance.codes == {"creatinine_clearance", "creatinine", "weight"} and clearance.days_before_start == 100
    assert (Reads() | LiverRule(kind="liver", drug="tacrolimus").reads()).sections == {"medications"}


def test_the_generated_set_would_catch_a_loader_that_looked_back_too_little(generated_registry):
    """Baselines, peaks and weights of the weeks before randomisation matter: without them the
    same set gives other alerts (so the tests above do test the look-back)."""
    trials = load_trials()
    reads = alert_reads(trials.values())
    short = Reads(reads.codes, 0, reads.sections)
    with generated_registry.reading() as session:
        repository = PatientRepository(session, "t")
        whole = {p.registry_no: p for p in repository.iter_enrolled()}
        partial = list(repository.iter_enrolled(reads=short))
    differ = 0
    for part in partial:
        study = part.studies[0]
        if study.enrolled_on > TODAY:
            continue
        got = follow_up(trials[study.trial], part, TODAY, with_dose_plan=False, with_responses=False)
        expected = follow_up(trials[study.trial], whole[part.registry_no], TODAY)
        differ += (got.actions, got.alerts) != (expected.actions, expected.alerts)
    assert differ
