"""Pre-screen benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/prescreen_benchmark.py [--patients 10000] [--thin] [--workers 1 2]
        [--repeat 3] [--chunk N] [--check 500] [--freeze-batches] [--registry] [--profile FILE]

Every patient is checked against all five trials on one screening date by
coordinator.screening.prescreen.prescreen(), the function `trialdesk prescreen` calls: each trial compiled
once for verdicts, each patient's facts built once and shared by the five trials, chunks of
patients screened in parallel by forked worker processes (target <= 5 s for 10,000 patients x 5
trials).

The demo patients (coordinator.records.demo) are thin: one visit's labs (about 28 observations, all
within the last few weeks) and two or three medications. A patient of the lupus clinic has
years of follow-up, so unless `--thin` is given each demo patient is enriched here with a
visit every 6-10 weeks over the two years before its recent labs (the codes it already has,
values around its own, now and then in another lab's unit; complement and anti-dsDNA for the
lupus patients; serology twice a year), old steroid tapers and a treated, resolved infection:
about 290 observations and 7 medication records each. Nothing is added in the last 45 days,
so the recent labs the demo chose stay the latest ones and the verdicts stay those of the demo.

All patients are made first (not timed; 500 at a time, as PatientRepository.iter_all loads a
registry), then each run (each `--workers` value, `--repeat` times) is one timed prescreen()
over them all, as `trialdesk prescreen` screens the patients the registry yields. Printed: wall
time, CPU time of this process and of the worker processes, criteria per second, peak memory.
`--freeze-batches` freezes the patients (gc.freeze) before screening, so that the cyclic garbage
collector stops re-scanning them. `--check N` compares the first N patients' verdicts with a
full evaluate() of each trial (not timed). With `--registry` the patients are also written to a
temporary SQLite registry and loaded back, and the load is timed (separately), then loading and
pre-screening together, as the command does them.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.records.demo import demo_patient  # noqa: E402
from coordinator.screening.eligibility import Verdict, evaluate  # noqa: E402
from coordinator.screening.facts import PatientFacts  # noqa: E402
from coordinator.screening.prescreen import PrescreenResult, available_cpus, prescreen  # noqa: E402
from coordinator.records.record import Condition, Medication, Observation, Patient  # noqa: E402
from coordinator.screening.trial import Trial  # noqa: E402
from coordinator.screening.trial_library import load_trials  # noqa: E402

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


def bench_registry(count: int, thin: bool, trials: list[Trial], workers: list[int], chunk: int | None) -> None:
    """Write the patients to a SQLite registry, time loading them back, and loading them back and
    pre-screening them as `trialdesk prescreen` does (the workers screen while this process
    loads the next patients)."""
    from db.patients import PatientRepository
    from db.registry import Registry

    with tempfile.TemporaryDirectory() as folder:
        registry = Registry.open(Path(folder) / "prescreen.sqlite3")
        started = time.perf_counter()
        for batch in batches(count, thin):
            with registry.writing() as session:
                PatientRepository(session, "bench").add([patient for _, _, patient in batch], reason="benchmark")
        written = time.perf_counter() - started
        for _ in range(2):  # the first read warms the file's pages: the second is timed
            started = time.perf_counter()
            with registry.reading() as session:
                loaded = sum(1 for _ in PatientRepository(session, "bench").iter_all())
            read = time.perf_counter() - started
        print(f"registry: wrote {count:,} patients in {written:.1f} s (building them included); loaded them back "
              f"(iter_all, batches of 500) in {read:.2f} s ({read / loaded * 1000:.2f} ms per patient)")
        for each in workers:
            started = time.perf_counter()
            with registry.reading() as session:
                screened = sum(1 for _ in prescreen(PatientRepository(session, "bench").iter_all(), trials, TODAY,
                                                    workers=each, chunk=chunk))
            both = time.perf_counter() - started
            print(f"  loaded and pre-screened ({screened:,} results), workers {each}: {both:.2f} s, "
                  f"{both - read:+.2f} s on loading alone")
        registry.close()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_prescreen(patients: list[Patient], trials: list[Trial], workers: int, chunk: int | None,
                    profiler: cProfile.Profile | None) -> tuple[list[PrescreenResult], float, float, float]:
    """(results, wall seconds, CPU seconds here, CPU seconds of the workers)."""
    children = _children_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    results = list(prescreen(patients, trials, TODAY, workers=workers, chunk=chunk))
    if profiler:
        profiler.disable()
    return results, time.perf_counter() - started, time.process_time() - cpu, _children_cpu() - children


def check(patients: list[Patient], trials: list[Trial], results: list[PrescreenResult]) -> str:
    """The pre-screen's verdicts against a full evaluate() of each trial, for these patients."""
    differing = 0
    found = iter(results)
    for patient in patients:
        facts = PatientFacts(patient)
        for trial in trials:
            checklist, result = evaluate(trial, facts, TODAY), next(found)
            if (result.trial_id, result.verdict, result.failed, result.open) != \
                    (trial.trial_id, checklist.verdict, tuple(checklist.failed), tuple(checklist.open)):
                differing += 1
    return (f"identical to evaluate() for the first {len(patients):,} patients x {len(trials)} trials"
            if not differing else f"DIFFERENT from evaluate() in {differing:,} of {len(patients) * len(trials):,}")


