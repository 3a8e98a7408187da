"""A consistent copy of an SQLite registry into a new file: SQLite's online backup API (which
also takes what is still in the write-ahead log, while others keep working), readable by its
owner only, one self-contained file. Used for backups, for the copy kept before a schema upgrade
and for the registry kept aside before a restore."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path


def private_file(path: Path) -> None:
    """Create (or empty) `path` readable and writable by its owner only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def consistent_copy(source: Path, target: Path) -> None:
    """Copy the database at `source` into `target` (created 0600; removed again on failure)."""
    private_file(target)
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as live, \
                closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except BaseException:
        target.unlink(missing_ok=True)
        raise
