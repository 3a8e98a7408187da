"""Which kind of file an import was given, told from its first bytes (`--format` forces one),
and the reader for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from coordinator.intake.incoming import Incoming, IncomingPatient, UnreadableSource
from coordinator.intake.site_mapping import SiteMapping

ZIP, OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SourceFormat(StrEnum):
    RECORD = "record"   # TrialDesk's own JSON record format
    CSV = "csv"
    XLSX = "xlsx"       # Excel: .xlsx and .xls
    HL7 = "hl7"
    FHIR = "fhir"


def detect_format(head: bytes) -> SourceFormat:
    """The format of a file from its first bytes (a few kilobytes are plenty)."""
    if head.startswith((ZIP, OLE2)):
        return SourceFormat.XLSX
    text = head.lstrip(b"\xef\xbb\xbf\x0b \t\r\n")
    if text.startswith((b"MSH|", b"FHS|", b"BHS|")):
        return SourceFormat.HL7
    if text.startswith(b"{"):
        return SourceFormat.FHIR if b'"resourceType"' in head else SourceFormat.RECORD
    return SourceFormat.CSV


@dataclass
class SourceContent:
    """What a reader found: items (a stream, read once), FHIR patients, and the resources or
    parts it could not read (each `(where, message)`), which reject the file."""

    items: Iterator[Incoming]
    patients: list[IncomingPatient] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    not_read: dict[str, int] = field(default_factory=dict)   # resource types a FHIR file had beside


def read_source(stream: BinaryIO, kind: SourceFormat, site: SiteMapping | None = None,
                encoding: str | None = None) -> SourceContent:
    """The content of a hospital file. Raises UnreadableSource for a file that cannot be read
    at all; a problem further in (a malformed message, a bad byte) raises it while `items` is read."""
    if kind is SourceFormat.CSV:
        from coordinator.intake.spreadsheet import TableReader

        return SourceContent(TableReader(site).csv_results(stream, encoding))
    if kind is SourceFormat.XLSX:
        from coordinator.intake.spreadsheet import TableReader

        return SourceContent(TableReader(site).excel_results(stream))
    if kind is SourceFormat.HL7:
        from coordinator.intake.hl7v2 import hl7_results

        return SourceContent(hl7_results(stream, encoding))
    if kind is SourceFormat.FHIR:
        from coordinator.intake.fhir import read_fhir

        content = read_fhir(stream)
        return SourceContent(iter(content.items), content.patients, content.problems, content.ignored)
    raise UnreadableSource(f"{kind} files are not hospital exports")
