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


def trial_option(help: str = "The trial's NCT number.", required: bool = True) -> Decorator:
    return click.option("--trial", "nct", required=required, metavar="NCT", help=help)


def trials_option(help: str = "Only these trials (repeatable; default all).") -> Decorator:
    return click.option("--trial", "ncts", multiple=True, metavar="NCT", help=help)


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
