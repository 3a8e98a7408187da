"""Asks why a patient is archived: the reason goes to the audit trail and cannot be left out."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout


class ArchiveDialog(QDialog):
    def __init__(self, registry_no: str, name: str, parent=None):
        super().__init__(parent)
        self.registry_no = registry_no
        self.setWindowTitle(self.tr("Archive patient"))
        explanation = QLabel(self.tr("Archive {0} ({1})? The patient leaves the working list; nothing is deleted "
                                     "and the reason is kept in the audit trail.").format(name, registry_no))
        explanation.setWordWrap(True)
        self.reason = QLineEdit(placeholderText=self.tr("Reason (required)"))
        self.reason.setAccessibleName(self.tr("Reason for archiving"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.archive_button = self.buttons.addButton(self.tr("Archive"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.archive_button.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.archive_button.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        if self.reason.text().strip():  # Return in the field must not get round the disabled button
            super().accept()
