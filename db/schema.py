"""The schema revisions this version of TrialDesk knows, read from its own migrations folder
(so a release with one more migration knows one more revision without anyone editing a
constant), and what happens to a registry whose revision differs:

- the same: opened as it is (Alembic is not even loaded);
- older: a backup copy of an SQLite registry is made first (beside it, in `backups/`), then the
  migrations run; the copy's path is given back so the person is told where it is;
- newer (made by a later TrialDesk): refused with a message, and nothing is touched.
"""

from __future__ import annotations

import os
import re
from contextlib import closing
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.problems import Refusal

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]*)['\"]|None)", re.M)
BACKUP_FOLDER = "backups"


class RegistryTooNew(Refusal, RuntimeError):
    """The registry was written by a newer TrialDesk than this one."""


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision of the migrations folder, oldest first (a single chain, as Alembic runs it)."""
    parent_of: dict[str, str | None] = {}
    for path in VERSIONS.glob("*.py"):
        found = dict((name, value or None) for name, value in _ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" in found and found["revision"]:
            parent_of[found["revision"]] = found.get("down_revision")
    chain: list[str] = []
    children = {parent: child for child, parent in parent_of.items()}
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parent_of):
        raise RuntimeError(f"the migrations in {VERSIONS} do not form one chain")
    return tuple(chain)


def head_revision() -> str:
    return known_revisions()[-1]


def refuse_if_newer(stored: str | None, location: str) -> None:
    if stored is not None and stored not in known_revisions():
        import coordinator

        raise RegistryTooNew(
            f"{location} was written by a newer version of TrialDesk (its schema is {stored}; this is "
            f"TrialDesk {coordinator.__version__}, which knows schemas up to {head_revision()}). "
            "Install the newer version to open it; nothing in the registry was changed.")


def backup_before_upgrade(engine: Engine, stored: str, target: str, key: bytes | None = None) -> Path | None:
    """A consistent copy of an SQLite registry (SQLite's online backup, which also takes what is
    still in the WAL file), readable by its owner only, named by the schema it holds and the time:
    `backups/registry-schema-0009-20261206T041500Z.sqlite3` beside the registry. None for a
    server database (its administrator backs it up: pg_dump, see docs/installing.md)."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    source_path = Path(engine.url.database)
    folder = source_path.parent / BACKUP_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = folder / f"{source_path.stem}-schema-{stored}-before-{target}-{stamp}.sqlite3"
    partial = final.with_suffix(".partial")
    from db.encryption import connect  # not at import: `head_revision` alone needs nothing installed
    from db.sqlite_copy import consistent_copy

    consistent_copy(source_path, partial, key)
    try:
        with closing(connect(partial, key)) as copy:
            checked = copy.execute("PRAGMA quick_check").fetchone()[0]
        if checked != "ok":
            raise RuntimeError(f"the backup copy {partial} does not check out; the registry was not upgraded")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if key is not None:  # the passwords of the day open the copy too (as the recovery key does)
        from db.encryption import key_file_path, read_key_file, write_key_file

        write_key_file(key_file_path(final), read_key_file(key_file_path(source_path)))
    os.replace(partial, final)
    return final
