"""Files only their owner reads: the registry, its write-ahead log, key file and backups (0600) in
folders only their owner enters (0700). What POSIX modes can say; on Windows the user's own
profile folder (%LOCALAPPDATA%) already keeps other users out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

REGISTRY_COMPANIONS = ("-wal", "-shm", ".keys")


def private_file(path: Path) -> None:
    """Create (or empty) `path` readable and writable by its owner only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if needed; a new one only its owner enters."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def tighten(path: Path, mode: int) -> None:
    """Take group's and others' rights away from an existing file or folder of ours (one made by
    an older TrialDesk, or by SQLite under a lax umask). Another user's file is left alone."""
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & ~0o077 & 0o7777 | (mode & 0o700))
    except FileNotFoundError:
        return


def private_registry(database: Path) -> None:
    """A registry file created private before SQLite creates it, and an existing one (with its
    companions) made private."""
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (database, *(database.with_name(database.name + suffix) for suffix in REGISTRY_COMPANIONS)):
        tighten(path, 0o600)
