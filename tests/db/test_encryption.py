"""An encrypted registry: nothing readable in its files, opened only by an account's password or
the site's recovery key; the key file follows every password change, crash or not; wrong
passwords count toward the lockout although the registry cannot be written yet; backups and
restores stay encrypted."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator.encryption.keys import KeyFile, data_key_from_recovery, wrap
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.signing.accounts import AccountError, AuthenticationError
from db.accounts import AccountRepository, sign_in
from db.audit import AuditReader
from db.backups import BackupRefused, check_backup, make_backup, restore
from db.encrypting import EncryptionRefused, encrypt_registry, recover_account
from db.encryption import RegistryInUse, WrongKey, is_encrypted, key_file_path, read_key_file, write_key_file
from db.models import AuditRow, PatientRow
from db.patients import PatientRepository
from db.registry import DEMO, Registry, RegistryKindError, RegistryLocked
from tests.conftest import make_patient

PASSWORD = "granite tulip 1987"
OTHER = "orchid river 1987"
ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
MONITOR = Actor("mon", Role.MONITOR)
NAMES = ("王小红", "李建国")
NUMBERS = ("R0001", "R0002")


def _set_up(path: Path) -> Registry:
    opened = Registry.open(path)
    with opened.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="第一医院", address=None, timezone="Asia/Shanghai", username="dr.li",
                        printed_name="李明", password=PASSWORD)
        accounts.create(ADMIN, username="ann", printed_name="王安", roles={Role.COORDINATOR}, password=PASSWORD,
                        admin_password=PASSWORD)
        PatientRepository(session, "ann").add([make_patient(number, name) for number, name in zip(NUMBERS, NAMES)])
    return opened


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A site encrypted once (Argon2id is slow on purpose), copied for each test."""
    folder = tmp_path_factory.mktemp("encrypted")
    opened = _set_up(folder / "registry.sqlite3")
    made = encrypt_registry(opened, ADMIN, PASSWORD, backup_first=False)
    opened.close()
    return folder, made.recovery_key


@pytest.fixture
def site(template, tmp_path):
    folder, recovery = template
    for source in folder.iterdir():
        if source.is_file():
            shutil.copy(source, tmp_path / source.name)
    return tmp_path / "registry.sqlite3", recovery


def _open(path: Path, username: str = "dr.li", password: str = PASSWORD, now=None) -> Registry:
    opened = Registry.open(path)
    sign_in(opened, username, password, now)
    return opened


def _readable(path: Path, *texts: str) -> list[str]:
    """Which of `texts` the bytes of `path` (and its write-ahead log) hold, as `strings` would find them."""
    wal = path.with_name(path.name + "-wal")
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return [text for text in texts if text.encode("utf-8") in data or text.encode("utf-16-le") in data]


# -- encrypting -------------------------------------------------------------------------------------
def test_encrypting_leaves_nothing_readable_and_every_file_private(tmp_path):
    path = tmp_path / "site" / "registry.sqlite3"
    opened = _set_up(path)
    assert _readable(path, *NAMES, *NUMBERS)  # the test can see clear data when it is there
    with opened.reading() as session:
        head = AuditReader(session, MONITOR).entries()[-1].id
    made = encrypt_registry(opened, ADMIN, PASSWORD)
    assert made.backup is not None and not is_encrypted(made.backup)  # the clear registry's safety copy
    assert is_encrypted(path) and opened.encrypted and not opened.locked
    with opened.writing() as session:  # still in use, and written encrypted
        PatientRepository(session, "ann").add([make_patient("R0003", "赵六")])
    backup = make_backup(opened, ADMIN)
    opened.close()
    for written in (path, backup.path, *path.parent.glob("registry.sqlite3-*")):
        assert _readable(written, *NAMES, *NUMBERS, "赵六", "R0003", "李明") == [], written
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
    for key_file in (key_file_path(path), key_file_path(backup.path)):
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert _readable(key_file, *NAMES, *NUMBERS) == []
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.path.parent.stat().st_mode) == 0o700
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM patient").fetchone()
    reopened = _open(path)
    with reopened.reading() as session:
        assert sorted(session.execute(select(PatientRow.name)).scalars()) == sorted([*NAMES, "赵六"])
        assert AuditReader(session, MONITOR).verify() is None
        actions = [entry.action for entry in AuditReader(session, MONITOR).entries() if entry.id > head]
    assert "backup" in actions and "registry.encrypt" in actions
    reopened.close()


def test_the_recovery_key_opens_the_registry_and_nothing_else_does(site):
    path, recovery = site
    by_recovery = Registry.open(path, key=data_key_from_recovery(recovery))
    with by_recovery.reading() as session:
        assert len(session.execute(select(PatientRow.id)).all()) == 2
    by_recovery.close()
    with pytest.raises(WrongKey):
        Registry.open(path, key=bytes(32))
    locked = Registry.open(path)
    assert locked.locked and locked.locked_site() == "第一医院"
    with pytest.raises(RegistryLocked, match="sign in"):
        with locked.reading():
            pass


