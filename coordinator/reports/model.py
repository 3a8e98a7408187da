"""What the screening PDFs show, as plain frozen values.

Callers (the command line, the GUI) build these from the registry's values; the renderers read
nothing else. Datetimes must be timezone-aware: a signature's time is printed with its zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from coordinator.screening.eligibility import Checklist
from coordinator.phrase import Phrase
from coordinator.reports.wording import Language
from coordinator.screening.trial import Trial

OUTCOMES = ("eligible", "screen_failure", "pending", "enrolled")
Outcome = Literal["eligible", "screen_failure", "pending", "enrolled"]

# The meanings of issue 5's electronic signatures (any other text is printed as given).
PREPARED_BY = "Prepared by"
CONFIRMED_BY_INVESTIGATOR = "Eligibility confirmed by investigator"
LOG_REVIEWED = "Screening log reviewed"


AUDIT_HEAD_KEYWORD = re.compile(r"trialdesk-audit-head:(\d+):([0-9a-f]{64})")


@dataclass(frozen=True)
class AuditHead:
    """The registry's audit trail when a document was made: its newest entry's number and hash.
    Printed in the footer and kept in the PDF's keywords, under the signature: a trail later
    found shorter or different is told by `trialdesk verify`."""

    entries: int
    hash: str

    @property
    def keyword(self) -> str:
        return f"trialdesk-audit-head:{self.entries}:{self.hash}"

    @property
    def printed(self) -> str:
        return Phrase("Audit trail at printing: entry {entries}, {hash}", entries=self.entries, hash=self.hash[:16])

    @classmethod
    def from_keywords(cls, keywords: str) -> AuditHead | None:
        found = AUDIT_HEAD_KEYWORD.search(keywords or "")
        return cls(int(found.group(1)), found.group(2)) if found else None


def _aware(value: dt.datetime | None, what: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{what} must be timezone-aware (got {value.isoformat()})")


@dataclass(frozen=True)
class Site:
    name: str
    address: str = ""
    timezone: str = ""  # IANA name, e.g. Asia/Shanghai: signature times are printed in it


@dataclass(frozen=True)
class TrialInfo:
    """The trial as a report's header names it."""

    trial_id: str
    title: str
    protocol_version: str
    short_name: str = ""
    principal_investigator: str | None = None

    @classmethod
    def of(cls, trial: Trial) -> TrialInfo:
        return cls(trial.trial_id, trial.title, trial.protocol_version, trial.short_name, trial.principal_investigator)


@dataclass(frozen=True)
class SignatureBlock:
    """A visible signature: signed (signed_at given) or a blank line to sign by hand.
    `matches` False: what was signed has changed since (the block says so)."""

    meaning: str
    printed_name: str
    role: str
    signed_at: dt.datetime | None = None
    username: str | None = None
    matches: bool = True

    def __post_init__(self) -> None:
        _aware(self.signed_at, f"signature time of {self.printed_name}")


@dataclass(frozen=True)
class ChecklistReport:
    site: Site
    trial: TrialInfo
    screening_label: str  # e.g. NCT06394063-S0001
    patient_initials: str
    age: int | None
    sex: str  # F or M (coordinator.records.renal.Sex), printed as female / male
    status: str  # coordinator.screening.workflow.Status value
    checklist: Checklist
    signatures: tuple[SignatureBlock, ...]
    document_id: str
    generated_at: dt.datetime
    full_name: str | None = None  # only when the site prints full names on checklists
    audit_head: AuditHead | None = None
    language: Language = "en"  # the words printed around the registered text (see coordinator/reports/wording.py)

    def __post_init__(self) -> None:
        _aware(self.generated_at, "generated_at")
        object.__setattr__(self, "signatures", tuple(self.signatures))
        if self.checklist.trial_id != self.trial.trial_id:
            raise ValueError(f"checklist is for {self.checklist.trial_id}, the report for {self.trial.trial_id}")


@dataclass(frozen=True)
class LogRow:
    screening_label: str
    date_screened: dt.date
    initials: str
    age: int | None
    sex: str
    outcome: Outcome
    failure_reasons: tuple[tuple[str, str], ...] = ()  # (criterion id, short text)
    consent_date: dt.date | None = None
    subject_no: str | None = None
    arm: str | None = None
    comments: str = ""
    protocol_version: str | None = None  # only when not the version the log's header names

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"{self.screening_label}: outcome must be one of {', '.join(OUTCOMES)}, "
                             f"not {self.outcome!r}")
        object.__setattr__(self, "failure_reasons", tuple((str(i), str(t)) for i, t in self.failure_reasons))


@dataclass(frozen=True)
class ScreeningLogReport:
    site: Site
    trial: TrialInfo
    period_from: dt.date | None
    period_to: dt.date | None
    rows: tuple[LogRow, ...]
    signatures: tuple[SignatureBlock, ...]
    document_id: str
    generated_at: dt.datetime
    audit_head: AuditHead | None = None
    language: Language = "en"

    def __post_init__(self) -> None:
        _aware(self.generated_at, "generated_at")
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "signatures", tuple(self.signatures))
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValueError(f"period from {self.period_from} is after its end {self.period_to}")

    def outcome_counts(self) -> dict[str, int]:
        """Screenings by outcome, every outcome present (zero when none)."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    def failure_counts(self) -> list[tuple[str, str, int]]:
        """(criterion id, short text, screenings failed on it), most frequent first."""
        texts: dict[str, str] = {}
        counts: dict[str, int] = {}
        for row in self.rows:
            for criterion_id, text in dict(row.failure_reasons).items():
                texts.setdefault(criterion_id, text)
                counts[criterion_id] = counts.get(criterion_id, 0) + 1
        return sorted(((i, texts[i], n) for i, n in counts.items()), key=lambda item: (-item[2], _id_order(item[0])))


def _id_order(criterion_id: str) -> tuple:
    """I before E, then by number: I2 < I10 < E1."""
    digits = "".join(ch for ch in criterion_id[1:] if ch.isdigit())
    return (0 if criterion_id.startswith("I") else 1, int(digits) if digits else 0, criterion_id)


def short_text(text: str, limit: int = 80) -> str:
    """A criterion's text cut at a word boundary for the screening log."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 3]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "..."


def failure_reasons(checklist: Checklist, limit: int = 80) -> tuple[tuple[str, str], ...]:
    """The checklist's screen-failure reasons as the log prints them: (criterion id, short text)."""
    texts = {r.id: r.text for r in checklist.criteria}
    return tuple((criterion_id, short_text(texts[criterion_id], limit)) for criterion_id in checklist.failed)
