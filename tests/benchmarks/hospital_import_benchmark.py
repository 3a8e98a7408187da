"""Hospital data benchmark: prints figures, asserts nothing (targets live here, not in tests).

    python tests/benchmarks/hospital_import_benchmark.py [--rows 100000] [--patients 5000] [--preview]

A GBK LIS export of N rows (Chinese headings, a title line, sex-specific ranges, flags, about
one row in ten a test no trial reads) is planned and written in one transaction as
`trialdesk import` does. Target (issue 14): 100,000 rows <= 20 s with peak memory <= 500 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coordinator.records.record import Patient  # noqa: E402
from db.file_import import import_file  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402

TESTS = [("CREA", "肌酐(酶法)", "umol/L", 50, 140, "男:57-111 女:41-81"), ("ALT", "丙氨酸氨基转移酶", "U/L", 10, 60, "7-40"),
         ("AST", "天门冬氨酸氨基转移酶", "U/L", 10, 60, "13-35"), ("ALB", "白蛋白", "g/L", 25, 45, "40-55"),
         ("WBC", "白细胞计数", "×10^9/L", 3, 9, "3.5-9.5"), ("PLT", "血小板计数", "10*9/L", 100, 350, "125-350"),
         ("HGB", "血红蛋白", "g/L", 90, 150, "115-150"), ("TBIL", "总胆红素", "μmol/L", 5, 20, "0-21"),
         ("24hUTP", "24小时尿蛋白定量", "g/24h", 0.1, 6, "0-0.15"), ("K", "钾", "mmol/L", 3.5, 5.3, "3.5-5.3")]


def export(path: Path, rows: int, patients: int) -> None:
    rng = random.Random(1)
    start = dt.datetime(2020, 1, 1, 7, 30)
    with path.open("w", encoding="gbk", newline="\r\n") as out:
        out.write("某医院检验结果导出\n病历号,姓名,性别,项目代码,项目名称,结果,单位,参考范围,提示,采样时间,报告时间\n")
        for number in range(rows):
            patient = number % patients
            code, name, unit, low, high, reference = TESTS[(number // patients) % len(TESTS)]
            week = number // (patients * len(TESTS))  # each patient's tests once a week
            taken = start + dt.timedelta(days=7 * week + patient % 7, minutes=patient % 600)
            value = round(rng.uniform(low, high), 2)
            out.write(f"H{patient:07d},患者{patient},女,{code},{name},{value},{unit},{reference},,"
                      f"{taken:%Y-%m-%d %H:%M:%S},{taken:%Y-%m-%d} 12:00:00\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--patients", type=int, default=5_000)
    parser.add_argument("--preview", action="store_true", help="measure the window's preview (a dry run) instead")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    registry = Registry.open(folder / "registry.sqlite3")
    with registry.writing() as session:
        PatientRepository(session, "bench").add([
            Patient(registry_no=f"R{n:07d}", name=f"患者{n}", sex="F", birth_date=dt.date(1980, 1, 1),
                    record_no=f"H{n:07d}") for n in range(options.patients)])
    path = folder / "lis.csv"
    export(path, options.rows, options.patients)
    if options.preview:
        # What File > Import's preview does: a dry run that keeps every row for the table.
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        began = time.perf_counter()
        planned = import_file(registry, path, "bench", dry_run=True, keep_rows=True)
        print(f"preview of {len(planned.rows):,} rows: {time.perf_counter() - began:.1f} s; peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (before {before:.0f} MB)")
        return
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    outcome = import_file(registry, path, "bench")
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"LIS export: {options.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB GBK), {options.patients:,} patients")
    print(f"  accepted {outcome.accepted}, imported {outcome.imported:,}, not needed {sum(outcome.not_needed.values()):,}, "
          f"problems {len(outcome.problems)}")
    print(f"  time {seconds:.1f} s ({options.rows / seconds:,.0f} rows/s); peak memory {peak:.0f} MB "
          f"(before the import {before:.0f} MB)")


if __name__ == "__main__":
    main()
