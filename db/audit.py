"""The audit trail: one append-only, hash-chained entry per change, written in the same
transaction as the change itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select, text
from sqlmodel import Session

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
