"""`trialdesk backup` and `trialdesk restore`: the registry's safekeeping from the command line."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import click

from coordinator.screening.workflow import Permission
from db.accounts import AccountRepository
from db.backups import backup_folder, check_backup, list_backups, make_backup, prune, registry_file, restore
from ui.cli.accounts import password_again
from ui.cli.common import acting, counted, registry
from ui.cli.contracts import echo_json
from ui.cli.options import json_option
from ui.cli.refusals import refusals_as_messages


def _manifest_json(path: Path, manifest) -> dict:
    return {"file": str(path), "made_at": manifest.made_at.isoformat(), "made_by": manifest.made_by,
            "patients": manifest.patients, "screenings": manifest.screenings,
            "audit_entries": manifest.audit_entries, "audit_head": manifest.audit_head, "schema": manifest.schema}


def _site_zone(ctx: click.Context) -> str:
    with registry(ctx).reading() as session:
        accounts = AccountRepository(session)
        return accounts.site().timezone if accounts.is_set_up() else "UTC"


@click.command()
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the backup to (default: the site's backup folder).")
@click.option("--list", "listing", is_flag=True, help="List the backups in the folder instead (--check: check each).")
@click.option("--check", is_flag=True, help="With --list: check each backup against its manifest (slower).")
@json_option()
@click.pass_context
def backup(ctx: click.Context, folder: Path | None, listing: bool, check: bool, as_json: bool) -> None:
    """Back up the registry while it is in use: a checked copy (integrity, audit trail) with a
    manifest, in the site's backup folder, named by its time; older backups are pruned (14 daily,
    8 weekly, 12 monthly). On PostgreSQL, backups are the server's (pg_dump): nothing is done."""
    actor = acting(ctx, Permission.BACK_UP)
    opened = registry(ctx)
    with refusals_as_messages():
        registry_file(opened)  # a server's registry: said before anything else
        folder = folder or backup_folder(opened)
        if listing:
            _list(folder, check, as_json, opened.keys.data_key if opened.keys else None)
            return
        made = make_backup(opened, actor, folder)
        removed = prune(folder, _site_zone(ctx))
    if as_json:
        echo_json(_manifest_json(made.path, made.manifest) | {"pruned": [str(path) for path in removed]})
        return
    manifest = made.manifest
    click.echo(f"backup: {made.path}")
    click.echo(f"  checked: {counted(manifest.patients, 'patient')}, {counted(manifest.screenings, 'screening')}, "
               f"audit trail whole up to entry {manifest.audit_entries}")
    if removed:
        click.echo(f"  older backups removed by the retention: {len(removed)}")


def _list(folder: Path, check: bool, as_json: bool, key: bytes | None) -> None:
    rows = []
    for item in list_backups(folder):
        problem = item.problem
        if check and not problem:
            try:
                check_backup(item.path, key)
            except Exception as error:  # each backup's own verdict; the listing goes on
                problem = str(error)
        rows.append((item, problem))
    if as_json:
        echo_json([(_manifest_json(item.path, item.manifest) if item.manifest else {"file": str(item.path)})
                   | {"problem": problem or None} for item, problem in rows])
        return
    if not rows:
        click.echo(f"no backups in {folder}")
        return
    for item, problem in rows:
        if item.manifest is None:
            click.echo(f"{item.path.name}  unreadable manifest: {problem}")
            continue
        made = item.manifest.made_at.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC")
        verdict = f"  PROBLEM: {problem}" if problem else ("  checked" if check else "")
        click.echo(f"{made}  {item.path.name}  {counted(item.manifest.patients, 'patient')}, "
                   f"{counted(item.manifest.screenings, 'screening')}{verdict}")
    if check and any(problem for _, problem in rows):
        raise click.ClickException("some backups do not check out (see above)")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reason", default=None, help="Why (audited).")
@click.pass_context
def restore_(ctx: click.Context, file: Path, reason: str | None) -> None:
    """Administrators: put a backup in place of the registry (password asked again). The backup
    is checked first; the current registry is kept aside in the backups folder; the restore is
    audited. Close TrialDesk on every workstation first."""
    actor = acting(ctx, Permission.RESTORE)
    opened = registry(ctx)
    with refusals_as_messages():
        path = registry_file(opened)
        check_backup(file, contents=False)  # before the password is asked: a bad file is said at once
    password = password_again(ctx, actor, "your password, to restore the registry", "registry restore",
                              "registry not restored")
    key = opened.keys.data_key if opened.keys else None
    opened.close()
    with refusals_as_messages():
        restored = restore(path, file, actor, key=key, password=password, reason=reason)
    manifest = restored.manifest
    click.echo(f"restored {path} from {file.name} (made {manifest.made_at:%Y-%m-%d %H:%M} UTC by {manifest.made_by}: "
               f"{counted(manifest.patients, 'patient')}, {counted(manifest.screenings, 'screening')})")
    if restored.kept_aside:
        click.echo(f"the registry as it was is kept at {restored.kept_aside}")
    if key is not None and restored.data_key is None:
        click.echo("the backup was made before the registry was encrypted, and so is the registry now: encrypt "
                   "it again (`trialdesk site encrypt`)")
