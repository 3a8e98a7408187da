"""What every `trialdesk` sub-command shares: who is acting, opening the registry, writing files."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlmodel import Session

from coordinator.screening import Actor, PermissionDenied, Role, WorkflowError
from db.patients import PatientNotFound
from db.registry import Registry

ROLE_VAR = "TRIALDESK_ROLE"


def current_actor() -> str:
    """Who is acting, until accounts exist: the operating-system user."""
    try:
        return f"os:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "os:unknown"


def acting(ctx: click.Context) -> Actor:
    """The operating-system user in the role chosen with --role (interim, until accounts)."""
    return Actor(current_actor(), Role(ctx.find_root().obj["role"]))


def open_registry(ctx: click.Context) -> Registry:
    return Registry.open(ctx.find_root().obj["db"])


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a crash leaves the old file (or none), never half a file."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@contextmanager
def registry_session(ctx: click.Context, *, write: bool = False) -> Iterator[Session]:
    """A session on the registry for one command, in one transaction when writing. A refusal by
    the core (unknown patient, a step the workflow or the role does not allow) becomes a clear
    message and exit status 1, with nothing written."""
    registry = open_registry(ctx)
    try:
        with (registry.writing() if write else registry.reading()) as session:
            yield session
    except (PatientNotFound, WorkflowError, PermissionDenied) as error:
        raise click.ClickException(str(error)) from error
    finally:
        registry.close()
