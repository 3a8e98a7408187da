"""The manifest written beside every backup: what it holds (counts, schema, the audit trail's
head) and the digest of the file, so that a backup is checked against it before it is trusted
and the audit head is kept somewhere a database editor does not reach."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from coordinator.json_files import read_versioned

FORMAT = "trialdesk-backup"
VERSION = 1


class ManifestError(ValueError):
    """A manifest that cannot be read: not JSON, another format, a field missing or wrong."""


@dataclass(frozen=True)
class BackupManifest:
    made_at: dt.datetime        # UTC
    made_by: str
    app_version: str
    schema: str
    site: str
    patients: int
    screenings: int
    audit_entries: int          # the number of the newest audit entry
    audit_head: str             # and its hash
    file: str                   # the backup's file name, beside the manifest
    sha256: str                 # of that file
    encrypted: bool = False     # with the registry's data key (its key file beside it)

    def to_json(self) -> str:
        fields = asdict(self)
        fields["made_at"] = self.made_at.astimezone(dt.timezone.utc).isoformat()
        return json.dumps({"format": FORMAT, "version": VERSION, **fields}, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "manifest") -> BackupManifest:
        raw = read_versioned(text, source, FORMAT, VERSION, "backup manifest", ManifestError)
        values: dict[str, Any] = {}
        for name, kind in (("made_by", str), ("app_version", str), ("schema", str), ("site", str),
                           ("patients", int), ("screenings", int), ("audit_entries", int), ("audit_head", str),
                           ("file", str), ("sha256", str)):
            value = raw.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ManifestError(f"{source}: {name} is missing or not a {kind.__name__}")
            values[name] = value
        try:
            made_at = dt.datetime.fromisoformat(raw.get("made_at") or "")
        except (TypeError, ValueError):
            raise ManifestError(f"{source}: made_at is not a date and time") from None
        if made_at.tzinfo is None:
            raise ManifestError(f"{source}: made_at has no time zone")
        encrypted = raw.get("encrypted", False)
        if not isinstance(encrypted, bool):
            raise ManifestError(f"{source}: encrypted is not true or false")
        return cls(made_at=made_at, encrypted=encrypted, **values)
