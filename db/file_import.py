"""One entry for every file a person imports: the kind is told from the content (or forced),
then the record format goes to `db.importer` and hospital data to `db.lab_import`, with the
site's mapping for the data source. Both answer with a `LabImportOutcome`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coordinator.intake.formats import SourceFormat, detect_format
from coordinator.intake.site_mapping import SiteMapping
from coordinator.problems import Problem
from db.importer import import_records
from db.lab_import import LabImportOutcome, Progress, import_hospital_file
from db.registry import Registry
from db.source_mappings import SourceMappings

HEAD = 8192
# The site mapping a format uses unless told otherwise: one per kind of data source.
DEFAULT_SOURCES = {SourceFormat.CSV: "lis", SourceFormat.XLSX: "lis", SourceFormat.HL7: "hl7",
                   SourceFormat.FHIR: "fhir"}


def source_of(kind: SourceFormat) -> str:
    """The data source whose site mapping a file of this kind uses by default."""
    return DEFAULT_SOURCES.get(kind, "lis")


def file_kind(path: Path) -> SourceFormat | None:
    """What a file holds, told from its first bytes; None when it cannot be read."""
    try:
        with path.open("rb") as stream:
            return detect_format(stream.read(HEAD))
    except OSError:
        return None


def site_mapping_for(registry: Registry, kind: SourceFormat, source: str | None = None) -> SiteMapping:
    with registry.reading() as session:
        return SourceMappings(session, "").get(source or source_of(kind))


def import_file(registry: Registry, path: Path, actor: str, *, kind: SourceFormat | None = None,
                site: SiteMapping | None = None, source: str | None = None, encoding: str | None = None,
                dry_run: bool = False, update: bool = False, create_patients: bool = False,
                keep_rows: bool = False, progress: Progress | None = None,
                today: dt.date | None = None) -> LabImportOutcome:
    name = path.name
    try:
        with path.open("rb") as stream:
            kind = kind or detect_format(stream.read(HEAD))
            stream.seek(0)
            if kind is SourceFormat.RECORD:
                outcome = import_records(registry, stream, name, actor, update=update, dry_run=dry_run)
                return LabImportOutcome(name, str(kind), dry_run, outcome.imported if outcome.accepted else 0,
                                        "patients", problems=outcome.problems)
            site = site if site is not None else site_mapping_for(registry, kind, source)
            return import_hospital_file(registry, stream, name, actor, kind=kind, site=site, encoding=encoding,
                                        dry_run=dry_run, create_patients=create_patients, keep_rows=keep_rows,
                                        progress=progress, today=today)
    except OSError as error:
        return LabImportOutcome(name, str(kind or ""), dry_run,
                                problems=[Problem(f"cannot read the file: {error.strerror or error}", source=name)])
