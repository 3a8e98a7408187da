"""Options and types the `trialdesk` commands share, declared once (as pip's cli/cmdoptions.py
does): the same flag has the same name, variable, metavar and help wherever it appears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click


F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]  # what click.option returns: a command's decorator

DATE = click.DateTime(formats=["%Y-%m-%d"])
PDF_OUT = click.Path(dir_okay=False, writable=True, path_type=Path)
FILE_OUT = click.Path(dir_okay=False, path_type=Path)


def json_option(help: str = "Machine-readable output.") -> Decorator:
    return click.option("--json", "as_json", is_flag=True, help=help)


def patient_option(help: str = "Registry or hospital record number.", required: bool = True) -> Decorator:
    return click.option("--patient", "ref", required=required, metavar="REF", help=help)


def _trial_ids(context: click.Context, parameter: click.Parameter, value):
    """--trial as the id of a trial in use, in its registered spelling ("chictr2300071234" ->
    "ChiCTR2300071234"; another registry's id for it -> its own); a malformed or unknown id is
    refused with the forms accepted or the trials known."""
    if value is None or value == ():
        return value
    from ui.cli.trial_lookup import UnknownTrial, trial_in_use  # (loads the trial definitions: only when asked)

    try:
        if isinstance(value, tuple):
            return tuple(trial_in_use(context, v) for v in value)
        return trial_in_use(context, value)
    except UnknownTrial as error:  # well formed, not in use here: input rejected (exit status 1)
        raise click.ClickException(str(error)) from None
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def trial_option(help: str = "The trial's registry id (ChiCTR..., NCT..., ...).", required: bool = True) -> Decorator:
    return click.option("--trial", "trial_id", required=required, metavar="TRIAL", help=help, callback=_trial_ids)


def trials_option(help: str = "Only these trials (repeatable; default all).") -> Decorator:
    return click.option("--trial", "trial_ids", multiple=True, metavar="TRIAL", help=help, callback=_trial_ids)


def include_archived_option() -> Decorator:
    return click.option("--include-archived", is_flag=True, help="Archived patients too (hidden by default).")


def on_option(help: str = "As of this day (default: today).") -> Decorator:
    return click.option("--on", "on", type=DATE, help=help)


def period_options(first: str, last: str):
    """--from and --to, each optional, with what each bound means here."""
    def decorate(command):
        command = click.option("--to", "end", type=DATE, help=last)(command)
        return click.option("--from", "start", type=DATE, help=first)(command)
    return decorate


def pdf_out_option() -> Decorator:
    return click.option("--out", "out", required=True, type=PDF_OUT, help="The PDF to write.")


def day_or_today(value: dt.datetime | None) -> dt.date:
    """An --on/--date value as a day, today when it was not given."""
    return value.date() if value else dt.date.today()
