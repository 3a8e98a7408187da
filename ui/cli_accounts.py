"""The site and its accounts from the command line: first-run `setup` and `users ...`."""

from __future__ import annotations

import os

import click

from coordinator.screening import Permission, Role
from db.accounts import AccountRepository
from ui.cli_common import acting, registry, registry_session

ROLE_NAMES = [r.value for r in Role]


def _new_password(label: str) -> str:
    """A new password, typed twice (or TRIALDESK_NEW_PASSWORD for scripts)."""
    return os.environ.get("TRIALDESK_NEW_PASSWORD") or click.prompt(label, hide_input=True,
                                                                   confirmation_prompt=True, err=True)


@click.command()
@click.option("--site-name", required=True, help="The site's name as printed on every report.")
@click.option("--address", default="", help="The site's address.")
@click.option("--timezone", default="Asia/Shanghai", show_default=True, help="IANA time zone of the site.")
@click.option("--username", required=True, help="The first account: an investigator who also administers.")
@click.option("--printed-name", required=True, help="Their name as printed under their signature.")
@click.pass_context
def setup(ctx: click.Context, site_name: str, address: str, timezone: str, username: str, printed_name: str) -> None:
    """First run: create the site and its first investigator (who is also the administrator)."""
    password = _new_password(f"password for {username}")
    opened = registry(ctx)
    try:
        with opened.writing() as session:
            AccountRepository(session).set_up(site_name=site_name, address=address, timezone=timezone,
                                              username=username, printed_name=printed_name, password=password)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"site '{site_name}' set up; sign in as {username}")


@click.group()
def users() -> None:
    """Accounts: list, add, deactivate, activate, unlock, password (administrators)."""


@users.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    with registry_session(ctx, permission=Permission.MANAGE_ACCOUNTS) as session:
        accounts = AccountRepository(session).accounts()
    for account in accounts:
        state = "active" if account.active else "inactive"
        roles = ",".join(sorted(r.value for r in account.roles))
        click.echo(f"{account.username:<20} {roles:<28} {state:<8} {account.printed_name}")


@users.command("add")
@click.argument("username")
@click.option("--printed-name", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLE_NAMES), help="Repeatable.")
@click.pass_context
def add(ctx: click.Context, username: str, printed_name: str, roles: tuple[str, ...]) -> None:
    """Add an account; its first password is typed twice."""
    actor = acting(ctx, Permission.MANAGE_ACCOUNTS)
    password = _new_password(f"first password for {username}")
    with registry_session(ctx, write=True) as session:
        AccountRepository(session).create(actor, username=username, printed_name=printed_name,
                                          roles={Role(r) for r in roles}, password=password)
    click.echo(f"added {username}")


def _admin_step(name: str, doc: str, method: str, **fixed):
    @click.argument("username")
    @click.option("--reason", required=True, help="Why (audited).")
    @click.pass_context
    def command(ctx: click.Context, username: str, reason: str) -> None:
        actor = acting(ctx, Permission.MANAGE_ACCOUNTS)
        with registry_session(ctx, write=True) as session:
            getattr(AccountRepository(session), method)(actor, username, *fixed.values(), reason)
        click.echo(f"{name}: {username}")

    command.__doc__ = doc
    return users.command(name)(command)


_admin_step("deactivate", "Stop an account from signing in (kept, audited).", "set_active", active=False)
_admin_step("activate", "Let a deactivated account sign in again.", "set_active", active=True)
_admin_step("unlock", "Lift a lockout after repeated failed log-ins.", "unlock")


@users.command("password")
@click.argument("username")
@click.pass_context
def password(ctx: click.Context, username: str) -> None:
    """Change your own password, or (administrators) reset another's."""
    actor = acting(ctx)
    new = _new_password(f"new password for {username}")
    with registry_session(ctx, write=True) as session:
        AccountRepository(session).set_password(actor, username, new)
    click.echo(f"password changed for {username}")


