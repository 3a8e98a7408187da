"""The audit trail: one append-only, hash-chained entry per change, written in the same
transaction as the change itself."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from collections.abc import Iterable
from typing import Any, TextIO

from pydantic import BaseModel
from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from coordinator.screening.workflow import Actor, Permission, require
from db.models import AuditRow

GENESIS = "0" * 64


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and this entry's content, in a canonical form."""
    content = dict(fields, at=_as_utc(fields["at"]).isoformat(timespec="microseconds"))
    payload = prev_hash + json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


HASHED_FIELDS = ("at", "actor", "action", "entity", "patient_ref", "old_value", "new_value", "reason")


def as_json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):  # a record part: serialised by pydantic, in field order
        return value.model_dump_json(exclude_none=True)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class AuditLog:
    """Collects entries during a unit of work and appends them, chained, on `flush`."""

    def __init__(self, session: Session, actor: str):
        self._session = session
        self._actor = actor
        self._pending: list[dict[str, Any]] = []

    def record(self, action: str, entity: str, *, patient_ref: str | None = None,
               old: Any = None, new: Any = None, reason: str | None = None) -> None:
        self._pending.append({
            "at": utc_now(), "actor": self._actor, "action": action, "entity": entity,
            "patient_ref": patient_ref, "old_value": as_json(old), "new_value": as_json(new),
            "reason": reason,
        })

    def flush(self) -> None:
        if not self._pending:
            return
        _append_one_at_a_time(self._session)
        last = self._session.execute(
            select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first()
        last_id, head = (last.id, last.hash) if last else (0, GENESIS)
        for entry in self._pending:
            # Numbered here, not by the database: a PostgreSQL sequence skips the numbers of
            # rolled-back inserts, and verify_chain takes a gap for deleted entries. Two
            # writers that read the same head now clash on the key instead of forking the chain.
            last_id += 1
            entry["id"] = last_id
            entry["prev_hash"] = head
            head = entry["hash"] = entry_hash(head, {k: entry[k] for k in HASHED_FIELDS})
        self._session.execute(insert(AuditRow.__table__), self._pending)
        self._pending = []


def _append_one_at_a_time(session: Session) -> None:
    """Writers append to the chain one after the other, each after the last one committed.
    On SQLite the writer already holds the database's only write lock (BEGIN IMMEDIATE). On
    PostgreSQL concurrent transactions would read the same head; they queue on a table lock
    instead, held until commit, which leaves reading the audit trail free."""
    if session.connection().dialect.name == "postgresql":
        session.execute(text(f"LOCK TABLE {AuditRow.__tablename__} IN EXCLUSIVE MODE"))


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str


def verify_chain(session: Session) -> ChainBreak | None:
    """The first entry whose link or content does not match, or None when the chain is whole."""
    expected_prev = GENESIS
    last_id = 0
    for row in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars():
        if row.id != last_id + 1:
            return ChainBreak(row.id, f"entries {last_id + 1}..{row.id - 1} are missing")
        if row.prev_hash != expected_prev:
            return ChainBreak(row.id, "does not link to the entry before it")
        if entry_hash(row.prev_hash, {k: getattr(row, k) for k in HASHED_FIELDS}) != row.hash:
            return ChainBreak(row.id, "content was changed after it was written")
        expected_prev, last_id = row.hash, row.id
    return None


@dataclass(frozen=True)
class KnownHead:
    """The trail's head as recorded outside the registry (a backup's manifest): its newest entry's
    number and hash then. The trail must still hold that entry, unchanged."""

    where: str
    entries: int
    hash: str


def check_known_heads(session: Session, heads: Iterable[KnownHead]) -> ChainBreak | None:
    """The trail shorter than a head recorded elsewhere (its newest entries deleted, or the whole
    table), or forked from it (rewritten and rehashed): a chain that links up is not enough."""
    last = session.execute(select(func.max(AuditRow.id))).scalar_one() or 0
    for head in sorted(heads, key=lambda known: known.entries, reverse=True):
        if head.entries == 0:
            continue
        if last < head.entries:
            return ChainBreak(last + 1, f"entries {last + 1}..{head.entries} are missing: {head.where} recorded the "
                                        f"trail up to entry {head.entries}")
        found = session.execute(select(AuditRow.hash).where(AuditRow.id == head.entries)).scalar_one_or_none()
        if found != head.hash:
            return ChainBreak(head.entries, f"differs from what {head.where} recorded: the trail was rewritten up "
                                            "to here")
    return None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    patient_ref: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None
    hash: str


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; every field optional. `action` matches a prefix
    ("screening." finds every screening entry); dates are inclusive, in UTC."""

    actor: str | None = None
    action: str | None = None
    patient_ref: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class AuditReader:
    """Reading the trail is itself a permission (it holds old and new patient values)."""

    def __init__(self, session: Session, reader: Actor):
        require(reader, Permission.READ_AUDIT)
        self._session = session

    def entries(self, where: AuditFilter = AuditFilter(), *, limit: int | None = None,
                offset: int = 0) -> list[AuditEntry]:
        """The matching entries in the order they were written (as the chain and the CSV run)."""
        query = self._matching(where).order_by(AuditRow.id).offset(offset).limit(limit)
        return [AuditEntry(*row) for row in self._session.execute(query)]

    def newest(self, where: AuditFilter = AuditFilter(), *, limit: int | None = None,
               before_id: int | None = None) -> list[AuditEntry]:
        """The matching entries newest first, those older than entry `before_id` only if given.
        Paged by entry number, not by offset: entries written while a reader pages would
        otherwise push rows already shown into the next page again."""
        query = self._matching(where)
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        query = query.order_by(AuditRow.id.desc()).limit(limit)
        return [AuditEntry(*row) for row in self._session.execute(query)]

    @staticmethod
    def _matching(where: AuditFilter):
        query = select(*(getattr(AuditRow, f) for f in AuditEntry.__dataclass_fields__))
        if where.actor:
            query = query.where(AuditRow.actor == where.actor)
        if where.action:
            query = query.where(AuditRow.action.startswith(where.action, autoescape=True))
        if where.patient_ref:
            query = query.where(AuditRow.patient_ref == where.patient_ref)
        if where.start:
            query = query.where(AuditRow.at >= _day_start(where.start))
        if where.end:
            query = query.where(AuditRow.at < _day_start(where.end + dt.timedelta(days=1)))
        return query

    def actions(self) -> list[str]:
        return list(self._session.execute(select(AuditRow.action).distinct().order_by(AuditRow.action)).scalars())

    def verify(self, known_heads: Iterable[KnownHead] = ()) -> ChainBreak | None:
        """The first break of the chain, else of a head recorded outside the registry."""
        return verify_chain(self._session) or check_known_heads(self._session, known_heads)


def _day_start(day: dt.date) -> dt.datetime:
    # Entries are written in UTC; the column type refuses naive values.
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


CSV_COLUMNS = ("id", "at", "actor", "action", "entity", "patient_ref", "old_value", "new_value", "reason", "hash")


def write_csv(entries: Iterable[AuditEntry], stream: TextIO) -> int:
    """The entries as CSV (UTC times in ISO 8601), one row each; returns how many."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        row = [getattr(entry, column) for column in CSV_COLUMNS]
        row[1] = _as_utc(entry.at).isoformat(timespec="seconds")
        writer.writerow(["" if value is None else value for value in row])
        count += 1
    return count
