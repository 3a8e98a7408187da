"""Report benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/report_benchmark.py [--rows 1000] [--repeat 3] [--out FOLDER]

1. Render-only times of the screening PDFs (coordinator.reports), without signing. The
   checklist is a real one (a demo patient evaluated against its trial, with an override and a
   manual answer); the log's rows carry the screen-failure reasons of real checklists.
2. Signed, end to end from a registry (db.reports, as `trialdesk report --sign` and `log --sign`
   run them): read the screening(s), render, PAdES-sign as the electronic signature shows,
   audit, write the file atomically. Issue 5's targets: one checklist PDF, signed, <= 1 s; a
   1,000-row screening log PDF, signed, <= 3 s. Password hashing (Argon2id, slow by design) is
   timed apart: the step checks the password once and derives the key that opens the signing
   key once; the command line checks it twice more (sign-in, and the check that audits a
   refusal). Then the commands themselves in a fresh process.
--out keeps the PDFs (e.g. to look at them with pdftoppm).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.records.demo import demo_patient  # noqa: E402
from coordinator.screening.eligibility import Decision, evaluate  # noqa: E402
from coordinator.records.names import initials  # noqa: E402
from coordinator.reports import (CONFIRMED_BY_INVESTIGATOR, LOG_REVIEWED, PREPARED_BY, ChecklistReport,  # noqa: E402
                                 LogRow, ScreeningLogReport, SignatureBlock, Site, TrialInfo, failure_reasons,
                                 render_checklist, render_screening_log, write_pdf_atomically)
from coordinator.reports import fonts  # noqa: E402
from coordinator.screening.rules.answers import NEEDS_REVIEW, UNKNOWN, YES
from coordinator.screening.trial_library import load_trials  # noqa: E402

PASSWORD = "quiet harbour 2026"

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
SITE = Site("北京协和医院 Peking Union Medical College Hospital", "北京市东城区帅府园1号", "Asia/Shanghai")
NCT = "NCT05916781"


def checklist_report() -> ChecklistReport:
    trial_id, _, patient = demo_patient(0, seed=1, today=TODAY)
    trial = load_trials()[trial_id]
    checklist = evaluate(trial, patient, TODAY)
    open_ids = [r.id for r in checklist.criteria if r.auto in (UNKNOWN, NEEDS_REVIEW)]
    checklist = checklist.with_decisions(
        {open_ids[1]: Decision(open_ids[1], YES, "陈静 (CJ)", "患者同意 physician agrees", NOW)},
        {open_ids[0]: Decision(open_ids[0], YES, "李梦涛", "Reading confirmed with the sponsor's medical monitor",
                               NOW)})
    return ChecklistReport(
        site=SITE, trial=TrialInfo.of(trial), screening_label=f"{trial_id}-S0001", patient_initials=initials(patient.name),
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


def build_registry(db: str, rows: int) -> str:
    """A site with an investigator and a coordinator, `rows` screenings of NCT, and one patient
    screened through the real workflow (prepared, signed); returns that patient's reference."""
    from sqlalchemy import insert, select

    from coordinator.records.demo import demo_patients
    from coordinator.screening.eligibility import checklist_to_dict
    from coordinator.signing.esign import Meaning
    from coordinator.screening.workflow import Actor, Role
    from db.accounts import AccountRepository
    from db.models import PatientRow, ScreeningRow
    from db.patients import PatientRepository
    from db.registry import Registry
    from db.screenings import ScreeningRepository

    investigator = Actor("limt", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
    coordinator = Actor("chenjing", Role.COORDINATOR)
    registry = Registry.open(db)
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name=SITE.name, address=SITE.address, timezone=SITE.timezone, username="limt",
                        printed_name="李梦涛", password=PASSWORD)
        accounts.create(investigator, username="chenjing", printed_name="陈静", roles={Role.COORDINATOR},
                        password=PASSWORD, admin_password=PASSWORD)
    patients = demo_patients(rows + 1, seed=1, today=TODAY)
    with registry.writing() as session:
        PatientRepository(session, "benchmark").add(patients)
    trial = load_trials()[NCT]
    with registry.writing() as session:   # a year of screenings, written directly
        ids = dict(session.execute(select(PatientRow.registry_no, PatientRow.id)).all())
        now = dt.datetime.now(dt.timezone.utc)
        values = []
        for number, patient in enumerate(patients[1:], start=1):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=number // 4)
            checklist = evaluate(trial, patient, day)
            status = {"ineligible": "screen_failure", "eligible": ("signed", "enrolled")[number % 2]}.get(
                str(checklist.verdict), ("in_progress", "ready_for_review")[number % 2])
            locked = status in ("signed", "enrolled", "screen_failure")
            values.append(dict(
                patient_id=ids[patient.registry_no], trial_id=NCT, number=number, protocol_version=trial.protocol_version,
                on_date=day, status=status, created_by="chenjing", created_at=now, updated_at=now,
                snapshot=json.dumps(checklist_to_dict(checklist), ensure_ascii=False) if locked else None,
                signed_by="limt" if locked else None, signed_at=now if locked else None,
                consent_on=day - dt.timedelta(days=2) if number % 3 else None,
                enrolled_on=day if status == "enrolled" else None,
                subject_no=f"PUMC-{number:04d}" if status == "enrolled" else None,
                arm=trial.arms[0].id if status == "enrolled" else None,
                outcome_note="患者拒绝随访 declined follow-up" if number % 40 == 0 else None))
        session.execute(insert(ScreeningRow.__table__), values)
    reference = patients[0].registry_no
    with registry.writing() as session:   # the checklist's screening, through the workflow
        screenings = ScreeningRepository(session, investigator)
        view = screenings.start(reference, NCT, TODAY)
        for result in view.checklist.criteria:
            if result.auto in (UNKNOWN, NEEDS_REVIEW):
                screenings.override(view.id, result.id, result.required, "confirmed at the visit")
    with registry.writing() as session:
        ScreeningRepository(session, coordinator).submit(view.id, PASSWORD)
    with registry.writing() as session:
        signed = ScreeningRepository(session, investigator).sign(view.id, PASSWORD)
    assert [str(s.meaning) for s in signed.signatures] == [Meaning.PREPARED, Meaning.ELIGIBILITY_CONFIRMED]
    registry.close()
    return reference


