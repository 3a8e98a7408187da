"""What the root `trialdesk` command needs before any database code is loaded: the names of the
sign-in variables, a command group whose sub-commands are imported on first use, and the
one-shot commands' quick exit."""

from __future__ import annotations

import atexit
import gc
import importlib
from functools import cache

import click

USER_VAR = "TRIALDESK_USER"
PASSWORD_VAR = "TRIALDESK_PASSWORD"


class WindowWanted(Exception):
    """Raised by the command line when the person asked for the window (no sub-command, or `demo
    --open`): ui.launcher, the one place that chooses between window and command line, opens it.
    The command line itself never loads Qt."""

    def __init__(self, location: str | None, kind: str | None = None):
        super().__init__(location, kind)
        self.location, self.kind = location, kind


class WindowCheckWanted(Exception):
    """Raised by `trialdesk check` after its own checks: ui.launcher then checks the window (Qt),
    writing its image to `image`; `failed` says whether the command line's checks failed."""

    def __init__(self, image, failed: bool):
        super().__init__(image, failed)
        self.image, self.failed = image, failed


class LazyGroup(click.Group):
    """A command group whose sub-commands (`lazy`: name -> "module:attribute") are imported only
    when used: `trialdesk alerts` does not load the PDF, signing or screening code, no command
    loads Qt, and the window paints before the database libraries are loaded."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@cache  # registered once, however often `main` runs in one process (tests)
def no_collections_at_exit() -> None:
    """Skip the interpreter's garbage collections at exit: after a command that read a registry
    they walk every object still there, about 0.3 s for nothing. Reference counting still frees
    what it frees; files are closed by `with` and the registry by the command's context."""
    atexit.register(gc.freeze)
