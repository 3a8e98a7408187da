"""An opened registry: engine, up-to-date schema, and read / write sessions.

An encrypted registry opens locked: nothing in it can be read until it is unlocked by an
account's password (its key file) or the site's recovery key. Wrong passwords given while it is
locked are counted in the key file and written into the audit trail at the next unlocking."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, make_url, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from coordinator.encryption.keys import KeyFileError
from coordinator.problems import Refusal
from coordinator.signing.accounts import AuthenticationError, LockoutPolicy
from db.encryption import (RegistryKeys, WrongKey, is_encrypted, key_file_path, next_key_file, read_key_file,
                           write_key_file)
from coordinator.screening.site_trials import use_site_trials
from db.engine import make_engine, resolve_url, upgrade
from db.location import site_trials_folder
from db.models import RegistryInfo

REAL, DEMO = "real", "demo"


class RegistryKindError(RuntimeError):
    """Demo data must never be mixed into a real registry, nor the reverse."""


class RegistryLocked(Refusal, PermissionError):
    """An encrypted registry used before anyone signed in."""


class Registry:
    def __init__(self, url: str, engine: Engine | None):
        self.url = url
        self.engine: Engine = engine  # None only while locked
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE") if engine is not None else None
        # where the copy made before this opening migrated the schema is (None: no migration)
        self.upgrade_backup: Path | None = None
        self.keys: RegistryKeys | None = None  # an encrypted registry's, once unlocked
        self.keeps_head = False  # whether closing writes the trail's head beside the file (db.audit_head)

    @classmethod
    def open(cls, path_or_url: str | os.PathLike | None = None, *, kind: str | None = None,
             key: bytes | None = None) -> Registry:
        """Open a registry, creating or upgrading it as needed. A new registry is made of
        `kind` (real by default); an existing one must be of `kind` when one is given. An
        encrypted one is returned locked (see `unlock`) unless its data `key` is given."""
        url = resolve_url(path_or_url)
        database = sqlite_file(url)
        use_site_trials(site_trials_folder(database))
        if database is not None and is_encrypted(database):
            if kind == DEMO:
                raise RegistryKindError(f"{database} is an encrypted real registry; refusing to open it as demo")
            registry = cls(url, None)
            if key is not None:
                registry.unlock_with(key)
            return registry
        registry = cls(url, make_engine(url))
        registry.upgrade_backup = upgrade(registry.engine)
        try:
            registry._settle_kind(kind)
        except IntegrityError:
            # Another workstation made this registry at the same moment (on PostgreSQL both
            # found no kind); its row stands, and this one must agree with it.
            registry._settle_kind(kind)
        registry._check_head()
        return registry

    def _check_head(self) -> None:
        """Closing writes the head again only if the trail still holds the one written last time."""
        from db.audit_head import holds_stored_head

        database = self.database
        if database is not None:
            with self.reading() as session:
                self.keeps_head = holds_stored_head(session, database)

    def record_head(self) -> None:
        """Write the trail's head beside the registry now (a restore, which goes back in time)."""
        from db.audit_head import write_head

        database = self.database
        if database is not None and not self.locked:
            with self.reading() as session:
                write_head(session, database)
            self.keeps_head = True

    # -- an encrypted registry -----------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.engine is None

    @property
    def encrypted(self) -> bool:
        return self.keys is not None or self.locked

    @property
    def database(self) -> Path | None:
        """The SQLite file (None on a database server)."""
        return sqlite_file(self.url)

    def locked_site(self) -> str:
        """The site's name as the key file has it, to show before anyone signs in."""
        return read_key_file(key_file_path(self._file())).site

    def unlock(self, username: str, password: str, now: dt.datetime | None = None,
               policy: LockoutPolicy = LockoutPolicy()) -> None:
        """Open the encrypted registry with `username`'s password. A wrong one is counted toward
        the account's lockout (in the key file: the registry cannot be written yet)."""
        now = now or dt.datetime.now(dt.timezone.utc)
        path = key_file_path(self._file())
        keys = read_key_file(path)
        key, after = keys.unlock(username, password, now, policy)
        if after != keys:
            write_key_file(path, after)
        if key is None:
            until = after.locked_until(username, now)
            if until is not None:
                raise AuthenticationError(f"the account is locked after repeated failed log-ins until "
                                          f"{until:%Y-%m-%d %H:%M} UTC")
            raise AuthenticationError("wrong user name or password")
        try:
            self.unlock_with(key)
        except WrongKey:
            self._unlock_by_next_key_file(username, password, now, policy)

    def _unlock_by_next_key_file(self, username: str, password: str, now: dt.datetime, policy: LockoutPolicy) -> None:
        """A restore killed between putting the backup in place and its key file: the key file it had
        made ready opens the registry, and becomes its key file."""
        following = next_key_file(self._file())
        if not following.exists():
            raise WrongKey("the key file does not open this registry: open it with the site's recovery key")
        key, _ = read_key_file(following).unlock(username, password, now, policy)
        if key is None:
            raise AuthenticationError("wrong user name or password")
        self.unlock_with(key)
        os.replace(following, key_file_path(self._file()))

    def unlock_with(self, key: bytes) -> None:
        """Open the encrypted registry with its data key (WrongKey when it is another's)."""
        database = self._file()
        engine = make_engine(self.url, key)
        try:
            self.upgrade_backup = upgrade(engine, key=key)
        except BaseException:
            engine.dispose()
            raise
        self.engine, self._writer = engine, engine.execution_options(sqlite_begin="IMMEDIATE")
        self.keys = RegistryKeys(database, key)
        self._record_attempts()
        self._check_head()

    def lock(self) -> None:
        """Forget the data key: the registry must be unlocked again to be used."""
        if self.keys is not None:
            self.close()
            self.engine, self._writer, self.keys = None, None, None

    def _record_attempts(self) -> None:
        """The wrong passwords given while the registry was locked, into the audit trail."""
        from db.audit import AuditLog

        assert self.keys is not None
        try:
            keys = self.keys.read()
        except KeyFileError:  # opened by the recovery key, the key file lost: nothing was counted
            return
        unrecorded = {name: found.unrecorded for name, found in keys.attempts.items() if found.unrecorded}
        if not unrecorded:
            return
        with self.writing() as session:
            for username, moments in unrecorded.items():
                audit = AuditLog(session, username[:80])
                for moment in moments:
                    audit.record("login.failure", "account", new={"reason": "wrong password at unlocking",
                                                                 "at": moment.isoformat()})
                audit.flush()
        self.keys.write(self.keys.read().recorded())

    def _file(self) -> Path:
        database = self.database
        if database is None:
            raise RegistryLocked(f"{self.location} is on a database server: it is not encrypted by TrialDesk")
        return database

    def _settle_kind(self, kind: str | None) -> None:
        with self.writing() as session:
            info = session.get(RegistryInfo, "kind")
            if info is None:
                session.add(RegistryInfo(key="kind", value=kind or REAL))
            elif kind is not None and info.value != kind:
                self.engine.dispose()
                raise RegistryKindError(
                    f"{self.location} is a {info.value} registry; refusing to open it as {kind}")

    @property
    def location(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def kind(self) -> str:
        if self.encrypted:  # a demo registry is never encrypted
            return REAL
        with self.reading() as session:
            return session.execute(select(RegistryInfo.value).where(RegistryInfo.key == "kind")).scalar_one()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        self._require_unlocked()
        with Session(self.engine, info={"registry_keys": self.keys}) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error."""
        self._require_unlocked()
        with Session(self._writer, info={"registry_keys": self.keys}) as session, session.begin():
            yield session

    def _require_unlocked(self) -> None:
        if self.locked:
            raise RegistryLocked(f"{self.location} is encrypted: sign in to open it")

    def close(self) -> None:
        if self.engine is not None:
            if self.keeps_head:
                try:
                    self.record_head()
                except (OSError, SQLAlchemyError):  # a read-only folder: the backups' heads remain
                    pass
            self.engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None for a server or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
