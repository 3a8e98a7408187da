"""`trialdesk check`: what site IT runs after installing, to see that TrialDesk works on this
machine without opening a registry for anyone. It reads, never writes, the registry."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from ui.cli.root import WindowCheckWanted


def _line(label: str, text: str, ok: bool = True) -> bool:
    click.echo(f"{label}: {text}" + ("" if ok else ": FAILED"))
    return ok


def _installation() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle in {Path(sys.executable).resolve().parent}"
    return f"Python environment {sys.prefix}"


def _data_folder() -> bool:
    from db.location import data_folder

    folder = data_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-"):
            pass
    except OSError as error:
        return _line("data folder", f"{folder} cannot be written ({error.strerror})", ok=False)
    return _line("data folder", f"{folder} (writable)")


def _registry(db: str | None) -> bool:
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from db.engine import make_engine, stored_revision
    from db.location import ENV_VAR, default_registry_path
    from db.schema import head_revision, known_revisions

    chosen = db or os.environ.get(ENV_VAR) or str(default_registry_path())
    if "://" not in chosen and not Path(chosen).expanduser().exists():
        return _line("registry", f"{chosen} does not exist yet (made when TrialDesk first starts)")
    url = chosen if "://" in chosen else f"sqlite:///{Path(chosen).expanduser().resolve()}"
    engine = make_engine(url)
    try:
        inspect(engine).get_table_names()  # a file that is no database fails here
        stored = stored_revision(engine)
        location = engine.url.render_as_string(hide_password=True)
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        return _line("registry", f"{chosen} cannot be read ({reason})", ok=False)
    finally:
        engine.dispose()
    head = head_revision()
    if stored == head:
        return _line("registry", f"{location}, schema {stored} (current)")
    if stored is None:
        return _line("registry", f"{location} holds no TrialDesk schema yet (set up at first start)")
    if stored in known_revisions():
        return _line("registry", f"{location}, schema {stored}: upgraded to {head} at the next start, "
                                 "after a copy is kept in its backups folder")
    return _line("registry", f"{location}, schema {stored}, is from a newer TrialDesk (this one knows up to "
                             f"{head}); install that version", ok=False)


def _report_font() -> bool:
    from coordinator.reports.fonts import ReportFontError, find_font
    from coordinator.resource_files import shipped_fonts

    try:
        font = find_font()
    except ReportFontError as error:
        return _line("reports font", str(error), ok=False)
    path = Path(font.face.filename if isinstance(font.face.filename, str) else font.face.filename.decode())
    origin = "shipped with TrialDesk" if path in shipped_fonts() else "a system font"
    return _line("reports font", f"{font.face.name.decode(errors='replace')} from {path} ({origin}), "
                                 "embedded in every PDF")


@click.command()
@click.option("--image", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the image of the window (default: trialdesk-check.png in the "
                   "system's temporary folder).")
@click.option("--no-window", is_flag=True, help="Skip the window (a terminal with no display).")
@click.pass_context
def check(ctx: click.Context, image: Path | None, no_window: bool) -> None:
    """Check this installation (for site IT): version, data folder, the registry's schema, the
    Chinese font of the reports and of the window, whose image is written for you to look at.
    Reads the registry, never writes it. Exit status 1 when something failed."""
    import coordinator

    _line("TrialDesk", f"{coordinator.__version__}, {_installation()}")
    results = [_data_folder(), _registry(ctx.find_root().obj.get("db")), _report_font()]
    failed = not all(results)
    if no_window:
        ctx.exit(1 if failed else 0)
    raise WindowCheckWanted(image or Path(tempfile.gettempdir()) / "trialdesk-check.png", failed)
