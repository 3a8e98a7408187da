"""Synthetic demo patients, made from the demo sections of the installed trials' files: for each
trial, some who should be eligible, some who should fail screening for a named reason, and some
whose record is incomplete (coordinator.screening.trial_demo). A trial a site adds is in the demo
as soon as its file has a demo section.

Everything is made up (names included) and reproducible from a seed. Dates are moved to `today`
so that time windows ("within 12 weeks") stay meaningful whenever the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from coordinator.records.record import DoseRecord, Observation, Patient, Study, StudyVisit
from coordinator.records.renal import Sex
from coordinator.resource_files import load_yaml

if TYPE_CHECKING:
    from coordinator.screening.trial import Trial
    from coordinator.screening.trial_demo import DemoBackground, DemoCase

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
         "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "婷婷", "思远", "雨桐", "梓涵", "晓燕"]


@cache
def background() -> DemoBackground:
    """What every demo patient has unless its trial's record says otherwise (resources/demo/)."""
    from coordinator.screening.trial_demo import DemoBackground

    return DemoBackground.model_validate(load_yaml("demo", "background.yaml"))


def _moved(parts: list, days: dt.timedelta) -> list:
    """The parts with every date moved by `days`."""
    return [part.model_copy(update={name: value + days for name, value in part if isinstance(value, dt.date)})
            for part in parts]


def demo_record(trial: Trial, case: DemoCase, sex: Sex, today: dt.date) -> dict[str, list]:
    """The sections of a demo patient's record: the trial's demo record as the case changes it,
    then the background's items of codes the record does not have, all dated for `today`."""
    from coordinator.screening.trial_demo import RECORD_SECTIONS, case_sections, code_of

    assert trial.demo is not None
    own = case_sections(trial.demo.record, case)
    extra = background()
    dropped = set(case.drop)
    sections = {}
    for section in RECORD_SECTIONS:
        present = {code_of(part) for part in own[section]} | dropped
        general = [*getattr(extra.everyone, section), *getattr(extra.female if sex == Sex.FEMALE else extra.male, section)]
        sections[section] = (_moved(own[section], today - trial.demo.as_of)
                             + _moved([p for p in general if code_of(p) not in present], today - extra.as_of))
    return sections


def demo_cases(trials: Mapping[str, Trial] | None = None) -> list[tuple[Trial, DemoCase]]:
    """Every demo case, taking the trials in turn (a handful of patients covers every trial)."""
    if trials is None:
        from coordinator.screening.trial_library import load_trials

        trials = load_trials()
    with_demo = [trial for _, trial in sorted(trials.items()) if trial.demo is not None]
    rounds = max((len(trial.demo.cases) for trial in with_demo if trial.demo), default=0)
    return [(trial, trial.demo.cases[turn % len(trial.demo.cases)])
            for turn in range(rounds) for trial in with_demo if trial.demo]


def _name(rng: random.Random) -> str:
    surname = rng.choice(["欧阳"] if rng.random() < 0.03 else list(SURNAMES[:-2]))
    return surname + rng.choice(GIVEN)


def demo_patient(index: int, seed: int, today: dt.date | None = None,
                 trials: Mapping[str, Trial] | None = None) -> tuple[str, str, Patient]:
    """The `index`-th demo patient: (trial it was made for, case, patient)."""
    today = today or dt.date.today()
    cases = demo_cases(trials)
    if not cases:
        raise ValueError("no installed trial has a demo section")
    trial, case = cases[index % len(cases)]
    assert trial.demo is not None
    rng = random.Random(seed * 1_000_003 + index)
    sex = case.sex or (Sex.FEMALE if rng.random() < trial.demo.female_share else Sex.MALE)
    age = rng.randint(*trial.demo.ages)
    birth = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
    patient = Patient(
        registry_no=f"DEMO-{index + 1:05d}", name=_name(rng), sex=sex, birth_date=birth,
        record_no=f"H{rng.randint(10_000_000, 99_999_999)}", note=f"synthetic: {trial.trial_id} {case.id}",
        **demo_record(trial, case, sex, today))
    return trial.trial_id, case.id, patient


def demo_patients(count: int, seed: int = 2026, today: dt.date | None = None,
                  trials: Mapping[str, Trial] | None = None) -> list[Patient]:
    return [demo_patient(index, seed, today, trials)[2] for index in range(count)]


def demo_enrolled_patient(index: int, seed: int, today: dt.date | None = None, weeks: int = 46) -> Patient:
    """A synthetic patient on the tacrolimus arm of NCT03864250 for `weeks` weeks before `today`,
    with visits, labs every 2-4 weeks and dose records. About one in four has an eGFR fall that
    the protocol's dose-halving rule must catch; some miss a visit."""
    today = today or dt.date.today()
    rng = random.Random(seed * 7_000_003 + index)
    start = today - dt.timedelta(weeks=weeks)
    sex = Sex.FEMALE if rng.random() < 0.4 else Sex.MALE
    weight = rng.randint(50, 85)
    baseline_creatinine = rng.randint(60, 110)
    falls = rng.random() < 0.25
    observations = [Observation(code="creatinine", date=start - dt.timedelta(days=2), value=baseline_creatinine,
                                unit="umol/L", uln=97 if sex == Sex.MALE else 84),
                    Observation(code="weight", date=start - dt.timedelta(days=2), value=weight, unit="kg"),
                    Observation(code="urine_protein_24h", date=start - dt.timedelta(days=2),
                                value=round(rng.uniform(4.5, 9), 1), unit="g/24h")]
    dose = round(weight * 0.075 * 2) / 2  # 0.075 mg/kg/d, to the half milligram
    doses = [DoseRecord(drug="tacrolimus", start=start, dose=dose, reason="start")]
    visits = [StudyVisit(visit="baseline", date=start)]
    week_ids = [0, 2, 4, 8, 12, 16, 20, 24, 32, 40, 48]
    for week in week_ids[1:]:
        if week > weeks:
            break
        day = start + dt.timedelta(weeks=week, days=rng.randint(-2, 2))
        if rng.random() < 0.05:
            visits.append(StudyVisit(visit=f"week{week}", status="missed"))
            continue
        visits.append(StudyVisit(visit=f"week{week}", date=day))
        rise = 1.55 if falls and week >= 16 else rng.uniform(0.9, 1.12)
        observations += [
            Observation(code="creatinine", date=day, value=round(baseline_creatinine * rise), unit="umol/L",
                        uln=97 if sex == Sex.MALE else 84),
            Observation(code="tacrolimus_trough", date=day, value=round(rng.uniform(4, 10.5), 1), unit="ng/mL"),
            Observation(code="alt", date=day, value=rng.randint(12, 45), unit="U/L", uln=40),
            Observation(code="urine_protein_24h", date=day, value=round(rng.uniform(0.2, 4), 1), unit="g/24h"),
        ]
    birth = today - dt.timedelta(days=rng.randint(30, 70) * 365 + rng.randint(0, 300))
    return Patient(
        registry_no=f"DEMO-S{index + 1:05d}", name=_name(rng), sex=sex, birth_date=birth,
        record_no=f"H{rng.randint(10_000_000, 99_999_999)}", note="synthetic: NCT03864250 on study",
        observations=observations,
        studies=[Study(trial="NCT03864250", arm=rng.choice(["tac", "tac_prednisone"]),
                       subject_no=f"XH-{index + 1:05d}", enrolled_on=start, visits=visits, doses=doses)])
