"""Registry benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/registry_benchmark.py [--patients 100000] [--observations 50]
        [--search-patients 100000]

1. Import: a record file of N patients x M observations, read patient by patient, validated and
   written in one transaction, exactly as `trialdesk import` does, in a process of its own so
   that its peak memory is the import's (targets for 100,000 x 50: <= 100 s, <= 500 MB).
2. The registry file size.
3. Search among 100,000 patients by registry number, initials and name / pinyin prefix
   (target <= 20 ms per query).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
import resource
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.records.demo import SURNAMES, GIVEN  # noqa: E402
from coordinator.records.record import Observation, Patient  # noqa: E402
from coordinator.records.record_io import dump_records  # noqa: E402
from db.importer import import_records  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402

LABS = [("creatinine", "umol/L", 50, 140), ("alt", "U/L", 10, 60), ("ast", "U/L", 10, 60),
        ("albumin", "g/L", 25, 45), ("urine_protein_24h", "g/24h", 0.1, 6), ("wbc", "10^9/L", 3, 9),
        ("platelets", "10^9/L", 100, 350), ("haemoglobin", "g/L", 90, 150), ("c3", "g/L", 0.4, 1.4),
        ("glucose_fasting", "mmol/L", 4, 7)]


def synthetic(count: int, observations: int, seed: int = 1, first: int = 0) -> list[Patient]:
    rng = random.Random(seed)
    today = dt.date(2026, 11, 1)
    patients = []
    for index in range(first, first + count):
        obs = []
        for k in range(observations):
            code, unit, low, high = LABS[k % len(LABS)]
            obs.append(Observation(code=code, date=today - dt.timedelta(days=7 * (k // len(LABS)) + rng.randint(0, 6)),
                                   value=round(rng.uniform(low, high), 1), unit=unit))
        patients.append(Patient(
            registry_no=f"P{index:06d}", name=rng.choice(SURNAMES[:-2]) + rng.choice(GIVEN) + rng.choice(GIVEN),
            sex=rng.choice("FM"), birth_date=dt.date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            record_no=f"H{index:08d}", observations=obs))
    return patients


def write_record_file(path: Path, count: int, observations: int, chunk: int = 1000) -> None:
    """The file `dump_records` would write, made a thousand patients at a time (bounded memory)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "format": "trialdesk-patients",\n  "version": 1,\n  "patients": [\n')
        for start in range(0, count, chunk):
            patients = synthetic(min(chunk, count - start), observations, seed=start + 1, first=start)
            text = dump_records(patients)
            body = text[text.index("[") + 1:text.rindex("]")].strip("\n")
            out.write(("," if start else "") + body + "\n")
        out.write("  ]\n}\n")


def import_in_this_process(file: Path, db: Path) -> None:
    registry = Registry.open(db)
    started = time.perf_counter()
    with file.open("rb") as stream:
        outcome = import_records(registry, stream, file.name, "bench")
    finished = time.perf_counter()
    assert outcome.accepted, outcome.problems[:3]
    registry.close()
    print(f"{outcome.imported} {finished - started:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f}")


def bench_import(folder: Path, count: int, observations: int) -> Path:
    file = folder / "import.json"
    write_record_file(file, count, observations)
    db = folder / "import.sqlite3"
    Registry.open(db).close()
    answer = subprocess.run([sys.executable, __file__, "--import-file", str(file), str(db)],
                            check=True, capture_output=True, text=True).stdout.split()
    imported, seconds, peak = int(answer[0]), float(answer[1]), answer[2]
    assert imported == count, answer
    print(f"import {count:,} patients x {observations} observations ({file.stat().st_size / 1e6:.1f} MB JSON): "
          f"{seconds:.2f} s (target <= 100 s for 100,000 x 50), {count / seconds:,.0f} patients/s; "
          f"peak resident memory {peak} MB (target <= 500 MB)")
    size = sum(p.stat().st_size for p in folder.glob("import.sqlite3*"))
    print(f"registry file size: {size / 1e6:.1f} MB ({size / (count * (observations + 1)):.0f} bytes per row)")
    return db


def bench_search(folder: Path, count: int) -> None:
    registry = Registry.open(folder / "search.sqlite3")
    patients = synthetic(count, 2, seed=2)
    with registry.writing() as session:
        PatientRepository(session, "bench").add(patients, reason="benchmark")
    rng = random.Random(3)
    sample = rng.sample(patients, 200)
    from coordinator.records.names import initials, pinyin_key

    queries = {
        "registry number": [p.registry_no for p in sample],
        "record number": [p.record_no for p in sample],
        "initials": [initials(p.name) for p in sample],
        "name prefix (2 characters)": [p.name[:2] for p in sample],
        "pinyin prefix": [pinyin_key(p.name)[:5] for p in sample],
    }
    with registry.reading() as session:
        repository = PatientRepository(session, "bench")
        repository.search("warm-up")
        for label, texts in queries.items():
            timings = []
            for text in texts:
                started = time.perf_counter()
                found = repository.search(text, limit=50)
                timings.append((time.perf_counter() - started) * 1000)
                assert found, text
            print(f"search among {count:,} by {label}: median {statistics.median(timings):.2f} ms, "
                  f"p95 {statistics.quantiles(timings, n=20)[18]:.2f} ms, max {max(timings):.2f} ms "
                  f"(target <= 20 ms)")
    registry.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=50)
    parser.add_argument("--search-patients", type=int, default=100_000)
    parser.add_argument("--import-file", nargs=2, type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.import_file:
        import_in_this_process(*args.import_file)
        return
    with tempfile.TemporaryDirectory() as folder:
        bench_import(Path(folder), args.patients, args.observations)
        bench_search(Path(folder), args.search_patients)


if __name__ == "__main__":
    main()
