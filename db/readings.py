"""Readings of ambiguous protocol text adopted for a trial at the site: every screening of the
trial takes the adopted reading (unless its investigator chooses another for that screening),
so the same question is not asked for every patient. Adopting and withdrawing are audited rows;
nothing is ever updated or deleted.

Who may adopt, and what may be adopted, is the core's (`coordinator.screening.workflow`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from coordinator.screening.eligibility import ADOPTED, ReadingChoice
from coordinator.screening.trial import Trial
from coordinator.screening.workflow import Actor, WorkflowError, check_adoption, check_withdrawal
from db.audit import AuditLog, utc_now
from db.models import AdoptedReadingRow


@dataclass(frozen=True)
class AdoptionEvent:
    """One adoption or withdrawal, as the history shows it."""

    trial_id: str
    item_id: str
    reading_id: str | None  # None: withdrawn
    reason: str
    by: str
    at: dt.datetime


def adopted_readings(session: Session, trial_id: str) -> dict[str, ReadingChoice]:
    """The readings in force for the trial, by criterion or part id. Reading this needs no
    permission beyond reading the registry: every checklist shows what it used."""
    current: dict[str, ReadingChoice | None] = {}
    rows = session.execute(select(AdoptedReadingRow).where(AdoptedReadingRow.trial_id == trial_id)
                           .order_by(AdoptedReadingRow.id)).scalars()
    for row in rows:
        current[row.item_id] = None if row.reading_id is None else ReadingChoice(
            row.reading_id, row.by, ADOPTED, row.reason, row.at)
    return {item: choice for item, choice in current.items() if choice is not None}


class AdoptedReadings:
    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor

    def in_force(self, trial_id: str) -> dict[str, ReadingChoice]:
        return adopted_readings(self.session, trial_id)

    def history(self, trial_id: str) -> list[AdoptionEvent]:
        rows = self.session.execute(select(AdoptedReadingRow).where(AdoptedReadingRow.trial_id == trial_id)
                                    .order_by(AdoptedReadingRow.id)).scalars()
        return [AdoptionEvent(r.trial_id, r.item_id, r.reading_id, r.reason, r.by, r.at) for r in rows]

    def adopt(self, trial: Trial, item_id: str, reading_id: str, reason: str) -> ReadingChoice:
        choice = check_adoption(self.actor, trial, item_id, reading_id, reason)
        previous = self.in_force(trial.trial_id).get(item_id)
        if previous is not None and previous.reading_id == reading_id:
            raise WorkflowError(f"{trial.trial_id} {item_id}: the reading '{reading_id}' is already adopted "
                                f"(by {previous.by})")
        self._append(trial.trial_id, item_id, reading_id, choice.reason, "adopt", previous)
        return choice

    def withdraw(self, trial: Trial, item_id: str, reason: str) -> None:
        why = check_withdrawal(self.actor, trial, item_id, reason)
        previous = self.in_force(trial.trial_id).get(item_id)
        if previous is None:
            raise WorkflowError(f"{trial.trial_id} {item_id}: no reading is adopted")
        self._append(trial.trial_id, item_id, None, why, "withdraw", previous)

    def _append(self, trial_id: str, item_id: str, reading_id: str | None, reason: str, action: str,
                previous: ReadingChoice | None) -> None:
        row = AdoptedReadingRow(trial_id=trial_id, item_id=item_id, reading_id=reading_id, reason=reason, by=self.actor.name,
                                at=utc_now())
        self.session.add(row)
        audit = AuditLog(self.session, self.actor.name)
        audit.record(f"reading.{action}", "trial", reason=reason,
                     old=None if previous is None else {"reading": previous.reading_id, "by": previous.by},
                     new={"trial": trial_id, "item": item_id, "reading": reading_id})
        audit.flush()

