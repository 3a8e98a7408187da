"""A one-line entry for a dated result: test, date, value (or coded result), unit, the lab's
reference limits (ULN, LLN, in that unit), Add. Return in the value or a limit field adds it; the
date and the focus stay for the next result of the same day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QHBoxLayout, QLineEdit, QPushButton, QWidget

from coordinator.records.vocabulary import vocabulary
from ui.window.patient.columns import LABS, observation_codes, observation_units


class LabEntryBar(QWidget):
    add_requested = Signal(dict)  # an observation's fields, values as typed

    def __init__(self, group: str, unit_for: Callable[[str], str | None], parent=None, *, clear_after: bool = True):
        """`unit_for(code)`: the unit to offer first (the one this patient's results use), if any.
        `clear_after=False`: the typed values stay until `clear_entry` (when the result is saved
        at once, a refused one is corrected where it was typed)."""
        super().__init__(parent)
        self.clear_after = clear_after
        self.unit_for = unit_for
        self.group = group
        self.code = QComboBox(editable=True)
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, label in observation_codes(group):
            self.code.addItem(label, code)
        self.code.setCurrentIndex(-1)
        completer = self.code.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.code.lineEdit().setPlaceholderText(self.tr("Test") if group == "labs" else self.tr("Score"))
        self.code.setMinimumContentsLength(18)
        self.date = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.value = QLineEdit(placeholderText=self.tr("Value"))
        self.value.setMaximumWidth(110)
        self.result = QComboBox()
        self.unit = QComboBox()
        self.unit.setMinimumContentsLength(8)
        # The limits are as the lab printed them, in the result's unit (x ULN rules divide the two).
        self.uln = QLineEdit()
        self.lln = QLineEdit()
        for limit in (self.uln, self.lln):
            limit.setMaximumWidth(110)
            limit.returnPressed.connect(self.submit)
        self.uln.setToolTip(self.tr("The lab's upper limit of normal, in the result's unit (optional)"))
        self.lln.setToolTip(self.tr("The lab's lower limit of normal, in the result's unit (optional)"))
        self.add = QPushButton(self.tr("&Add result"))  # Alt+A
        for widget, name in ((self.code, self.tr("New result: test")), (self.date, self.tr("New result: date")),
                             (self.value, self.tr("New result: value")), (self.result, self.tr("New result: coded result")),
                             (self.unit, self.tr("New result: unit")),
                             (self.uln, self.tr("New result: upper limit of normal")),
                             (self.lln, self.tr("New result: lower limit of normal")),
                             (self.add, self.tr("Add result"))):
            widget.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.code, self.date, self.value, self.result, self.unit, self.uln, self.lln, self.add):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.code.currentTextChanged.connect(self._code_chosen)  # picked from the list or typed in full
        self.unit.currentTextChanged.connect(self._show_limit_unit)
        self.value.returnPressed.connect(self.submit)
        self.add.clicked.connect(self.submit)
        self._shown_code: str | None = None
        self._code_chosen()
        self._show_limit_unit()

    def chosen_code(self) -> str:
        """The code of the test named in the box (its label or the code itself), else what was typed."""
        typed = self.code.currentText().strip()
        found = self.code.findText(typed, Qt.MatchFlag.MatchFixedString)
        if found < 0:
            found = self.code.findData(typed)
        return self.code.itemData(found) if found >= 0 else typed

    def choose(self, code: str) -> None:
        self.code.setCurrentIndex(self.code.findData(code))

    def set_unit(self, unit: str | None) -> None:
        self.unit.setCurrentIndex(max(0, self.unit.findText(unit or "")))

    def set_date(self, day: dt.date) -> None:
        self.date.setDate(QDate(day.year, day.month, day.day))

    def _code_chosen(self) -> None:
        code = self.chosen_code()
        if code == self._shown_code:
            return  # still typing, or the same test again: keep the unit chosen
        self._shown_code = code
        definition = vocabulary().observations.get(code)
        kind = definition.kind if definition is not None else self._default_kind()
        units = observation_units(code)
        self.unit.clear()
        self.unit.addItem("")
        self.unit.addItems(units)
        self.set_unit(units[0] if len(units) == 1 else self.unit_for(code))
        self.result.clear()
        self.result.addItem("")
        self.result.addItems(list(definition.values) if definition is not None else [])
        self.unit.setVisible(kind == "quantity")
        self.uln.setVisible(kind == "quantity")
        self.lln.setVisible(kind == "quantity")
        self.result.setVisible(kind == "coded")
        self.value.setVisible(kind != "coded")
        self.value.setPlaceholderText(self.tr("Titre, e.g. 1:160") if kind == "titre" else self.tr("Value"))

    def _show_limit_unit(self) -> None:
        unit = self.unit.currentText()
        self.uln.setPlaceholderText(self.tr("ULN ({0})").format(unit) if unit else self.tr("ULN"))
        self.lln.setPlaceholderText(self.tr("LLN ({0})").format(unit) if unit else self.tr("LLN"))

    def _default_kind(self) -> str:
        return "quantity" if self.group == LABS else "score"

    def submit(self) -> None:
        code = self.chosen_code()
        if not code:
            self.code.setFocus()
            return
        definition = vocabulary().observations.get(code)
        kind = definition.kind if definition is not None else self._default_kind()
        fields = {"code": code, "date": self.date.date().toPython(), "value": None, "unit": None, "text": None}
        if kind == "coded":
            fields["text"] = self.result.currentText() or None
        elif kind == "titre":
            fields["text"] = self.value.text().strip() or None
        else:
            fields["value"] = self.value.text()
            fields["unit"] = (self.unit.currentText() or None) if kind == "quantity" else None
            if kind == "quantity":  # typed text: the record's check names a limit that is not a number
                fields["uln"] = self.uln.text() or None
                fields["lln"] = self.lln.text() or None
        self.add_requested.emit(fields)
        if self.clear_after:
            self.clear_entry()

    def clear_entry(self) -> None:
        """Ready for the next result: the values cleared, the test selected for typing over."""
        self.value.clear()
        self.uln.clear()
        self.lln.clear()
        self.result.setCurrentIndex(0)
        self.code.setFocus()
        self.code.lineEdit().selectAll()
