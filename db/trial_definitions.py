"""Every version of a trial definition a screening was begun on, kept in the registry: an
amendment installed later never loses the version an open or signed screening used, and what
changed between two versions can always be shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from coordinator.screening.trial import Trial
from db.audit import utc_now
from db.models import TrialDefinitionRow
from coordinator.screening.rules.base import WITHIN_DAYS_CONTEXT


@dataclass(frozen=True)
class KeptVersion:
    trial_id: str
    protocol_version: str
    sha256: str
    first_used_at: dt.datetime


def remember(session: Session, trial: Trial) -> str:
    """Keep this version of the definition (once); its hash."""
    sha = trial.content_hash
    kept = session.execute(select(TrialDefinitionRow.id).where(
        TrialDefinitionRow.trial_id == trial.trial_id, TrialDefinitionRow.sha256 == sha)).first()
    if kept is None:
        session.add(TrialDefinitionRow(trial_id=trial.trial_id, protocol_version=trial.protocol_version, sha256=sha,
                                       definition=trial.model_dump_json(exclude={"demo"}), first_used_at=utc_now()))
        session.flush()
    return sha


def kept_definition(session: Session, trial_id: str, sha: str) -> Trial | None:
    row = session.execute(select(TrialDefinitionRow).where(
        TrialDefinitionRow.trial_id == trial_id, TrialDefinitionRow.sha256 == sha)).scalar()
    if row is None:
        return None
    # (every window is written out in the kept JSON: the default only matters while a file is read)
    return Trial.model_validate_json(row.definition, context={WITHIN_DAYS_CONTEXT: 0})


def kept_versions(session: Session, trial_id: str) -> list[KeptVersion]:
    rows = session.execute(select(TrialDefinitionRow).where(TrialDefinitionRow.trial_id == trial_id)
                           .order_by(TrialDefinitionRow.id)).scalars()
    return [KeptVersion(r.trial_id, r.protocol_version, r.sha256, r.first_used_at) for r in rows]


@dataclass(frozen=True)
class TrialVersion:
    """A version of a trial the site can compare: a kept one, or the one in use."""

    protocol_version: str
    sha256: str
    first_used_at: dt.datetime | None  # None: no screening was begun on it yet
    in_use: bool
    definition: Trial


def trial_versions(session: Session, in_use: Trial) -> list[TrialVersion]:
    """Every kept version of the trial, oldest first, then the one in use unless it is kept."""
    versions = []
    for kept in kept_versions(session, in_use.trial_id):
        current = kept.sha256 == in_use.content_hash
        definition = in_use if current else kept_definition(session, kept.trial_id, kept.sha256)
        assert definition is not None
        versions.append(TrialVersion(kept.protocol_version, kept.sha256, kept.first_used_at, current, definition))
    if not any(v.in_use for v in versions):
        versions.append(TrialVersion(in_use.protocol_version, in_use.content_hash, None, True, in_use))
    return versions
