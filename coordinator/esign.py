"""Electronic signatures as values: what a signature means, and the fingerprint of the content
it was given for. A signature whose content has changed since no longer matches."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo


class Meaning(StrEnum):
    PREPARED = "Prepared by"
    ELIGIBILITY_CONFIRMED = "Eligibility confirmed by investigator"
    LOG_REVIEWED = "Screening log reviewed"


def content_hash(content: dict) -> str:
    """SHA-256 of the content in a canonical JSON form (sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signature:
    meaning: Meaning
    username: str
    printed_name: str
    role: str
    signed_at: dt.datetime            # aware, UTC
    timezone: str                      # the site's, for showing the local time
    content_hash: str
    matches: bool = True               # the signed content is unchanged

    @property
    def local_time(self) -> dt.datetime:
        return self.signed_at.astimezone(ZoneInfo(self.timezone))

    def describe(self) -> str:
        state = "" if self.matches else " — NO LONGER MATCHES: the content changed after signing"
        return (f"{self.meaning}: {self.printed_name} ({self.role}), "
                f"{self.local_time:%Y-%m-%d %H:%M %Z} (UTC{self.local_time:%z}){state}")
