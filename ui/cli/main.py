"""The `trialdesk` command: the desktop application with no arguments, sub-commands for
automation and site IT. Exit status 0 on success, 1 when input was rejected, 2 on misuse.

This module stays light: every sub-command is imported when it runs, and the window is shown
before the database libraries are loaded."""

from __future__ import annotations


import click

from db.location import ENV_VAR
from ui.cli.root import PASSWORD_VAR, USER_VAR, LazyGroup, WindowWanted, no_collections_at_exit

# Sub-commands by module, each imported only when used (a command loads only what it needs).
SUBCOMMANDS = {name: f"ui.cli.{module}:{name}" for module, names in (
    ("registry", ("export", "patients", "show", "archive", "demo", "mapping")),
    ("screening", ("screen", "prescreen", "screening")), ("readings", ("readings",)), ("followup", ("followup", "alerts", "ack")),
    ("accounts", ("setup", "users", "site")), ("reports", ("report", "log", "verify")),
    ("audit", ("audit",)), ("check", ("check",)), ("backups", ("backup",)), ("trials", ("trials",))) for name in names} | {
    "import": "ui.cli.registry:import_", "restore": "ui.cli.backups:restore_"}  # not shadowing a Python name


def _show_version(ctx: click.Context, _parameter, wanted: bool) -> None:
    if wanted and not ctx.resilient_parsing:
        import coordinator  # the version is read from the package's metadata only when asked

        click.echo(f"trialdesk, version {coordinator.__version__}")
        ctx.exit()


@click.group(cls=LazyGroup, lazy=SUBCOMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH_OR_URL", envvar=ENV_VAR,
              help=f"Registry file or SQLAlchemy URL (default: SQLite in your data folder; env {ENV_VAR}).")
@click.option("--user", "user", metavar="NAME", envvar=USER_VAR,
              help=f"Your account (env {USER_VAR}); the password is asked for ({PASSWORD_VAR} for scripts).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
@click.pass_context
def main(ctx: click.Context, db: str | None, user: str | None) -> None:
    """TrialDesk: screen patients for clinical trials. With no command, opens the application."""
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, user=user)
    if ctx.invoked_subcommand is None:
        raise WindowWanted(db)
    no_collections_at_exit()  # a one-shot command
