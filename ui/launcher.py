"""The `trialdesk` command's entry point, and the one place that chooses between the window and
the command line. With no arguments at all (what a user runs every day) it opens the window
straight away, before the command-line parser is even loaded; any argument goes to the click
command in ui.cli, which asks for the window (WindowWanted) when no sub-command was given or
`demo --open` was, and for the window's check (WindowCheckWanted) after `trialdesk check`."""

from __future__ import annotations

import os
import sys

from db.location import ENV_VAR


def main() -> None:
    location, kind = os.environ.get(ENV_VAR) or None, None
    if len(sys.argv) > 1:
        from ui.cli.main import main as command_line
        from ui.cli.root import WindowCheckWanted, WindowWanted

        try:
            command_line()
            return
        except WindowWanted as wanted:
            location, kind = wanted.location, wanted.kind
        except WindowCheckWanted as check:
            from ui.window.install_check import check_window

            sys.exit(max(check_window(check.image), int(check.failed)))
    from ui.window.main_window import run_application

    sys.exit(run_application(location, kind))