class PasswordClock:
    """Time spent on password hashing: checking passwords (db.accounts._verify, one Argon2id
    verification each) and deriving the key that opens a signing key (Argon2id too)."""

    def __init__(self):
        import coordinator.signing.pdf_signatures
        import db.accounts

        self.seconds, self.calls = 0.0, 0
        for module, name in ((db.accounts, "_verify"), (coordinator.signing.pdf_signatures, "_derived_passphrase")):
            setattr(module, name, self._timed(getattr(module, name)))

    def _timed(self, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1
        return timed

    def reset(self) -> None:
        self.seconds, self.calls = 0.0, 0


def signed_from_registry(rows: int, out: Path, repeat: int) -> None:
    from coordinator.screening.workflow import Actor, Role
    from db.registry import Registry
    from db.reports import ReportRepository

    db = str(out / "registry.sqlite3")
    started = time.perf_counter()
    reference = build_registry(db, rows)
    print(f"\nregistry: site, 2 signers, {rows} screenings of {NCT}, one checklist signed on screen "
          f"(set-up {time.perf_counter() - started:.1f} s, not part of the figures)")
    clock = PasswordClock()
    investigator = Actor("limt", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
    registry = Registry.open(db)

    def signed(what: str, build) -> None:
        walls, cpus, hashing = [], [], []
        for attempt in range(repeat + 1):
            clock.reset()
            wall, cpu = time.perf_counter(), time.process_time()
            with registry.writing() as session:
                document = build(ReportRepository(session, investigator))
                write_pdf_atomically(out / f"{what.split()[0]}-signed.pdf", document.pdf)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            hashing.append(clock.seconds)
        net = [w - h for w, h in zip(walls, hashing)]
        print(f"{what}: {len(document.pdf) / 1024:.0f} KiB, signed as \"{document.signed_as.meaning}\"")
        print(f"  first in this process (imports pyHanko): {walls[0]:6.3f} s wall, of which password hashing "
              f"{hashing[0]:.3f} s ({clock.calls} Argon2id) -> {net[0]:.3f} s without")
        print(f"  warm, {repeat} runs: without password hashing min {min(net[1:]):.3f} s, median "
              f"{statistics.median(net[1:]):.3f} s; wall median {statistics.median(walls[1:]):.3f} s, CPU median "
              f"{statistics.median(cpus[1:]):.3f} s, password hashing median {statistics.median(hashing[1:]):.3f} s")

    signed("checklist (signed)   target <= 1 s",
           lambda reports: reports.checklist(reference, NCT, sign_password=PASSWORD))
    signed(f"screening log, {rows} rows (signed)   target <= 3 s",
           lambda reports: reports.screening_log(NCT, sign_password=PASSWORD))
    registry.close()

    print("the commands in a fresh process (Python start, imports, 3 password checks included):")
    environment = dict(os.environ, TRIALDESK_PASSWORD=PASSWORD)
    cli = "import sys; sys.argv[0] = 'trialdesk'; from ui.cli.main import main; main()"
    for name, args in (("report --sign", ["report", "--patient", reference, "--trial", NCT, "--out",
                                          str(out / "cli-checklist.pdf"), "--sign"]),
                       ("log --sign", ["log", "--trial", NCT, "--out", str(out / "cli-log.pdf"), "--sign"])):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", cli, "--db", db, "--user", "limt", *args], check=True,
                           env=environment, capture_output=True, cwd=Path(__file__).resolve().parents[2])
            times.append(time.perf_counter() - started)
        print(f"  trialdesk {name}: min {min(times):.2f} s, median {statistics.median(times):.2f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        run(args.rows, args.out)
        signed_from_registry(args.rows, args.out, args.repeat)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args.rows, Path(folder))
            signed_from_registry(args.rows, Path(folder), args.repeat)


if __name__ == "__main__":
    main()
