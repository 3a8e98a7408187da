"""The trials in use and a site's own (`trials list | check | add | retire | restore`): a data
manager checks a file before anyone uses it, an investigator installs it into the site trials
folder or retires a trial. Checking needs no account; the others are audited."""

from __future__ import annotations

from pathlib import Path

import click


from coordinator.screening.site_trials import site_trials_folder
from coordinator.screening.trial import TrialFileError
from coordinator.screening.trial_library import SHIPPED, check_files, file_notes, library
from coordinator.screening.workflow import Permission
from coordinator.screening.trial_changes import criterion_changes
from db.screenings import trial
from db.trial_definitions import kept_definition, kept_versions
from db.trial_files import SiteTrials, retired_trials
from ui.cli.common import acting, registry_session
from ui.cli.contracts import echo_json
from ui.cli.exit_codes import REJECTED
from ui.cli.options import json_option, trial_option
from ui.cli.refusals import refusals_as_messages
from ui.cli.trial_lookup import use_site_trials_of

TRIAL_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def trials() -> None:
    """The trials in use (shipped and the site's own), checking a trial file, installing one into
    the site trials folder, and retiring a trial (its screenings are kept)."""


@trials.command("list")
@json_option()
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every trial in use: its id, protocol version, where its definition comes from, and whether
    it is retired; then the site files refused, each problem on its line."""
    with registry_session(ctx, permission=Permission.READ) as session:
        retired = retired_trials(session)
    in_use = library()
    if as_json:
        echo_json({"site_folder": str(site_trials_folder()), "trials": [
            {"trial": t.trial_id, "other_ids": list(t.other_ids), "short_name": t.short_name,
             "protocol_version": t.protocol_version, "criteria": len(t.criteria),
             "origin": in_use.origins[t.trial_id], "replaces": in_use.replaced.get(t.trial_id),
             "retired": None if t.trial_id not in retired else {
                 "reason": retired[t.trial_id].reason, "by": retired[t.trial_id].by,
                 "at": retired[t.trial_id].at.isoformat()}} for t in in_use.trials.values()],
            "refused": list(in_use.refused)})
        return
    click.echo(f"site trials folder: {site_trials_folder()}")
    for t in in_use.trials.values():
        origin = "shipped" if in_use.origins[t.trial_id] == SHIPPED else f"site file {in_use.origins[t.trial_id]}"
        notes = [origin] + ([f"replaces shipped version {in_use.replaced[t.trial_id]}"]
                            if t.trial_id in in_use.replaced else [])
        if t.trial_id in retired:
            notes.append(f"RETIRED {retired[t.trial_id].at:%Y-%m-%d} by {retired[t.trial_id].by}: "
                         f"{retired[t.trial_id].reason}")
        click.echo(f"{t.trial_id:<22} {t.short_name} | {t.protocol_version} | {'; '.join(notes)}")
    for problem in in_use.refused:
        click.echo(f"refused: {problem}")


@trials.command()
@click.argument("files", nargs=-1, required=True, type=TRIAL_FILE)
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check trial files before they are used: "FILE: OK" with what it defines, or every problem,
    one per line, naming the file, the criterion and the field. Exit status 1 if any has one."""
    use_site_trials_of(ctx)
    failed = False
    for path, found, problems in check_files(files, library()):
        if problems:
            failed = True
            for problem in problems:
                click.echo(problem)
            continue
        assert found is not None
        replaces = library().trials.get(found.trial_id)
        note = (f"; replaces {found.trial_id} {replaces.protocol_version} in use"
                if replaces is not None and replaces.protocol_version != found.protocol_version else "")
        click.echo(f"{path.name}: OK: {found.trial_id} ({found.short_name}), protocol version "
                   f"{found.protocol_version}, {len(found.criteria)} criteria{note}")
        for note in file_notes(found):
            click.echo(f"{path.name}: note: {note}")
    if failed:
        ctx.exit(REJECTED)


@trials.command()
@click.argument("file", type=TRIAL_FILE)
@click.option("--reason", required=True, help="Why (e.g. the protocol amendment it encodes); audited.")
@click.pass_context
def add(ctx: click.Context, file: Path, reason: str) -> None:
    """Install a checked trial file into the site trials folder (investigator): every workstation
    of the registry uses it from then on. A file for a trial in use replaces its definition."""
    with registry_session(ctx, write=True) as session, refusals_as_messages(TrialFileError, OSError):
        installed = SiteTrials(session, acting(ctx)).install(file, reason)
    click.echo(f"installed {installed.trial_id} ({installed.short_name}), protocol version "
               f"{installed.protocol_version}, in {site_trials_folder()}")


@trials.command()
@trial_option()
@click.option("--reason", required=True, help="Why (e.g. recruitment closed); audited.")
@click.pass_context
def retire(ctx: click.Context, trial_id: str, reason: str) -> None:
    """Retire a trial at the site (investigator): no new screenings or pre-screens for it; its
    screenings, enrolments and follow-up are kept and shown."""
    definition = trial(trial_id)
    with registry_session(ctx, write=True) as session:
        SiteTrials(session, acting(ctx)).retire(definition.trial_id, reason)
    click.echo(f"retired {definition.trial_id}")


@trials.command()
@trial_option()
@click.option("--reason", required=True, help="Why; audited.")
@click.pass_context
def restore(ctx: click.Context, trial_id: str, reason: str) -> None:
    """Put a retired trial back in use (investigator)."""
    definition = trial(trial_id)
    with registry_session(ctx, write=True) as session:
        SiteTrials(session, acting(ctx)).restore(definition.trial_id, reason)
    click.echo(f"{definition.trial_id} is in use again")


@trials.command()
@trial_option()
@click.option("--from", "from_version", metavar="VERSION",
              help="A protocol version kept in the registry (default: each kept version that differs).")
@click.pass_context
def changes(ctx: click.Context, trial_id: str, from_version: str | None) -> None:
    """What changed between a version of the trial that screenings were begun on and the one in
    use: criteria added, removed, reworded, rule changed."""
    definition = trial(trial_id)
    with registry_session(ctx, permission=Permission.READ) as session:
        kept = [v for v in kept_versions(session, definition.trial_id) if v.sha256 != definition.content_hash]
        if from_version is not None:
            kept = [v for v in kept if v.protocol_version == from_version]
            if not kept:
                raise click.ClickException(f"no kept version '{from_version}' of {definition.trial_id} other than "
                                           "the one in use")
        earlier = [(v, kept_definition(session, v.trial_id, v.sha256)) for v in kept]
    if not earlier:
        click.echo(f"{definition.trial_id}: every screening was begun on the version in use "
                   f"({definition.protocol_version})")
    for version, before in earlier:
        assert before is not None
        click.echo(f"{version.protocol_version} (first used {version.first_used_at:%Y-%m-%d}) -> "
                   f"{definition.protocol_version}:")
        for change in criterion_changes(before, definition) or ():
            click.echo(f"  {change.describe()}")
