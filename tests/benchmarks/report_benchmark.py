"""Report benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/report_benchmark.py [--rows 1000] [--out FOLDER]

Render-only times of the screening PDFs (coordinator.reports), without signing. Issue 5's
targets include the signature: one checklist PDF, signed, in <= 1 s; a 1,000-row screening log
PDF, signed, in <= 3 s. The checklist is a real one (a demo patient evaluated against its
trial, with an override and a manual answer); the log's rows carry the screen-failure reasons
of real checklists. --out keeps the PDFs (e.g. to look at them with pdftoppm).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.demo import demo_patient  # noqa: E402
from coordinator.eligibility import Decision, evaluate  # noqa: E402
from coordinator.names import initials  # noqa: E402
from coordinator.reports import (CONFIRMED_BY_INVESTIGATOR, LOG_REVIEWED, PREPARED_BY, ChecklistReport,  # noqa: E402
                                 LogRow, ScreeningLogReport, SignatureBlock, Site, TrialInfo, failure_reasons,
                                 render_checklist, render_screening_log, write_pdf_atomically)
from coordinator.reports import fonts  # noqa: E402
from coordinator.rules import NEEDS_REVIEW, UNKNOWN, YES  # noqa: E402
from coordinator.trial import load_trials  # noqa: E402

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
SITE = Site("北京协和医院 Peking Union Medical College Hospital", "北京市东城区帅府园1号", "Asia/Shanghai")
NCT = "NCT05916781"


def checklist_report() -> ChecklistReport:
    nct, _, patient = demo_patient(0, seed=1, today=TODAY)
    trial = load_trials()[nct]
    checklist = evaluate(trial, patient, TODAY)
    open_ids = [r.id for r in checklist.criteria if r.auto in (UNKNOWN, NEEDS_REVIEW)]
    checklist = checklist.with_decisions(
        {open_ids[1]: Decision(open_ids[1], YES, "陈静 (CJ)", "患者同意 physician agrees", NOW)},
        {open_ids[0]: Decision(open_ids[0], YES, "李梦涛", "Reading confirmed with the sponsor's medical monitor",
                               NOW)})
    return ChecklistReport(
        site=SITE, trial=TrialInfo.of(trial), screening_label=f"{nct}-S0001", patient_initials=initials(patient.name),
        age=38, sex=str(patient.sex), status="ready_for_review", checklist=checklist, document_id="TD-BENCH-CHK",
        generated_at=NOW, signatures=(SignatureBlock(PREPARED_BY, "陈静 (CJ)", "coordinator", NOW, "chenjing"),
                                      SignatureBlock(CONFIRMED_BY_INVESTIGATOR, "李梦涛", "investigator", NOW, "limt")))


def log_report(count: int) -> ScreeningLogReport:
    trial = load_trials()[NCT]
    made_for_trial = [i for i in range(40) if demo_patient(i, seed=1, today=TODAY)[0] == NCT]
    samples = []
    for index in made_for_trial:
        _, _, patient = demo_patient(index, seed=1, today=TODAY)
        samples.append((initials(patient.name), str(patient.sex), failure_reasons(evaluate(trial, patient, TODAY), 60)))
    rows = []
    for n in range(1, count + 1):
        name, sex, reasons = samples[n % len(samples)]
        outcome = "screen_failure" if reasons else ("pending", "eligible", "enrolled")[n % 3]
        day = dt.date(2026, 1, 5) + dt.timedelta(days=n // 4)
        enrolled = outcome == "enrolled"
        rows.append(LogRow(f"{NCT}-S{n:04d}", day, name, 20 + n % 50, sex, outcome, reasons,
                           day if outcome in ("eligible", "enrolled") else None, f"PUMC-{n:04d}" if enrolled else None,
                           "mmf_tac" if enrolled else None, "患者拒绝随访 declined follow-up" if n % 40 == 0 else ""))
    return ScreeningLogReport(SITE, TrialInfo.of(trial), dt.date(2026, 1, 1), dt.date(2026, 12, 31), rows,
                              (SignatureBlock(LOG_REVIEWED, "李梦涛", "investigator"),), "TD-BENCH-LOG", NOW)


def timed(render, report, repeat: int) -> tuple[bytes, list[float]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        data = render(report)
        times.append(time.perf_counter() - started)
    return data, times


def run(rows: int, out: Path) -> None:
    started = time.perf_counter()
    fonts.register()
    print(f"font (load and register, once per process): {time.perf_counter() - started:6.3f} s")

    checklist = checklist_report()
    data, times = timed(render_checklist, checklist, 5)
    print(f"checklist ({len(checklist.checklist.criteria)} criteria): first {times[0]:6.3f} s, "
          f"median {statistics.median(times):6.3f} s, {len(data) / 1024:.0f} KiB   (target with signing <= 1 s)")
    started = time.perf_counter()
    write_pdf_atomically(out / "checklist.pdf", data)
    print(f"  atomic write: {(time.perf_counter() - started) * 1000:.1f} ms -> {out / 'checklist.pdf'}")

    log = log_report(rows)
    data, times = timed(render_screening_log, log, 3)
    print(f"screening log ({rows} rows): first {times[0]:6.3f} s, median {statistics.median(times):6.3f} s, "
          f"{len(data) / 1024:.0f} KiB   (target with signing <= 3 s)")
    print(f"  outcomes: {log.outcome_counts()}")
    write_pdf_atomically(out / "screening_log.pdf", data)
    print(f"  -> {out / 'screening_log.pdf'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        run(args.rows, args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args.rows, Path(folder))


if __name__ == "__main__":
    main()
