"""One patient: demographics, dated labs and scores, medications, diagnoses, conditions, biopsies,
procedures, reproductive status, and the patient's screenings and enrolments.

Edits stay on the page until Save, which has the core check the whole record first and then
writes it in one audited transaction (nothing half-saved); Revert drops them, and leaving the
page or closing the window with edits asks first. Roles: the controls follow the actor's
permissions, and the write itself is refused in code for a role that may not change patients."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QStringListModel, Qt, QTimer
from PySide6.QtGui import QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QMessageBox, QPushButton, QSplitter, QStackedWidget, QStyle, QTabWidget,
                               QVBoxLayout, QWidget)

from coordinator.records.derived import EQUATION_NAMES, DerivedValue
from coordinator.problems import InvalidRecord, Refusal
from coordinator.records.record import Patient
from coordinator.screening.workflow import Permission, PermissionDenied, require
from coordinator.records.vocabulary import vocabulary
from db.patient_edits import save_patient_details
from db.patients import PatientExists, PatientRepository
from db.screenings import ScreeningRepository, ScreeningView
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import write
from ui.window.page_base import Page
from ui.window.core_text import tr_core
from ui.window.patient.columns import LABS, SCORES, SECTION_COLUMNS, observation_columns, observation_group
from ui.window.patient.draft import Located, check_draft, derivable, locate
from ui.window.core_text import term_label
from ui.window.patient.parts_model import PartsTableModel, format_value
from ui.window.patient.readonly_model import ReadOnlyTableModel
from ui.window.patient.lab_entry_bar import LabEntryBar
from ui.window.patient.form import PatientForm
from ui.window.patient.section_view import SectionView
from ui.window.patient.studies import PatientStudies, read_only_table

CHECK_DELAY_MS = 150  # re-check the record after a pause in editing, not at every key
ERROR_STYLE = "color: #a01d12; font-weight: bold;"
NOTE_STYLE = "color: #555555;"
DERIVED_HEADERS = [
    QT_TRANSLATE_NOOP("PatientTables", "Derived value"), QT_TRANSLATE_NOOP("PatientTables", "Date"),
    QT_TRANSLATE_NOOP("PatientTables", "Value"), QT_TRANSLATE_NOOP("PatientTables", "Unit"),
    QT_TRANSLATE_NOOP("PatientTables", "Derived by"), QT_TRANSLATE_NOOP("PatientTables", "From"),
]


class PatientPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.editable = context.may(Permission.EDIT_PATIENTS)
        self.registry_no: str | None = None   # the stored patient on the page
        self.creating = False                 # a new patient, not yet saved
        self._stored: Patient | None = None
        self._baseline: Any = None            # the page's values as loaded: edits are differences from it
        self._save_attempted = False
        self._hooked = False
        self._asking = False
        self._located: list[Located] = []
        self._shown_problems: list[Located] = []

        self._build_header()
        self._build_sections()
        self._build_tabs()
        self._build_problem_list()

        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.read_only_note)
        header.addWidget(self.reason)
        header.addWidget(self.new_button)
        header.addWidget(self.revert_button)
        header.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_list)

        self._connect_edits()
        self._show_nothing()

    # -- layout -----------------------------------------------------------------------------
    def _build_header(self) -> None:
        """The patient named, the reason for a change, New, Revert and Save, and the banner."""
        self.heading = QLabel(self.tr("No patient open"))
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_note = QLabel(self.tr("Read only: your role does not change patient data"))
        self.read_only_note.setStyleSheet(NOTE_STYLE)
        self.read_only_note.setVisible(not self.editable)
        self.reason = QLineEdit(placeholderText=self.tr("Reason for the change (optional)"))
        self.reason.setToolTip(self.tr("Kept in the audit trail with every change this save makes"))
        self.reason.setAccessibleName(self.tr("Reason for the change"))
        self.reason.setMinimumWidth(300)
        self.new_button = QPushButton(self.tr("New patient"))
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setToolTip(self.tr("Discard the changes made since the patient was opened or saved"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Check the whole record and save it (Ctrl+S)"))
        for button in (self.new_button, self.revert_button, self.save_button):
            button.setAccessibleName(button.text())
            button.setVisible(self.editable)
        self.reason.setVisible(self.editable)
        self.new_button.clicked.connect(lambda: self.open_patient(""))
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()

    def _build_sections(self) -> None:
        """The record: labs, scores, derived values and one table per section."""
        self.form = PatientForm()
        self.observations = PartsTableModel(observation_columns(LABS), self)
        self.sections = {name: PartsTableModel(columns(), self) for name, columns in SECTION_COLUMNS.items()}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.lab_bar = LabEntryBar(LABS, self._unit_for)
        self.labs = SectionView(self.observations, self.tr("Labs"), accept=lambda row: observation_group(
            row.get("code")) == LABS, add_button=False, sort_field="date", newest_first=True, problems_after="lln")
        self.score_bar = LabEntryBar(SCORES, self._unit_for)
        self.scores = SectionView(self.observations, self.tr("Scores"), accept=lambda row: observation_group(
            row.get("code")) == SCORES, titles={0: QT_TRANSLATE_NOOP("PatientTables", "Score")},
            add_button=False, sort_field="date", newest_first=True, problems_after="text")
        self.derived_model = ReadOnlyTableModel(DERIVED_HEADERS, self)
        self.derived = read_only_table(self.derived_model, self.tr("Derived values"))
        self.section_views = {
            name: SectionView(model, title, sort_field=next(
                (f for f in ("date", "start", "onset") if model.column_of(f) >= 0), None))
            for (name, model), title in zip(self.sections.items(), (
                self.tr("Medications"), self.tr("Diagnoses"), self.tr("Conditions"), self.tr("Biopsies"),
                self.tr("Procedures"), self.tr("Reproductive status")))}

    def _build_problem_list(self) -> None:
        """Every problem of the record; choosing one goes to its field."""
        self.problem_list = QListView()
        self.problem_list.setAccessibleName(self.tr("Problems"))
        self.problem_model = QStringListModel(self)
        self.problem_list.setModel(self.problem_model)
        self.problem_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_list.setMaximumHeight(96)
        self.problem_list.setStyleSheet("color: #a01d12;")
        self.problem_list.activated.connect(self._go_to_problem)
        self.problem_list.hide()

    def _connect_edits(self) -> None:
        """An edit anywhere checks the record again after a pause."""
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check)
        self.form.changed.connect(self._edited)
        for model in (self.observations, *self.sections.values()):
            model.edited.connect(self._edited)
        self.lab_bar.add_requested.connect(lambda fields: self._add_result(fields, self.labs))
        self.score_bar.add_requested.connect(lambda fields: self._add_result(fields, self.scores))

    def _build_tabs(self) -> None:
        labs = QWidget()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.labs)
        derived_box = QWidget()
        derived_layout = QVBoxLayout(derived_box)
        derived_layout.setContentsMargins(0, 4, 0, 0)
        derived_title = QLabel(self.tr("Derived values (computed from the results above, never stored)"))
        derived_title.setStyleSheet(NOTE_STYLE)
        derived_layout.addWidget(derived_title)
        derived_layout.addWidget(self.derived)
        split.addWidget(derived_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        labs_layout = QVBoxLayout(labs)
        labs_layout.addWidget(self.lab_bar)
        labs_layout.addWidget(split)
        self.edit_hint = QLabel(self.tr("Double-click a cell to correct it."))
        self.labs.buttons.insertWidget(0, self.edit_hint)
        scores = QWidget()
        scores_layout = QVBoxLayout(scores)
        scores_layout.addWidget(self.score_bar)
        scores_layout.addWidget(self.scores)
        self.tab_pages: dict[str, QWidget] = {LABS: labs, SCORES: scores, **self.section_views}
        self.tabs.addTab(labs, self.tr("Labs"))
        self.tabs.addTab(scores, self.tr("Scores"))
        for name, title in (("medications", self.tr("Medications")), ("diagnoses", self.tr("Diagnoses")),
                            ("conditions", self.tr("Conditions")), ("biopsies", self.tr("Biopsies")),
                            ("procedures", self.tr("Procedures")), ("reproductive", self.tr("Reproductive"))):
            self.tabs.addTab(self.section_views[name], title)
        self.studies_tab = PatientStudies(self.context)
        self.tabs.addTab(self.studies_tab, self.tr("Screenings && enrolments"))

    # -- opening ----------------------------------------------------------------------------
    def open_patient(self, registry_no: str) -> None:
        """Show a stored patient; an empty registry number starts a new patient."""
        if registry_no and registry_no == self.registry_no and not self.creating:
            return  # already open: keep any edits
        if not self.confirm_leave():
            return
        if registry_no:
            self._load(registry_no)
        else:
            self.new_patient()

    def new_patient(self) -> None:
        self.registry_no, self._stored, self.creating = None, None, True
        self._show({}, {}, [])
        self.heading.setText(self.tr("New patient"))
        self._set_editable(self.editable)
        self.form.registry_no.setFocus()

    def _load(self, ref: str) -> bool:
        try:
            require(self.context.actor, Permission.READ)
            with self.context.registry.reading() as session:
                patient = PatientRepository(session, self.context.actor.name).get(ref)
                screenings = ScreeningRepository(session, self.context.actor).for_patient(ref) if patient else []
        except PermissionDenied as error:
            self._show_banner(str(error), error=True)
            return False
        if patient is None:
            self._show_banner(self.tr("There is no patient with registry or record number '{0}'.").format(ref),
                              error=True)
            return False
        self.registry_no, self._stored, self.creating = patient.registry_no, patient, False
        demographics = {field: getattr(patient, field) for field in
                        ("registry_no", "record_no", "name", "initials", "sex", "birth_date", "note")}
        demographics["sex"] = str(patient.sex)
        sections = {section: [part.model_dump() for part in getattr(patient, section)]
                    for section in ("observations", *self.sections)}
        self._show(demographics, sections, screenings)
        self.heading.setText(f"{patient.name}  ·  {patient.registry_no}")
        self._set_editable(self.editable)
        return True

    def _show(self, demographics: dict, sections: dict[str, list[dict]], screenings: list[ScreeningView]) -> None:
        self.form.set_values(demographics)
        self.observations.set_rows(sections.get("observations", []))
        for name, model in self.sections.items():
            model.set_rows(sections.get(name, []))
        self.studies_tab.show_patient(self.registry_no, self._stored.studies if self._stored else [], screenings)
        self.reason.clear()
        self._save_attempted = False
        self._baseline = self._values()
        self.check()
        self.banner.hide()

    def _show_nothing(self) -> None:
        self._set_editable(False)
        self.tabs.setEnabled(False)
        self.form.setEnabled(False)
        self.revert_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.form.set_facts("", {})

    def _set_editable(self, editable: bool) -> None:
        self.tabs.setEnabled(True)
        self.form.setEnabled(True)
        self.form.set_editable(editable, new=self.creating)
        for model in (self.observations, *self.sections.values()):
            model.read_only = not editable
        for widget in (self.lab_bar, self.score_bar, self.edit_hint):
            widget.setVisible(editable)
        for view in (self.labs, self.scores, *self.section_views.values()):
            view.set_read_only(not editable)
        self._update_buttons()

    # -- editing ----------------------------------------------------------------------------
    def _values(self) -> tuple[dict, dict[str, list[dict]]]:
        sections = {"observations": self.observations.rows, **{n: m.rows for n, m in self.sections.items()}}
        return self.form.values(), copy.deepcopy(sections)

    def is_dirty(self) -> bool:
        return bool(self._baseline is not None and (self.registry_no or self.creating)
                    and self._values() != self._baseline)

    def _edited(self) -> None:
        self._check_timer.start()
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = bool(self.is_dirty())
        self.save_button.setEnabled(self.editable and dirty)
        self.revert_button.setEnabled(self.editable and dirty)
        marker = " *" if dirty else ""
        if self.creating:
            self.heading.setText(self.tr("New patient") + marker)
        elif self._stored is not None:
            self.heading.setText(f"{self._stored.name}  ·  {self._stored.registry_no}{marker}")

    def _unit_for(self, code: str) -> str | None:
        """The unit this patient's latest result of `code` was entered in (a lab reports in one unit)."""
        used = [row for row in self.observations.rows if row.get("code") == code and row.get("unit")]
        latest = max(used, key=lambda row: str(row.get("date") or ""), default=None)
        return latest["unit"] if latest else None

    def _add_result(self, fields: dict, view: SectionView) -> None:
        if self.observations.read_only:
            return
        row = self.observations.add_row(fields)
        self.check()
        view.show_source_row(row, "value")

    def check(self) -> tuple[Patient | None, list[Located]]:
        """Have the core check the record as it stands on the page; show every problem where it is."""
        self._check_timer.stop()
        demographics, sections = self._values()
        studies = self._stored.studies if self._stored else []
        patient, located = check_draft(demographics, sections, studies)
        self._located = located
        self.form.set_problems(self._by_field(located), blank_too=self._save_attempted)
        by_section: dict[str, dict[int, list[tuple[str | None, str]]]] = {}
        for item in located:
            if item.section is not None:
                by_section.setdefault(item.section, {}).setdefault(item.row, []).append((item.field, item.problem.message))
        self.observations.set_problems(by_section.get("observations", {}))
        for name, model in self.sections.items():
            model.set_problems(by_section.get(name, {}))
        self._mark_tabs(located)
        shown = [item for item in located if item.section is not None or self._save_attempted
                 or item.field not in self.form.messages or self._form_field_filled(item.field)]
        self.problem_model.setStringList([item.text for item in shown])
        self._shown_problems = shown
        self.problem_list.setVisible(bool(shown))
        self._show_derived(demographics, sections["observations"])
        self._update_buttons()
        return patient, located

    def _form_field_filled(self, field: str) -> bool:
        widget = getattr(self.form, field)
        return bool(widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip())

    @staticmethod
    def _by_field(located: list[Located]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for item in located:
            if item.section is None and item.field:
                found.setdefault(item.field, []).append(item.problem.message)
        return found

    def _mark_tabs(self, located: list[Located]) -> None:
        counts: dict[str, int] = {}
        for item in located:
            if item.section == "observations":
                key = observation_group(self.observations.rows[item.row].get("code")) \
                    if item.row is not None and item.row < len(self.observations.rows) else LABS
            else:
                key = item.section
            counts[key] = counts.get(key, 0) + 1
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for key, page in self.tab_pages.items():
            index = self.tabs.indexOf(page)
            count = counts.get(key, 0)
            self.tabs.setTabIcon(index, warning if count else QIcon())
            self.tabs.setTabToolTip(index, self.tr("%n problem(s)", "", count) if count else "")

    def _show_derived(self, demographics: dict, observations: list[dict]) -> None:
        derived = derivable(demographics, observations)[::-1]  # newest first, like the results
        names = vocabulary().observations
        rows = [(term_label(names[value.code]) if value.code in names else value.code.upper(), str(value.date),
                 f"{value.value:.1f}", value.unit, EQUATION_NAMES.get(value.method, value.method),
                 ", ".join(tr_core(source) for source in value.sources)) for value in derived]
        self.derived_model.set_rows(rows, derived)
        self.form.set_facts(self._age(demographics), self._facts(observations, derived))

    def _age(self, demographics: dict) -> str:
        birth_date = demographics.get("birth_date")
        if not isinstance(birth_date, dt.date) or birth_date > dt.date.today():
            return ""
        age = Patient.model_construct(birth_date=birth_date).age_on(dt.date.today())
        return self.tr("%n year(s)", "", age)

    def _facts(self, observations: list[dict], derived: list[DerivedValue]) -> dict[str, str]:
        """The latest weight and height as recorded, and the latest derived BMI and eGFR."""
        facts = {}
        bad = {item.row for item in self._located if item.section == "observations"}
        for code in ("weight", "height"):
            rows = [row for index, row in enumerate(observations)
                    if row.get("code") == code and index not in bad and isinstance(row.get("value"), float)]
            latest = max(rows, key=lambda row: str(row.get("date")), default=None)
            if latest:
                facts[code] = f"{format_value(latest['value'])} {latest.get('unit') or ''} ({latest.get('date')})"
        for code in ("bmi", "egfr"):
            latest = max((value for value in derived if value.code == code), key=lambda value: value.date, default=None)
            if latest:
                facts[code] = f"{latest.value:.1f} {latest.unit} ({latest.date})"
        return facts

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Check the whole record, then write it in one audited transaction. False when
        refused or when the core found problems (shown on the page; nothing written)."""
        try:
            require(self.context.actor, Permission.EDIT_PATIENTS)  # whatever the buttons show
        except PermissionDenied as error:
            self._show_banner(self.tr("Not saved: {0}").format(error), error=True)
            return False
        if not (self.registry_no or self.creating):
            return False
        self._save_attempted = True
        patient, located = self.check()
        if located or patient is None:
            self._show_banner(self.tr("Not saved: the record has %n problem(s), shown in red. Nothing was written.",
                                      "", max(1, len(located))), error=True)
            return False
        reason = self.reason.text().strip() or None
        try:
            creating = self.creating
            changes = write(self.context, Change.PATIENTS, lambda session: save_patient_details(
                session, self.context.actor, patient, creating=creating, reason=reason), by=self)
        except InvalidRecord as error:  # e.g. the day turned while the page was open
            self._located = [locate(problem) for problem in error.problems]
            self.problem_model.setStringList([item.text for item in self._located])
            self.problem_list.show()
            self._show_banner(self.tr("Not saved: the record has %n problem(s).", "", len(error.problems)), error=True)
            return False
        except PatientExists:
            self.form.set_problems({"registry_no": [self.tr("registry number {0} is already in the registry").format(
                patient.registry_no)]}, blank_too=True)
            self._show_banner(self.tr("Not saved: registry number {0} is already taken.").format(patient.registry_no),
                              error=True)
            return False
        except Refusal as error:
            self._show_banner(self.tr("Not saved: {0}").format(error), error=True)
            return False
        self._load(patient.registry_no)
        message = self.tr("Patient {0} saved (%n change(s)).", "", changes).format(patient.registry_no)
        self._show_banner(message)
        self.context.status_message.emit(message)
        return True

    def revert(self) -> None:
        if self.creating:
            self.new_patient()
        elif self.registry_no:
            self._load(self.registry_no)
        self._show_banner(self.tr("Changes discarded."))

    def _show_banner(self, text: str, *, error: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.banner.show()

    def data_changed(self, changes: Changes) -> None:
        """Another view wrote: show it, unless this page holds edits (then say so)."""
        if not self.registry_no:
            return
        if not self.is_dirty():
            self._load(self.registry_no)
            return
        with self.context.registry.reading() as session:
            stored = PatientRepository(session, self.context.actor.name).get(self.registry_no)
        if stored is not None and self._stored is not None and stored.model_dump(exclude={"studies"}) \
                != self._stored.model_dump(exclude={"studies"}):
            self._show_banner(self.tr("This patient was changed elsewhere while you were editing. Save replaces "
                                      "those changes with yours; Revert shows them."), error=True)

    # -- leaving with edits -----------------------------------------------------------------
    def confirm_leave(self) -> bool:
        """True when the page may show something else: no edits, or they were saved or discarded."""
        if not self.is_dirty() or self._asking:
            return True
        self._asking = True
        try:
            choice = self.ask_unsaved()
        finally:
            self._asking = False
        if choice == QMessageBox.StandardButton.Save:
            return self.save()
        if choice == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("{0} has changes that are not saved.").format(
                              self.tr("The new patient") if self.creating else self.registry_no),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(self.tr("Save them, discard them, or stay on the page?"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._hooked:  # the window and its stack exist only once the page is placed
            self._hooked = True
            self.window().installEventFilter(self)
            stack = self.parentWidget()
            if isinstance(stack, QStackedWidget):
                stack.currentChanged.connect(self._stack_changed)

    def _stack_changed(self, index: int) -> None:
        stack = self.parentWidget()
        if stack.widget(index) is not self and self.is_dirty() and not self._asking:
            QTimer.singleShot(0, self._confirm_left)

    def _confirm_left(self) -> None:
        if not self.confirm_leave():
            window = self.window()
            if hasattr(window, "show_page"):
                window.show_page(self.name)
            else:
                self.parentWidget().setCurrentWidget(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window() and event.type() == QEvent.Type.Close and self.is_dirty():
            if not self.confirm_leave():
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    # -- problems ---------------------------------------------------------------------------
    def _go_to_problem(self, index) -> None:
        item = self._shown_problems[index.row()]
        if item.section is None:
            widget = getattr(self.form, item.field, None) if item.field else None
            if widget is not None:
                widget.setFocus()
            return
        if item.section == "observations":
            code = self.observations.rows[item.row].get("code") if item.row < len(self.observations.rows) else None
            view = self.scores if observation_group(code) == SCORES else self.labs
            self.tabs.setCurrentWidget(self.tab_pages[observation_group(code)])
        elif item.section in self.section_views:
            view = self.section_views[item.section]
            self.tabs.setCurrentWidget(view)
        else:
            return
        view.show_source_row(item.row, item.field)
