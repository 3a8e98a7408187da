"""What every view of the window shares: the registry, who is signed in, the trials, and
the signals that let one view open another or tell the others that data changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from coordinator.screening.workflow import Actor, Permission
from coordinator.screening.trial import Trial, load_trials
from db.registry import Registry


class AppContext(QObject):
    patient_requested = Signal(str)           # registry no.: show the patient's page
    checklist_requested = Signal(str, str)    # registry no., NCT: show the screening checklist
    followup_requested = Signal(str, str)     # registry no., NCT: show the on-study follow-up
    data_changed = Signal(object)             # changes.Changes: something was written, views showing it reload
    status_message = Signal(str)              # a line for the status bar

    def __init__(self, registry: Registry, actor: Actor, trials: list[Trial] | None = None, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.actor = actor
        self._trials = trials

    @property
    def trials(self) -> list[Trial]:
        """Loaded when a view first needs them, not before the window is painted."""
        if self._trials is None:
            self._trials = list(load_trials().values())
        return self._trials

    def may(self, permission: Permission) -> bool:
        """For showing or enabling controls only; the core refuses the action itself."""
        return permission in self.actor.permissions

    def trial(self, nct: str) -> Trial:
        return next(t for t in self.trials if t.nct == nct)
