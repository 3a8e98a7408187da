"""Entries for the enrolled patient shown on the follow-up view, one tab each: a study drug's dose
change (drug of the patient's arm, date, dose in the unit the rules read, note), a follow-up
result (the patient page's one-line entry, with the lab's limits), a visit of the trial's
schedule that took place, an adverse event (term, onset, CTCAE grade, serious, related study
drug, resolution) and the study exit (date, reason, exit criterion). Each is checked by the core,
refused to a role that may not change patient data, and written in one audited transaction; a
problem is shown under the row, naming the field, and the field is marked. Nothing is cleared
until saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSizePolicy, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from coordinator.followup.engine import Action, VisitDue
from coordinator.problems import InvalidRecord, Problem, Refusal
from coordinator.records.record import Patient, Study
from coordinator.followup.study_entries import CTCAE_GRADES, StudyDrug, study_drugs, visit_for_day, visits_to_record
from coordinator.screening.trial import Trial
from coordinator.records.vocabulary import vocabulary
from db.study_entries import record_adverse_event, record_dose, record_exit, record_result, record_visit
from ui.window import operations
from ui.window.changes import Change
from ui.window.context import AppContext
from ui.window.patient.columns import LABS
from ui.window.core_text import term_label, tr_core, visit_label, with_translation
from ui.window.patient.parts_model import format_value
from ui.window.patient.lab_entry_bar import LabEntryBar

CONTEXT = "StudyEntry"
ERROR_STYLE = "color: #a01d12;"
MARKED = "border: 1px solid #a01d12;"
FIELD_NAMES = {  # the core's field names as the form labels them
    "drug": QT_TRANSLATE_NOOP("StudyEntry", "Drug"), "start": QT_TRANSLATE_NOOP("StudyEntry", "Date"),
    "dose": QT_TRANSLATE_NOOP("StudyEntry", "Dose"), "note": QT_TRANSLATE_NOOP("StudyEntry", "Note"),
    "code": QT_TRANSLATE_NOOP("StudyEntry", "Test"), "date": QT_TRANSLATE_NOOP("StudyEntry", "Date"),
    "value": QT_TRANSLATE_NOOP("StudyEntry", "Value"), "unit": QT_TRANSLATE_NOOP("StudyEntry", "Unit"),
    "text": QT_TRANSLATE_NOOP("StudyEntry", "Result"), "uln": QT_TRANSLATE_NOOP("StudyEntry", "ULN"),
    "lln": QT_TRANSLATE_NOOP("StudyEntry", "LLN"), "visit": QT_TRANSLATE_NOOP("StudyEntry", "Visit"),
    "term": QT_TRANSLATE_NOOP("StudyEntry", "Adverse event"), "onset": QT_TRANSLATE_NOOP("StudyEntry", "Onset"),
    "grade": QT_TRANSLATE_NOOP("StudyEntry", "Grade"), "related_to": QT_TRANSLATE_NOOP("StudyEntry", "Related to"),
    "resolved": QT_TRANSLATE_NOOP("StudyEntry", "Resolved"), "reason": QT_TRANSLATE_NOOP("StudyEntry", "Reason"),
    "criterion": QT_TRANSLATE_NOOP("StudyEntry", "Exit criterion"),
}


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate(), calendarPopup=True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _error_label(name: str) -> QLabel:
    """Where a row's problems are shown, under it (hidden while there is none)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName(name)
    label.hide()
    return label


def _page(row: list[QWidget | tuple[QWidget, int]], error: QLabel) -> QWidget:
    """A tab: one row of fields (a widget, or a widget with its stretch), its problems under it."""
    page = QWidget()
    line = QHBoxLayout()
    for item in row:
        widget, stretch = item if isinstance(item, tuple) else (item, 0)
        line.addWidget(widget, stretch)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 2)
    layout.setSpacing(2)
    layout.addLayout(line)
    layout.addWidget(error)
    return page


