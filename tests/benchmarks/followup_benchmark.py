"""Follow-up benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/followup_benchmark.py [--patients 2000]

A registry of N synthetic patients on the tacrolimus arm of NCT03864250, each with about a year
of visits, creatinine, troughs, liver tests and proteinuria (coordinator.demo). Then:
1. the engine alone: follow_up() for every patient, in memory;
2. `trialdesk alerts --json` end to end, as a site runs it: load every enrolled patient from the
   registry, replay every rule, print what is due or overdue (target <= 2 s for 2,000). It
   includes signing in (one Argon2id check, about 0.2 s by design).
"""

from __future__ import annotations

import argparse
import collections
import os
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from click.testing import CliRunner  # noqa: E402

from coordinator.demo import demo_enrolled_patient  # noqa: E402
from coordinator.facts import PatientFacts  # noqa: E402
from coordinator.followup import follow_up  # noqa: E402
from coordinator.trial import load_trials  # noqa: E402
from db.accounts import AccountRepository  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402
from ui.cli import main as trialdesk  # noqa: E402

TODAY = dt.date(2026, 11, 23)
PASSWORD = "quiet harbour 2026"


def run(count: int) -> None:
    patients = [demo_enrolled_patient(i, seed=1, today=TODAY) for i in range(count)]
    observations = sum(len(p.observations) for p in patients)
    visits = sum(len(p.studies[0].visits) for p in patients)
    print(f"{count} enrolled patients, {observations} observations, {visits} visits")

    trial = load_trials()["NCT03864250"]
    started = time.perf_counter()
    counts: collections.Counter = collections.Counter()
    for patient in patients:
        result = follow_up(trial, PatientFacts(patient), TODAY)
        counts.update(a.action for a in result.actions)
        counts.update(f"alert:{a.kind}" for a in result.alerts)
    engine = time.perf_counter() - started
    print(f"engine only:        {engine:6.2f} s  ({engine / count * 1000:.2f} ms per patient)")
    print("  due: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "followup.sqlite3")
        registry = Registry.open(db)
        with registry.writing() as session:
            AccountRepository(session).set_up(site_name="Benchmark site", address=None, timezone="Asia/Shanghai",
                                              username="bench", printed_name="Bench Mark", password=PASSWORD)
            PatientRepository(session, "benchmark").add(patients)
        registry.close()
        os.environ["TRIALDESK_PASSWORD"] = PASSWORD
        started = time.perf_counter()
        result = CliRunner().invoke(trialdesk, ["--db", db, "--user", "bench", "alerts", "--on", TODAY.isoformat(),
                                                "--json"])
        end_to_end = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        items = result.stdout.count('"patient"')
        print(f"alerts end to end:  {end_to_end:6.2f} s  ({items} items; target <= 2 s for 2,000 patients)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    run(parser.parse_args().patients)
