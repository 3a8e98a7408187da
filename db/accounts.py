"""The site and its accounts: first-run set-up, log-in with lockout, account management and
the password check an electronic signature repeats. Passwords are stored as Argon2id hashes
(argon2-cffi); every log-in, failure, lockout and account change is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlmodel import Session

from coordinator.accounts import (AccountError, AuthenticationError, LockoutPolicy, check_password, check_roles,
                                  check_username, locked)
from coordinator.screening import Actor, Permission, Role, require
from db.audit import AuditLog, utc_now
from db.models import SiteRow, UserAccountRow

HASHER = PasswordHasher()  # Argon2id with the library's current recommended cost
ROLE_ORDER = list(Role)


@dataclass(frozen=True)
class Site:
    name: str
    address: str | None
    timezone: str
    show_full_names: bool


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


class SiteNotSetUp(LookupError):
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
        return Site(row.name, row.address, row.timezone, row.show_full_names)

    def is_set_up(self) -> bool:
        return self.session.execute(select(func.count(SiteRow.id))).scalar_one() > 0

    def set_up(self, *, site_name: str, address: str | None, timezone: str, username: str, printed_name: str,
               password: str) -> Account:
        """First run: the site and its first account, an investigator who is also administrator."""
        if self.is_set_up():
            raise AccountError("the site is already set up")
        if not site_name.strip():
            raise AccountError("site name: required")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise AccountError(f"timezone '{timezone}': not a known time zone (e.g. Asia/Shanghai)") from None
        self.session.add(SiteRow(name=site_name.strip(), address=(address or "").strip() or None, timezone=timezone,
                                 created_at=utc_now()))
        account = self._create(username, printed_name, {Role.INVESTIGATOR, Role.ADMINISTRATOR}, password)
        self._audit(username, "site.setup", {"site": site_name.strip(), "timezone": timezone,
                                             "first_account": username})
        return account

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

    def confirm_password(self, actor: Actor, password: str, meaning: str) -> Account:
        """An electronic signature's second component: the signer's password, entered again."""
        row = self._row(actor.name)
        if row is None or not row.active or not _verify(row.password_hash, password):
            self._audit(actor.name, "signature.refused", {"meaning": meaning})
            raise AuthenticationError("the password does not match: not signed")
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

    def create(self, admin: Actor, *, username: str, printed_name: str, roles: set[Role], password: str) -> Account:
        require(admin, Permission.MANAGE_ACCOUNTS)
        account = self._create(username, printed_name, roles, password)
        self._audit(admin.name, "account.create", {"username": username, "printed_name": printed_name,
                                                   "roles": sorted(r.value for r in account.roles)})
        return account

    def set_active(self, admin: Actor, username: str, active: bool, reason: str) -> None:
        require(admin, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        if not reason.strip():
            raise AccountError("reason: required")
        if row.username == admin.name and not active:
            raise AccountError("you cannot deactivate your own account")
        old, row.active = row.active, active
        self._audit(admin.name, "account.activate" if active else "account.deactivate",
                    {"username": username, "active": active}, old={"active": old}, reason=reason)

    def unlock(self, admin: Actor, username: str, reason: str) -> None:
        require(admin, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        row.failed_logins, row.locked_until = 0, None
        self._audit(admin.name, "account.unlock", {"username": username}, reason=reason)

    def set_password(self, actor: Actor, username: str, new_password: str) -> None:
        """A user changes their own password; an administrator resets anyone's."""
        if actor.name != username:
            require(actor, Permission.MANAGE_ACCOUNTS)
        row = self._require_row(username)
        check_password(new_password, row.username, row.printed_name)
        row.password_hash = HASHER.hash(new_password)
        row.failed_logins, row.locked_until = 0, None
        self._audit(actor.name, "account.password", {"username": username})

    # -- internals -----------------------------------------------------------------------------
    def _create(self, username: str, printed_name: str, roles: set[Role], password: str) -> Account:
        check_username(username)
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
    failed attempt is counted and audited even though the caller is refused."""
    return _committed(registry, lambda accounts: accounts.authenticate(username, password, now))


def confirm_signature_password(registry, actor: Actor, password: str, meaning: str) -> Account:
    """The password an electronic signature asks for, checked (and a refusal audited) in a
    transaction of its own, before the signing transaction starts."""
    return _committed(registry, lambda accounts: accounts.confirm_password(actor, password, meaning))


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
