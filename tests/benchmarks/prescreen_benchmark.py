"""Pre-screen benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/prescreen_benchmark.py [--patients 10000] [--thin] [--freeze-batches]
        [--registry] [--profile FILE]

Every patient is checked against all five trials on one screening date, as a registry-wide
pre-screen does: the patient's facts are built once and shared by the five trials
(target <= 5 s for 10,000 patients x 5 trials).

The demo patients (coordinator.demo) are thin: one visit's labs (about 28 observations, all
within the last few weeks) and two or three medications. A patient of the lupus clinic has
years of follow-up, so unless `--thin` is given each demo patient is enriched here with a
visit every 6-10 weeks over the two years before its recent labs (the codes it already has,
values around its own, now and then in another lab's unit; complement and anti-dsDNA for the
lupus patients; serology twice a year), old steroid tapers and a treated, resolved infection:
about 290 observations and 7 medication records each. Nothing is added in the last 45 days,
so the recent labs the demo chose stay the latest ones and the verdicts stay those of the demo.

Patients are made 500 at a time, as a pre-screen reads a registry (PatientRepository.iter_all
loads batches of 500); only building the facts and evaluating are timed. `--freeze-batches`
freezes each batch (gc.freeze) before screening it, as a pre-screen loop could, so that the
cyclic garbage collector stops re-scanning the patients. With `--registry` the patients are
also written to a temporary SQLite registry and loaded back, and the load is timed.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.demo import demo_patient  # noqa: E402
from coordinator.eligibility import Checklist, Verdict, evaluate  # noqa: E402
from coordinator.facts import PatientFacts  # noqa: E402
from coordinator.record import Condition, Medication, Observation, Patient  # noqa: E402
from coordinator.rules import Answer  # noqa: E402
from coordinator.trial import Trial, load_trials  # noqa: E402

TODAY = dt.date(2026, 11, 23)  # the screening date (fixed, so runs compare)
SEED = 2026
BATCH = 500
HISTORY_DAYS = 730
QUIET_DAYS = 45  # no enrichment this close to the screening date
# code -> (another lab's unit, factor from the demo's unit to it, decimals): used for 1 reading in 8
OTHER_UNITS = {"creatinine": ("mg/dL", 1 / 88.4, 2), "albumin": ("g/dL", 0.1, 2),
               "glucose_fasting": ("mg/dL", 18.016, 0), "haemoglobin": ("g/dL", 0.1, 1),
               "total_bilirubin": ("mg/dL", 1 / 17.1, 2), "urine_protein_24h": ("mg/24h", 1000, 0),
               "platelets": ("/uL", 1000, 0)}
SLE_PANEL = [("c3", "g/L", 0.5, 1.2), ("c4", "g/L", 0.08, 0.3), ("anti_dsdna", "IU/mL", 10, 300),
             ("urine_rbc", "/uL", 0, 60)]


def enrich(patient: Patient, rng: random.Random, today: dt.date = TODAY) -> Patient:
    """The patient with two years of plausible follow-up added before its recent record."""
    numeric: dict[str, Observation] = {}
    coded: dict[str, Observation] = {}
    for obs in sorted(patient.observations, key=lambda o: o.date):
        if obs.code.startswith("bilag_") or obs.code == "pregnancy_test":
            continue  # assessed at screening only
        (numeric if obs.value is not None else coded)[obs.code] = obs
    lupus = any(d.code == "sle" for d in patient.diagnoses)
    added: list[Observation] = []
    made = Observation.model_construct  # unvalidated, as the registry loads them (--registry validates them)
    days_ago = QUIET_DAYS + rng.randint(0, 14)
    visit = 0
    while days_ago <= HISTORY_DAYS:
        day = today - dt.timedelta(days=days_ago)
        for code, template in numeric.items():
            value = template.value * rng.uniform(0.85, 1.15)
            unit, uln = template.unit, template.uln
            if code in OTHER_UNITS and template.unit and rng.random() < 1 / 8:
                unit, factor, decimals = OTHER_UNITS[code]
                value, uln = value * factor, None if uln is None else round(uln * factor, decimals)
                value = round(value, decimals)
            else:
                value = round(value, 0 if template.value == int(template.value) and template.value > 3 else 1)
            added.append(made(code=code, date=day, value=value, unit=unit, uln=uln, lln=template.lln))
        if lupus:
            for code, unit, low, high in SLE_PANEL:
                added.append(made(code=code, date=day, value=round(rng.uniform(low, high), 2), unit=unit))
        if visit % 4 == 0:  # serology about twice a year
            added += [made(code=code, date=day, text=template.text) for code, template in coded.items()]
        visit += 1
        days_ago += rng.randint(42, 70)

    # Old steroid tapers and a treated, resolved urinary infection: history the rules must look
    # through, all long before any window of the five trials.
    start = today - dt.timedelta(days=HISTORY_DAYS - rng.randint(0, 60))
    medications = list(patient.medications)
    for dose in (40, 30, 20, 10):
        stop = start + dt.timedelta(days=rng.randint(28, 42))
        medications.append(Medication(drug="prednisone", start=start, stop=stop, dose=dose, dose_unit="mg/d",
                                      route="oral"))
        start = stop + dt.timedelta(days=1)
    infection = today - dt.timedelta(days=rng.randint(400, 600))
    medications.append(Medication(drug="antibacterial", start=infection, stop=infection + dt.timedelta(days=6),
                                  route="oral"))
    conditions = list(patient.conditions) + [Condition(
        code="infection", kind="urinary_tract", onset=infection, resolved=infection + dt.timedelta(days=10),
        status="resolved", treatment="oral")]
    return patient.model_copy(update={"observations": added + list(patient.observations),
                                      "medications": medications, "conditions": conditions})


def batches(count: int, thin: bool, size: int = BATCH) -> Iterator[list[tuple[str, str, Patient]]]:
    """(trial, variant, patient) for the demo patients, `size` at a time, as a pre-screen reads a
    registry (PatientRepository.iter_all loads batches of 500)."""
    rng = random.Random(SEED)
    for first in range(0, count, size):
        made = [demo_patient(index, SEED, TODAY) for index in range(first, min(first + size, count))]
        yield [(trial, variant, patient if thin else enrich(patient, rng)) for trial, variant, patient in made]


@dataclass
class Figures:
    patients: int = 0
    criteria: int = 0
    seconds: float = 0.0  # building facts and evaluating, nothing else
    building_seconds: float = 0.0
    observations: int = 0
    medications: int = 0
    verdicts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    own: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))


def prescreen(batch: list[tuple[str, str, Patient]], trials: dict[str, Trial], figures: Figures) -> None:
    """Time building the facts and evaluating; tally the verdicts outside the timed part. A
    checklist is dropped once tallied, as a pre-screen keeps only verdicts."""
    for made_for, variant, patient in batch:
        started = time.perf_counter()
        facts = PatientFacts(patient)  # once per patient, shared by the five trials
        checklists = [evaluate(trial, facts, TODAY) for trial in trials.values()]
        figures.seconds += time.perf_counter() - started
        figures.patients += 1
        figures.observations += len(patient.observations)
        figures.medications += len(patient.medications)
        for checklist in checklists:
            figures.criteria += len(checklist.criteria)
            label = _label(checklist)
            figures.verdicts[checklist.nct][label] += 1
            if checklist.nct == made_for:
                figures.own[made_for, variant][label] += 1


def _label(checklist: Checklist) -> str:
    """The verdict; an incomplete one says whether data is missing or only people must answer."""
    verdict = checklist.verdict
    if verdict != Verdict.INCOMPLETE:
        return str(verdict)
    data_missing = any(checklist.final(r) == Answer.UNKNOWN for r in checklist.criteria)
    return "incomplete (data missing)" if data_missing else "incomplete (people only)"


LABELS = ["eligible", "ineligible", "incomplete (people only)", "incomplete (data missing)"]


def bench_registry(count: int, thin: bool) -> None:
    from db.patients import PatientRepository
    from db.registry import Registry

    with tempfile.TemporaryDirectory() as folder:
        registry = Registry.open(Path(folder) / "prescreen.sqlite3")
        started = time.perf_counter()
        for batch in batches(count, thin):
            with registry.writing() as session:
                PatientRepository(session, "bench").add([patient for _, _, patient in batch], reason="benchmark")
        written = time.perf_counter() - started
        started = time.perf_counter()
        with registry.reading() as session:
            loaded = sum(1 for _ in PatientRepository(session, "bench").iter_all())
        read = time.perf_counter() - started
        registry.close()
    print(f"registry: wrote {count:,} patients in {written:.1f} s (building them included); loaded them back "
          f"(iter_all, batches of 500) in {read:.2f} s ({read / loaded * 1000:.2f} ms per patient)")


def report(figures: Figures, trials: dict[str, Trial], thin: bool, frozen: bool) -> None:
    count = figures.patients
    print(f"{count:,} {'thin' if thin else 'enriched'} demo patients, built in {figures.building_seconds:.1f} s (not "
          f"timed below): {figures.observations / count:.0f} observations and "
          f"{figures.medications / count:.1f} medications per patient")
    print(f"pre-screen: {count:,} patients x {len(trials)} trials, {figures.criteria:,} criteria evaluated"
          + (" (each batch frozen)" if frozen else ""))
    print(f"  total {figures.seconds:.2f} s (target <= 5 s for 10,000 patients), "
          f"{figures.criteria / figures.seconds:,.0f} criteria/s, {figures.seconds / count * 1000:.3f} ms per patient")
    print(f"  peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
    print("verdicts per trial: " + " / ".join(LABELS))
    for nct in trials:
        print(f"  {nct}: " + " / ".join(f"{figures.verdicts[nct][label]:,}" for label in LABELS))
    print("patients screened for the trial they were made for (demo variant: verdicts)")
    for (nct, variant), counts in sorted(figures.own.items()):
        print(f"  {nct} {variant:<22} " + ", ".join(f"{label} {n:,}" for label, n in sorted(counts.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--thin", action="store_true", help="the demo patients as they are, not enriched")
    parser.add_argument("--freeze-batches", action="store_true", help="gc.freeze() each batch before screening it")
    parser.add_argument("--registry", action="store_true", help="also time writing them to a SQLite registry "
                                                                "and loading them back")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed part to FILE")
    args = parser.parse_args()

    trials = load_trials()
    evaluate(next(iter(trials.values())), demo_patient(0, SEED, TODAY)[2], TODAY)  # warm-up: vocabulary loaded
    figures = Figures()
    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    for batch in batches(args.patients, args.thin):
        if args.freeze_batches:
            gc.freeze()
        if profiler:
            profiler.enable()
        prescreen(batch, trials, figures)
        if profiler:
            profiler.disable()
        if args.freeze_batches:
            gc.unfreeze()
    figures.building_seconds = time.perf_counter() - started - figures.seconds
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"profile written to {args.profile} (timings below include profiling overhead)")
    report(figures, trials, args.thin, args.freeze_batches)
    if args.registry:
        bench_registry(args.patients, args.thin)


if __name__ == "__main__":
    main()
