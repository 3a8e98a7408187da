"""What every `trialdesk` sub-command shares: the registry, who is signed in, writing files.

A real registry is used only by a signed-in account: `--user NAME` (or TRIALDESK_USER) with the
password typed at the prompt (or, for scripts, TRIALDESK_PASSWORD). The account's roles are
what the core checks. A demo registry holds synthetic patients only and needs no account.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar
from contextlib import contextmanager

import click
from sqlmodel import Session

from coordinator.screening.workflow import Actor, Permission, Role, require
from db.accounts import AccountRepository, sign_in
from db.registry import DEMO, Registry
from ui.cli.refusals import refusals_as_messages
from ui.cli.root import PASSWORD_VAR, USER_VAR

T = TypeVar("T")


def progress_on_stderr(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """The items, with a progress bar on stderr while they come (on a terminal; elsewhere the
    label alone, once), so that long work never looks stuck and stdout stays the result."""
    with click.progressbar(length=max(total, 1), label=label, file=sys.stderr,
                           show_pos=True) as bar:
        for item in items:
            yield item
            bar.update(1)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun in the singular or plural, as English says it: "1 patient", "2 patients"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def os_user() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "os:unknown"


def registry(ctx: click.Context, *, unlocked: bool = True) -> Registry:
    """The command's registry, opened once and closed when the command ends. An encrypted one
    is unlocked by signing in, unless `unlocked` is false (set-up, recovery)."""
    root = ctx.find_root()
    if root.obj.get("registry") is None:
        with refusals_as_messages():  # e.g. a registry written by a newer TrialDesk
            root.obj["registry"] = Registry.open(root.obj["db"])
        root.call_on_close(root.obj["registry"].close)
        if root.obj["registry"].upgrade_backup is not None:
            click.echo(upgrade_note(root.obj["registry"].upgrade_backup), err=True)
    opened = root.obj["registry"]
    if unlocked and opened.locked and not root.obj.get("signing_in"):
        acting(ctx)
    return opened


def upgrade_note(backup: os.PathLike) -> str:
    return (f"The registry was upgraded to this version of TrialDesk; a copy of it as it was before is "
            f"kept at {backup}")


def acting(ctx: click.Context, permission: Permission | None = None) -> Actor:
    """The signed-in account (signing in on first use), checked for `permission` if given."""
    root = ctx.find_root()
    if root.obj.get("actor") is None:
        root.obj["actor"] = _sign_in(root)
    actor = root.obj["actor"]
    if permission is not None:
        with refusals_as_messages():
            require(actor, permission)
    return actor


def _sign_in(root: click.Context) -> Actor:
    root.obj["signing_in"] = True
    try:
        return _signed_in(root, registry(root))
    finally:
        root.obj["signing_in"] = False


def _signed_in(root: click.Context, opened: Registry) -> Actor:
    if opened.kind == DEMO:  # synthetic patients only: whoever runs the demo may do everything
        return Actor(os_user(), Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
    if not opened.locked:  # an encrypted registry is set up: its key file was written then
        with opened.reading() as session, refusals_as_messages():
            AccountRepository(session).site()
    username = root.obj.get("user")
    if not username:
        raise click.ClickException(f"sign in: give --user NAME (or set {USER_VAR}); the password is asked for")
    password = os.environ.get(PASSWORD_VAR) or click.prompt(f"password for {username}", hide_input=True,
                                                            err=True)
    with refusals_as_messages():
        actor = sign_in(opened, username, password).actor()
    if opened.upgrade_backup is not None:  # an encrypted registry is migrated when it is unlocked
        click.echo(upgrade_note(opened.upgrade_backup), err=True)
    return actor


@contextmanager
def registry_session(ctx: click.Context, *, write: bool = False,
                     permission: Permission | None = None) -> Iterator[Session]:
    """A session for one command, in one transaction when writing, for the signed-in account
    (signed in first, outside the session). A refusal by the core (unknown patient, a step the
    workflow or the role does not allow) becomes a clear message and exit status 1, with
    nothing written."""
    acting(ctx, permission)
    opened = registry(ctx)
    with refusals_as_messages(), (opened.writing() if write else opened.reading()) as session:
        yield session
