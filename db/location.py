"""Where the registry lives by default, and the variable that chooses another one.

Kept apart from db.engine (which loads SQLAlchemy) so that the `trialdesk` command and the
window can name the registry before paying for the database libraries."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "TrialDesk"
ENV_VAR = "TRIALDESK_DB"


def default_registry_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "registry.sqlite3"


def demo_registry_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "demo.sqlite3"
