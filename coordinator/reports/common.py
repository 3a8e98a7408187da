"""What both reports share: styles, the running header and "Page x of y" footer, signature
blocks, time formatting and the atomic write."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)

from coordinator.reports.fonts import register
from coordinator.phrase import Phrase
from coordinator.reports.model import (CONFIRMED_BY_INVESTIGATOR, LOG_REVIEWED, PREPARED_BY, AuditHead, SignatureBlock,
                                       Site)
from coordinator.reports.wording import Wording

GRID = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#ececec")
MUTED = colors.HexColor("#555555")
MARGIN, TOP, BOTTOM = 12 * mm, 14 * mm, 15 * mm  # page margins (the running header and footer sit in them)
MUTED_TEXT = "#555555"  # as paragraph markup (a reference translation)
FAIL = "#a40000"  # screen-failure answers, as paragraph markup


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    small: ParagraphStyle
    head_cell: ParagraphStyle


def styles(size: float = 8.5) -> Styles:
    font = register()
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.3)
    cell = ParagraphStyle("cell", parent=body, fontSize=size - 1, leading=(size - 1) * 1.25)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontSize=size + 5.5, leading=(size + 5.5) * 1.25, spaceAfter=2),
        heading=ParagraphStyle("heading", parent=body, fontSize=size + 2, leading=(size + 2) * 1.3,
                               spaceBefore=8, spaceAfter=3),
        body=body,
        cell=cell,
        small=ParagraphStyle("small", parent=cell, fontSize=size - 1.5, leading=(size - 1.5) * 1.25,
                             textColor=MUTED),
        head_cell=ParagraphStyle("head_cell", parent=cell, textColor=colors.black),
    )


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style on the embedded font: a table's own default (Helvetica, never embedded) would
    otherwise be named in the PDF even by its empty cells."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), register()), *commands])


def header_table(rows: list[list], width: float, label_width: float, spans: list[tuple]) -> Table:
    """The boxed key/value header of a report: two label/value pairs a row, `spans` joining
    a row's value cells where it has one pair only."""
    table = Table(rows, colWidths=[label_width, width / 2 - label_width, label_width, width / 2 - label_width])
    table.setStyle(table_style([
        *spans,
        ("BOX", (0, 0), (-1, -1), 0.6, GRID),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def text(value: object) -> str:
    """Plain text made safe for Paragraph markup (names and protocol text may hold < > &)."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


def fitted(value: str | None, width: float, style: ParagraphStyle) -> str | Paragraph:
    """A table cell: the plain string when each of its lines fits `width` (several times cheaper
    to lay out than a paragraph: it matters for a 1,000-row log), else a wrapping paragraph. The
    table's FONTSIZE and LEADING must be the style's."""
    if not value:
        return ""
    lines = value.split("\n")
    if max(stringWidth(line, style.fontName, style.fontSize) for line in lines) <= width:
        return value
    return Paragraph(text(value), style)


SEXES = {"F": Phrase("female"), "M": Phrase("male")}


def sex_label(sex: str, say: Wording = Wording()) -> str:
    return say(SEXES.get(str(sex), str(sex)))


def age_sex(age: int | None, sex: str) -> str:
    return f"{'?' if age is None else age}/{sex}"


def zone(site: Site) -> dt.tzinfo | None:
    if not site.timezone:
        return None
    try:
        return ZoneInfo(site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"site timezone {site.timezone!r} is not a known IANA time zone") from None


def format_time(moment: dt.datetime, site: Site) -> str:
    """e.g. 2026-11-23 14:05:09 UTC+08:00 (Asia/Shanghai): in the site's zone when it has one."""
    tz = zone(site)
    local = moment.astimezone(tz) if tz else moment
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    named = f" ({site.timezone})" if tz else ""
    return f"{local:%Y-%m-%d %H:%M:%S} {offset}{named}"


def format_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# -- signature blocks --------------------------------------------------------------------------

@dataclass(frozen=True)
class SignatureBox:
    """Where a signature block's signing area landed: page index (0-based) and rectangle
    (x1, y1, x2, y2 in PDF points from the bottom left), for a cryptographic signature field."""

    meaning: str
    printed_name: str
    page: int
    box: tuple[float, float, float, float]


class _SigningArea(Flowable):
    """An empty area with a line to sign on; records where it was drawn."""

    def __init__(self, width: float, height: float, block: SignatureBlock, found: dict[int, SignatureBox],
                 index: int):
        super().__init__()
        self.width, self.height = width, height
        self.block, self.found, self.index = block, found, index

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(0, 2, self.width, 2)
        canvas.restoreState()
        x1, y1 = canvas.absolutePosition(0, 0)
        x2, y2 = canvas.absolutePosition(self.width, self.height)
        # A later layout pass draws again: the last drawing wins.
        self.found[self.index] = SignatureBox(self.block.meaning, self.block.printed_name,
                                              canvas.getPageNumber() - 1,
                                              (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)))


ROLES = {"coordinator": Phrase("coordinator"), "investigator": Phrase("investigator"), "monitor": Phrase("monitor"),
         "administrator": Phrase("administrator")}
MEANINGS = {PREPARED_BY: Phrase("Prepared by"), CONFIRMED_BY_INVESTIGATOR: Phrase("Eligibility confirmed by investigator"),
            LOG_REVIEWED: Phrase("Screening log reviewed")}


def signature_blocks(blocks: tuple[SignatureBlock, ...], site: Site, width: float, st: Styles,
                     found: dict[int, SignatureBox], say: Wording = Wording()) -> list[Flowable]:
    """One boxed block per signature: meaning, printed name, role, date and time, and the area a
    signature is drawn in. An unsigned block leaves blank lines to sign and date by hand."""
    flowables: list[Flowable] = []
    label_width = 32 * mm
    value_width = (width - 2 * label_width) / 2
    for index, block in enumerate(blocks):
        if block.signed_at is not None:
            when = Paragraph(text(format_time(block.signed_at, site)), st.cell)
            how = say(Phrase("Signed electronically as {user} (user name and password)", user=text(block.username))
                      if block.username else Phrase("Signed electronically (user name and password)"))
        else:
            when = Paragraph("&nbsp;", st.cell)
            how = say(Phrase("Sign and date by hand"))
        area = _SigningArea(value_width - 8, 14 * mm, block, found, index)
        meaning = say(MEANINGS.get(block.meaning, block.meaning))
        if meaning != block.meaning:  # the meaning signed, as it was signed, beside its translation
            meaning += f" ({block.meaning})"
        rows = [
            [Paragraph(f"<b>{text(meaning)}</b>", st.head_cell), "", "", ""],
            [Paragraph(say(Phrase("Printed name")), st.small), Paragraph(text(block.printed_name), st.cell),
             Paragraph(say(Phrase("Role")), st.small), Paragraph(text(say(ROLES.get(block.role, block.role))), st.cell)],
            [Paragraph(say(Phrase("Date and time")), st.small), when,
             Paragraph(say(Phrase("Signature")), st.small), area],
            ["", "", "", Paragraph(how, st.small)],
        ]
        if not block.matches:
            rows.append([Paragraph(f'<font color="{FAIL}">' + say(Phrase(
                "<b>NO LONGER MATCHES:</b> what was signed has changed since this signature was given"))
                + "</font>", st.cell), "", "", ""])
        table = Table(rows, colWidths=[label_width, value_width, label_width, value_width], hAlign="LEFT")
        # An unsigned block: a line to write the date and time on.
        date_line = [("LINEBELOW", (1, 2), (1, 2), 0.5, GRID)] if block.signed_at is None else []
        if not block.matches:
            date_line.append(("SPAN", (0, 4), (-1, 4)))
        table.setStyle(table_style([
            ("NOSPLIT", (0, 0), (-1, -1)),  # a block is never split over two pages
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("BOX", (0, 0), (-1, -1), 0.6, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (3, 2), (3, 2), "BOTTOM"),
            *date_line,
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        flowables.append(table)
        flowables.append(Spacer(width, 4))
    return flowables


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF and where its signature blocks' signing areas are (for the signer)."""

    data: bytes
    signature_boxes: tuple[SignatureBox, ...]


# -- the document ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Running:
    """What every page carries: a header naming the document, and the footer with the document
    id, the time it was generated and "Page x of y"."""

    left: str
    right: str
    document_id: str
    generated: str
    audit_head: AuditHead | None = None
    say: Wording = Wording()


def _numbered_canvas(running: Running, font: str) -> Callable[..., Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps each page until the end, when the page count is known (single layout pass)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, total: int):
            width, height = self._pagesize
            margin = MARGIN
            self.saveState()
            self.setFont(font, 7.5)
            self.setFillColor(MUTED)
            self.drawString(margin, height - 9 * mm, running.left)
            self.drawRightString(width - margin, height - 9 * mm, running.right)
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            self.line(margin, height - 10.5 * mm, width - margin, height - 10.5 * mm)
            self.line(margin, 11 * mm, width - margin, 11 * mm)
            document = running.say(Phrase("Document {id}", id=running.document_id))
            self.drawString(margin, 7 * mm, document)
            # centred, unless a long document id (a ChiCTR screening's) would run into it
            generated = self.stringWidth(running.generated, font, 7.5)
            after_id = margin + self.stringWidth(document, font, 7.5) + 4 * mm
            self.drawString(max(after_id, (width - generated) / 2), 7 * mm, running.generated)
            if running.audit_head is not None:
                self.setFont(font, 6)
                self.drawString(margin, 4 * mm, running.say(running.audit_head.printed))
                self.setFont(font, 7.5)
            self.setFillColor(colors.black)
            self.setFont(font, 8.5)
            self.drawRightString(width - margin, 7 * mm,
                                 running.say(Phrase("Page {page} of {pages}", page=self._pageNumber, pages=total)))
            self.restoreState()

    return NumberedCanvas


def build_pdf(story: list[Flowable], pagesize: tuple[float, float], running: Running, *, title: str,
              subject: str, author: str) -> bytes:
    font = register()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=TOP, bottomMargin=BOTTOM, title=title, subject=subject,
                          author=author, creator="TrialDesk",
                          keywords=[running.document_id, *([running.audit_head.keyword] if running.audit_head else [])],
                          initialFontName=font)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_numbered_canvas(running, font))
    return buffer.getvalue()


def split_in_row(rows: list[list], widths: list[float], frame_height: float) -> int:
    """A table's splitInRow: rows move whole to the next page, unless one is taller than a page
    (a very long evidence list or comment), when rows may be split inside. reportlab's minimum
    piece height must then be 1: a larger one refuses to split such a row's remainder again."""
    for row in rows:
        for content, width in zip(row, widths):
            if isinstance(content, (str, type(None))):
                continue
            flowables = content if isinstance(content, list) else [content]
            if sum(f.wrap(width - 6, 1e6)[1] for f in flowables) > 0.9 * frame_height:
                return 1
    return 0


def content_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - 2 * MARGIN


def content_height(pagesize: tuple[float, float]) -> float:
    return pagesize[1] - TOP - BOTTOM


# -- writing -----------------------------------------------------------------------------------

@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A file to write `path` through: it appears complete (renamed over the old file after an
    fsync) when the block ends, or not at all when the block raises (the old file stays)."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # Created with os.open so the permissions follow the umask, as for any new file.
    handle = os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                               0o666), "wb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_text_atomically(path: str | os.PathLike, text: str) -> Path:
    """Write a whole UTF-8 text file (CSV, JSON, PEM) or nothing, as `atomic_output`."""
    with atomic_output(path) as handle:
        handle.write(text.encode("utf-8"))
    return Path(path)


def write_pdf_atomically(path: str | os.PathLike, data: bytes) -> Path:
    """Write a rendered PDF: a temporary file in the same folder, fsync, then os.replace."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or not bytes(data[:5]) == b"%PDF-":
        raise ValueError("not a PDF: refusing to write it")
    with atomic_output(path) as handle:
        handle.write(data)
    return Path(path)
