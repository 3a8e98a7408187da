"""A date field that may be left blank ("no bound"), for From/To filters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

NO_DATE = QDate(2000, 1, 1)  # the field's minimum, shown blank: no bound


def optional_date_edit(accessible_name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(" ")  # at the minimum: no bound
    edit.setDate(NO_DATE)
    edit.setAccessibleName(accessible_name)
    return edit


def optional_day(edit: QDateEdit) -> dt.date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()
