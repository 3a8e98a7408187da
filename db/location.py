"""Where the registry lives by default, and the variable that chooses another one.

Kept apart from db.engine (which loads SQLAlchemy) so that the `trialdesk` command and the
window can name the registry before paying for the database libraries."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "TrialDesk"
ENV_VAR = "TRIALDESK_DB"


def default_registry_path() -> Path:
    return data_folder() / "registry.sqlite3"


def demo_registry_path() -> Path:
    return data_folder() / "demo.sqlite3"


def data_folder() -> Path:
    """The user's TrialDesk folder: ~/.local/share/TrialDesk on Linux, %LOCALAPPDATA%\\TrialDesk on
    Windows (the registry, its backups and the demo registry; settings are Qt's, elsewhere)."""
    from platformdirs import user_data_path  # only when a path is asked for: the CLI's root needs only ENV_VAR

    return user_data_path(APP_NAME, appauthor=False)


SITE_TRIALS_VAR = "TRIALDESK_SITE_TRIALS"


def site_trials_folder(database: Path | None) -> Path:
    """Where a site keeps its own trial files: `TRIALDESK_SITE_TRIALS` when IT sets it (a shared
    folder for the workstations of a registry on a database server), else the `trials` folder
    beside the registry file (the data folder's for a server registry)."""
    import os

    chosen = os.environ.get(SITE_TRIALS_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return (database.parent if database is not None else data_folder()) / "trials"
