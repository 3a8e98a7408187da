"""The `trialdesk` command's entry point. With no arguments at all (what a user runs every
day) it opens the window straight away, before the command-line parser is even loaded; any
argument goes to the click command in ui.cli."""

from __future__ import annotations

import os
import sys

from db.location import ENV_VAR


def main() -> None:
    if len(sys.argv) > 1:
        from ui.cli import main as command_line

        command_line()
        return
    from ui.app import run_application

    sys.exit(run_application(os.environ.get(ENV_VAR) or None))
