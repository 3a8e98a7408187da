"""The site and its accounts: first-run set-up, log-in with lockout, account management and
the password check an electronic signature repeats. Passwords are stored as Argon2id hashes
(argon2-cffi); every log-in, failure, lockout and account change is audited.

Signing keys follow the accounts (`db.credentials`): set-up creates the site's authority and
the first investigator's certificate; an administrator creating a signer, or resetting a
signer's password, unlocks the authority with their own password to issue the certificate;
a user changing their own password re-encrypts their keys. All in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlmodel import Session

from coordinator.signing.accounts import (AccountError, AuthenticationError, LockoutPolicy, check_password, check_roles,
                                  check_text, check_username, locked)
from coordinator.signing.esign import signing_role, signs
from coordinator.screening.workflow import Actor, Permission, Role, require
from db.audit import AuditLog, utc_now
from db.encryption import RegistryKeys
from db.models import SiteRow, UserAccountRow
from coordinator.problems import Refusal

IDLE_LOCK_MINUTES = 10  # the window locks after so long without use, unless the site chose otherwise
IDLE_LOCK_RANGE = range(1, 241)
HASHER = PasswordHasher()  # Argon2id with the library's current recommended cost
ROLE_ORDER = list(Role)


@dataclass(frozen=True)
class Site:
    name: str
    address: str | None
    timezone: str
    show_full_names: bool
    backup_folder: str | None = None   # None: `backups` beside the registry
    backup_warning_days: int = 3
    idle_lock_minutes: int = IDLE_LOCK_MINUTES


@dataclass(frozen=True)
class Account:
    username: str
    printed_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: dt.datetime | None

    def actor(self) -> Actor:
        ordered = sorted(self.roles, key=ROLE_ORDER.index)
        return Actor(self.username, ordered[0], frozenset(ordered[1:]))


class SiteNotSetUp(Refusal, LookupError):
    pass


def _roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


def _account(row: UserAccountRow) -> Account:
    return Account(row.username, row.printed_name, _roles(row.roles), row.active, row.locked_until)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands timestamps back without their zone: they were written in UTC."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


class AccountRepository:
    def __init__(self, session: Session, policy: LockoutPolicy = LockoutPolicy()):
        self.session = session
        self.policy = policy

    # -- the site ------------------------------------------------------------------------------
    def site(self) -> Site:
        row = self.session.execute(select(SiteRow)).scalars().first()
        if row is None:
            raise SiteNotSetUp("this registry has no site yet: run `trialdesk setup` (or start the application) "
                               "to create the site and its first investigator")
        return Site(row.name, row.address, row.timezone, row.show_full_names, row.backup_folder,
                    row.backup_warning_days, row.idle_lock_minutes)

    def is_set_up(self) -> bool:
        return self.session.execute(select(func.count(SiteRow.id))).scalar_one() > 0

    def set_up(self, *, site_name: str, address: str | None, timezone: str, username: str, printed_name: str,
               password: str) -> Account:
        """First run: the site and its first account, an investigator who is also administrator."""
        if self.is_set_up():
            raise AccountError("the site is already set up")
        check_text("site name", site_name)
        check_text("address", address, free_text=True)
        if not site_name.strip():
            raise AccountError("site name: required")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise AccountError(f"timezone '{timezone}': not a known time zone (e.g. Asia/Shanghai)") from None
        site = SiteRow(name=site_name.strip(), address=(address or "").strip() or None, timezone=timezone,
                       created_at=utc_now())
        self.session.add(site)
        account = self._create(username, printed_name, {Role.INVESTIGATOR, Role.ADMINISTRATOR}, password)
        self._audit(username, "site.setup", {"site": site_name.strip(), "timezone": timezone,
                                             "first_account": username})
        row = self._require_row(username)
        keys = _credentials(self.session, username)
        authority = keys.create_authority(site, row, password)
        keys.issue(authority, password, row, password, Role.INVESTIGATOR.value)
        return account

    def set_show_full_names(self, admin: Actor, show: bool, reason: str | None = None) -> None:
        """Whether checklists print the patient's full name (off: initials only)."""
        require(admin, Permission.MANAGE_ACCOUNTS)
        row = self._site_row()
        old, row.show_full_names = row.show_full_names, show
        self._audit(admin.name, "site.show_full_names", {"show_full_names": show},
                    old={"show_full_names": old}, reason=reason)

    def set_backups(self, admin: Actor, *, folder: str | None, warning_days: int, reason: str | None = None) -> None:
        """Where automatic backups go (a local folder or a network share; None: beside the
        registry) and after how many days without a good backup the window warns."""
        require(admin, Permission.MANAGE_ACCOUNTS)
        folder = (folder or "").strip() or None
        if folder is not None and not Path(folder).is_absolute():
            raise AccountError(f"backup folder '{folder}': give a full path (e.g. /mnt/backup/trialdesk or "
                               r"\\server\share\trialdesk)")
        if not 1 <= warning_days <= 90:
            raise AccountError(f"backup warning: {warning_days} days is not between 1 and 90")
        row = self._site_row()
        old = {"backup_folder": row.backup_folder, "backup_warning_days": row.backup_warning_days}
        row.backup_folder, row.backup_warning_days = folder, warning_days
        self._audit(admin.name, "site.backups", {"backup_folder": folder, "backup_warning_days": warning_days},
                    old=old, reason=reason)

    def set_idle_lock(self, admin: Actor, minutes: int, reason: str | None = None) -> None:
        """After how many minutes without use the window locks (1 to 240)."""
        require(admin, Permission.MANAGE_ACCOUNTS)
        if minutes not in IDLE_LOCK_RANGE:
            raise AccountError(f"idle lock: {minutes} minutes is not between {IDLE_LOCK_RANGE.start} and "
                               f"{IDLE_LOCK_RANGE.stop - 1}")
        row = self._site_row()
        old, row.idle_lock_minutes = row.idle_lock_minutes, minutes
        self._audit(admin.name, "site.idle_lock", {"idle_lock_minutes": minutes}, old={"idle_lock_minutes": old},
                    reason=reason)

    def record_session(self, actor: Actor, action: str, detail: dict | None = None) -> None:
        """A window's session event (locked, unlocked, signed out), in the audit trail."""
        self._audit(actor.name, action, detail)

    def authority_certificate(self) -> bytes | None:
        """The site authority's certificate (PEM; public), or None before it has one."""
        return _credentials(self.session, "").authority_certificate()

    # -- signing in ----------------------------------------------------------------------------
    def authenticate(self, username: str, password: str, now: dt.datetime | None = None) -> Account:
        """The account if the password is right. A wrong password counts towards a lockout; a
        locked or inactive account is refused even with the right password. All audited.
        The caller must commit even when this raises, so failures are counted."""
        now = now or utc_now()
        row = self._row(username)
        if row is None or not row.active:
            self._audit(username, "login.failure", {"reason": "unknown or inactive account"})
            raise AuthenticationError("wrong user name or password")
        if locked(_aware(row.locked_until), now):
            self._audit(username, "login.refused", {"reason": "locked", "until": _aware(row.locked_until).isoformat()})
            raise AuthenticationError(f"the account is locked after repeated failed log-ins until "
                                      f"{_aware(row.locked_until):%Y-%m-%d %H:%M} UTC")
        if not _verify(row.password_hash, password):
            row.failed_logins, row.locked_until = self.policy.after_failure(row.failed_logins, now)
            if row.locked_until is not None:
                self._audit(username, "login.lockout", {"until": row.locked_until.isoformat()})
            else:
                self._audit(username, "login.failure", {"failures": row.failed_logins})
            raise AuthenticationError("wrong user name or password")
        if HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = HASHER.hash(password)
        row.failed_logins, row.locked_until = 0, None
        self._audit(username, "login", None)
        return _account(row)

    def confirm_password(self, actor: Actor, password: str, meaning: str, *,
                         refusal: str = "signature.refused", outcome: str = "not signed") -> Account:
        """An electronic signature's second component: the signer's password, entered again.
        Also the check before an administrator unlocks the site's authority (`refusal` names the
        audit action, `outcome` what the message says did not happen)."""
        row = self._row(actor.name)
        if row is None or not row.active or not _verify(row.password_hash, password):
            self._audit(actor.name, refusal, {"meaning": meaning})
            raise AuthenticationError(f"the password does not match: {outcome}")
        return _account(row)

    # -- managing accounts ---------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        return [_account(r) for r in self.session.execute(select(UserAccountRow).order_by(UserAccountRow.username))
                .scalars()]

    def account(self, username: str) -> Account:
        row = self._row(username)
        if row is None:
            raise AccountError(f"no account '{username}'")
        return _account(row)

    def create(self, admin: Actor, *, username: str, printed_name: str, roles: set[Role], password: str,
               admin_password: str | None = None) -> Account:
        """A new account. A signer gets a signing certificate and an administrator a copy of the
        site authority's key: both need `admin_password` to unlock the authority."""
        require(admin, Permission.MANAGE_ACCOUNTS)
        account = self._create(username, printed_name, roles, password)
        self._audit(admin.name, "account.create", {"username": username, "printed_name": printed_name,
                                                   "roles": sorted(r.value for r in account.roles)})
        self._give_keys(admin, admin_password, self._require_row(username), password, f"{username} not created")
        if (registry_keys := self._registry_keys()) is not None:
            registry_keys.give(self.session, username, password)
        return account

    def needs_authority(self, roles) -> bool:
        """Whether creating an account with these roles (or resetting its password) unlocks the
        site authority, and so needs the administrator's password."""
        return signs(roles) or Role.ADMINISTRATOR in roles

    def set_active(self, admin: Actor, username: str, active: bool, reason: str) -> None:
        require(admin, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        if not reason.strip():
            raise AccountError("reason: required")
        if row.username == admin.name and not active:
            raise AccountError("you cannot deactivate your own account")
        registry_keys = self._registry_keys()
        if registry_keys is not None and active and not row.active and not registry_keys.opens(username):
            raise AccountError(f"{username}'s password no longer opens the encrypted registry (taken away when "
                               f"the account was deactivated): reset their password first, then activate it")
        if registry_keys is not None and not active:
            registry_keys.take_away(self.session, username)
        old, row.active = row.active, active
        self._audit(admin.name, "account.activate" if active else "account.deactivate",
                    {"username": username, "active": active}, old={"active": old}, reason=reason)

    def unlock(self, admin: Actor, username: str, reason: str) -> None:
        require(admin, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        row.failed_logins, row.locked_until = 0, None
        if (registry_keys := self._registry_keys()) is not None:
            registry_keys.clear_attempts(self.session, username)
        self._audit(admin.name, "account.unlock", {"username": username}, reason=reason)

    def set_password(self, actor: Actor, username: str, new_password: str, *, actor_password: str) -> None:
        """A user changes their own password (`actor_password`: the current one): their signing
        key and any copy of the authority's key are re-encrypted under the new one. An
        administrator resets another's (`actor_password`: the administrator's own): a signer gets
        a new certificate (the old one is kept for verifying older PDFs) and an administrator a
        new copy of the authority's key, both under the new password."""
        own = actor.name == username
        if not own:
            require(actor, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        check_password(new_password, row.username, row.printed_name)
        actor_row = self._require_row(actor.name)
        if not _verify(actor_row.password_hash, actor_password):
            raise AuthenticationError("your " + ("current " if own else "") + "password does not match: "
                                      "password not changed")
        if own:
            keys = _credentials(self.session, actor.name)
            roles = _roles(row.roles)
            if signs(roles) and not keys.has_credentials(row) and keys.has_authority_key(row):
                # an administrator who signs but has no certificate yet (an older registry)
                authority, passphrase = keys.unlock_authority(row, actor_password)
                keys.issue(authority, passphrase, row, actor_password, signing_role(roles).value)
            keys.rekey(row, actor_password, new_password)
        else:
            self._give_keys(actor, actor_password, row, new_password, "password not changed")
        row.password_hash = HASHER.hash(new_password)
        row.failed_logins, row.locked_until = 0, None
        if (registry_keys := self._registry_keys()) is not None:
            registry_keys.give(self.session, username, new_password)
        self._audit(actor.name, "account.password", {"username": username})

    def _give_keys(self, admin: Actor, admin_password: str | None, row: UserAccountRow, password: str,
                   outcome: str) -> None:
        """What an account's roles call for, under its (new) password: a signing certificate for a
        signer, a copy of the authority's key for an administrator."""
        roles = _roles(row.roles)
        if not self.needs_authority(roles):
            return
        if not admin_password:
            raise AccountError(f"your password is needed to unlock the site's signing authority "
                               f"(for {row.username}'s keys): {outcome}")
        admin_row = self._require_row(admin.name)
        if not _verify(admin_row.password_hash, admin_password):
            raise AuthenticationError(f"your password does not match: {outcome}")
        keys = _credentials(self.session, admin.name)
        authority, passphrase = keys.unlock_authority(admin_row, admin_password)
        if signs(roles):
            keys.issue(authority, passphrase, row, password, signing_role(roles).value)
        if Role.ADMINISTRATOR in roles:
            keys.wrap_authority(authority, passphrase, row, password)

    # -- internals -----------------------------------------------------------------------------
    def _create(self, username: str, printed_name: str, roles: set[Role], password: str) -> Account:
        check_username(username)
        check_text("printed name", printed_name)
        if not printed_name.strip():
            raise AccountError("printed name: required (it is printed under every signature)")
        roles = check_roles(roles)
        check_password(password, username, printed_name)
        if self._row(username) is not None:
            raise AccountError(f"user name '{username}' is taken")
        row = UserAccountRow(username=username, printed_name=printed_name.strip(),
                             roles=",".join(sorted(r.value for r in roles)), password_hash=HASHER.hash(password),
                             created_at=utc_now())
        self.session.add(row)
        self.session.flush()
        return _account(row)

    def _registry_keys(self) -> RegistryKeys | None:
        """An encrypted registry's key file, which follows the accounts' passwords."""
        return self.session.info.get("registry_keys")

    def _site_row(self) -> SiteRow:
        row = self.session.execute(select(SiteRow)).scalars().first()
        if row is None:
            raise SiteNotSetUp("this registry has no site yet: run `trialdesk setup`")
        return row

    def _row(self, username: str) -> UserAccountRow | None:
        return self.session.execute(select(UserAccountRow).where(UserAccountRow.username == username)).scalar()

    def _require_row(self, username: str) -> UserAccountRow:
        row = self._row(username)
        if row is None:
            raise AccountError(f"no account '{username}'")
        return row

    def _audit(self, actor: str, action: str, new, *, old=None, reason: str | None = None) -> None:
        audit = AuditLog(self.session, actor[:80])
        audit.record(action, "account", old=old, new=new, reason=reason)
        audit.flush()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_in(registry, username: str, password: str, now: dt.datetime | None = None) -> Account:
    """Authenticate in a transaction of its own that is committed whatever the outcome, so a
    failed attempt is counted and audited even though the caller is refused. An encrypted
    registry is unlocked by the password first (and locked again when the account is refused)."""
    unlocking = registry.locked
    if unlocking:
        registry.unlock(username, password, now)
    try:
        account = _committed(registry, lambda accounts: accounts.authenticate(username, password, now))
    except AuthenticationError:
        if unlocking:
            registry.lock()
        raise
    if registry.keys is not None:
        registry.keys.replace_shared_salt(username, password)
    return account


def confirm_signature_password(registry, actor: Actor, password: str, meaning: str, **refusal) -> Account:
    """The password an electronic signature asks for, checked (and a refusal audited) in a
    transaction of its own, before the signing transaction starts. `refusal`: see
    AccountRepository.confirm_password."""
    return _committed(registry, lambda accounts: accounts.confirm_password(actor, password, meaning, **refusal))


def _committed(registry, check):
    refusal: AuthenticationError | None = None
    with registry.writing() as session:
        try:
            result = check(AccountRepository(session))
        except AuthenticationError as error:
            refusal = error
    if refusal is not None:
        raise refusal
    return result

def _credentials(session: Session, actor: str):
    """The signing keys' store, imported on first use: it loads the cryptography library, which
    signing in and starting the window do not need."""
    from db.credentials import CredentialStore

    return CredentialStore(session, actor)
