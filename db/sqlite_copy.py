"""A consistent copy of an SQLite registry into a new file: SQLite's online backup API (which
also takes what is still in the write-ahead log, while others keep working), readable by its
owner only, one self-contained file. Used for backups, for the copy kept before a schema upgrade
and for the registry kept aside before a restore."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from db.encryption import connect
from db.private_files import private_file


def consistent_copy(source: Path, target: Path, key: bytes | None = None) -> None:
    """Copy the database at `source` into `target` (created 0600; removed again on failure). An
    encrypted registry's copy is encrypted with the same `key`."""
    private_file(target)
    try:
        with closing(connect(source, key, read_only=True)) as live, closing(connect(target, key)) as copy:
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except BaseException:
        target.unlink(missing_ok=True)
        raise
