"""The site and its accounts from the command line: first-run `setup`, `users ...` and `site ...`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from coordinator.screening.workflow import Actor, Permission, Role
from db.accounts import AccountRepository, confirm_signature_password
from db.credentials import CredentialStore
from coordinator.encryption.keys import data_key_from_recovery
from coordinator.reports import write_pdf_atomically
from coordinator.reports.model import Site as ReportSite
from coordinator.reports.recovery_sheet import render_recovery_sheet
from db.audit import utc_now
from db.encrypting import encrypt_registry, recover_account
from db.encryption import available as encryption_available
from coordinator.reports.common import write_text_atomically
from ui.cli.common import PASSWORD_VAR, acting, registry, registry_session
from ui.cli.contracts import echo_json, site_json
from ui.cli.options import json_option
from ui.cli.refusals import refusals_as_messages

ROLE_NAMES = [r.value for r in Role]
RECOVERY_VAR = "TRIALDESK_RECOVERY_KEY"
recovery_sheet_option = click.option(
    "--recovery-sheet", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Also write the recovery key as a PDF sheet (Chinese and English) to print for the site file.")


def _new_password(label: str) -> str:
    """A new password, typed twice (or TRIALDESK_NEW_PASSWORD for scripts)."""
    return os.environ.get("TRIALDESK_NEW_PASSWORD") or click.prompt(label, hide_input=True,
                                                                   confirmation_prompt=True, err=True)


def password_again(ctx: click.Context, actor: Actor, prompt: str, purpose: str, outcome: str, *,
                   refusal: str = "password.refused") -> str:
    """The signed-in user's password entered again (TRIALDESK_PASSWORD for scripts), checked in
    a transaction of its own so that a wrong one is audited (as `refusal`) even though the step
    is refused."""
    password = os.environ.get(PASSWORD_VAR) or click.prompt(f"{actor.name}, {prompt}", hide_input=True, err=True)
    with refusals_as_messages():
        confirm_signature_password(registry(ctx), actor, password, purpose, refusal=refusal, outcome=outcome)
    return password


@click.command()
@click.option("--site-name", required=True, help="The site's name as printed on every report.")
@click.option("--address", default="", help="The site's address.")
@click.option("--timezone", default="Asia/Shanghai", show_default=True, help="IANA time zone of the site.")
@click.option("--username", required=True, help="The first account: an investigator who also administers.")
@click.option("--printed-name", required=True, help="Their name as printed under their signature.")
@recovery_sheet_option
@click.pass_context
def setup(ctx: click.Context, site_name: str, address: str, timezone: str, username: str, printed_name: str,
          recovery_sheet: Path | None) -> None:
    """First run: create the site and its first investigator (who is also the administrator).
    An SQLite registry is then encrypted: the site's recovery key is printed once, to keep in
    the site file."""
    opened = registry(ctx, unlocked=False)
    if opened.encrypted:
        raise click.ClickException("the site is already set up (its registry is encrypted)")
    password = _new_password(f"password for {username}")
    with refusals_as_messages(ValueError), opened.writing() as session:
        account = AccountRepository(session).set_up(site_name=site_name, address=address, timezone=timezone,
                                                    username=username, printed_name=printed_name, password=password)
    click.echo(f"site '{site_name}' set up; sign in as {username}")
    if opened.database is not None and not encryption_available():
        click.echo("WARNING: this installation has no SQLCipher for this platform: the registry is NOT encrypted",
                   err=True)
    elif opened.database is not None:
        with refusals_as_messages():
            encrypted = encrypt_registry(opened, account.actor(), password, backup_first=False)
        click.echo(recovery_note(encrypted.recovery_key))
        _write_sheet(opened, encrypted.recovery_key, recovery_sheet)


def _write_sheet(opened, recovery_key: str, path: Path | None) -> None:
    if path is None:
        return
    with opened.reading() as session:
        info = AccountRepository(session).site()
    data = render_recovery_sheet(ReportSite(info.name, info.address or "", info.timezone), recovery_key,
                                 str(opened.database or opened.location), utc_now())
    with refusals_as_messages(OSError, prefix=f"{path}: "):
        write_pdf_atomically(path, data)
    click.echo(f"recovery sheet written to {path}: print it, keep it in the site file, then delete the file")


def recovery_note(recovery_key: str) -> str:
    return (f"The registry is encrypted. Its recovery key, shown this once:\n\n    {recovery_key}\n\n"
            "Print it or write it down and keep it in the site file, locked away. With it the registry opens "
            "when every administrator's password is forgotten or its key file is lost (`trialdesk site recover`); "
            "without any account's password and without it, the data cannot be read by anyone.")


@click.group()
def users() -> None:
    """Accounts: list, add, deactivate, activate, unlock, password (administrators)."""


@users.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Every account: roles, active or not, current signing certificate, printed name."""
    with registry_session(ctx, permission=Permission.MANAGE_ACCOUNTS) as session:
        accounts = AccountRepository(session).accounts()
        current = {c.username: c for c in CredentialStore(session, "").certificates() if c.current}
    for account in accounts:
        state = "active" if account.active else "inactive"
        roles = ",".join(sorted(r.value for r in account.roles))
        certificate = current.get(account.username)
        signing = f"cert {certificate.fingerprint[:12]}" if certificate else "no cert"
        click.echo(f"{account.username:<20} {roles:<28} {state:<8} {signing:<17} {account.printed_name}")