def test_a_wrong_password_is_counted_locks_out_and_is_audited_at_the_next_unlocking(site):
    path, _ = site
    start = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.timezone.utc)
    for attempt in range(4):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            _open(path, "ann", "not the password", now=start + dt.timedelta(seconds=attempt))
    assert read_key_file(key_file_path(path)).attempts["ann"].failures == 4
    with pytest.raises(AuthenticationError, match="locked"):
        _open(path, "ann", "still not it", now=start + dt.timedelta(seconds=5))
    with pytest.raises(AuthenticationError, match="locked"):  # the right password does not help while locked
        _open(path, "ann", PASSWORD, now=start + dt.timedelta(minutes=1))
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        _open(path, "nobody", PASSWORD, now=start)  # an unknown name says the same as a wrong password
    opened = _open(path, "ann", PASSWORD, now=start + dt.timedelta(minutes=16))
    with opened.reading() as session:
        failures = [entry for entry in AuditReader(session, MONITOR).entries() if entry.action == "login.failure"
                    and entry.actor == "ann"]
    assert len(failures) == 5
    assert read_key_file(key_file_path(path)).attempts["ann"].unrecorded == ()
    opened.close()


def test_each_account_opens_it_and_a_wrapping_made_from_a_hash_is_replaced_at_sign_in(site):
    path, _ = site
    assert read_key_file(key_file_path(path)).wrappings["ann"][0].salt_shared
    _open(path, "ann", PASSWORD).close()
    wrappings = read_key_file(key_file_path(path)).wrappings["ann"]
    assert len(wrappings) == 1 and not wrappings[0].salt_shared
    _open(path, "ann", PASSWORD).close()


def test_the_key_file_follows_every_password_and_account_change(site):
    path, _ = site
    opened = _open(path)
    with opened.writing() as session:
        accounts = AccountRepository(session)
        accounts.create(ADMIN, username="mo", printed_name="Monica Ortiz", roles={Role.MONITOR}, password=PASSWORD)
        accounts.set_password(ADMIN, "ann", OTHER, actor_password=PASSWORD)  # a reset
    with opened.writing() as session:
        AccountRepository(session).set_password(ADMIN, "dr.li", OTHER, actor_password=PASSWORD)  # their own
    opened.close()
    for username in ("dr.li", "ann"):
        with pytest.raises(AuthenticationError):
            _open(path, username, PASSWORD)
        _open(path, username, OTHER).close()
    _open(path, "mo", PASSWORD).close()
    opened = _open(path, "dr.li", OTHER)
    with opened.writing() as session:
        AccountRepository(session).set_active(ADMIN, "mo", False, "left the site")
    with pytest.raises(AccountError, match="reset their password first"), opened.writing() as session:
        AccountRepository(session).set_active(ADMIN, "mo", True, "back")
    opened.close()
    assert "mo" not in read_key_file(key_file_path(path)).wrappings
    with pytest.raises(AuthenticationError):
        _open(path, "mo", PASSWORD)


def test_a_password_change_rolled_back_or_cut_short_leaves_the_old_password_working(site):
    path, _ = site
    opened = _open(path)
    with pytest.raises(RuntimeError), opened.writing() as session:
        AccountRepository(session).set_password(ADMIN, "ann", OTHER, actor_password=PASSWORD)
        raise RuntimeError("the transaction fails after the key file was written")
    assert len(read_key_file(key_file_path(path)).wrappings["ann"]) == 1
    # A process killed between writing the key file and committing: both wrappings are there.
    keys = read_key_file(key_file_path(path))
    write_key_file(key_file_path(path), keys.with_wrapping("ann", wrap(opened.keys.data_key, "ann", OTHER)))
    opened.close()
    _open(path, "ann", PASSWORD).close()  # the database still has the old password


def test_what_cannot_or_need_not_be_encrypted_is_refused_untouched(site, tmp_path):
    path, _ = site
    opened = _open(path)
    with pytest.raises(EncryptionRefused, match="already encrypted"):
        encrypt_registry(opened, ADMIN, PASSWORD)
    opened.close()
    demo = Registry.open(tmp_path / "demo.sqlite3", kind=DEMO)
    with pytest.raises(EncryptionRefused, match="demo"):
        encrypt_registry(demo, ADMIN, PASSWORD)
    demo.close()
    with pytest.raises(RegistryKindError):
        Registry.open(path, kind=DEMO)
    clear = _set_up(tmp_path / "clear" / "registry.sqlite3")
    with pytest.raises(PermissionDenied):
        encrypt_registry(clear, Actor("ann", Role.COORDINATOR), PASSWORD)
    with pytest.raises(AuthenticationError):
        encrypt_registry(clear, ADMIN, "not my password")
    elsewhere = sqlite3.connect(tmp_path / "clear" / "registry.sqlite3")  # another window has it open
    elsewhere.execute("SELECT count(*) FROM patient").fetchone()
    with pytest.raises(RegistryInUse, match="open in another"):
        encrypt_registry(clear, ADMIN, PASSWORD, backup_first=False)
    elsewhere.close()
    assert not is_encrypted(tmp_path / "clear" / "registry.sqlite3")
    assert not key_file_path(tmp_path / "clear" / "registry.sqlite3").exists()
    assert not list((tmp_path / "clear").glob(".*encrypting*"))


