"""Pre-screen end to end: `trialdesk prescreen --json` in a fresh process over a registry of
patients with realistic histories. Prints figures, asserts nothing.

    python tests/benchmarks/prescreen_end_to_end.py [--patients 10000 100000] [--workers 1 2]
        [--repeat 3] [--keep FOLDER]

For each patient count, a SQLite registry of the pre-screen benchmark's enriched demo patients
(about 290 observations and 7 medication records each: two years of a lupus clinic's follow-up)
is built once (not timed; kept in --keep FOLDER to reuse), with a site's accounts. Then each run
starts the command line as a site would (a new Python process: imports, sign-in, reading the
registry, screening all five trials, classifying what the open criteria ask, writing the JSON
to /dev/null) and prints its wall time, the criteria per second, and the peak memory of the
process and of its largest worker. Targets: <= 3 s for 10,000 patients x 5 trials, growing
linearly (<= 30 s for 100,000), peak memory <= 500 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.prescreen_benchmark import TODAY, batches  # noqa: E402

PASSWORD = "granite tulip 1987"


def build(path: Path, count: int) -> None:
    from db.patients import PatientRepository
    from db.registry import Registry
    from tests.ui.conftest import set_up_site

    set_up_site(str(path))
    registry = Registry.open(path)
    started = time.perf_counter()
    for batch in batches(count, thin=False):
        with registry.writing() as session:
            PatientRepository(session, "bench").add([patient for _, _, patient in batch], reason="benchmark")
    registry.close()
    print(f"built {path.name}: {count:,} patients in {time.perf_counter() - started:.0f} s (not timed)")


def run_once(path: Path, workers: int | None) -> tuple[float, int]:
    """Wall seconds, and the peak memory (MB) of the process or of its largest worker."""
    command = [sys.executable, "-c", "import sys; sys.argv[0] = 'trialdesk'; from ui.launcher import main; main()",
               "--db", str(path), "--user", "ann", "prescreen", "--on", TODAY.isoformat(), "--json"]
    if workers is not None:
        command += ["--workers", str(workers)]
    environment = {**os.environ, "TRIALDESK_PASSWORD": PASSWORD, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"prescreen failed ({status}): {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    # ru_maxrss of a waited child: the largest of it and the children it waited for (its workers)
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[0], help="0: the command's default")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the registries in")
    args = parser.parse_args()

    from coordinator.screening.trial_library import load_trials

    trials = list(load_trials().values())
    criteria = sum(len(trial.criteria) for trial in trials)
    folder = args.keep or Path(os.environ.get("TMPDIR", "/tmp")) / "trialdesk-prescreen-bench"
    folder.mkdir(parents=True, exist_ok=True)
    for count in args.patients:
        path = folder / f"registry-{count}.sqlite3"
        if not path.exists():
            build(path, count)
        run_once(path, 1)  # the file's pages in the page cache, as on a workstation in use
        for workers in args.workers:
            runs = [run_once(path, workers or None) for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            print(f"{count:,} patients x {len(trials)} trials, workers {workers or 'default'}: "
                  f"{wall:.2f} s end to end (median of {len(runs)}; {min(r[0] for r in runs):.2f}-"
                  f"{max(r[0] for r in runs):.2f}), {count * criteria / wall:,.0f} criteria/s, "
                  f"{wall / count * 1000:.3f} ms per patient, peak memory {memory} MB")


if __name__ == "__main__":
    main()