def _refill(combo: QComboBox, items: list[tuple[str, object]], default: int = 0) -> None:
    """`combo` holding `items` (label, data), without signals; the item chosen before is kept when
    it is still there, else the `default`th is chosen."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in items:
        combo.addItem(label, data)
    found = next((i for i in range(combo.count()) if chosen is not None and combo.itemData(i) == chosen), default)
    combo.setCurrentIndex(found if combo.count() else -1)
    combo.blockSignals(False)


def _drug_label(drug: StudyDrug) -> str:
    term = vocabulary().medications.get(drug.drug)
    return term_label(term) if term is not None else tr_core(drug.name)


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

        self._build_dose_and_result_fields()
        self._build_visit_fields()
        self._build_adverse_event_fields()
        self._build_exit_fields()
        self._name_fields()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.tabs)

        self._connect_actions()
        self.show_patient(None, None, None)

    def _build_dose_and_result_fields(self) -> None:
        """A dose change (drug, day, new daily dose) and a result (the lab entry bar)."""
        self.drug = QComboBox()
        self.drug.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the whole drug name
        self.dose_date = _date_edit()
        self.dose = QLineEdit(placeholderText=self.tr("Dose"))
        self.dose.setMaximumWidth(90)
        self.dose.setToolTip(self.tr("The new daily dose; 0 when the drug is stopped"))
        self.dose_unit = QLabel("mg/d")
        self.dose_note = QLineEdit(placeholderText=self.tr("Note (optional)"))
        self.dose_button = QPushButton(self.tr("Record &dose"))
        self.dose_button.setToolTip(self.tr("Check the dose change and save it (audited)"))
        self.dose_error = _error_label(self.tr("Dose change problem"))

        self.lab_bar = LabEntryBar(LABS, self._unit_for, clear_after=False)
        self.lab_bar.add.setText(self.tr("Record &result"))
        self.lab_bar.add.setAccessibleName(self.tr("Record the result"))
        self.lab_bar.add.setToolTip(self.tr("Check the result and save it to the patient's record (audited)"))
        self.lab_error = _error_label(self.tr("Result problem"))

    def _build_visit_fields(self) -> None:
        """A visit of the schedule and the day it took place."""
        self.visit = QComboBox()
        self.visit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.visit.setToolTip(self.tr("The visits of the trial's schedule not yet recorded, with the day each was due"))
        self.visit.setPlaceholderText(self.tr("No visit of the schedule left to record"))
        self.visit_date = _date_edit()
        self.visit_note = QLineEdit(placeholderText=self.tr("Note (optional)"))
        self.visit_button = QPushButton(self.tr("Record &visit"))
        self.visit_button.setToolTip(self.tr("Record that the visit took place on this day (audited)"))
        self.visit_error = _error_label(self.tr("Visit problem"))

    def _build_adverse_event_fields(self) -> None:
        """An adverse event: CTCAE term, onset, grade, seriousness, relation, resolution."""
        self.ae_term = QLineEdit(placeholderText=self.tr("Adverse event (CTCAE term)"))
        self.ae_onset = _date_edit()
        self.ae_grade = QSpinBox(minimum=min(CTCAE_GRADES), maximum=max(CTCAE_GRADES))
        self.ae_grade.setPrefix(self.tr("Grade "))
        self.ae_grade.setToolTip(self.tr("CTCAE grade: 1 mild, 2 moderate, 3 severe, 4 life-threatening, 5 death"))
        self.ae_serious = QCheckBox(self.tr("Serious"))
        self.ae_related = QComboBox()
        self.ae_related.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.ae_resolved_on = QCheckBox(self.tr("Resolved on"))
        self.ae_resolved = _date_edit()
        self.ae_resolved.setEnabled(False)
        self.ae_resolved_on.toggled.connect(self.ae_resolved.setEnabled)
        self.ae_button = QPushButton(self.tr("Record &event"))
        self.ae_button.setToolTip(self.tr("Check the adverse event and save it (audited)"))
        self.ae_error = _error_label(self.tr("Adverse event problem"))

    def _build_exit_fields(self) -> None:
        """The study exit: day, reason and the exit criterion it follows."""
        self.exit_date = _date_edit()
        self.exit_reason = QLineEdit(placeholderText=self.tr("Reason (required): withdrawal, discontinuation or "
                                                             "completion, and why"))
        self.exit_criterion = QComboBox()
        self.exit_criterion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.exit_button = QPushButton(self.tr("Record e&xit"))
        self.exit_button.setToolTip(self.tr("Record that the patient left the study on this day (audited); the "
                                            "follow-up raises no action after it"))
        self.exit_error = _error_label(self.tr("Study exit problem"))

    def _name_fields(self) -> None:
        """Accessible names that say which entry a field belongs to (screen readers, tests)."""
        for widget, name in ((self.drug, self.tr("Dose change: drug")), (self.dose_date, self.tr("Dose change: date")),
                             (self.dose, self.tr("Dose change: dose")), (self.dose_unit, self.tr("Dose change: unit")),
                             (self.dose_note, self.tr("Dose change: note")),
                             (self.dose_button, self.tr("Record the dose change")),
                             (self.visit, self.tr("Visit: which visit")), (self.visit_date, self.tr("Visit: date")),
                             (self.visit_note, self.tr("Visit: note")), (self.visit_button, self.tr("Record the visit")),
                             (self.ae_term, self.tr("Adverse event: term")),
                             (self.ae_onset, self.tr("Adverse event: onset date")),
                             (self.ae_grade, self.tr("Adverse event: CTCAE grade")),
                             (self.ae_serious, self.tr("Adverse event: serious")),
                             (self.ae_related, self.tr("Adverse event: related to study drug")),
                             (self.ae_resolved_on, self.tr("Adverse event: resolved")),
                             (self.ae_resolved, self.tr("Adverse event: resolution date")),
                             (self.ae_button, self.tr("Record the adverse event")),
                             (self.exit_date, self.tr("Study exit: date")),
                             (self.exit_reason, self.tr("Study exit: reason")),
                             (self.exit_criterion, self.tr("Study exit: exit criterion")),
                             (self.exit_button, self.tr("Record the study exit"))):
            widget.setAccessibleName(name)

    def _build_tabs(self) -> None:
        """One tab per kind of entry."""
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("What to record"))
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        for page, title in (
                (_page([self.drug, self.dose_date, self.dose, self.dose_unit, (self.dose_note, 1), self.dose_button],
                       self.dose_error), self.tr("Dose change")),
                (_page([(self.lab_bar, 1)], self.lab_error), self.tr("Result")),
                (_page([self.visit, QLabel(self.tr("took place on")), self.visit_date, (self.visit_note, 1),
                        self.visit_button], self.visit_error), self.tr("Visit")),
                (_page([(self.ae_term, 1), QLabel(self.tr("onset")), self.ae_onset, self.ae_grade, self.ae_serious,
                        self.ae_related, self.ae_resolved_on, self.ae_resolved, self.ae_button], self.ae_error),
                 self.tr("Adverse event")),
                (_page([self.exit_date, (self.exit_reason, 1), self.exit_criterion, self.exit_button],
                       self.exit_error), self.tr("Study exit"))):
            self.tabs.addTab(page, title)

    def _connect_actions(self) -> None:
        """Enter or the button records; choosing a drug fills its current dose."""
        self.dose.returnPressed.connect(self.record_dose)
        self.dose_note.returnPressed.connect(self.record_dose)
        self.dose_button.clicked.connect(self.record_dose)
        self.drug.currentIndexChanged.connect(self._drug_chosen)
        self.dose.textEdited.connect(self._typed)
        self.lab_bar.add_requested.connect(self.record_result)
        self.visit_button.clicked.connect(self.record_visit)
        self.visit_note.returnPressed.connect(self.record_visit)
        self.ae_button.clicked.connect(self.record_adverse_event)
        self.exit_button.clicked.connect(self.record_exit)
        self.exit_reason.returnPressed.connect(self.record_exit)

    # -- what the entries are for -----------------------------------------------------------------
    def show_patient(self, ref: str | None, trial: Trial | None, patient: Patient | None) -> None:
        """The enrolled patient and trial the entries go to (None: nothing to enter for)."""
        same = self.current is not None and ref == self.current[0] and trial is not None \
            and trial.trial_id == self.current[1].trial_id
        self.current = (ref, trial) if ref and trial else None
        self.patient = patient
        study = patient.study(trial.trial_id) if patient is not None and trial is not None else None
        drugs = study_drugs(trial, study.arm) if study is not None else []
        _refill(self.drug, [(_drug_label(drug), drug) for drug in drugs])
        self._drug_chosen()
        _refill(self.ae_related, [(self.tr("Not related to a study drug"), None)]
                + [(self.tr("Related to {0}").format(_drug_label(drug)), drug.drug) for drug in drugs])
        criteria = trial.exit_criteria if study is not None else []
        _refill(self.exit_criterion, [(self.tr("No exit criterion"), None)] + [(c.id, c.id) for c in criteria])
        for index, criterion in enumerate(criteria, start=1):
            self.exit_criterion.setItemData(index, with_translation(criterion.text), Qt.ItemDataRole.ToolTipRole)
        self.exit_criterion.setVisible(bool(criteria))
        self._show_visits(study, trial)
        if not same:
            self._clear_dose()
            self._clear_events()
            for error, fields in self._rows():
                self._show_problems(error, [], fields)
        self.setEnabled(study is not None)

    def _show_visits(self, study: Study | None, trial: Trial | None) -> None:
        """The visits of the schedule still to record, the one the entry's day falls in chosen."""
        choices = visits_to_record(trial, study) if study is not None else []
        likely = visit_for_day(choices, self.visit_date.date().toPython())
        _refill(self.visit, [(self.tr("{0} (due {1})").format(visit_label(v.visit, v.week), v.due), v) for v in choices],
                default=choices.index(likely) if likely else 0)

    def set_day(self, day: QDate) -> None:
        """Entries default to the day the view shows."""
        for edit in (self.dose_date, self.lab_bar.date, self.visit_date, self.ae_onset, self.ae_resolved,
                     self.exit_date):
            edit.setDate(day)

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

    def _clear_events(self) -> None:
        for edit in (self.visit_note, self.ae_term, self.exit_reason):
            edit.clear()
        self.ae_grade.setValue(self.ae_grade.minimum())
        self.ae_serious.setChecked(False)
        self.ae_resolved_on.setChecked(False)
        self.ae_related.setCurrentIndex(0)
        self.exit_criterion.setCurrentIndex(0)

    def _unit_for(self, code: str) -> str | None:
        """The unit the patient's latest result of `code` is in (a lab reports in one unit)."""
        if self.patient is None:
            return None
        used = [obs for obs in self.patient.observations if obs.code == code and obs.unit]
        return max(used, key=lambda obs: obs.date).unit if used else None

    # -- writing --------------------------------------------------------------------------------
    def record_dose(self) -> bool:
        """Check and save the dose change typed; False when refused (the reason shown under it)."""
        drug: StudyDrug | None = self.drug.currentData()
        return self._record(lambda session, ref, trial: record_dose(
            session, self.context.actor, ref, trial, drug=drug.drug if drug else None,
            start=self.dose_date.date().toPython(), dose=self.dose.text(), note=self.dose_note.text(),
            reason=self._reason), self.dose_error, self._dose_fields(), self._dose_saved)

    def _dose_saved(self, written) -> str:
        self._clear_dose()
        return self.tr("Dose recorded: {0} {1} {2} from {3}").format(
            written.drug, format_value(written.dose), written.unit, written.start)

    def record_result(self, fields: dict) -> bool:
        """Check and save the result the entry holds; False when refused (shown under it)."""
        return self._record(lambda session, ref, _trial: record_result(session, self.context.actor, ref, fields),
                            self.lab_error, self._lab_fields(), self._result_saved)

    def _result_saved(self, written) -> str:
        self.lab_bar.clear_entry()
        shown = f"{format_value(written.value)} {written.unit or ''}".strip() if written.value is not None \
            else written.text or ""
        return self.tr("Result recorded: {0} {1} on {2}").format(written.code, shown, written.date)

    def record_visit(self) -> bool:
        """Check and save the visit chosen as taken place on the day given; False when refused."""
        chosen: VisitDue | None = self.visit.currentData()
        return self._record(lambda session, ref, trial: record_visit(
            session, self.context.actor, ref, trial, visit=chosen.visit if chosen else None,
            date=self.visit_date.date().toPython(), note=self.visit_note.text()),
            self.visit_error, self._visit_fields(), self._visit_saved)

    def _visit_saved(self, written) -> str:
        self.visit_note.clear()
        return self.tr("Visit recorded: {0} on {1}").format(written.visit, written.date)

    def record_adverse_event(self) -> bool:
        """Check and save the adverse event typed; False when refused (the reason shown under it)."""
        return self._record(lambda session, ref, trial: record_adverse_event(
            session, self.context.actor, ref, trial, term=self.ae_term.text(), onset=self.ae_onset.date().toPython(),
            grade=self.ae_grade.value(), serious=self.ae_serious.isChecked(), related_to=self.ae_related.currentData(),
            resolved=self.ae_resolved.date().toPython() if self.ae_resolved_on.isChecked() else None),
            self.ae_error, self._ae_fields(), self._adverse_event_saved)

    def _adverse_event_saved(self, written) -> str:
        self._clear_events()
        return self.tr("Adverse event recorded: {0}, grade {1}, from {2}").format(
            written.term, written.grade, written.onset)

    def record_exit(self) -> bool:
        """Check and save the study exit typed; False when refused (the reason shown under it)."""
        return self._record(lambda session, ref, trial: record_exit(
            session, self.context.actor, ref, trial, date=self.exit_date.date().toPython(),
            reason=self.exit_reason.text(), criterion=self.exit_criterion.currentData()),
            self.exit_error, self._exit_fields(), self._exit_saved)

    def _exit_saved(self, written) -> str:
        self._clear_events()
        return self.tr("Study exit recorded on {0}: {1}").format(written.date, written.reason)

    def _record(self, write: Callable[..., Any], error_label: QLabel,
                fields: dict[str, QWidget], saved: Callable[[Any], str]) -> bool:
        """`write(session, ref, trial)` for the patient shown, in one transaction. Refused: the
        problems under the row, the fields they name marked, False. Written: `saved(what was
        written)` clears the entry and says what was recorded, the view is told, True."""
        if self.current is None:
            return False
        ref, trial = self.current
        try:
            written = operations.write(self.context, Change.PATIENTS | Change.ON_STUDY,
                                       lambda session: write(session, ref, trial), by=self)
        except InvalidRecord as error:
            problems = list(error.problems)
        except Refusal as error:
            problems = [Problem(str(error))]
        else:
            problems = []
        self._show_problems(error_label, problems, fields)
        if problems:
            return False
        self.recorded.emit(saved(written))
        return True

    def _dose_fields(self) -> dict[str, QWidget]:
        return {"drug": self.drug, "start": self.dose_date, "dose": self.dose, "note": self.dose_note}

    def _lab_fields(self) -> dict[str, QWidget]:
        bar = self.lab_bar
        return {"code": bar.code, "date": bar.date, "value": bar.value, "unit": bar.unit,
                "text": bar.value if bar.result.isHidden() else bar.result, "uln": bar.uln, "lln": bar.lln}

    def _visit_fields(self) -> dict[str, QWidget]:
        return {"visit": self.visit, "date": self.visit_date, "note": self.visit_note}

    def _ae_fields(self) -> dict[str, QWidget]:
        return {"term": self.ae_term, "onset": self.ae_onset, "grade": self.ae_grade, "serious": self.ae_serious,
                "related_to": self.ae_related, "resolved": self.ae_resolved}

    def _exit_fields(self) -> dict[str, QWidget]:
        return {"date": self.exit_date, "reason": self.exit_reason, "criterion": self.exit_criterion}

    def _rows(self) -> list[tuple[QLabel, dict[str, QWidget]]]:
        """Each entry's problem label with its fields."""
        return [(self.dose_error, self._dose_fields()), (self.lab_error, self._lab_fields()),
                (self.visit_error, self._visit_fields()), (self.ae_error, self._ae_fields()),
                (self.exit_error, self._exit_fields())]

    def _show_problems(self, label: QLabel, problems: list[Problem], fields: dict[str, QWidget]) -> None:
        """`problems` under their row, each field named marked; `fields`: the row's, by core name."""
        for name, widget in fields.items():
            widget.setStyleSheet(MARKED if any(p.field == name for p in problems) else "")
        label.setText(_problem_text(problems))
        label.setVisible(bool(problems))
        if problems and problems[0].field in fields:
            fields[problems[0].field].setFocus()