@users.command("add")
@click.argument("username")
@click.option("--printed-name", required=True, help="Their name as printed under their signature.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLE_NAMES), help="Repeatable.")
@click.pass_context
def add(ctx: click.Context, username: str, printed_name: str, roles: tuple[str, ...]) -> None:
    """Add an account; its first password is typed twice. A coordinator or investigator gets a
    signing certificate from the site's authority, an administrator a copy of its key: your own
    password unlocks the authority for that."""
    actor = acting(ctx, Permission.MANAGE_ACCOUNTS)
    wanted = {Role(r) for r in roles}
    password = _new_password(f"first password for {username}")
    admin_password = None
    with registry_session(ctx) as session:
        needed = AccountRepository(session).needs_authority(wanted)
    if needed:
        admin_password = password_again(ctx, actor, "your password, to issue the new account's keys",
                                        "unlock the site's signing authority", f"{username} not created")
    with registry_session(ctx, write=True) as session:
        AccountRepository(session).create(actor, username=username, printed_name=printed_name, roles=wanted,
                                          password=password, admin_password=admin_password)
        issued = CredentialStore(session, actor.name).certificates(username)
    click.echo(f"added {username}" + (f"; signing certificate {issued[-1].fingerprint[:16]}..." if issued else ""))


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
    """Change your own password (your signing key is re-encrypted under the new one), or
    (administrators) reset another's: a signer then gets a new signing certificate, the old
    one being kept to verify older PDFs. Your current password is asked for first."""
    actor = acting(ctx)
    own = actor.name == username
    if not own:
        acting(ctx, Permission.MANAGE_ACCOUNTS)
    current = password_again(ctx, actor, "your current password" if own else "your password, to reset theirs",
                             "change a password", "password not changed")
    new = _new_password(f"new password for {username}")
    with registry_session(ctx, write=True) as session:
        AccountRepository(session).set_password(actor, username, new, actor_password=current)
    click.echo(f"password changed for {username}")


@click.group()
def site() -> None:
    """The site: its settings and the certificate of its signing authority."""


@site.command("show")
@json_option()
@click.pass_context
def site_show(ctx: click.Context, as_json: bool) -> None:
    """Name, address, time zone, whether checklists print full names, and the signing authority."""
    with registry_session(ctx) as session:
        accounts = AccountRepository(session)
        info, pem = accounts.site(), accounts.authority_certificate()
    shown = site_json(info, pem)
    if as_json:
        echo_json(shown)
        return
    for key, value in shown.items():
        click.echo(f"{key.replace('_', ' ')}: {'-' if value is None else value}")


@site.command("set")
@click.option("--show-full-names", "full_names", type=click.Choice(["on", "off"]),
              help="Print the patient's full name on checklists (off: initials only).")
@click.option("--backup-folder", metavar="DIR", help="Where automatic backups go (a local folder or a network "
              "share; '' for the default, `backups` beside the registry).")
@click.option("--backup-warning-days", type=int, metavar="N",
              help="The window warns when no good backup is younger than N days.")
@click.option("--idle-lock-minutes", type=int, metavar="N",
              help="The window locks after N minutes without use (1-240; default 10).")
@click.option("--reason", default=None, help="Why (audited).")
@click.pass_context
def site_set(ctx: click.Context, full_names: str | None, backup_folder: str | None, backup_warning_days: int | None,
             idle_lock_minutes: int | None, reason: str | None) -> None:
    """Administrators: change a site setting (audited)."""
    if full_names is None and backup_folder is None and backup_warning_days is None and idle_lock_minutes is None:
        raise click.UsageError("give a setting to change: --show-full-names, --backup-folder, --backup-warning-days "
                               "or --idle-lock-minutes")
    actor = acting(ctx, Permission.MANAGE_ACCOUNTS)
    with registry_session(ctx, write=True) as session:
        accounts = AccountRepository(session)
        if full_names is not None:
            accounts.set_show_full_names(actor, full_names == "on", reason)
        if backup_folder is not None or backup_warning_days is not None:
            current = accounts.site()
            accounts.set_backups(actor, folder=current.backup_folder if backup_folder is None else backup_folder,
                                 warning_days=backup_warning_days or current.backup_warning_days, reason=reason)
        if idle_lock_minutes is not None:
            accounts.set_idle_lock(actor, idle_lock_minutes, reason)
    with registry_session(ctx) as session:
        current = AccountRepository(session).site()
    if full_names is not None:
        click.echo(f"full names on checklists: {full_names}")
    if backup_folder is not None or backup_warning_days is not None:
        click.echo(f"backup folder: {current.backup_folder or 'backups beside the registry'}; warning after "
                   f"{current.backup_warning_days} days without a backup")
    if idle_lock_minutes is not None:
        click.echo(f"the window locks after {current.idle_lock_minutes} minutes without use")


@site.command("encrypt")
@recovery_sheet_option
@click.pass_context
def site_encrypt(ctx: click.Context, recovery_sheet: Path | None) -> None:
    """Administrators: encrypt a registry made before TrialDesk encrypted (once). A backup of it is
    made first; your password is asked again; the recovery key is printed once. Close TrialDesk
    everywhere else first."""
    actor = acting(ctx, Permission.ENCRYPT)
    password = os.environ.get(PASSWORD_VAR) or click.prompt(f"{actor.name}, your password, to encrypt the registry",
                                                            hide_input=True, err=True)
    with refusals_as_messages():
        encrypted = encrypt_registry(registry(ctx), actor, password)
    if encrypted.backup is not None:
        click.echo(f"backup of the clear registry first: {encrypted.backup}")
        click.echo(f"  it is not encrypted: once you have checked the encrypted registry, delete it and the older "
                   f"clear backups in {encrypted.backup.parent}")
    click.echo(recovery_note(encrypted.recovery_key))
    _write_sheet(registry(ctx), encrypted.recovery_key, recovery_sheet)


@site.command("recover")
@click.option("--user", "username", required=True, help="The administrator whose password is forgotten.")
@click.pass_context
def site_recover(ctx: click.Context, username: str) -> None:
    """With the site's recovery key (asked for, or TRIALDESK_RECOVERY_KEY): give an administrator
    of the encrypted registry a new password (typed twice). Needs no sign-in. Their signing keys
    were under the old password: another administrator reissues them by resetting it."""
    opened = registry(ctx, unlocked=False)
    if not opened.encrypted:
        raise click.ClickException("the registry is not encrypted: an administrator resets the password "
                                   "(`trialdesk users password NAME`)")
    text = os.environ.get(RECOVERY_VAR) or click.prompt("recovery key", hide_input=True, err=True)
    with refusals_as_messages():
        data_key = data_key_from_recovery(text)
        opened.unlock_with(data_key)  # a key of another registry is said before a password is typed
        recover_account(opened, data_key, username, _new_password(f"new password for {username}"))
    click.echo(f"{username} can sign in with the new password")


@site.command("export-ca")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="PEM file to write.")
@click.pass_context
def export_ca(ctx: click.Context, out: Path) -> None:
    """Write the certificate of the site's signing authority (public), for a verifier such as
    Adobe Reader or poppler's pdfsig to trust the site's signatures."""
    with registry_session(ctx) as session:
        pem = AccountRepository(session).authority_certificate()
    if pem is None:
        raise click.ClickException("the site has no signing authority yet: an administrator adding an account "
                                   "creates it")
    write_text_atomically(out, pem.decode("ascii"))
    click.echo(f"wrote {out}")


