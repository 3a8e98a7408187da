"""A trial named on the command line, found among the trials in use at the registry's site
(the shipped ones and the site trials folder of --db) without opening or unlocking the registry."""

from __future__ import annotations

import click

from coordinator.records.trial_ids import checked_trial_id
from coordinator.screening.site_trials import use_site_trials
from coordinator.screening.trial_library import find_trial, load_trials
from db.engine import resolve_url
from db.location import site_trials_folder
from db.registry import sqlite_file


class UnknownTrial(ValueError):
    pass


def use_site_trials_of(context: click.Context) -> None:
    use_site_trials(site_trials_folder(sqlite_file(resolve_url(context.find_root().obj["db"]))))


def trial_in_use(context: click.Context, typed: str) -> str:
    """The registered id of the trial `typed` names; ValueError saying what is wrong."""
    checked_trial_id(typed)  # a malformed id says which forms are accepted
    use_site_trials_of(context)
    found = find_trial(typed)
    if found is None:
        raise UnknownTrial(f"unknown trial {typed.strip()}; known: {', '.join(load_trials())}")
    return found.trial_id
