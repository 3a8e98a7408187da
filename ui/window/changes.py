"""What a write changed, as Anki's OpChanges says it: sent with AppContext.data_changed so that
each view reloads only for what it shows, and not at all when it made the change itself."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget


class Change(enum.Flag):
    NOTHING = 0
    PATIENTS = enum.auto()    # demographics and records: results, drugs, conditions, archiving
    SCREENINGS = enum.auto()  # screenings: answers, overrides, consent, status, their signatures
    ON_STUDY = enum.auto()    # enrolment, doses, visits, adverse events, exits, acknowledgements
    REVIEWS = enum.auto()     # screening-log reviews (signatures on a log, not on a screening)
    EVERYTHING = PATIENTS | SCREENINGS | ON_STUDY | REVIEWS


@dataclass(frozen=True)
class Changes:
    what: Change
    by: QObject | None = None  # the view (or a part of it) that wrote: it has already shown the change

    def concern(self, view: QWidget, shows: Change) -> bool:
        """Whether `view`, which shows `shows`, must reload for these changes."""
        made_here = self.by is view or (isinstance(self.by, QWidget) and view.isAncestorOf(self.by))
        return not made_here and bool(self.what & shows)
