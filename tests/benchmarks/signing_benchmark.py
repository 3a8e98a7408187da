"""Signing benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/signing_benchmark.py [--repeat 5]

Signing only (rendering is measured by the report benchmarks): PAdES signatures made by
coordinator.signing.pdf_signatures on two stand-in PDFs drawn with reportlab,
1. a 3-page checklist (a few kB),
2. a 1,000-row landscape screening log, uncompressed pages (about 250 kB),
3. the same with three lines of notes under every row (about 1 MB);
for each: the first signature in this process (includes importing pyHanko, as a fresh
`trialdesk report --sign` pays it), then warm signatures, a second signature over the first,
and verification. Targets, rendering included: checklist <= 1 s, 1,000-row log <= 3 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from coordinator.signing.pdf_signatures import (create_site_ca, issue_user_credentials, sign_pdf,  # noqa: E402
                                 verify_pdf)

CRITERION = ("Inclusion 4: estimated glomerular filtration rate of at least 30 mL/min/1.73 m2 "
             "(CKD-EPI 2021) within 28 days before randomisation")


def checklist_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, 4):
        y = 800
        page.drawString(40, y, f"Eligibility checklist NCT03864250 - screening S-0042 - page {number} of 3")
        for line in range(45):
            y -= 16
            page.drawString(40, y, f"{line + 1:>2}. {CRITERION[:90]}  yes / yes")
        page.showPage()
    page.save()
    return buffer.getvalue()


def log_pdf(rows: int = 1000, notes: int = 0) -> bytes:
    """`rows` log rows, each with `notes` extra lines of comments (notes=3: about 1 MB)."""
    buffer = io.BytesIO()
    size = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=size, pageCompression=0)
    per_page, y = 34 // (notes + 1), 0
    for row in range(rows):
        if row % per_page == 0:
            if row:
                page.showPage()
            page.setFont("Helvetica", 7)
            y = size[1] - 40
            page.drawString(30, y, "Screening log NCT03864250 2026-01-01 to 2026-11-23")
        y -= 15
        page.drawString(30, y, f"S-{row + 1:04d}  2026-{row % 12 + 1:02d}-{row % 28 + 1:02d}  "
                               f"W.F.  {40 + row % 40}/{'FM'[row % 2]}  screen failure  "
                               f"E{row % 9 + 1}: {CRITERION[:120]}  consent 2026-03-0{row % 9 + 1}")
        for note in range(notes):
            y -= 15
            page.drawString(60, y, f"note {note + 1} on S-{row + 1:04d}: {CRITERION} (checked)")
    page.showPage()
    page.save()
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def run(repeat: int) -> None:
    start = time.perf_counter()
    authority = create_site_ca("北京协和医院", "site-admin-password")
    coordinator = issue_user_credentials(authority, "site-admin-password", username="wangfang",
                                         printed_name="王芳", role="coordinator",
                                         user_password="coordinator-password")
    investigator = issue_user_credentials(authority, "site-admin-password", username="liming",
                                          printed_name="李明", role="investigator",
                                          user_password="investigator-password")
    print(f"site CA + 2 users (EC P-256 keys, certificates): {time.perf_counter() - start:.3f} s")
    documents = {"checklist, 3 pages": checklist_pdf(),
                 "screening log, 1,000 rows": log_pdf(),
                 "screening log, 1,000 rows with 3 lines of notes each": log_pdf(notes=3)}

    def sign(pdf: bytes, user=investigator, password="investigator-password",
             meaning="Eligibility confirmed by investigator") -> bytes:
        return sign_pdf(pdf, user, password, authority_cert_pem=authority.certificate_pem,
                        meaning=meaning)

    first = True
    for label, pdf in documents.items():
        print(f"\n{label}: {len(pdf) / 1024:,.0f} kB unsigned")
        if first:
            seconds, _ = timed(sign, pdf)
            print(f"  first signature in this process (imports pyHanko): {seconds:.3f} s")
            first = False
        times = [timed(sign, pdf)[0] for _ in range(repeat)]
        print(f"  one signature (password check, key, CMS, write): median "
              f"{statistics.median(times):.3f} s, max {max(times):.3f} s over {repeat}")
        prepared = sign(pdf, coordinator, "coordinator-password", "Prepared by")
        seconds, both = timed(sign, prepared)
        print(f"  second signature over the first: {seconds:.3f} s "
              f"({len(both) / 1024:,.0f} kB signed twice)")
        seconds, reports = timed(verify_pdf, both, [authority.certificate_pem])
        print(f"  verify both signatures: {seconds:.3f} s -> "
              f"{', '.join('ok' if report.ok else 'NOT OK' for report in reports)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    run(parser.parse_args().repeat)


if __name__ == "__main__":
    main()
