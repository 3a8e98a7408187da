"""The one place the command line turns a refusal into a message: anything the core or the
registry refuses (coordinator.problems.Refusal: an unknown patient, a role that may not, a wrong
password, a step the workflow does not allow, a PDF that cannot be signed...) is printed as
"Error: ..." with exit status 1 (exit_codes.REJECTED), never a traceback, and whatever the
command was writing is rolled back with its transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from coordinator.problems import Refusal


@contextmanager
def refusals_as_messages(*failures: type[BaseException], prefix: str = "") -> Iterator[None]:
    """Refusals, and the `failures` a command also expects (a file it cannot write), become a
    message (after `prefix`, e.g. the file's name) and exit status 1."""
    caught: tuple[type[BaseException], ...] = (Refusal, *failures)
    try:
        yield
    except caught as error:
        raise click.ClickException(f"{prefix}{error}" if str(error) else f"{prefix}{type(error).__name__}") \
            from error
