"""The patient's screenings and enrolments (read-only here: they are made by the screening and
follow-up views), with buttons that open a trial's checklist or follow-up for the patient."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from coordinator.records.record import Study
from db.screenings import ScreeningView
from ui.window.core_text import tr_core
from ui.window.context import AppContext
from ui.window.patient.readonly_model import ReadOnlyTableModel
from ui.window.toolkit.tables import list_table

STUDY_HEADERS = [
    QT_TRANSLATE_NOOP("PatientTables", "Trial"), QT_TRANSLATE_NOOP("PatientTables", "Arm"),
    QT_TRANSLATE_NOOP("PatientTables", "Subject no."), QT_TRANSLATE_NOOP("PatientTables", "Enrolled on"),
    QT_TRANSLATE_NOOP("PatientTables", "Visits"), QT_TRANSLATE_NOOP("PatientTables", "Dose records"),
    QT_TRANSLATE_NOOP("PatientTables", "Left the study"),
]
SCREENING_HEADERS = [
    QT_TRANSLATE_NOOP("PatientTables", "Screening"), QT_TRANSLATE_NOOP("PatientTables", "Trial"),
    QT_TRANSLATE_NOOP("PatientTables", "Date"), QT_TRANSLATE_NOOP("PatientTables", "Status"),
    QT_TRANSLATE_NOOP("PatientTables", "Verdict"),
    QT_TRANSLATE_NOOP("PatientTables", "Data changed since signing"),
    QT_TRANSLATE_NOOP("PatientTables", "Signed by"),
]


def read_only_table(model, name: str) -> QTableView:
    table = list_table(model, name, wrap=True, row_padding=10)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class PatientStudies(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.registry_no: str | None = None
        self.studies_model = ReadOnlyTableModel(STUDY_HEADERS, self)
        self.screenings_model = ReadOnlyTableModel(SCREENING_HEADERS, self)
        self.studies_table = read_only_table(self.studies_model, self.tr("Enrolments"))
        self.screenings_table = read_only_table(self.screenings_model, self.tr("Screenings"))
        self.trial_choice = QComboBox()
        self.trial_choice.setAccessibleName(self.tr("Trial"))
        trials = context.trials
        for trial in (trials.values() if isinstance(trials, dict) else trials):
            self.trial_choice.addItem(f"{trial.trial_id}  {tr_core(trial.short_name)}", trial.trial_id)
        self.checklist_button = QPushButton(self.tr("Open checklist"))
        self.followup_button = QPushButton(self.tr("Open follow-up"))
        for button in (self.checklist_button, self.followup_button):
            button.setAccessibleName(button.text())
        self.checklist_button.clicked.connect(
            lambda: context.checklist_requested.emit(self.registry_no, self.trial_choice.currentData()))
        self.followup_button.clicked.connect(
            lambda: context.followup_requested.emit(self.registry_no, self.trial_choice.currentData()))
        self.trial_choice.currentIndexChanged.connect(self._update_buttons)
        self.studies_table.clicked.connect(lambda index: self.choose_trial(self.studies_model.items[index.row()].trial))
        self.screenings_table.clicked.connect(
            lambda index: self.choose_trial(self.screenings_model.items[index.row()].trial_id))
        self.studies_table.activated.connect(lambda index: (
            self.choose_trial(self.studies_model.items[index.row()].trial), self.followup_button.click()))
        self.screenings_table.activated.connect(lambda index: (
            self.choose_trial(self.screenings_model.items[index.row()].trial_id), self.checklist_button.click()))

        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Trial:")))
        actions.addWidget(self.trial_choice)
        actions.addWidget(self.checklist_button)
        actions.addWidget(self.followup_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(QLabel(self.tr("Enrolments")))
        layout.addWidget(self.studies_table, 1)
        layout.addWidget(QLabel(self.tr("Screenings")))
        layout.addWidget(self.screenings_table, 2)

    def show_patient(self, registry_no: str | None, studies: Sequence[Study],
                     screenings: Sequence[ScreeningView]) -> None:
        self.registry_no = registry_no
        self.studies_model.set_rows([self._study_row(study) for study in studies], studies)
        self.screenings_model.set_rows([self._screening_row(view) for view in screenings], screenings)
        if screenings or studies:
            self.choose_trial(screenings[-1].trial_id if screenings else studies[-1].trial)
        self.setEnabled(registry_no is not None)
        self._update_buttons()

    def choose_trial(self, trial_id: str) -> None:
        index = self.trial_choice.findData(trial_id)
        if index >= 0:
            self.trial_choice.setCurrentIndex(index)

    def _update_buttons(self) -> None:
        trial_id = self.trial_choice.currentData()
        enrolled = any(study.trial == trial_id for study in self.studies_model.items)
        self.checklist_button.setEnabled(bool(self.registry_no and trial_id))
        self.followup_button.setEnabled(bool(self.registry_no and enrolled))

    @staticmethod
    def _study_row(study: Study) -> tuple[str, ...]:
        left = min(study.exits, key=lambda event: event.date, default=None)
        return (study.trial, study.arm, study.subject_no, str(study.enrolled_on), str(len(study.visits)),
                str(len(study.doses)), f"{left.date}: {left.reason}" if left else "")

    def _screening_row(self, view: ScreeningView) -> tuple[str, ...]:
        signed = f"{view.signed_by} {view.signed_at:%Y-%m-%d %H:%M}" if view.signed_by and view.signed_at else ""
        return (view.label, view.trial_id, str(view.on), str(view.status).replace("_", " "),
                str(view.checklist.verdict), self.tr("yes") if view.stale else "", signed)
