"""The audit trail's head kept beside an SQLite registry (`registry.sqlite3.audit-head`): the
newest entry's number and hash, written each time the registry is closed, so that deleting the
newest entries or rewriting the trail between two sessions is told by `audit verify` even before
the next backup. When the trail no longer holds the head found at opening, the file is left as it
is (the evidence); only a restore, which rightly goes back in time, writes an older head."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from db.audit import GENESIS, KnownHead, check_known_heads
from db.models import AuditRow

SUFFIX = ".audit-head"


def head_file(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def stored_head(database: Path) -> KnownHead | None:
    """The head written at the registry's last closing (None before the first, or unreadable)."""
    try:
        raw = json.loads(head_file(database).read_text(encoding="utf-8"))
        return KnownHead(f"the registry's last closing ({raw['at']})", int(raw["entries"]), str(raw["hash"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current_head(session: Session) -> tuple[int, str]:
    head = session.execute(select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first()
    return (head.id, head.hash) if head else (0, GENESIS)


def holds_stored_head(session: Session, database: Path) -> bool:
    head = stored_head(database)
    return head is None or check_known_heads(session, [head]) is None


def write_head(session: Session, database: Path) -> None:
    entries, digest = current_head(session)
    target = head_file(database)
    partial = target.with_name(f".{target.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump({"entries": entries, "hash": digest,
                   "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}, out)
    os.replace(partial, target)
