"""Electronic signatures as values: what a signature means, and the fingerprint of the content
it was given for. A signature whose content has changed since no longer matches.

Who signs: coordinators ("Prepared by") and investigators; they hold a signing certificate for
PDFs. Monitors and administrators sign nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from coordinator.screening.workflow import Actor, PermissionDenied, Role

SIGNING_ROLES = (Role.INVESTIGATOR, Role.COORDINATOR)  # the first one held is printed under a signature


class Meaning(StrEnum):
    PREPARED = "Prepared by"
    ELIGIBILITY_CONFIRMED = "Eligibility confirmed by investigator"
    LOG_REVIEWED = "Screening log reviewed"


def signs(roles) -> bool:
    """Whether an account with these roles gives electronic signatures (and so needs a key)."""
    return any(role in roles for role in SIGNING_ROLES)


def signing_role(roles) -> Role:
    """The role a signer signs as: investigator over coordinator."""
    for role in SIGNING_ROLES:
        if role in roles:
            return role
    raise PermissionDenied(f"only {' and '.join(r.value + 's' for r in SIGNING_ROLES)} sign")


def require_signer(actor: Actor) -> Role:
    """The actor's signing role, or PermissionDenied (a monitor or administrator)."""
    if not signs(actor.roles):
        raise PermissionDenied(f"{actor} may not sign documents")
    return signing_role(actor.roles)


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
