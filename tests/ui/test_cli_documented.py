"""Every `trialdesk` command says what it does (`--help`) and is in README's command table or
prose, so a coordinator finds it without reading the code; every option explains itself."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from ui.cli.main import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
CODE_SPANS = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", README, flags=re.S))


def commands(group: click.Group, path: tuple[str, ...] = ()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


ALL = list(commands(main))
IDS = [" ".join(path) for path, _ in ALL]


def test_the_tree_is_walked():
    # the families the README opens with are all reached, sub-commands included
    assert {"import", "screen", "screening start", "users add", "audit verify", "site show"} <= set(IDS)


@pytest.mark.parametrize("path, command", ALL, ids=IDS)
def test_every_command_has_help_text(path, command):
    assert (command.help or "").strip(), f"trialdesk {' '.join(path)} has no help text"
    assert command.get_short_help_str().strip()


@pytest.mark.parametrize("path, command", ALL, ids=IDS)
def test_every_option_is_explained(path, command):
    unexplained = [option.opts[0] for option in command.params
                   if isinstance(option, click.Option) and not option.hidden and not (option.help or "").strip()]
    assert not unexplained, f"trialdesk {' '.join(path)}: options without help: {unexplained}"


def documented(path: tuple[str, ...]) -> bool:
    """A code span in README that names the command: `trialdesk NAME ...` for a top-level
    command, the group and the sub-command's name as words for a sub-command (`screening
    submit | return LABEL` documents both)."""
    *groups, name = path
    for span in CODE_SPANS:
        words = re.findall(r"[\w-]+", span)
        if groups:
            if groups[-1] in words and name in words[words.index(groups[-1]) + 1:]:
                return True
        elif re.search(rf"(^|\s)trialdesk(\s+--\S+(\s+[A-Z]\S*)?)*\s+{re.escape(name)}(\s|$)", span):
            return True
    return False


@pytest.mark.parametrize("path", [path for path, _ in ALL], ids=IDS)
def test_every_command_is_documented_in_readme(path):
    assert documented(path), f"README does not mention `trialdesk {' '.join(path)}`"


def test_an_undocumented_command_would_be_caught():
    assert not documented(("no-such-command",))
    assert not documented(("screening", "no-such-step"))


def test_no_help_names_the_role_options_that_no_longer_exist():
    from click.testing import CliRunner

    from ui.cli.main import main

    for command in (["screening", "--help"], ["--help"], ["screen", "--help"], ["users", "--help"]):
        shown = CliRunner().invoke(main, command).output
        assert "TRIALDESK_ROLE" not in shown and "--role /" not in shown, command
