"""An encrypted SQLite registry on disk: SQLCipher (through sqlcipher3) with the data key, and
the key file beside it (`registry.sqlite3.keys`) holding that key wrapped under each account's
password (coordinator.encryption.keys).

A registry is encrypted when its first bytes are not SQLite's clear header; a clear one (a demo,
or one made before encryption) opens with Python's own sqlite3 as before. Key files are written
whole (a new file renamed over the old) and readable by their owner only. A password change adds
the new wrapping before the database commits and removes the old one after, so a crash between
the two leaves a registry that opens with either password, never one that opens with neither."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from coordinator.encryption.keys import KeyFile, KeyFileError, Wrapping, wrap, wrap_with_password_hash
from coordinator.problems import Refusal

KEY_SUFFIX = ".keys"
# SQLCipher 4's defaults (AES-256, HMAC-SHA512 per 4 KiB page: what standard SQLCipher tools open with
# the raw key). Each page read from disk is decrypted and authenticated, so an encrypted connection
# keeps more decrypted pages: 32 MB instead of 8, which takes an import's cost from 1.4x to within 1.3x
# of a clear registry's (tests/benchmarks/encryption_benchmark.py).
CACHE_KIB = 32768
CLEAR_HEADER = b"SQLite format 3\x00"

try:  # a wheel for Linux x86-64, Windows and macOS; elsewhere only clear registries open
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - platform without the wheel
    sqlcipher = None

DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (sqlcipher.DatabaseError,) if sqlcipher is not None else ())


class EncryptionUnavailable(Refusal, RuntimeError):
    """This installation cannot open encrypted registries (no SQLCipher for the platform)."""


class RegistryInUse(Refusal, RuntimeError):
    """A registry file that another connection holds open, where this step needs it alone."""


class WrongKey(Refusal, PermissionError):
    """A data key (a recovery key) that does not open this registry."""


def key_file_path(database: Path) -> Path:
    return database.with_name(database.name + KEY_SUFFIX)


def next_key_file(database: Path) -> Path:
    """The key file of a registry being replaced by a restore: it becomes the key file once the
    restored file is in place (and is taken for it at the next unlocking, should the restore have
    been killed between the two renames)."""
    return database.with_name(database.name + KEY_SUFFIX + ".next")


def is_encrypted(database: Path) -> bool:
    """Whether the file at `database` exists and is not a clear SQLite database."""
    try:
        with open(database, "rb") as stream:
            header = stream.read(len(CLEAR_HEADER))
    except FileNotFoundError:
        return False
    return len(header) > 0 and header != CLEAR_HEADER


def available() -> bool:
    """Whether this installation can make and open encrypted registries."""
    return sqlcipher is not None


def driver(encrypted: bool):
    """The DB-API module for a registry: SQLCipher's for an encrypted one, sqlite3's for a clear one."""
    if not encrypted:
        return sqlite3
    if sqlcipher is None:
        raise EncryptionUnavailable("this registry is encrypted, and this installation of TrialDesk has no "
                                    "SQLCipher for this platform: install the TrialDesk package for it")
    return sqlcipher


def keyed(connection: Any, key: bytes) -> Any:
    """`connection` (SQLCipher's) opened with the raw data key (no passphrase derivation: the key
    is random already), or WrongKey when the key does not read the file."""
    connection.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would print a wrong key's error
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        connection.close()
        raise WrongKey("the key does not open this registry") from None
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return connection


def connect(database: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 10.0,
            **options: Any) -> Any:
    """A DB-API connection to a registry file, keyed when `key` is given."""
    target, uri = (f"file:{database}?mode=ro", True) if read_only else (str(database), False)
    if key is None:
        return sqlite3.connect(target, uri=uri, timeout=timeout, **options)
    return keyed(driver(True).connect(target, uri=uri, timeout=timeout, **options), key)


def only_user(database: Path, key: bytes | None) -> None:
    """Refuse while another connection has the registry open (its writes would go to a file being
    replaced). Leaving write-ahead logging, which only the one connection to a file may do, is the test;
    the next opening turns it on again."""
    try:
        probe = connect(database, key, timeout=0.5)
    except WrongKey:
        return  # not this key's: nobody can be using it through TrialDesk
    try:
        mode = probe.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except DATABASE_ERRORS:
        mode = "wal"
    finally:
        probe.close()
    if str(mode).lower() != "delete":
        raise RegistryInUse(f"{database} is open in another TrialDesk window or command: close it there and try "
                            "again (nothing was changed)")


def encrypt_copy(clear: Path, target: Path, key: bytes) -> None:
    """An encrypted copy of the clear registry at `clear`, made by SQLCipher's export (schema,
    rows and user version alike) into `target`, which must not exist yet."""
    source = driver(True).connect(f"file:{clear}?mode=ro", uri=True)
    try:
        source.execute("PRAGMA cipher_log_level = NONE")
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), f"x'{key.hex()}'"))
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()


# -- the key file ---------------------------------------------------------------------------------------
def read_key_file(path: Path) -> KeyFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileError(f"{path}: the registry is encrypted and its key file is missing; copy it back from "
                           "a backup folder (the .keys file beside the backup) or open the registry with the "
                           "site's recovery key") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KeyFileError(f"{path}: cannot be read ({error})") from None
    return KeyFile.from_json(text, path.name)


def write_key_file(path: Path, keys: KeyFile) -> None:
    """The key file replaced whole, readable by its owner only, flushed to disk before the rename."""
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(keys.to_json())
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class RegistryKeys:
    """The key file of one open, encrypted registry and its data key (in memory only)."""

    def __init__(self, database: Path, data_key: bytes):
        self.path = key_file_path(database)
        self.data_key = data_key

    def read(self) -> KeyFile:
        return read_key_file(self.path)

    def write(self, keys: KeyFile) -> None:
        write_key_file(self.path, keys)

    def opens(self, username: str) -> bool:
        return bool(self.read().wrappings.get(username))

    def give(self, session: Session, username: str, password: str) -> None:
        """`username`'s password opens the registry once `session` commits (and, until then, their
        previous one still does). A rollback takes the new wrapping back out."""
        wrapping = wrap(self.data_key, username, password)
        self.write(self.read().with_wrapping(username, wrapping))
        self._after(session, lambda keys: keys.keeping_only(username, wrapping),
                    lambda keys: keys.without(username, wrapping))

    def take_away(self, session: Session, username: str) -> None:
        """Once `session` commits, `username`'s password no longer opens the registry."""
        self._after(session, lambda keys: keys.keeping_only(username, None), None)

    def clear_attempts(self, session: Session, username: str) -> None:
        """An administrator lifted `username`'s lockout: the key file's count goes too, on commit."""
        self._after(session, lambda keys: keys.without_attempts(username), None)

    def replace_shared_salt(self, username: str, password: str) -> None:
        """A wrapping made from the stored password hash at encryption, replaced by one of its own."""
        keys = self.read()
        if any(found.salt_shared for found in keys.wrappings.get(username, ())):
            self.write(keys.keeping_only(username, wrap(self.data_key, username, password)))

    def _after(self, session: Session, committed, rolled_back) -> None:
        settled: list[bool] = []  # the first of commit and rollback decides; the other then does nothing

        def on_commit(_session) -> None:
            if not settled:
                settled.append(True)
                self.write(committed(self.read()))

        def on_rollback(_session) -> None:
            if not settled:
                settled.append(True)
                if rolled_back is not None:
                    self.write(rolled_back(self.read()))

        event.listen(session, "after_commit", on_commit, once=True)
        event.listen(session, "after_rollback", on_rollback, once=True)


def wrappings_from_hashes(data_key: bytes, hashes: dict[str, str]) -> dict[str, tuple[Wrapping, ...]]:
    """Each account's wrapping made from its stored password hash (see wrap_with_password_hash)."""
    return {name: (wrap_with_password_hash(data_key, name, encoded),) for name, encoded in hashes.items()}
