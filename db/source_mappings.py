"""The site's mappings of its data sources (`coordinator.intake.site_mapping`), kept in the
registry beside the site's settings: shared by every workstation, kept by backups, each change
audited with the text before and after."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from coordinator.intake.site_mapping import SiteMapping, parse_site_mapping
from coordinator.problems import InvalidRecord
from db.audit import AuditLog, utc_now
from db.models import SourceMappingRow


class SourceMappings:
    def __init__(self, session: Session, actor: str):
        self.session = session
        self.actor = actor

    def sources(self) -> list[str]:
        return list(self.session.execute(select(SourceMappingRow.source).order_by(SourceMappingRow.source)).scalars())

    def get(self, source: str) -> SiteMapping:
        """The site's mapping for `source` (an empty one when it has none yet)."""
        row = self._row(source)
        if row is None:
            return SiteMapping(source)
        mapping, problems = parse_site_mapping(row.text, f"site mapping '{source}'")
        if problems:  # written through `save`, which checks: only a hand-edited database gets here
            raise InvalidRecord(problems)
        return mapping

    def save(self, mapping: SiteMapping, *, reason: str | None = None) -> bool:
        """Store the mapping (checked as a file would be); False when nothing changed."""
        text = mapping.to_yaml()
        _, problems = parse_site_mapping(text, f"site mapping '{mapping.source}'")
        if problems:
            raise InvalidRecord(problems)
        row = self._row(mapping.source)
        if row is not None and row.text == text:
            return False
        audit = AuditLog(self.session, self.actor)
        audit.record("update" if row else "create", f"source_mapping[{mapping.source}]",
                     old=row.text if row else None, new=text, reason=reason)
        if row is None:
            self.session.add(SourceMappingRow(source=mapping.source, text=text, updated_at=utc_now(),
                                              updated_by=self.actor))
        else:
            row.text, row.updated_at, row.updated_by = text, utc_now(), self.actor
        self.session.flush()
        audit.flush()
        return True

    def _row(self, source: str) -> SourceMappingRow | None:
        return self.session.execute(select(SourceMappingRow).where(SourceMappingRow.source == source)).scalar()
