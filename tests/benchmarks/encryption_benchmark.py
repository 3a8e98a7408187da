"""What encryption costs: prints figures, asserts nothing (target: each within 1.3x of clear).

    python tests/benchmarks/encryption_benchmark.py [--import-patients 10000] [--observations 50]
        [--search-patients 100000] [--prescreen-patients 5000] [--alert-patients 2000] [--repeat 2]

The same work on a clear registry (Python's sqlite3) and on an encrypted one (SQLCipher 4 through
sqlcipher3, AES-256, the key given raw), each set up as a site is (`encrypt_registry`), runs
alternating clear / encrypted `--repeat` times so that a noisy machine's drift falls on both;
the best of each is compared:
1. import: a record file of N patients x M observations, as `trialdesk import` writes it;
2. search among S patients by registry number, initials and pinyin prefix (median per query);
3. load and pre-screen P demo patients against the five trials (one worker: the cost is the load);
4. the alerts view (db.followup.registry_alerts) for F enrolled patients on tacrolimus, and
   `trialdesk alerts --json` as a new process (signing in unlocks the registry: one more Argon2id).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_benchmark import synthetic, write_record_file  # noqa: E402

from coordinator.records.demo import demo_enrolled_patient, demo_patient  # noqa: E402
from coordinator.records.names import initials, pinyin_key  # noqa: E402
from coordinator.screening.prescreen import prescreen  # noqa: E402
from coordinator.screening.trial_library import load_trials  # noqa: E402
from coordinator.screening.workflow import Actor, Role  # noqa: E402
from db.accounts import AccountRepository  # noqa: E402
from db.encrypting import encrypt_registry  # noqa: E402
from db.followup import registry_alerts  # noqa: E402
from db.importer import import_records  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402

PASSWORD = "granite tulip 1987"
ADMIN = Actor("bench", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
TODAY = dt.date(2026, 11, 1)
MODES = ("clear", "encrypted")


def site(path: Path, encrypted: bool) -> Registry:
    """A new registry set up for a site, encrypted as set-up does it or left clear."""
    opened = Registry.open(path)
    with opened.writing() as session:
        AccountRepository(session).set_up(site_name="Benchmark site", address=None, timezone="Asia/Shanghai",
                                          username="bench", printed_name="Bench Mark", password=PASSWORD)
    if encrypted:
        encrypt_registry(opened, ADMIN, PASSWORD, backup_first=False)
    return opened


def alternate(label: str, repeat: int, run: Callable[[bool, int], float], unit: str = "s") -> None:
    """`run(encrypted, round)` returns a figure; the best of each mode is printed, with their ratio."""
    figures: dict[str, list[float]] = {mode: [] for mode in MODES}
    for round_ in range(repeat):
        for mode in MODES:
            figures[mode].append(run(mode == "encrypted", round_))
    clear, encrypted = min(figures["clear"]), min(figures["encrypted"])
    print(f"{label:<44} clear {clear:8.3f} {unit}, encrypted {encrypted:8.3f} {unit}: "
          f"{encrypted / clear:.2f}x (target <= 1.3x)", flush=True)


def bench_import(folder: Path, count: int, observations: int, repeat: int) -> None:
    file = folder / "import.json"
    write_record_file(file, count, observations)

    def run(encrypted: bool, round_: int) -> float:
        registry = site(folder / f"import-{encrypted}-{round_}.sqlite3", encrypted)
        started = time.perf_counter()
        with file.open("rb") as stream:
            outcome = import_records(registry, stream, file.name, "bench")
        seconds = time.perf_counter() - started
        assert outcome.accepted and outcome.imported == count, outcome.problems[:3]
        registry.close()
        return seconds

    alternate(f"import {count:,} x {observations} observations", repeat, run)


def bench_search(folder: Path, count: int, repeat: int) -> None:
    patients = synthetic(count, 2, seed=2)
    sample = random.Random(3).sample(patients, 200)
    queries = [p.registry_no for p in sample] + [initials(p.name) for p in sample] + \
              [pinyin_key(p.name)[:5] for p in sample]
    registries = {}
    for encrypted in (False, True):
        registries[encrypted] = site(folder / f"search-{encrypted}.sqlite3", encrypted)
        with registries[encrypted].writing() as session:
            PatientRepository(session, "bench").add(patients, reason="benchmark")

    def run(encrypted: bool, _round: int) -> float:
        timings = []
        with registries[encrypted].reading() as session:
            repository = PatientRepository(session, "bench")
            repository.search("warm-up")
            for text in queries:
                started = time.perf_counter()
                repository.search(text, limit=50)
                timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    alternate(f"search among {count:,} (median of {len(queries)})", repeat, run, "ms")
    for registry in registries.values():
        registry.close()


def bench_prescreen(folder: Path, count: int, repeat: int) -> None:
    trials = list(load_trials().values())
    patients = [demo_patient(i, seed=1, today=TODAY)[2] for i in range(count)]
    registries = {}
    for encrypted in (False, True):
        registries[encrypted] = site(folder / f"prescreen-{encrypted}.sqlite3", encrypted)
        with registries[encrypted].writing() as session:
            PatientRepository(session, "bench").add(patients, reason="benchmark")

    def run(encrypted: bool, _round: int) -> float:
        started = time.perf_counter()
        with registries[encrypted].reading() as session:
            screened = sum(1 for _ in prescreen(PatientRepository(session, "bench").iter_all(), trials, TODAY,
                                                workers=1))
        assert screened == count * len(trials)
        return time.perf_counter() - started

    alternate(f"load and pre-screen {count:,} x {len(trials)} trials", repeat, run)
    for registry in registries.values():
        registry.close()


def bench_alerts(folder: Path, count: int, repeat: int) -> None:
    trials = load_trials()
    patients = [demo_enrolled_patient(i, seed=1, today=TODAY) for i in range(count)]
    registries, paths = {}, {}
    for encrypted in (False, True):
        paths[encrypted] = folder / f"alerts-{encrypted}.sqlite3"
        registries[encrypted] = site(paths[encrypted], encrypted)
        with registries[encrypted].writing() as session:
            PatientRepository(session, "bench").add(patients, reason="benchmark")
    reader = Actor("bench", Role.INVESTIGATOR)

    def view(encrypted: bool, _round: int) -> float:
        started = time.perf_counter()
        with registries[encrypted].reading() as session:
            registry_alerts(session, reader, trials.values(), TODAY)
        return time.perf_counter() - started

    alternate(f"alerts view, {count:,} enrolled patients", repeat, view)
    for registry in registries.values():
        registry.close()

    def command(encrypted: bool, _round: int) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from ui.cli.main import main; sys.exit(main())",
                        "--db", str(paths[encrypted]), "--user", "bench", "alerts", "--on", TODAY.isoformat(),
                        "--json"], cwd=ROOT, env=dict(os.environ, TRIALDESK_PASSWORD=PASSWORD),
                       capture_output=True, check=True)
        return time.perf_counter() - started

    alternate(f"trialdesk alerts --json (process), {count:,}", repeat, command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--import-patients", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=50)
    parser.add_argument("--search-patients", type=int, default=100_000)
    parser.add_argument("--prescreen-patients", type=int, default=5_000)
    parser.add_argument("--alert-patients", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        bench_import(Path(folder), args.import_patients, args.observations, args.repeat)
        bench_search(Path(folder), args.search_patients, args.repeat)
        bench_prescreen(Path(folder), args.prescreen_patients, args.repeat)
        bench_alerts(Path(folder), args.alert_patients, args.repeat)


if __name__ == "__main__":
    main()
