"""The checklist PDF from the window: built by the database layer (db.reports), written whole or
not at all, optionally with the user's PDF signature; and printed by drawing its pages (QtPdf)."""

from __future__ import annotations

from pathlib import Path


from coordinator.reports import write_pdf_atomically
from coordinator.reports.wording import Language
from coordinator.screening.workflow import Actor
from db.registry import Registry
from db.reports import Document, ReportRepository



def checklist_pdf(registry: Registry, actor: Actor, patient_ref: str, trial_id: str,
                  language: Language = "en") -> bytes:
    """The checklist PDF of the patient's latest screening for the trial, unsigned."""
    with registry.reading() as session:
        return ReportRepository(session, actor).checklist(patient_ref, trial_id, language=language).pdf


def export_checklist(registry: Registry, actor: Actor, patient_ref: str, trial_id: str, path: Path,
                     sign_password: str | None = None, language: Language = "en") -> Document:
    """Build and write the PDF. When signing, in the transaction that records the signature, so
    that a file that cannot be written leaves no signature recorded either."""
    session_of = registry.writing if sign_password is not None else registry.reading
    with session_of() as session:
        document = ReportRepository(session, actor).checklist(patient_ref, trial_id, sign_password=sign_password,
                                                              language=language)
        write_pdf_atomically(path, document.pdf)
    return document
