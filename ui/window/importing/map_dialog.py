"""Maps one name the vocabulary does not know (a local test name or code, a unit spelling, a
drug or condition name) to a vocabulary code, for this import or, remembered, for every later
file from the same source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QVBoxLayout)

from coordinator.intake.lab_names import NOT_NEEDED
from coordinator.intake.site_mapping import choices
from ui.window.core_text import tr_code


class MapDialog(QDialog):
    def __init__(self, section: str, name: str, source: str, *, test_code: str = "", rows: int = 1, parent=None):
        super().__init__(parent)
        self.section, self.name = section, name
        self.setWindowTitle(self.tr("Map a name from the file"))
        what = {"tests": self.tr("test"), "units": self.tr("unit"), "drugs": self.tr("drug"),
                "conditions": self.tr("condition")}[section]
        explanation = QLabel(self.tr("The {0} '{1}' ({2}) is not in the vocabulary. Choose what it is; "
                                     "nothing is guessed.").format(what, name, self.tr("%n row(s)", "", rows)))
        explanation.setWordWrap(True)
        self.choice = QComboBox(editable=True)
        self.choice.setAccessibleName(self.tr("Vocabulary term"))
        self.choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in choices(section, test_code):
            label = self.tr("not needed by any trial (ignore)") if code == NOT_NEEDED else (
                code if section == "units" else f"{tr_code(code)} ({code})")
            self.choice.addItem(label, code)
        self.choice.setCurrentIndex(-1)
        completer = QCompleter(self.choice.model(), self)  # type a part of a name, Chinese or English
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.choice.setCompleter(completer)
        self.remember = QCheckBox(self.tr("Remember in the site mapping for '{0}' (audited)").format(source))
        self.remember.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.choice.currentIndexChanged.connect(lambda _: self.ok_button.setEnabled(self.code is not None))
        self.choice.editTextChanged.connect(lambda _: self.ok_button.setEnabled(self.code is not None))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Maps to:"), self.choice)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    @property
    def code(self) -> str | None:
        """The chosen code; None until the text names one of the choices exactly."""
        index = self.choice.findText(self.choice.currentText(), Qt.MatchFlag.MatchFixedString)
        return self.choice.itemData(index) if index >= 0 else None

    def accept(self) -> None:
        if self.code is not None:
            super().accept()
