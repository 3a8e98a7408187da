"""Printing a PDF the window made (a checklist, a log): on the printer given, or on the one the
person chooses in the print dialog, each page drawn as an image fitted to the printable area."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

MAX_PRINT_DPI = 300  # a page image at a 1200-dpi printer's resolution would take ~0.5 GB


def print_document(parent: QWidget, data: bytes, printer: QPrinter | None, *, landscape: bool,
                   printed: Callable[[int], None], failed: Callable[[str], None]) -> QPrintDialog | None:
    """Print `data` on `printer`; without one, open the print dialog (returned) and print on the
    printer chosen there. `printed(pages)` or `failed(message)` says how it went."""
    def print_on(target: QPrinter) -> None:
        try:
            pages = print_pdf(data, target)
        except (OSError, ValueError) as error:
            failed(str(error))
            return
        printed(pages)

    if printer is not None:
        print_on(printer)
        return None
    chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
    if landscape:
        chosen.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintDialog(chosen, parent)
    dialog.accepted.connect(lambda: print_on(chosen))
    dialog.open()  # not exec(): the window stays alive and tests can answer it
    return dialog


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
