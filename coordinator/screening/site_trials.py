"""Which site trials folder this process uses: set by the registry opened (db.registry), read by
coordinator.screening.trial_library. Kept apart and light, so opening a registry does not load
the trial definitions before anything asks for a trial."""

from __future__ import annotations

from pathlib import Path

_folder: Path | None = None


def use_site_trials(folder: Path | None) -> None:
    """Use the site trials in `folder` (None: only the shipped ones) from now on."""
    global _folder
    _folder = folder


def site_trials_folder() -> Path | None:
    return _folder
