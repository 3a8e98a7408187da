"""Account rules as pure functions: what a password must be, and when repeated failed log-ins
lock an account. Hashing (Argon2id) and storage live in `db.accounts`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coordinator.screening.workflow import Role
from coordinator.problems import Refusal
from coordinator.records.text_checks import control_problem

MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class AccountError(Refusal, ValueError):
    """Input an account cannot take (a weak password, a malformed user name, ...)."""


class AuthenticationError(Refusal, PermissionError):
    """A log-in or signature refused. The message never says whether the user name exists."""


@dataclass(frozen=True)
class LockoutPolicy:
    """After `max_failures` wrong passwords in a row the account is locked for `lock_minutes`."""

    max_failures: int = 5
    lock_minutes: int = 15

    def after_failure(self, failures: int, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        """The failure count and lock expiry after one more wrong password."""
        failures += 1
        if failures >= self.max_failures:
            return 0, now + dt.timedelta(minutes=self.lock_minutes)
        return failures, None


def locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and now < locked_until


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise AccountError(f"user name '{username}': 2-40 lower-case letters, digits, '.', '_' or '-', "
                           "starting with a letter or digit")
    return username


def check_password(password: str, username: str, printed_name: str = "") -> None:
    """A password long enough to resist guessing, and not the user's own name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    lowered = password.lower()
    if username.lower() in lowered or (printed_name and printed_name.lower() in lowered):
        raise AccountError("password: must not contain the user name or printed name")


def check_text(field: str, value: str | None, *, free_text: bool = False) -> str | None:
    """A printed name, site name or address as typed, refused when it holds a control character
    (an address may hold line breaks)."""
    if value is None:
        return None
    problem = control_problem(field, value, free_text=free_text)
    if problem is not None:
        raise AccountError(f"{field}: {problem.message}")
    return value


def check_roles(roles: set[Role] | frozenset[Role]) -> frozenset[Role]:
    if not roles:
        raise AccountError("roles: at least one of " + ", ".join(r.value for r in Role))
    return frozenset(roles)
