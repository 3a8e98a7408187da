"""Small dialogs of the screening workflow: a signature (the password entered again), an
enrolment, a note. Each runs its action when OK is pressed and stays open with the refusal
shown when the core or the database refuses; cancelling writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from coordinator.problems import Refusal
from coordinator.screening.trial import Trial
from ui.window.core_text import tr_core

REFUSAL_STYLE = "color: #b00020"


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ActionDialog(QDialog):
    """A form whose OK runs `action(self)`; a refusal from it (coordinator.problems.Refusal) is shown
    and the dialog stays."""

    def __init__(self, title: str, explanation: str, action: Callable[[ActionDialog], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.action = action
        self.result_value = None
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.setAccessibleName(self.tr("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def field(self, label: str, widget):
        widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        return widget

    def submit(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = self.action(self)
        except Refusal as error:
            self.message.setText(str(error))
            self.on_refused()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()

    def on_refused(self) -> None:
        pass


class SignatureDialog(ActionDialog):
    """An electronic signature: what it means, who signs, and the password entered again."""

    def __init__(self, meaning: str, signer: str, document: str, action, parent=None):
        super().__init__(
            meaning, self.tr("You sign {0} as “{1}”. Enter your password again to sign.").format(document, meaning),
            action, parent)
        self.form.addRow(self.tr("Signer"), QLabel(signer))
        self.password = self.field(self.tr("Password"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setFocus()

    def on_refused(self) -> None:
        self.password.clear()
        self.password.setFocus()


class EnrolDialog(ActionDialog):
    def __init__(self, trial: Trial, document: str, action, parent=None):
        super().__init__(self.tr("Enrol"), self.tr("Record the enrolment of {0} in {1}.").format(document, trial.trial_id),
                         action, parent)
        self.date = self.field(self.tr("Enrolment date"), date_edit(dt.date.today()))
        self.subject_no = self.field(self.tr("Subject / randomisation no."), QLineEdit())
        self.arm = self.field(self.tr("Arm"), QComboBox())
        for arm in trial.arms:
            self.arm.addItem(f"{tr_core(arm.label)} [{arm.id}]", arm.id)

    @property
    def enrolment_date(self) -> dt.date:
        return to_date(self.date.date())

    @property
    def arm_id(self) -> str:
        return self.arm.currentData()


class NoteDialog(ActionDialog):
    def __init__(self, title: str, explanation: str, label: str, action, parent=None):
        super().__init__(title, explanation, action, parent)
        self.note = self.field(label, QLineEdit())
