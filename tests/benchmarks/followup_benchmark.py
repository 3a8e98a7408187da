"""Follow-up benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/followup_benchmark.py [--patients 2000] [--repeat 3]

A registry of N synthetic patients on the tacrolimus arm of NCT03864250, each with about a year
of visits, creatinine, troughs, liver tests and proteinuria (coordinator.records.demo). Then, each
repeated and shown as min / median of wall time (and CPU time):
1. load: the enrolled patients' partial records the alerts read (db.patients.iter_enrolled with
   coordinator.followup.engine.alert_reads), and for comparison the whole records;
2. engine: follow_up() for every patient as the alerts view runs it (no dose plan, no
   responses), and for comparison everything one patient's page computes;
3. the alerts view: load + compute + acknowledgements (db.followup.registry_alerts, what the
   window and `trialdesk alerts` both call; target <= 2 s for 2,000);
4. `trialdesk alerts --json` end to end as a site runs it: a new Python process that starts,
   imports, signs in (one Argon2id check, about 0.2 s by design), opens the registry, loads,
   computes and prints (target <= 2 s for 2,000).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coordinator.records.demo import demo_enrolled_patient  # noqa: E402
from coordinator.screening.facts import PatientFacts  # noqa: E402
from coordinator.followup.engine import alert_reads, follow_up  # noqa: E402
from coordinator.screening.workflow import Actor, Role  # noqa: E402
from coordinator.screening.trial_library import load_trials  # noqa: E402
from db.accounts import AccountRepository  # noqa: E402
from db.followup import registry_alerts  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402

TODAY = dt.date(2026, 11, 23)
PASSWORD = "quiet harbour 2026"
READER = Actor("bench", Role.COORDINATOR)


def timed(label: str, run: Callable[[], object], repeat: int, note: str = "") -> object:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"{label:<34} wall min {min(walls):5.2f} s, median {statistics.median(walls):5.2f} s; "
          f"CPU min {min(cpus):5.2f} s{note}")
    return result


def end_to_end(db: str, repeat: int) -> None:
    command = [sys.executable, "-c", "import sys; from ui.cli.main import main; sys.exit(main())",
               "--db", db, "--user", "bench", "alerts", "--on", TODAY.isoformat(), "--json"]
    environment = dict(os.environ, TRIALDESK_PASSWORD=PASSWORD)
    walls, cpus, items = [], [], 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        items = done.stdout.count('"patient"')
    print(f"{'trialdesk alerts --json (process)':<34} wall min {min(walls):5.2f} s, median "
          f"{statistics.median(walls):5.2f} s; CPU min {min(cpus):5.2f} s  ({items} items; target <= 2 s)")


def run(count: int, repeat: int) -> None:
    patients = [demo_enrolled_patient(i, seed=1, today=TODAY) for i in range(count)]
    observations = sum(len(p.observations) for p in patients)
    visits = sum(len(p.studies[0].visits) for p in patients)
    print(f"{count} enrolled patients, {observations} observations, {visits} visits; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    trials = load_trials()
    reads = alert_reads(trials.values())

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "followup.sqlite3")
        registry = Registry.open(db)
        with registry.writing() as session:
            AccountRepository(session).set_up(site_name="Benchmark site", address=None, timezone="Asia/Shanghai",
                                              username="bench", printed_name="Bench Mark", password=PASSWORD)
            PatientRepository(session, "benchmark").add(patients)
        del patients  # the figures below should not pay for a heap the CLI would not have
        gc.collect()

        def load(partial: bool) -> list:
            with registry.reading() as session:
                return list(PatientRepository(session, "bench").iter_enrolled(reads=reads if partial else None))

        timed("load, whole records", lambda: load(False), repeat)
        partial = timed("load, partial records (alerts)", lambda: load(True), repeat)

        def engine(records: list, everything: bool) -> collections.Counter:
            counts: collections.Counter = collections.Counter()
            for patient in records:
                result = follow_up(trials[patient.studies[0].trial], PatientFacts(patient), TODAY,
                                   with_dose_plan=everything, with_responses=everything)
                counts.update(a.action for a in result.actions)
                counts.update(f"alert:{a.kind}" for a in result.alerts)
            return counts

        counts = timed("engine, alerts only", lambda: engine(partial, False), repeat)
        partial = None  # freed before the whole records load
        whole = load(False)
        timed("engine, everything (whole records)", lambda: engine(whole, True), repeat)
        print("  due: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
        whole = None
        gc.collect()

        def view() -> list:
            with registry.reading() as session:
                return registry_alerts(session, READER, trials.values(), TODAY)

        items = timed("alerts view (load + compute)", view, repeat)
        print(f"  {len(items)} items; target <= 2 s for 2,000 patients")
        registry.close()
        end_to_end(db, repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process): {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    run(arguments.patients, arguments.repeat)
