"""Backups of an SQLite registry: made while the application runs (SQLite's online backup API),
checked before they count (integrity check, audit chain), written atomically beside a manifest
(db file and manifest appear under their final names only once complete), listed, pruned by the
site's retention, and restored into the registry in one SQLite transaction after the current
one has been kept aside.

A registry on PostgreSQL is backed up by its server (pg_dump); these functions refuse it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlmodel import Session

import coordinator
from coordinator.backups.manifest import BackupManifest, ManifestError
from coordinator.backups.retention import Retention, backups_to_keep
from coordinator.problems import Refusal
from coordinator.screening.workflow import Actor, Permission, require
from db.accounts import AccountRepository
from db.audit_head import stored_head
from db.encryption import (DATABASE_ERRORS, WrongKey, connect, driver, is_encrypted, key_file_path, next_key_file,
                           only_user, read_key_file, write_key_file)
from db.audit import GENESIS, AuditLog, KnownHead, utc_now, verify_chain
from db.models import AuditRow, PatientRow, ScreeningRow
from db.registry import Registry
from db.schema import BACKUP_FOLDER, known_revisions
from db.private_files import private_file, private_folder
from db.sqlite_copy import consistent_copy

SUFFIX = ".sqlite3"
MANIFEST_SUFFIX = ".json"
PARTIAL = ".partial"


class ServerBackups(Refusal, RuntimeError):
    """The registry is on a database server, whose administrator backs it up."""

    def __init__(self, location: str):
        super().__init__(f"{location} is on a database server: its backups are the server's (pg_dump, see "
                         "docs/installing.md); TrialDesk made none")


class BackupRefused(Refusal, RuntimeError):
    """A backup that could not be made, or a file that is not a sound backup (named, with why)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: BackupManifest


@dataclass(frozen=True)
class Listed:
    """A backup in a folder as its manifest describes it (`problem` when the manifest is unreadable)."""

    path: Path
    manifest: BackupManifest | None
    problem: str = ""


@dataclass(frozen=True)
class Restored:
    manifest: BackupManifest
    kept_aside: Path | None  # the registry as it was before the restore
    data_key: bytes | None = None  # the restored registry's, when it is encrypted


# -- where ------------------------------------------------------------------------------------
def registry_file(registry: Registry) -> Path:
    database = registry.database
    if database is None:
        raise ServerBackups(registry.location)
    return database


def backup_folder(registry: Registry) -> Path:
    """The site's backup folder (an administrator's setting), else `backups` beside the registry."""
    source = registry_file(registry)
    with registry.reading() as session:
        accounts = AccountRepository(session)
        chosen = accounts.site().backup_folder if accounts.is_set_up() else None
    return Path(chosen) if chosen else source.parent / BACKUP_FOLDER


def manifest_path(backup: Path) -> Path:
    return backup.with_suffix(MANIFEST_SUFFIX)


