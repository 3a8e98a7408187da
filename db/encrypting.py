"""Turning a clear SQLite registry into an encrypted one, once: at set-up for a new site, and
for a registry made before TrialDesk encrypted (`trialdesk site encrypt`), after a backup.

The encrypted copy is made beside the registry by SQLCipher's export, checked (every table's
rows, the audit trail's head), given its key file, and only then renamed over the clear file.
Each active account's password opens it at once: the key file holds the data key wrapped under
the administrator's password and, for the others, under their stored password hash (replaced
with a wrapping of its own at their next sign-in)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select, text

from coordinator.encryption.keys import KeyFile, new_data_key, recovery_key_text, wrap
from coordinator.problems import Refusal
from coordinator.screening.workflow import Actor, Permission, require
from db.accounts import AccountRepository, confirm_signature_password
from db.audit import AuditLog
from db.encryption import (connect, driver, encrypt_copy, key_file_path, only_user, wrappings_from_hashes,
                           write_key_file)
from db.models import UserAccountRow
from db.registry import DEMO, Registry, sqlite_file


class EncryptionRefused(Refusal, RuntimeError):
    """A registry that cannot or need not be encrypted (said why); nothing was changed."""


@dataclass(frozen=True)
class Encrypted:
    recovery_key: str      # to print and keep in the site file: it is shown this once
    backup: Path | None    # the clear registry's backup made first


def encrypt_registry(registry: Registry, actor: Actor, password: str, *, backup_first: bool = True) -> Encrypted:
    """Encrypt `registry` (clear, SQLite, real, set up) in place and leave it open, unlocked.
    `password` is the administrator's, checked again. Other programs must have closed it."""
    require(actor, Permission.ENCRYPT)
    database = _refuse_unsuitable(registry)
    confirm_signature_password(registry, actor, password, "encrypt the registry", refusal="encrypt.refused",
                               outcome="registry not encrypted")
    backup = None
    if backup_first:
        from db.backups import make_backup

        backup = make_backup(registry, actor).path
    with registry.reading() as session:
        site = AccountRepository(session).site().name
        hashes: dict[str, str] = dict(session.execute(select(UserAccountRow.username, UserAccountRow.password_hash)
                                      .where(UserAccountRow.active.is_(True))).all())
        expected = _fingerprint(session.connection())
    registry.close()
    driver(True)  # refused here, before anything is written, where SQLCipher is missing
    data_key = new_data_key()
    wrappings = wrappings_from_hashes(data_key, {name: found for name, found in hashes.items() if name != actor.name})
    wrappings[actor.name] = (wrap(data_key, actor.name, password),)
    partial = database.with_name(f".{database.name}.encrypting")
    keys_path, keys_partial = key_file_path(database), key_file_path(partial)
    for leftover in (partial, keys_partial):
        leftover.unlink(missing_ok=True)
    try:
        only_user(database, None)
        encrypt_copy(database, partial, data_key)
        with connect(partial, data_key) as check:
            found = _fingerprint_raw(check)
        if found != expected:
            raise EncryptionRefused("the registry changed while it was being encrypted (is TrialDesk open "
                                    "elsewhere?): nothing was changed; close it and encrypt again")
        write_key_file(keys_partial, KeyFile(site, wrappings))
        os.chmod(partial, 0o600)
        os.replace(keys_partial, keys_path)
        os.replace(partial, database)
        for stale in ("-wal", "-shm"):  # the clear file's, if its last connection left them
            database.with_name(database.name + stale).unlink(missing_ok=True)
    finally:
        partial.unlink(missing_ok=True)
        keys_partial.unlink(missing_ok=True)
    registry.unlock_with(data_key)
    with registry.writing() as session:
        audit = AuditLog(session, actor.name)
        audit.record("registry.encrypt", "registry", new={"cipher": "SQLCipher 4 (AES-256)",
                                                         "accounts": sorted(wrappings),
                                                         "backup": backup.name if backup else None})
        audit.flush()
    return Encrypted(recovery_key_text(data_key), backup)


def _refuse_unsuitable(registry: Registry) -> Path:
    database = sqlite_file(registry.url)
    if database is None:
        raise EncryptionRefused(f"{registry.location} is on a database server: its encryption is the server's "
                                "(encrypted storage and TLS, see docs/installing.md)")
    if registry.encrypted:
        raise EncryptionRefused(f"{database} is already encrypted")
    if registry.kind == DEMO:
        raise EncryptionRefused(f"{database} is a demo registry (synthetic patients): it stays clear")
    return database


def _fingerprint(connection) -> dict[str, int]:
    return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in inspect(connection).get_table_names()} | {
        "audit head": connection.execute(text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar_one()}


def _fingerprint_raw(connection) -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names} | {
        "audit head": connection.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]}


def recover_account(registry: Registry, data_key: bytes, username: str, new_password: str) -> None:
    """With the site's recovery key (`data_key`): give the administrator `username` a new password
    that opens the registry again (a new key file when it was lost). Audited as the account's own
    recovery. Their signing key and copy of the site authority's key were under the forgotten
    password: another administrator issues them anew by resetting this password."""
    from coordinator.signing.accounts import AccountError, check_password
    from coordinator.screening.workflow import Role
    from db.accounts import HASHER
    from db.encryption import read_key_file
    from coordinator.encryption.keys import KeyFileError

    if registry.locked:
        registry.unlock_with(data_key)
    assert registry.keys is not None
    with registry.writing() as session:
        row = session.execute(select(UserAccountRow).where(UserAccountRow.username == username)).scalar()
        if row is None or not row.active or Role.ADMINISTRATOR.value not in row.roles.split(","):
            raise AccountError(f"'{username}' is not an active administrator's account: recover an administrator, "
                               "who then resets the others' passwords")
        check_password(new_password, row.username, row.printed_name)
        row.password_hash = HASHER.hash(new_password)
        row.failed_logins, row.locked_until = 0, None
        site = AccountRepository(session).site().name
        try:
            keys = read_key_file(registry.keys.path)
        except KeyFileError:
            keys = KeyFile(site)  # lost or damaged: the recovered account's wrapping starts a new one
        audit = AuditLog(session, username)
        audit.record("account.recover", "account", new={"username": username, "with": "the site's recovery key",
                                                        "new_key_file": not keys.wrappings})
        audit.flush()
        session.flush()
    write_key_file(registry.keys.path, keys.keeping_only(username, wrap(data_key, username, new_password))
                   .without_attempts(username))
