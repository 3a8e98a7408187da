"""The patient's demographics as a form, each field with room for the core's message under it,
and beside them what the record holds about body size and kidney function (read-only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.window.patient.parts_model import format_value, parse_value

MESSAGE_STYLE = "color: #a01d12;"
FIELDS = ("registry_no", "record_no", "name", "initials", "sex", "birth_date", "note")


class PatientForm(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.registry_no = QLineEdit()
        self.record_no = QLineEdit()
        self.name = QLineEdit()
        self.initials = QLineEdit(placeholderText=self.tr("Derived from the name"))
        self.sex = QComboBox()
        self.sex.addItem("", None)
        self.sex.addItem(self.tr("Female"), "F")
        self.sex.addItem(self.tr("Male"), "M")
        self.birth_date = QLineEdit(placeholderText=self.tr("YYYY-MM-DD"))
        self.note = QLineEdit()
        self.age = QLabel()
        self.facts = {key: QLabel() for key in ("weight", "height", "bmi", "egfr")}
        self.messages: dict[str, QLabel] = {}

        labels = {"registry_no": self.tr("Registry no."), "record_no": self.tr("Record no."),
                  "name": self.tr("Name"), "initials": self.tr("Initials"), "sex": self.tr("Sex"),
                  "birth_date": self.tr("Date of birth"), "note": self.tr("Note")}
        columns = [QFormLayout() for _ in range(3)]
        for form in columns:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for column, fields in ((0, ("registry_no", "record_no", "name", "initials")),
                               (1, ("sex", "birth_date", "note"))):
            for field in fields:
                widget = getattr(self, field)
                widget.setAccessibleName(labels[field])
                columns[column].addRow(labels[field], self._with_message(field, widget))
        columns[1].addRow(self.tr("Age"), self.age)
        for key, label in (("weight", self.tr("Weight")), ("height", self.tr("Height")),
                           ("bmi", self.tr("BMI")), ("egfr", self.tr("eGFR"))):
            self.facts[key].setWordWrap(True)
            self.facts[key].setAccessibleName(label)
            columns[2].addRow(label, self.facts[key])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for stretch, form in zip((3, 3, 4), columns):
            layout.addLayout(form, stretch)

        for edit in (self.registry_no, self.record_no, self.name, self.initials, self.birth_date, self.note):
            edit.textEdited.connect(lambda _text: self.changed.emit())
        self.sex.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def _with_message(self, field: str, widget: QWidget) -> QWidget:
        message = QLabel()
        message.setStyleSheet(MESSAGE_STYLE)
        message.setWordWrap(True)
        message.hide()
        self.messages[field] = message
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(message)
        return box

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        text = {field: getattr(self, field).text().strip() or None
                for field in ("registry_no", "record_no", "name", "initials", "note")}
        if text["initials"]:
            text["initials"] = text["initials"].upper()
        return {**text, "name": self.name.text().strip(), "registry_no": self.registry_no.text().strip(),
                "sex": self.sex.currentData(), "birth_date": parse_value("date", self.birth_date.text())}

    def set_values(self, values: dict[str, Any]) -> None:
        for field in ("registry_no", "record_no", "name", "initials", "note", "birth_date"):
            edit = getattr(self, field)
            edit.setText(format_value(values.get(field)))
            edit.setCursorPosition(0)  # a long note shows its beginning
            edit.setToolTip(edit.text() if field == "note" else "")
        self.sex.setCurrentIndex(max(0, self.sex.findData(values.get("sex"))))

    def set_problems(self, problems: dict[str, list[str]], *, blank_too: bool) -> None:
        """The core's messages under their fields; while a field is still blank its message
        waits for the first save (no 'required' shouting at a form being filled in)."""
        for field, label in self.messages.items():
            widget = getattr(self, field)
            blank = (widget.currentData() is None) if isinstance(widget, QComboBox) else not widget.text().strip()
            shown = problems.get(field, []) if blank_too or not blank else []
            label.setText("\n".join(shown))
            label.setVisible(bool(shown))

    def set_facts(self, age: str, facts: dict[str, str]) -> None:
        self.age.setText(age)
        for key, label in self.facts.items():
            label.setText(facts.get(key) or self.tr("not recorded"))

    def set_editable(self, editable: bool, *, new: bool) -> None:
        for field in ("record_no", "name", "initials", "birth_date", "note"):
            getattr(self, field).setReadOnly(not editable)
        self.registry_no.setReadOnly(not (editable and new))  # a patient's registry number is its key
        self.sex.setEnabled(editable)