# -- making ------------------------------------------------------------------------------------
def make_backup(registry: Registry, actor: Actor, folder: Path | None = None, *, automatic: bool = False,
                now: dt.datetime | None = None) -> Backup:
    """A checked copy of the registry in `folder` (the site's backup folder by default), named by
    its time: `registry-20261206T231500Z.sqlite3` and its manifest `registry-....json`."""
    require(actor, Permission.BACK_UP)
    source = registry_file(registry)
    folder = folder or backup_folder(registry)
    now = now or utc_now()
    try:
        private_folder(folder)
    except OSError as error:
        raise BackupRefused(f"backup folder {folder}: {error.strerror or error}") from None
    _clear_abandoned(folder)
    final = _free_name(folder, f"{source.stem}-{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}")
    partial = final.with_name(f".{final.name}{PARTIAL}")
    manifest_partial = partial.with_suffix(MANIFEST_SUFFIX + PARTIAL)
    key = registry.keys.data_key if registry.keys is not None else None
    try:
        consistent_copy(source, partial, key)
        facts = _checked(partial, key)
        with registry.reading() as session:
            accounts = AccountRepository(session)
            site = accounts.site().name if accounts.is_set_up() else ""
        manifest = BackupManifest(made_at=now, made_by=actor.name, app_version=coordinator.__version__,
                                  schema=facts.schema, site=site, patients=facts.patients,
                                  screenings=facts.screenings, audit_entries=facts.audit_entries,
                                  audit_head=facts.audit_head, file=final.name, sha256=_digest(partial),
                                  encrypted=key is not None)
        if registry.keys is not None:  # the passwords of the day open the backup too (so does the recovery key)
            write_key_file(key_file_path(final), registry.keys.read().recorded())
        private_file(manifest_partial)
        with manifest_partial.open("w", encoding="utf-8") as out:
            out.write(manifest.to_json())
            out.flush()
            os.fsync(out.fileno())
        _fsync(partial)
        os.replace(partial, final)
        os.replace(manifest_partial, manifest_path(final))
        _fsync_folder(folder)
    except OSError as error:
        raise BackupRefused(f"backup to {folder}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
        manifest_partial.unlink(missing_ok=True)
    with registry.writing() as session:
        audit = AuditLog(session, actor.name)
        audit.record("backup", "registry", new={"file": final.name, "folder": str(folder), "automatic": automatic,
                                                "audit_entries": manifest.audit_entries})
        audit.flush()
    return Backup(final, manifest)


ABANDONED_AFTER = dt.timedelta(hours=1)  # an unfinished copy this old was left by a process that died


def _clear_abandoned(folder: Path) -> None:
    """Remove the unfinished copies of backups whose process was killed (never a finished one)."""
    limit = dt.datetime.now().timestamp() - ABANDONED_AFTER.total_seconds()
    for leftover in folder.glob(f".*{PARTIAL}"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            continue  # another process's, or already gone


def _free_name(folder: Path, stem: str) -> Path:
    """`stem.sqlite3`, or `stem-2.sqlite3` ... when a backup of the same second is there."""
    candidate, number = folder / f"{stem}{SUFFIX}", 1
    while candidate.exists() or manifest_path(candidate).exists():
        number += 1
        candidate = folder / f"{stem}-{number}{SUFFIX}"
    return candidate


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "posix":  # Windows cannot open a folder for fsync; its rename is durable enough
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# -- checking ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Facts:
    schema: str
    patients: int
    screenings: int
    audit_entries: int
    audit_head: str


def _checked(path: Path, key: bytes | None = None) -> _Facts:
    """What a copy holds, once SQLite's integrity check and the audit chain say it is whole."""
    if key is None and is_encrypted(path):
        raise BackupRefused(f"{path.name}: encrypted: it is checked with the registry's key, once signed in")
    try:
        with closing(connect(path, key, read_only=True)) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except WrongKey:
        raise BackupRefused(f"{path.name}: encrypted with another registry's key") from None
    except DATABASE_ERRORS as error:
        raise BackupRefused(f"{path.name}: not a registry ({error})") from None
    if verdict != "ok":
        raise BackupRefused(f"{path.name}: SQLite's integrity check fails ({verdict})")
    engine = create_engine("sqlite://", module=driver(key is not None),
                           creator=lambda: connect(path, key, read_only=True))
    try:
        with Session(engine) as session:
            try:
                schema = session.execute(text("SELECT max(version_num) FROM alembic_version")).scalar_one() or ""
                patients = session.execute(select(func.count()).select_from(PatientRow)).scalar_one()
                screenings = session.execute(select(func.count()).select_from(ScreeningRow)).scalar_one()
                head = session.execute(select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first()
            except Exception as error:  # a database that is not a registry: no such table
                raise BackupRefused(f"{path.name}: not a TrialDesk registry ({type(error).__name__})") from None
            broken = verify_chain(session)
            if broken is not None:
                raise BackupRefused(f"{path.name}: its audit trail is broken at entry {broken.entry_id}: "
                                    f"{broken.problem}")
    finally:
        engine.dispose()
    return _Facts(schema, patients, screenings, head.id if head else 0, head.hash if head else GENESIS)


def check_backup(path: Path, key: bytes | None = None, *, contents: bool = True) -> BackupManifest:
    """The manifest of a sound backup: the file is the one its manifest describes (digest), whole
    (integrity check, audit chain) and holds what the manifest says. Else BackupRefused, saying why.
    An encrypted backup is read with `key`; `contents=False` checks the manifest and digest only
    (before the key of a backup of another registry is known)."""
    path = Path(path)
    manifest = _manifest(path)
    if _digest(path) != manifest.sha256:
        raise BackupRefused(f"{path.name}: the file has changed since the backup was made (its SHA-256 digest "
                            "differs from the manifest's)")
    if not contents:
        return manifest
    facts = _checked(path, key)
    expected = (manifest.patients, manifest.screenings, manifest.audit_entries, manifest.audit_head)
    found = (facts.patients, facts.screenings, facts.audit_entries, facts.audit_head)
    if found != expected:
        raise BackupRefused(f"{path.name}: holds {facts.patients} patients, {facts.screenings} screenings and "
                            f"{facts.audit_entries} audit entries, not what its manifest says")
    return manifest


def _manifest(path: Path) -> BackupManifest:
    if not path.is_file():
        raise BackupRefused(f"{path}: no such backup file")
    try:
        manifest = BackupManifest.from_json(manifest_path(path).read_text(encoding="utf-8"),
                                            manifest_path(path).name)
    except FileNotFoundError:
        raise BackupRefused(f"{path.name}: no manifest ({manifest_path(path).name}) beside it; it is not a "
                            "TrialDesk backup, or an unfinished one") from None
    except (ManifestError, OSError, UnicodeDecodeError) as error:
        raise BackupRefused(str(error)) from None
    if manifest.file != path.name:
        raise BackupRefused(f"{path.name}: its manifest describes another file ({manifest.file})")
    return manifest


def backup_key(backup: Path, key: bytes | None, username: str, password: str | None) -> bytes | None:
    """The data key that opens an encrypted backup (None for a clear one): the registry's own
    `key` for its own backups, else the one the backup's key file gives `username`'s password of
    the day it was made."""
    if not _manifest(backup).encrypted:
        return None
    candidates = [key] if key is not None else []
    if password:
        try:
            found, _ = read_key_file(key_file_path(backup)).unlock(username, password, utc_now())
        except Refusal:  # no key file beside it, or not one this TrialDesk reads
            found = None
        if found is not None:
            candidates.append(found)
    for candidate in candidates:
        try:
            connect(backup, candidate, read_only=True).close()
            return candidate
        except WrongKey:
            continue
    raise BackupRefused(f"{backup.name}: encrypted with another key, which neither this registry nor your password "
                        f"of the day it was made opens (its key file {key_file_path(backup).name} must be beside it)")


# -- listing and pruning -----------------------------------------------------------------------------
def list_backups(folder: Path) -> list[Listed]:
    """The backups in `folder`, oldest first, as their manifests describe them (not checked)."""
    listed = []
    for path in sorted(Path(folder).glob(f"*{SUFFIX}")) if Path(folder).is_dir() else []:
        if not manifest_path(path).exists():
            continue  # an upgrade's copy or a registry kept aside: not a backup of this kind
        try:
            listed.append(Listed(path, BackupManifest.from_json(manifest_path(path).read_text(encoding="utf-8"),
                                                                manifest_path(path).name)))
        except (ManifestError, OSError, UnicodeDecodeError) as error:
            listed.append(Listed(path, None, str(error)))
    never = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    # By time; of the same second, by name: "-2" after the first, "-10" after "-9".
    return sorted(listed, key=lambda item: (item.manifest.made_at if item.manifest else never,
                                            len(item.path.name), item.path.name))


def known_heads(registry: Registry) -> list[KnownHead]:
    """The audit heads the backups' manifests recorded (none for a server's registry)."""
    try:
        folder = backup_folder(registry)
    except ServerBackups:
        return []
    abandoned = _abandoned_periods(registry)
    heads = [KnownHead(f"the backup {item.path.name}", item.manifest.audit_entries, item.manifest.audit_head)
             for item in list_backups(folder) if item.manifest is not None
             and not any(start < item.manifest.made_at < end for start, end in abandoned)]
    last_closing = stored_head(registry_file(registry))
    return heads + ([last_closing] if last_closing is not None else [])


def _abandoned_periods(registry: Registry) -> list[tuple[dt.datetime, dt.datetime]]:
    """Each restore gave up what was written between the backup it restored and itself: backups
    made then recorded heads of a trail that is, rightly, no longer there."""
    periods = []
    with registry.reading() as session:
        for at, new_value in session.execute(select(AuditRow.at, AuditRow.new_value).where(
                AuditRow.action == "restore", AuditRow.entity == "registry")):
            try:
                made = dt.datetime.fromisoformat(json.loads(new_value or "{}")["made_at"])
            except (KeyError, TypeError, ValueError):
                continue
            periods.append((made, at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)))
    return periods


def last_backup(folder: Path) -> dt.datetime | None:
    """When the newest backup in `folder` was made (each was checked before it was kept)."""
    made = [item.manifest.made_at for item in list_backups(folder) if item.manifest and item.path.is_file()]
    return max(made) if made else None


def prune(folder: Path, timezone: str, retention: Retention = Retention()) -> list[Path]:
    """Delete the backups the retention does not keep (never a file without a readable manifest)."""
    listed = [item for item in list_backups(folder) if item.manifest is not None]
    keep = backups_to_keep([item.manifest.made_at for item in listed if item.manifest], timezone, retention)
    removed = []
    for item in listed:
        if item.manifest and item.manifest.made_at not in keep:
            item.path.unlink(missing_ok=True)
            key_file_path(item.path).unlink(missing_ok=True)
            manifest_path(item.path).unlink(missing_ok=True)
            removed.append(item.path)
    return removed


# -- restoring ---------------------------------------------------------------------------------------
def restore(registry_path: Path, backup: Path, actor: Actor, *, key: bytes | None = None,
            password: str | None = None, reason: str | None = None, now: dt.datetime | None = None) -> Restored:
    """Put a checked backup in place of the registry at `registry_path`. The current registry is
    copied aside first (`backups/registry-before-restore-<time>.sqlite3`); then the registry is
    opened (migrated if the backup is older) and the restore audited there.

    A clear backup over a clear registry is written by SQLite's backup API in one transaction (a
    crash leaves the old or the new registry, never a mixture). When either is encrypted the
    checked file replaces the registry's by a rename, with the key file that opens it: `key` is
    the current registry's data key, `password` the administrator's, for a backup of another key."""
    require(actor, Permission.RESTORE)
    backup, registry_path = Path(backup), Path(registry_path)
    restored_key = backup_key(backup, key, actor.name, password)
    manifest = check_backup(backup, restored_key)
    if manifest.schema not in known_revisions():
        raise BackupRefused(f"{backup.name} was made by a newer TrialDesk (schema {manifest.schema}, TrialDesk "
                            f"{manifest.app_version}): install that version to restore it. Nothing was changed.")
    now = now or utc_now()
    by_rename = restored_key is not None or is_encrypted(registry_path)
    if by_rename and registry_path.exists():
        only_user(registry_path, key)
    kept_aside = None
    if registry_path.exists():
        folder = registry_path.parent / BACKUP_FOLDER
        private_folder(folder)
        kept_aside = _free_name(folder, f"{registry_path.stem}-before-restore-"
                                        f"{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}")
        _copy_aside(registry_path, kept_aside, key)
    else:
        private_folder(registry_path.parent)
        private_file(registry_path)
    if by_rename:
        _replace_by_rename(backup, registry_path, restored_key, key)
    else:
        _replace_in_place(backup, registry_path)
    opened = Registry.open(registry_path, key=restored_key)
    try:
        opened.record_head()  # the trail now ends where the backup's did: the head beside it follows
        with opened.writing() as session:
            audit = AuditLog(session, actor.name)
            audit.record("restore", "registry", old={"kept_aside": str(kept_aside) if kept_aside else None},
                         new={"file": backup.name, "made_at": manifest.made_at.isoformat(),
                              "audit_entries": manifest.audit_entries, "audit_head": manifest.audit_head,
                              "encrypted": restored_key is not None},
                         reason=reason)
            audit.flush()
    finally:
        opened.close()
    return Restored(manifest, kept_aside, restored_key)


def _replace_in_place(backup: Path, registry_path: Path) -> None:
    with closing(connect(backup, None, read_only=True)) as source, \
            closing(connect(registry_path, None, timeout=10)) as live:
        try:
            source.backup(live)
        except DATABASE_ERRORS as error:
            raise BackupRefused(f"{registry_path}: could not be replaced ({error}); close TrialDesk on every "
                                "workstation and restore again. Nothing was changed.") from None
        live.execute("PRAGMA journal_mode=WAL")


def _replace_by_rename(backup: Path, registry_path: Path, restored_key: bytes | None, key: bytes | None) -> None:
    """The backup's file, then the key file that opens it, renamed into place: the registry's own
    key file when the key is the same (today's passwords), else the backup's (the passwords of its
    day); none for a clear backup."""
    partial = registry_path.with_name(f".{registry_path.name}.restoring")
    keys, following = key_file_path(registry_path), next_key_file(registry_path)
    if restored_key is not None and restored_key != key:  # ready before the rename, for a kill right after it
        write_key_file(following, read_key_file(key_file_path(backup)))
    try:
        private_file(partial)
        with backup.open("rb") as source, partial.open("wb") as target:
            shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, registry_path)
    finally:
        partial.unlink(missing_ok=True)
    for stale in ("-wal", "-shm"):
        registry_path.with_name(registry_path.name + stale).unlink(missing_ok=True)
    if restored_key is None:
        keys.unlink(missing_ok=True)  # a clear registry again (kept aside with the registry it opened)
    elif restored_key != key:
        os.replace(following, keys)


def _copy_aside(path: Path, target: Path, key: bytes | None) -> None:
    """A consistent copy of the registry as it is (a raw copy when SQLite cannot read it), and its key file."""
    partial = target.with_name(f".{target.name}{PARTIAL}")
    try:
        try:
            consistent_copy(path, partial, key if is_encrypted(path) else None)
        except (*DATABASE_ERRORS, WrongKey):  # a damaged registry, or one of another key, is kept as it is
            private_file(partial)
            partial.write_bytes(path.read_bytes())
        _fsync(partial)
        if key_file_path(path).exists():
            write_key_file(key_file_path(target), read_key_file(key_file_path(path)))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
