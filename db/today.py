"""What today asks of the signed-in person and the site, in one worklist: follow-up actions due
and overdue, visits whose window opens, is open or closes this week, screenings waiting for this
person (to prepare, to review and sign, to enrol), signed screenings gone stale, and the last
backup. Each item names the place where it is dealt with.

Overdue and due are decided in coordinator.followup.due, as for the Due and overdue view and
`trialdesk alerts`; a person sees the screenings their role can move on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from coordinator.followup.due import DueStatus
from coordinator.phrase import Phrase
from coordinator.screening.trial import Trial
from coordinator.screening.workflow import Actor, Permission, Status, record_hash, require, screening_label
from db.acknowledgements import AcknowledgementRepository
from db.followup import due_items, registry_follow_ups
from db.models import PatientRow, ScreeningRow
from db.patients import PatientRepository

WEEK = dt.timedelta(days=7)


class Section(StrEnum):
    FOLLOW_UP = "follow_up"
    VISITS = "visits"
    SCREENINGS = "screenings"
    STALE = "stale"
    BACKUP = "backup"


class Opens(StrEnum):
    """The place an item is dealt with."""

    FOLLOW_UP = "followup"
    CHECKLIST = "checklist"
    BACKUP = "backup"


@dataclass(frozen=True)
class TodayItem:
    section: Section
    status: str                 # overdue / due (follow-up), opens / open / closes (visits), prepare / sign / enrol, ...
    when: dt.date | None
    patient: str | None
    trial: str | None
    what: str                   # a Phrase: the window shows it in its language
    opens: Opens
    urgent: bool = False        # overdue, a window closing, a stale screening, no recent backup


# the screenings each permission moves on, and what the person does with them
WAITING = ((Permission.SCREEN, Status.IN_PROGRESS, "prepare"),
           (Permission.SIGN, Status.READY_FOR_REVIEW, "sign"),
           (Permission.ENROL, Status.SIGNED, "enrol"))


def today_items(session: Session, actor: Actor, trials: Iterable[Trial], on: dt.date,
                last_backup: dt.datetime | None, backup_warning_days: int = 7) -> list[TodayItem]:
    """The worklist for `actor` on `on`: the most pressing first within each section."""
    require(actor, Permission.READ)
    trials = list(trials)
    items = _follow_up_and_visits(session, actor, trials, on)
    items += _screenings(session, actor, {t.trial_id for t in trials})
    items.append(_backup(last_backup, on, backup_warning_days))
    return items


def _follow_up_and_visits(session: Session, actor: Actor, trials: list[Trial], on: dt.date) -> list[TodayItem]:
    acknowledged = AcknowledgementRepository(session, actor).all()
    follow_up: list[TodayItem] = []
    visits: list[TodayItem] = []
    for patient, trial_id, result in registry_follow_ups(session, actor, trials, on):
        for item in due_items(patient, trial_id, result, on, acknowledged.get((patient, trial_id), {})):
            if item.status == DueStatus.COMING or item.acknowledged is not None:
                continue
            what = item.action.reason if item.action is not None else item.alert.message
            follow_up.append(TodayItem(Section.FOLLOW_UP, str(item.status), item.due, patient, trial_id, what,
                                       Opens.FOLLOW_UP, urgent=item.status == DueStatus.OVERDUE))
        for visit in result.next_visits:
            status = _window_status(visit.window_from, visit.window_to, on)
            if status is not None:
                visits.append(TodayItem(
                    Section.VISITS, status, visit.window_to if status == "closes" else visit.window_from, patient,
                    trial_id, Phrase("visit {visit} (week {week:g}): window {start} to {end}", visit=visit.visit,
                                     week=visit.week, start=visit.window_from, end=visit.window_to),
                    Opens.FOLLOW_UP, urgent=status == "closes"))
    follow_up.sort(key=lambda i: (not i.urgent, i.when, i.patient))
    visits.sort(key=lambda i: (not i.urgent, i.when, i.patient))
    return follow_up + visits


def _window_status(start: dt.date, end: dt.date, on: dt.date) -> str | None:
    """A visit window this week: it closes within the week, it is open, or it opens within it."""
    if start <= on <= end:
        return "closes" if end < on + WEEK else "open"
    if on < start < on + WEEK:
        return "opens"
    return None


def _screenings(session: Session, actor: Actor, trial_ids: set[str]) -> list[TodayItem]:
    rows = session.execute(
        select(ScreeningRow, PatientRow.registry_no).join(PatientRow, PatientRow.id == ScreeningRow.patient_id)
        .where(ScreeningRow.status.in_([Status.IN_PROGRESS, Status.READY_FOR_REVIEW, Status.SIGNED]),
               PatientRow.archived.is_(False))
        .order_by(ScreeningRow.on_date, ScreeningRow.id)).all()
    wanted = {status: task for permission, status, task in WAITING if permission in actor.permissions}
    patients = PatientRepository(session, actor.name)
    waiting, stale = [], []
    for row, ref in rows:
        if row.trial_id not in trial_ids:
            continue
        label = screening_label(row.trial_id, row.number)
        if row.status == Status.SIGNED and record_hash(patients.require(ref)) != row.record_hash:
            stale.append(TodayItem(Section.STALE, "stale", row.on_date, ref, row.trial_id, Phrase(
                "{label}: the record changed after it was signed; screen again before enrolling", label=label),
                Opens.CHECKLIST, urgent=True))
        elif row.status in wanted:
            waiting.append(TodayItem(Section.SCREENINGS, wanted[row.status], row.on_date, ref, row.trial_id,
                                     Phrase("{label} begun {day}", label=label, day=row.on_date), Opens.CHECKLIST))
    return waiting + stale


def _backup(last: dt.datetime | None, on: dt.date, warning_days: int) -> TodayItem:
    if last is None:
        return TodayItem(Section.BACKUP, "none", None, None, None, Phrase("no backup of this registry yet"),
                         Opens.BACKUP, urgent=True)
    age = (on - last.date()).days
    return TodayItem(Section.BACKUP, "old" if age > warning_days else "ok", last.date(), None, None,
                     Phrase("last good backup {day} ({days} days ago)", day=last.date(), days=age), Opens.BACKUP,
                     urgent=age > warning_days)
