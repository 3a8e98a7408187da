"""Entries for the enrolled patient shown on the follow-up view: a study drug's dose change (drug
of the patient's arm, date, dose in the unit the rules read, note) and a follow-up result (the
patient page's one-line entry, with the lab's limits). Each is checked by the core, refused to a
role that may not change patient data, and written in one audited transaction; a problem is
shown under the row, naming the field, and the field is marked. Nothing is cleared until saved."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QWidget)

from coordinator.followup import Action
from coordinator.problems import InvalidRecord, Problem
from coordinator.record import Patient
from coordinator.screening import PermissionDenied
from coordinator.study_entries import StudyDrug, study_drugs
from coordinator.trial import Trial
from coordinator.vocabulary import vocabulary
from db.patients import PatientNotFound
from db.study_entries import record_dose, record_result
from ui.context import AppContext
from ui.models.patient_columns import LABS
from ui.models.patient_parts_model import format_value, term_label
from ui.widgets.lab_entry_bar import LabEntryBar

CONTEXT = "StudyEntry"
ERROR_STYLE = "color: #a01d12;"
MARKED = "border: 1px solid #a01d12;"
FIELD_NAMES = {  # the core's field names as the form labels them
    "drug": QT_TRANSLATE_NOOP("StudyEntry", "Drug"), "start": QT_TRANSLATE_NOOP("StudyEntry", "Date"),
    "dose": QT_TRANSLATE_NOOP("StudyEntry", "Dose"), "note": QT_TRANSLATE_NOOP("StudyEntry", "Note"),
    "code": QT_TRANSLATE_NOOP("StudyEntry", "Test"), "date": QT_TRANSLATE_NOOP("StudyEntry", "Date"),
    "value": QT_TRANSLATE_NOOP("StudyEntry", "Value"), "unit": QT_TRANSLATE_NOOP("StudyEntry", "Unit"),
    "text": QT_TRANSLATE_NOOP("StudyEntry", "Result"), "uln": QT_TRANSLATE_NOOP("StudyEntry", "ULN"),
    "lln": QT_TRANSLATE_NOOP("StudyEntry", "LLN"),
}


def _problem_text(problems: list[Problem]) -> str:
    lines = []
    for problem in problems:
        name = FIELD_NAMES.get(problem.field)
        lines.append(f"{QCoreApplication.translate(CONTEXT, name)}: {problem.message}" if name else problem.message)
    return "\n".join(lines)


class StudyEntryBox(QGroupBox):
    recorded = Signal(str)   # what was written, for the status bar; the view then recomputes

    def __init__(self, context: AppContext, parent=None):
        super().__init__(self.tr("Record for this patient"), parent)
        self.context = context
        self.current: tuple[str, Trial] | None = None
        self.patient: Patient | None = None
        self._reason: str | None = None      # the action a prefilled dose carries out
        self._prefilled = ""

        self.drug = QComboBox()
        self.drug.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the whole drug name
        self.dose_date = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.dose_date.setDisplayFormat("yyyy-MM-dd")
        self.dose = QLineEdit(placeholderText=self.tr("Dose"))
        self.dose.setMaximumWidth(90)
        self.dose.setToolTip(self.tr("The new daily dose; 0 when the drug is stopped"))
        self.dose_unit = QLabel("mg/d")
        self.dose_note = QLineEdit(placeholderText=self.tr("Note (optional)"))
        self.dose_button = QPushButton(self.tr("Record &dose"))
        self.dose_button.setToolTip(self.tr("Check the dose change and save it (audited)"))
        for widget, name in ((self.drug, self.tr("Dose change: drug")), (self.dose_date, self.tr("Dose change: date")),
                             (self.dose, self.tr("Dose change: dose")), (self.dose_unit, self.tr("Dose change: unit")),
                             (self.dose_note, self.tr("Dose change: note")),
                             (self.dose_button, self.tr("Record the dose change"))):
            widget.setAccessibleName(name)
        self.dose_error = QLabel()
        self.dose_error.setWordWrap(True)
        self.dose_error.setStyleSheet(ERROR_STYLE)
        self.dose_error.setAccessibleName(self.tr("Dose change problem"))
        self.dose_error.hide()

        self.lab_bar = LabEntryBar(LABS, self._unit_for, clear_after=False)
        self.lab_bar.add.setText(self.tr("Record &result"))
        self.lab_bar.add.setAccessibleName(self.tr("Record the result"))
        self.lab_bar.add.setToolTip(self.tr("Check the result and save it to the patient's record (audited)"))
        self.lab_error = QLabel()
        self.lab_error.setWordWrap(True)
        self.lab_error.setStyleSheet(ERROR_STYLE)
        self.lab_error.setAccessibleName(self.tr("Result problem"))
        self.lab_error.hide()

        dose_row = QHBoxLayout()
        for widget in (self.drug, self.dose_date, self.dose, self.dose_unit):
            dose_row.addWidget(widget)
        dose_row.addSpacing(8)
        dose_row.addWidget(self.dose_note, 1)
        dose_row.addWidget(self.dose_button)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setVerticalSpacing(2)
        layout.addWidget(QLabel(self.tr("Dose change:")), 0, 0)
        layout.addLayout(dose_row, 0, 1)
        layout.addWidget(self.dose_error, 1, 1)
        layout.addWidget(QLabel(self.tr("Result:")), 2, 0)
        layout.addWidget(self.lab_bar, 2, 1)
        layout.addWidget(self.lab_error, 3, 1)
        layout.setColumnStretch(1, 1)

        self.dose.returnPressed.connect(self.record_dose)
        self.dose_note.returnPressed.connect(self.record_dose)
        self.dose_button.clicked.connect(self.record_dose)
        self.drug.currentIndexChanged.connect(self._drug_chosen)
        self.dose.textEdited.connect(self._typed)
        self.lab_bar.add_requested.connect(self.record_result)
        self.show_patient(None, None, None)

    # -- what the entries are for -----------------------------------------------------------------
    def show_patient(self, ref: str | None, trial: Trial | None, patient: Patient | None) -> None:
        """The enrolled patient and trial the entries go to (None: nothing to enter for)."""
        same = self.current is not None and ref == self.current[0] and trial is not None \
            and trial.nct == self.current[1].nct
        self.current = (ref, trial) if ref and trial else None
        self.patient = patient
        study = patient.study(trial.nct) if patient is not None and trial is not None else None
        chosen = self.drug.currentData()
        self.drug.blockSignals(True)
        self.drug.clear()
        for drug in (study_drugs(trial, study.arm) if study is not None else []):
            term = vocabulary().medications.get(drug.drug)
            self.drug.addItem(term_label(term) if term is not None else drug.name, drug)
        found = next((i for i in range(self.drug.count()) if chosen and self.drug.itemData(i).drug == chosen.drug), 0)
        self.drug.setCurrentIndex(found if self.drug.count() else -1)
        self.drug.blockSignals(False)
        self._drug_chosen()
        if not same:
            self._clear_dose()
            self._show_problems(self.dose_error, [], self._dose_fields())
            self._show_problems(self.lab_error, [], self._lab_fields())
        self.setEnabled(study is not None)

    def set_day(self, day: QDate) -> None:
        """Entries default to the day the view shows."""
        self.dose_date.setDate(day)
        self.lab_bar.date.setDate(day)

    def prefill_from(self, action: Action | None) -> None:
        """A due action that names a new dose (e.g. halving) fills the dose entry, unless the
        coordinator has typed one; saving it records which action it carries out."""
        if self.dose.text() and self.dose.text() != self._prefilled:
            return
        if action is None or action.to_mg_per_day is None or action.done is not None:
            return  # kept: the view recomputing (e.g. another day) must not undo the fill
        index = next((i for i in range(self.drug.count()) if self.drug.itemData(i).drug == action.drug), -1)
        if index < 0:
            return
        self.drug.setCurrentIndex(index)
        self._prefilled = format_value(float(action.to_mg_per_day))
        self.dose.setText(self._prefilled)
        self._reason = f"{action.rule}: {action.action}"

    def _drug_chosen(self) -> None:
        drug: StudyDrug | None = self.drug.currentData()
        self.dose_unit.setText(drug.unit if drug else "mg/d")

    def _typed(self) -> None:
        self._prefilled, self._reason = "", None

    def _clear_dose(self) -> None:
        self.dose.clear()
        self.dose_note.clear()
        self._prefilled, self._reason = "", None

    def _unit_for(self, code: str) -> str | None:
        """The unit the patient's latest result of `code` is in (a lab reports in one unit)."""
        if self.patient is None:
            return None
        used = [obs for obs in self.patient.observations if obs.code == code and obs.unit]
        return max(used, key=lambda obs: obs.date).unit if used else None

    # -- writing --------------------------------------------------------------------------------
    def record_dose(self) -> bool:
        """Check and save the dose change typed; False when refused (the reason shown under it)."""
        if self.current is None:
            return False
        ref, trial = self.current
        drug: StudyDrug | None = self.drug.currentData()
        written = self._write(lambda session: record_dose(
            session, self.context.actor, ref, trial, drug=drug.drug if drug else None,
            start=self.dose_date.date().toPython(), dose=self.dose.text(), note=self.dose_note.text(),
            reason=self._reason), self.dose_error, self._dose_fields())
        if written is None:
            return False
        self._clear_dose()
        self.recorded.emit(self.tr("Dose recorded: {0} {1} {2} from {3}").format(
            written.drug, format_value(written.dose), written.unit, written.start))
        return True

    def record_result(self, fields: dict) -> bool:
        """Check and save the result the entry holds; False when refused (shown under it)."""
        if self.current is None:
            return False
        ref = self.current[0]
        written = self._write(lambda session: record_result(session, self.context.actor, ref, fields),
                              self.lab_error, self._lab_fields())
        if written is None:
            return False
        self.lab_bar.clear_entry()
        shown = f"{format_value(written.value)} {written.unit or ''}".strip() if written.value is not None \
            else written.text or ""
        self.recorded.emit(self.tr("Result recorded: {0} {1} on {2}").format(written.code, shown, written.date))
        return True

    def _write(self, write, error_label: QLabel, fields: dict[str, QWidget]):
        """`write(session)` in one transaction; its refusal shown under the row, with the fields
        it names marked. What was written, or None when refused (nothing written)."""
        try:
            with self.context.registry.writing() as session:
                written = write(session)
        except InvalidRecord as error:
            problems = list(error.problems)
        except (PermissionDenied, PatientNotFound) as error:
            problems = [Problem(str(error))]
        else:
            problems = []
        self._show_problems(error_label, problems, fields)
        return None if problems else written

    def _dose_fields(self) -> dict[str, QWidget]:
        return {"drug": self.drug, "start": self.dose_date, "dose": self.dose, "note": self.dose_note}

    def _lab_fields(self) -> dict[str, QWidget]:
        bar = self.lab_bar
        return {"code": bar.code, "date": bar.date, "value": bar.value, "unit": bar.unit,
                "text": bar.value if bar.result.isHidden() else bar.result, "uln": bar.uln, "lln": bar.lln}

    def _show_problems(self, label: QLabel, problems: list[Problem], fields: dict[str, QWidget]) -> None:
        """`problems` under their row, each field named marked; `fields`: the row's, by core name."""
        for name, widget in fields.items():
            widget.setStyleSheet(MARKED if any(p.field == name for p in problems) else "")
        label.setText(_problem_text(problems))
        label.setVisible(bool(problems))
        if problems and problems[0].field in fields:
            fields[problems[0].field].setFocus()
