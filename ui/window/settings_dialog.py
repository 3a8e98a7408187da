"""Settings: the interface language (applied at the next start; Qt builds its widgets' texts
once) and putting the window's layout back as it first was."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QVBoxLayout)

from ui.window.i18n import LANGUAGE_KEY, LANGUAGE_NAMES, SYSTEM, chosen_language, effective_language

LAYOUT_KEYS = ("main/geometry", "main/state", "main/page")  # (main/page: written by earlier versions)


class SettingsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        system_name = LANGUAGE_NAMES[effective_language(SYSTEM)]
        self.language.addItem(self.tr("System default ({0})").format(system_name), SYSTEM)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(chosen_language()))
        self.note = QLabel(self.tr("A new language shows when TrialDesk is next started."))
        self.note.setWordWrap(True)
        self.reset_layout = QCheckBox(self.tr("Reset the window layout at the next start"))
        self.reset_layout.setAccessibleName(self.reset_layout.text())

        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", self.note)
        form.addRow("", self.reset_layout)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """Saved only on OK; Cancel leaves every setting as it was."""
        settings = QSettings()
        settings.setValue(LANGUAGE_KEY, self.language.currentData())
        settings.setValue("main/reset_layout", self.reset_layout.isChecked())
        super().accept()


def take_layout_reset(settings: QSettings | None = None) -> bool:
    """At start-up: forget the saved layout when the user asked for it (once)."""
    settings = settings or QSettings()
    if settings.value("main/reset_layout", False, type=bool):
        for key in (*LAYOUT_KEYS, "main/reset_layout"):
            settings.remove(key)
        return True
    return False
