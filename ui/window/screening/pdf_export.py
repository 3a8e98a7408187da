"""The checklist PDF from the window: built by the database layer (db.reports), written whole or
not at all, optionally with the user's PDF signature; and printed by drawing its pages (QtPdf)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from coordinator.reports import write_pdf_atomically
from coordinator.screening.workflow import Actor
from db.registry import Registry
from db.reports import Document, ReportRepository

MAX_PRINT_DPI = 300  # a page image at a 1200-dpi printer's resolution would take ~0.5 GB


def checklist_pdf(registry: Registry, actor: Actor, patient_ref: str, nct: str) -> bytes:
    """The checklist PDF of the patient's latest screening for the trial, unsigned."""
    with registry.reading() as session:
        return ReportRepository(session, actor).checklist(patient_ref, nct).pdf


def export_checklist(registry: Registry, actor: Actor, patient_ref: str, nct: str, path: Path,
                     sign_password: str | None = None) -> Document:
    """Build and write the PDF. When signing, in the transaction that records the signature, so
    that a file that cannot be written leaves no signature recorded either."""
    session_of = registry.writing if sign_password is not None else registry.reading
    with session_of() as session:
        document = ReportRepository(session, actor).checklist(patient_ref, nct, sign_password=sign_password)
        write_pdf_atomically(path, document.pdf)
    return document


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Draw every page of the PDF on the printer, each fitted to the printable area; the number
    of pages printed."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise ValueError(f"the PDF could not be read for printing ({document.error().name})")
    pages = document.pageCount()
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(pages):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            target = QSize(image.width(), image.height()).scaled(area.width(), area.height(),
                                                                 Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
    finally:
        painter.end()
        document.close()
    return pages
