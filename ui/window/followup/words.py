"""The follow-up views' words: the engine's action, alert, status and response names in the
user's language, and how days and doses are written in their tables (toolkit.tables.RowsModel)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# A dynamic property of the shared AppContext: the day the next follow-up opens on (set by the
# alerts list before it asks for a patient's follow-up, so both show the same day).
FOLLOWUP_DAY = "followup_day"

# The engine's action and alert names, as the user reads them.
WORDS = "FollowUpWords"
ACTION_NAMES = {
    "halve_dose": QT_TRANSLATE_NOOP("FollowUpWords", "Halve dose"),
    "reduce_dose": QT_TRANSLATE_NOOP("FollowUpWords", "Lower dose"),
    "recheck": QT_TRANSLATE_NOOP("FollowUpWords", "Recheck"),
    "stop_drug": QT_TRANSLATE_NOOP("FollowUpWords", "Stop drug"),
    "liver_protection": QT_TRANSLATE_NOOP("FollowUpWords", "Start liver protection"),
    "withdraw": QT_TRANSLATE_NOOP("FollowUpWords", "Withdraw patient"),
    "restart_or_withdraw": QT_TRANSLATE_NOOP("FollowUpWords", "Restart or withdraw"),
    "baseline_missing": QT_TRANSLATE_NOOP("FollowUpWords", "Baseline missing"),
}
ALERT_KINDS = {
    "rule": QT_TRANSLATE_NOOP("FollowUpWords", "Protocol alert"),
    "overdue_recheck": QT_TRANSLATE_NOOP("FollowUpWords", "Overdue recheck"),
    "overdue_action": QT_TRANSLATE_NOOP("FollowUpWords", "Overdue action"),
    "missed_visit": QT_TRANSLATE_NOOP("FollowUpWords", "Missed visit"),
    "dose_above_max": QT_TRANSLATE_NOOP("FollowUpWords", "Dose above maximum"),
}
STATUS_NAMES = {
    "on_study": QT_TRANSLATE_NOOP("FollowUpWords", "on study"),
    "withdrawn": QT_TRANSLATE_NOOP("FollowUpWords", "withdrawn"),
    "completed": QT_TRANSLATE_NOOP("FollowUpWords", "completed"),
}
RESPONSE_NAMES = {
    "complete": QT_TRANSLATE_NOOP("FollowUpWords", "complete remission"),
    "partial": QT_TRANSLATE_NOOP("FollowUpWords", "partial remission"),
    "none": QT_TRANSLATE_NOOP("FollowUpWords", "no response"),
    "not_assessable": QT_TRANSLATE_NOOP("FollowUpWords", "not assessable"),
}


def word(table: dict[str, str], key: str | None) -> str:
    """A code's name in the user's language (the code itself when the table does not know it)."""
    if key is None:
        return ""
    return QCoreApplication.translate(WORDS, table[key]) if key in table else key


def day_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def mg_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