# -- backups and restores ------------------------------------------------------------------------
def test_an_encrypted_backup_is_checked_with_the_key_and_restored_exactly(site, tmp_path):
    path, recovery = site
    opened = _open(path)
    made = make_backup(opened, ADMIN)
    key = opened.keys.data_key
    with pytest.raises(BackupRefused, match="encrypted"):
        check_backup(made.path)
    assert check_backup(made.path, key) == made.manifest and made.manifest.encrypted
    with opened.writing() as session:
        PatientRepository(session, "ann").add([make_patient("R0009", "钱七")])
    opened.close()
    restored = restore(path, made.path, ADMIN, key=key, password=PASSWORD)
    assert restored.data_key == key and restored.kept_aside is not None and is_encrypted(restored.kept_aside)
    reopened = _open(path)
    with reopened.reading() as session:
        assert sorted(session.execute(select(PatientRow.registry_no)).scalars()) == list(NUMBERS)
        newest = session.execute(select(AuditRow.action).order_by(AuditRow.id.desc()).limit(2)).scalars().all()
    assert newest == ["login", "restore"]
    reopened.close()
    aside = Registry.open(restored.kept_aside, key=data_key_from_recovery(recovery))  # nothing was lost
    with aside.reading() as session:
        assert "R0009" in session.execute(select(PatientRow.registry_no)).scalars().all()
    aside.close()


def test_a_backup_restored_on_a_new_workstation_opens_with_the_passwords_of_its_day(site, tmp_path):
    path, _ = site
    opened = _open(path)
    made = make_backup(opened, ADMIN)
    opened.close()
    new = _set_up(tmp_path / "new" / "registry.sqlite3")  # a replacement disk, set up afresh
    encrypt_registry(new, ADMIN, PASSWORD, backup_first=False)
    other_key = new.keys.data_key
    new.close()
    with pytest.raises(BackupRefused, match="another key"):
        restore(tmp_path / "new" / "registry.sqlite3", made.path, ADMIN, key=other_key, password="wrong wrong 1")
    restored = restore(tmp_path / "new" / "registry.sqlite3", made.path, ADMIN, key=other_key, password=PASSWORD)
    assert restored.data_key != other_key
    _open(tmp_path / "new" / "registry.sqlite3", "ann", PASSWORD).close()


def test_recovery_gives_an_administrator_a_new_password_even_without_the_key_file(site):
    path, recovery = site
    key_file_path(path).unlink()
    locked = Registry.open(path)
    with pytest.raises(Exception, match="key file is missing"):
        sign_in(locked, "dr.li", PASSWORD)
    with pytest.raises(AccountError, match="not an active administrator"):
        recover_account(Registry.open(path), data_key_from_recovery(recovery), "ann", OTHER)
    recover_account(Registry.open(path), data_key_from_recovery(recovery), "dr.li", OTHER)
    opened = _open(path, "dr.li", OTHER)
    with opened.reading() as session:
        assert any(entry.action == "account.recover" for entry in AuditReader(session, MONITOR).entries())
    opened.close()
    assert set(read_key_file(key_file_path(path)).wrappings) == {"dr.li"}


def test_an_encrypted_registry_is_upgraded_when_unlocked_and_its_copy_stays_encrypted(tmp_path):
    from db.encryption import encrypt_copy
    from db.engine import make_engine, upgrade

    clear = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{clear}")
    upgrade(engine, "0010")
    engine.dispose()
    key = bytes(range(32))
    encrypt_copy(clear, tmp_path / "registry.sqlite3", key)
    write_key_file(key_file_path(tmp_path / "registry.sqlite3"),
                   KeyFile("site", {"ann": (wrap(key, "ann", PASSWORD),)}))
    opened = Registry.open(tmp_path / "registry.sqlite3")
    opened.unlock("ann", PASSWORD)
    assert opened.upgrade_backup is not None and is_encrypted(opened.upgrade_backup)
    copy_keys = read_key_file(key_file_path(opened.upgrade_backup))  # the passwords of the day open the copy
    assert copy_keys.unlock("ann", PASSWORD, dt.datetime.now(dt.timezone.utc))[0] == key
    assert _readable(opened.upgrade_backup, "alembic_version") == []
    opened.close()
