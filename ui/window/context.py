"""What every view of the window shares: the registry, who is signed in, the trials, and
the signals that let one view open another or tell the others that data changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from coordinator.screening.workflow import Actor, Permission
from coordinator.screening.trial import Trial
from coordinator.screening.trial_library import load_trials, reload_trials
from db.trial_files import Retirement, retired_trials
from db.registry import Registry


class AppContext(QObject):
    patient_requested = Signal(str)           # registry no.: show the patient's page
    checklist_requested = Signal(str, str)    # registry no., trial id: show the screening checklist
    followup_requested = Signal(str, str)     # registry no., trial id: show the on-study follow-up
    backup_requested = Signal()               # back the registry up now (Today's backup line)
    trials_changed = Signal()                 # a trial was installed, retired or put back in use
    data_changed = Signal(object)             # changes.Changes: something was written, views showing it reload
    status_message = Signal(str)              # a line for the status bar

    def __init__(self, registry: Registry, actor: Actor, trials: list[Trial] | None = None, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.actor = actor
        self._trials = trials
        self._retired: dict[str, Retirement] | None = None

    @property
    def trials(self) -> list[Trial]:
        """Every trial in use, retired ones too (their screenings are shown). Loaded when a view
        first needs them, not before the window is painted."""
        if self._trials is None:
            self._trials = list(load_trials().values())
        return self._trials

    @property
    def retired(self) -> dict[str, Retirement]:
        if self._retired is None:
            with self.registry.reading() as session:
                self._retired = retired_trials(session)
        return self._retired

    @property
    def trials_in_use(self) -> list[Trial]:
        """The trials new screenings and pre-screens are for: not those retired at the site."""
        return [t for t in self.trials if t.trial_id not in self.retired]

    def reload_trials(self) -> None:
        """After a trial was installed, retired or put back: read the site trials again."""
        self._trials = list(reload_trials().trials.values())
        self._retired = None

    def may(self, permission: Permission) -> bool:
        """For showing or enabling controls only; the core refuses the action itself."""
        return permission in self.actor.permissions

    def trial(self, trial_id: str) -> Trial:
        return next(t for t in self.trials if t.trial_id == trial_id)
