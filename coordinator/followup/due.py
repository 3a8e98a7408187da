"""Whether something on the due list is overdue, due or still to come: decided here once, for the
window's Due and overdue view, Today and `trialdesk alerts` alike."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

# alerts that say something was missed: overdue by what they are, whatever their date
MISSED_KINDS = frozenset({"overdue_recheck", "overdue_action", "missed_visit"})
# alerts that restate a pending action once it is late (the action itself is listed)
LATE_ACTION_KINDS = frozenset({"overdue_recheck", "overdue_action"})


class DueStatus(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    COMING = "coming"


def action_status(due: dt.date, on: dt.date) -> DueStatus:
    """An action the protocol requires: overdue once its day has passed, due on it, coming before."""
    if due < on:
        return DueStatus.OVERDUE
    return DueStatus.DUE if due == on else DueStatus.COMING


def alert_status(kind: str) -> DueStatus:
    """An alert: overdue when it says something was missed (a visit, a recheck, an action), else due
    (a rule that fired asks for attention now)."""
    return DueStatus.OVERDUE if kind in MISSED_KINDS else DueStatus.DUE


def without_restated(actions, alerts) -> list:
    """The alerts less those restating a late action that is itself listed (same rule, same day):
    a late action shows once, as the action, with its status overdue."""
    listed = {(a.rule, a.due) for a in actions}
    return [a for a in alerts if not (a.kind in LATE_ACTION_KINDS and (a.rule, a.due) in listed)]
