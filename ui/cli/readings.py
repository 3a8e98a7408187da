"""Readings of ambiguous protocol text, per trial: which criteria and parts read more than one
way, the readings adopted at the site, and adopting or withdrawing one (`readings list | adopt |
withdraw`). Who may adopt is the core's; this only asks and shows."""

from __future__ import annotations

import click

from coordinator.screening.eligibility import ReadingChoice
from coordinator.screening.trial import Trial
from coordinator.screening.workflow import Permission, WorkflowError
from db.readings import AdoptedReadings
from db.screenings import trial
from ui.cli.common import acting, registry_session
from ui.cli.contracts import echo_json
from ui.cli.options import json_option, trial_option


def item_id(definition: Trial, typed: str) -> str:
    """A criterion or part id as the trial spells it, whatever the case typed (E7e, e7e)."""
    ids = [c.id for c in definition.criteria] + [p.id for c in definition.criteria for p in c.parts]
    for known in ids:
        if known.lower() == typed.strip().lower():
            return known
    raise WorkflowError(f"{definition.trial_id} has no criterion or part {typed}")


@click.group()
def readings() -> None:
    """Ambiguous criteria and their readings: list them with what the site adopted, adopt one
    for a trial (investigator, with a reason), or withdraw an adoption."""


@readings.command("list")
@trial_option()
@json_option()
@click.pass_context
def list_(ctx: click.Context, trial_id: str, as_json: bool) -> None:
    """Each criterion or part of the trial that reads more than one way, its readings, and the
    one adopted at the site (if any) with who adopted it and why."""
    definition = trial(trial_id)
    with registry_session(ctx, permission=Permission.READ) as session:
        repository = AdoptedReadings(session, acting(ctx))
        adopted = repository.in_force(definition.trial_id)
        history = repository.history(definition.trial_id)
    items = definition.read_items()
    if as_json:
        echo_json({"trial": definition.trial_id, "items": [
            {"id": id_, "text": text, "ambiguous": note,
             "readings": [{"id": r.id, "label": r.label, "literal": r.literal} for r in found],
             "adopted": _adoption_json(adopted.get(id_))} for id_, text, note, found in items],
            "history": [{"item": e.item_id, "reading": e.reading_id, "reason": e.reason, "by": e.by,
                         "at": e.at.isoformat()} for e in history]})
        return
    for id_, _, note, found in items:
        click.echo(f"{id_}: {note}")
        for reading in found:
            click.echo(f"    {reading.id:<12} {reading.label}" + (" (literal text)" if reading.literal else ""))
        if (choice := adopted.get(id_)) is not None:
            click.echo(f"    adopted: {choice.reading_id} by {choice.by}: {choice.reason}")
    if not items:
        click.echo(f"{definition.trial_id}: no criterion reads more than one way")


def _adoption_json(choice: ReadingChoice | None) -> dict | None:
    if choice is None:
        return None
    return {"reading": choice.reading_id, "by": choice.by, "reason": choice.reason,
            "at": choice.at.isoformat() if choice.at else None}


@readings.command("adopt")
@trial_option()
@click.argument("item")
@click.argument("reading")
@click.option("--reason", required=True, help="Why the site reads the text this way (mandatory, audited, printed "
                                              "on every checklist that uses it).")
@click.pass_context
def adopt(ctx: click.Context, trial_id: str, item: str, reading: str, reason: str) -> None:
    """Investigator only: every screening of the trial takes this reading of ITEM (unless its
    investigator chooses another); open screenings show it at once, signed ones keep theirs."""
    definition = trial(trial_id)
    with registry_session(ctx, write=True) as session:
        found = item_id(definition, item)
        AdoptedReadings(session, acting(ctx)).adopt(definition, found, reading.lower(), reason)
    click.echo(f"{definition.trial_id} {found}: reading {reading.lower()} adopted")


@readings.command("withdraw")
@trial_option()
@click.argument("item")
@click.option("--reason", required=True, help="Why (mandatory, audited).")
@click.pass_context
def withdraw(ctx: click.Context, trial_id: str, item: str, reason: str) -> None:
    """Investigator only: undo the adoption; the investigator again chooses per screening."""
    definition = trial(trial_id)
    with registry_session(ctx, write=True) as session:
        found = item_id(definition, item)
        AdoptedReadings(session, acting(ctx)).withdraw(definition, found, reason)
    click.echo(f"{definition.trial_id} {found}: adoption withdrawn")
