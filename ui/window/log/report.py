"""The screening log from the window: its rows as `trialdesk log` prints them, and its PDF built
by the database layer (db.reports), written whole or not at all, optionally signed by the
investigator as "Screening log reviewed" in the transaction that records the review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from coordinator.reports import LogRow, write_pdf_atomically
from coordinator.reports.wording import Language
from coordinator.screening.workflow import Actor
from db.registry import Registry
from db.reports import Document, ReportRepository

Progress = Callable[[int, int, str], None]


def log_rows(registry: Registry, actor: Actor, trial_id: str, start: dt.date | None, end: dt.date | None) -> list[LogRow]:
    """The rows of the trial's screening log for the period (both ends included)."""
    with registry.reading() as session:
        return ReportRepository(session, actor).log_rows(trial_id, start, end)


def log_pdf(registry: Registry, actor: Actor, trial_id: str, start: dt.date | None, end: dt.date | None,
            language: Language = "en") -> bytes:
    """The screening log PDF, unsigned (for printing)."""
    with registry.reading() as session:
        return ReportRepository(session, actor).screening_log(trial_id, start, end, language=language).pdf


def export_log(registry: Registry, actor: Actor, trial_id: str, start: dt.date | None, end: dt.date | None, path: Path,
               sign_password: str | None = None, progress: Progress | None = None,
               language: Language = "en") -> Document:
    """Build and write the log PDF. When signing, in the transaction that records the review, so
    that a file that cannot be written leaves no signature recorded either."""
    report = progress or (lambda done, total, text: None)
    session_of = registry.writing if sign_password is not None else registry.reading
    with session_of() as session:
        report(0, 2, "build")
        document = ReportRepository(session, actor).screening_log(trial_id, start, end, sign_password=sign_password,
                                                                  language=language)
        report(1, 2, "write")
        write_pdf_atomically(path, document.pdf)
    report(2, 2, "done")
    return document
