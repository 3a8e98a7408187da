"""The screening PDFs (issue 5), rendered with reportlab as pure functions of plain values.

    render_checklist(ChecklistReport) -> bytes         one screening's eligibility checklist
    render_screening_log(ScreeningLogReport) -> bytes  a trial's screening log for a period
    write_pdf_atomically(path, data)                   never a half-written file

`layout_checklist` / `layout_screening_log` return the bytes with the page and rectangle of each
signature block's signing area, for the cryptographic signature (coordinator.signing.pdf_signatures) to place its
field there. Nothing here signs.
"""

from coordinator.reports.checklist import layout_checklist, render_checklist
from coordinator.reports.common import Rendered, SignatureBox, atomic_output, write_pdf_atomically
from coordinator.reports.fonts import ReportFontError
from coordinator.reports.model import (CONFIRMED_BY_INVESTIGATOR, LOG_REVIEWED, OUTCOMES, PREPARED_BY,
                                       ChecklistReport, LogRow, ScreeningLogReport, SignatureBlock, Site, TrialInfo,
                                       failure_reasons, short_text)
from coordinator.reports.screening_log import layout_screening_log, render_screening_log

__all__ = [
    "CONFIRMED_BY_INVESTIGATOR", "LOG_REVIEWED", "OUTCOMES", "PREPARED_BY", "ChecklistReport", "LogRow", "Rendered",
    "ReportFontError", "ScreeningLogReport", "SignatureBlock", "SignatureBox", "Site", "TrialInfo", "atomic_output",
    "failure_reasons", "layout_checklist", "layout_screening_log", "render_checklist", "render_screening_log",
    "short_text", "write_pdf_atomically",
]