def tally(results: list[PrescreenResult], made_for: list[tuple[str, str]], trials: list[Trial]) -> None:
    verdicts: dict[str, Counter] = defaultdict(Counter)
    own: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for index, result in enumerate(results):
        verdicts[result.trial_id][result.verdict] += 1
        if result.trial_id == made_for[index // len(trials)][0]:
            own[made_for[index // len(trials)]][str(result.verdict)] += 1
    print("verdicts per trial: " + " / ".join(Verdict))
    for trial in trials:
        print(f"  {trial.trial_id}: " + " / ".join(f"{verdicts[trial.trial_id][verdict]:,}" for verdict in Verdict))
    print("patients screened for the trial they were made for (demo variant: verdicts)")
    for (trial_id, variant), counts in sorted(own.items()):
        print(f"  {trial_id} {variant:<22} " + ", ".join(f"{label} {n:,}" for label, n in sorted(counts.items())))


def make_patients(count: int, thin: bool) -> tuple[list[Patient], list[tuple[str, str]]]:
    """The patients, and for each the trial and demo variant it was made for."""
    patients, made_for = [], []
    for batch in batches(count, thin):
        patients += [patient for _, _, patient in batch]
        made_for += [(trial, variant) for trial, variant, _ in batch]
    return patients, made_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--thin", action="store_true", help="the demo patients as they are, not enriched")
    parser.add_argument("--workers", type=int, nargs="+", default=[available_cpus()],
                        help=f"worker processes, one run for each value given (default {available_cpus()}, "
                             "one per CPU)")
    parser.add_argument("--chunk", type=int, help="patients per worker process (default: prescreen()'s)")
    parser.add_argument("--repeat", type=int, default=1, help="time each run this many times (min and median)")
    parser.add_argument("--check", type=int, default=500, metavar="N",
                        help="compare the first N patients with a full evaluate() (default 500; 0: no check)")
    parser.add_argument("--freeze-batches", action="store_true",
                        help="gc.freeze() the patients before screening them")
    parser.add_argument("--registry", action="store_true", help="also time writing them to a SQLite registry "
                                                                "and loading them back")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed part to FILE (this "
                                                          "process only: use with --workers 1)")
    args = parser.parse_args()

    trials = list(load_trials().values())
    list(prescreen([demo_patient(0, SEED, TODAY)[2]], trials, TODAY, workers=1))  # warm-up: vocabulary loaded
    started = time.perf_counter()
    patients, made_for = make_patients(args.patients, args.thin)
    building = time.perf_counter() - started
    count = len(patients)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"{count:,} {'thin' if args.thin else 'enriched'} demo patients, built in {building:.1f} s (not timed): "
          f"{sum(len(p.observations) for p in patients) / count:.0f} observations and "
          f"{sum(len(p.medications) for p in patients) / count:.1f} medications per patient; resident memory "
          f"{before:.0f} MB with them")
    criteria = count * sum(len(trial.criteria) for trial in trials)
    print(f"pre-screen: {count:,} patients x {len(trials)} trials, {criteria:,} criteria"
          + (f", chunks of {args.chunk} patients" if args.chunk else "")
          + (", patients frozen (gc.freeze)" if args.freeze_batches else ""))
    if args.freeze_batches:
        gc.freeze()
    profiler = cProfile.Profile() if args.profile else None
    results: list[PrescreenResult] = []
    for workers in args.workers:
        walls = []
        for _ in range(args.repeat):
            results, wall, cpu, workers_cpu = timed_prescreen(patients, trials, workers, args.chunk, profiler)
            walls.append(wall)
            print(f"  workers {workers}: total {wall:.2f} s (target <= 5 s for 10,000 patients), CPU {cpu:.2f} s here "
                  f"+ {workers_cpu:.2f} s in workers, {criteria / wall:,.0f} criteria/s, "
                  f"{wall / count * 1000:.3f} ms per patient")
        if args.repeat > 1:
            print(f"  workers {workers}: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s "
                  f"of {args.repeat} runs")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB in this process "
          f"({before:.0f} MB before screening), "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3:.0f} MB the largest worker "
          "(the pages it shares with this process counted in full)")
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"profile written to {args.profile} (timings above include profiling overhead)")
    if args.check:
        print(check(patients[:args.check], trials, results[:args.check * len(trials)]))
    tally(results, made_for, trials)
    if args.registry:
        del patients, results
        bench_registry(args.patients, args.thin, trials, args.workers, args.chunk)


if __name__ == "__main__":
    main()
