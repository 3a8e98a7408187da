"""The screening checklist of one patient for one trial: the latest persisted screening (or a
preview before one is started), a row per criterion and part with its status, evidence and
answers; manual answers, investigator overrides, and the lifecycle up to enrolment.

Every rule (who may answer, override, sign; which status follows which) is the core's: this view
asks the repository and shows its refusals."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QInputDialog, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from coordinator.problems import Refusal
from coordinator.records.trial_ids import file_stem
from coordinator.screening.eligibility import Checklist, ReadingChoice, Verdict
from coordinator.signing.esign import Meaning
from coordinator.records.record import Patient
from coordinator.reports import failure_reasons, short_text
from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import LOCKED, Permission, Status, require
from db.accounts import confirm_signature_password
from db.readings import AdoptedReadings, adopted_readings
from db.screenings import Enrolment, ScreeningRepository, ScreeningView
from ui.window.background import BackgroundTask, run_in_background
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import write
from ui.window.page_base import Page
from ui.window.core_text import report_language, tr_core, translation_html, with_translation
from ui.window.screening.dialogs import (REFUSAL_STYLE, ActionDialog, EnrolDialog, NoteDialog, SignatureDialog,
    date_edit, to_date)
from ui.window.screening.pdf_export import checklist_pdf, export_checklist
from ui.window.screening.readings_box import ReadingsBox, readings_html
from ui.window.screening.checklist_model import MARKS, PASSES, ChecklistModel, ChecklistRow, answer_text, evidence_text
from ui.window.toolkit.printing import print_document
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.tables import WrappingTable, translate


AMENDMENT_WORDS = {"added": QT_TRANSLATE_NOOP("TrialTable", "added"), "removed": QT_TRANSLATE_NOOP("TrialTable", "removed"),
                   "reworded": QT_TRANSLATE_NOOP("TrialTable", "reworded"),
                   "rule changed": QT_TRANSLATE_NOOP("TrialTable", "rule changed"),
                   "kind changed": QT_TRANSLATE_NOOP("TrialTable", "kind changed")}

class ScreeningPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.view: ScreeningView | None = None
        self.checklist: Checklist | None = None
        self.patient: Patient | None = None
        self.adopted: dict[str, ReadingChoice] = {}
        self.dialog: ActionDialog | None = None
        self._shown_id: str | None = None
        self.status_words = {Status.IN_PROGRESS: self.tr("In progress"),
                             Status.READY_FOR_REVIEW: self.tr("Ready for review"),
                             Status.SIGNED: self.tr("Signed"), Status.ENROLLED: self.tr("Enrolled"),
                             Status.SCREEN_FAILURE: self.tr("Screen failure")}

        target = self._build_chooser()
        self._build_heading()
        start_row = self._build_start_row()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setAccessibleName(self.tr("Verdict"))
        splitter = self._build_checklist()
        lifecycle, documents = self._build_actions()

        layout = QVBoxLayout(self)
        layout.addLayout(target)
        layout.addWidget(self.heading)
        layout.addWidget(self.stale_label)
        layout.addLayout(self._build_amendment_row())
        layout.addLayout(start_row)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(lifecycle)
        layout.addLayout(documents)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.load)
        self._show(None, None, None)

    def _build_chooser(self) -> QHBoxLayout:
        """Which patient and trial, and the button that opens the checklist."""
        self.patient_field = QLineEdit()
        self.patient_field.setPlaceholderText(self.tr("Registry or record no."))
        self.patient_field.setAccessibleName(self.tr("Patient"))
        self.patient_field.returnPressed.connect(self.load)
        self.trial_box = QComboBox()
        self.trial_box.setAccessibleName(self.tr("Trial"))
        self.trial_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trial_box.setMinimumContentsLength(16)
        for trial in self.context.trials:
            self.trial_box.addItem(f"{trial.trial_id} · {tr_core(trial.short_name)}", trial.trial_id)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setAccessibleName(self.tr("Open checklist"))
        self.open_button.clicked.connect(self.load)
        target = QHBoxLayout()
        for label, widget in ((self.tr("Patient:"), self.patient_field), (self.tr("Trial:"), self.trial_box)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            target.addWidget(caption)
            target.addWidget(widget, 1)
        target.addWidget(self.open_button)
        return target

    def _build_heading(self) -> None:
        """The screening shown, and the warning when its data changed after signing."""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setAccessibleName(self.tr("Screening"))
        self.stale_label = QLabel()
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("background:#ffe2b8; color:#6b3300; padding:4px; font-weight:bold")
        self.stale_label.setAccessibleName(self.tr("Stale screening"))
        self.stale_label.hide()

    def _build_start_row(self) -> QHBoxLayout:
        """The day of a new screening and the button that starts it."""
        self.start_date = date_edit(dt.date.today())
        self.start_date.setAccessibleName(self.tr("Screening date"))
        self.start_date.dateChanged.connect(self._date_changed)
        self.start_button = QPushButton(self.tr("&Start screening"))
        self.start_button.setAccessibleName(self.tr("Start screening"))
        self.start_button.clicked.connect(self.start)
        start_row = QHBoxLayout()
        date_label = QLabel(self.tr("Screening &date:"))
        date_label.setBuddy(self.start_date)
        start_row.addWidget(date_label)
        start_row.addWidget(self.start_date)
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)
        return start_row

    def _build_checklist(self) -> QSplitter:
        """The checklist above, the selected criterion and the decisions on it below."""
        self.model = ChecklistModel(self)
        self.table = WrappingTable(self.model, self.tr("Checklist"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Selected criterion"))

        decisions = self._build_decisions()

        lower = QSplitter()
        lower.addWidget(self.detail)
        lower.addWidget(decisions)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([600, 400])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 200])
        return splitter

    def _build_decisions(self) -> QWidget:
        """A manual answer and an investigator override for the selected criterion."""
        self.answer_group, self.answer_choice, self.answer_note, self.answer_button, self.answer_hint = \
            self._decision_box(self.tr("Manual answer"), self.tr("Note"), self.tr("&Record answer"),
                               self.record_answer)
        self.override_group, self.override_choice, self.override_reason, self.override_button, \
            self.override_hint = self._decision_box(self.tr("Override (investigator)"), self.tr("Reason (required)"),
                                                    self.tr("O&verride"), self.record_override)
        self.readings_box = ReadingsBox()
        self.readings_box.choose.connect(self.choose_reading)
        self.readings_box.adopt.connect(self.adopt_reading)
        self.readings_box.withdraw.connect(self.withdraw_reading)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.setAccessibleName(self.tr("Message"))
        # one tab per kind of decision: three boxes stacked do not fit beside the detail on a 1366x768 screen
        self.decision_tabs = QTabWidget()
        self.decision_tabs.setAccessibleName(self.tr("Decisions"))
        for box in (self.readings_box, self.answer_group, self.override_group):
            box.setFlat(True)
            self.decision_tabs.addTab(box, box.title())
            box.setTitle("")  # the tab says it
        decisions = QWidget()
        decisions_layout = QVBoxLayout(decisions)
        decisions_layout.setContentsMargins(0, 0, 0, 0)
        decisions_layout.addWidget(self.decision_tabs)
        decisions_layout.addWidget(self.message)
        decisions_layout.addStretch(1)
        return decisions

    def _build_actions(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The lifecycle steps, and the PDF export and printing."""
        self.submit_button = self._button(self.tr("Su&bmit for review…"), self.submit)
        self.send_back_button = self._button(self.tr("Send &back…"), self.send_back)
        self.sign_button = self._button(self.tr("S&ign as investigator…"), self.sign)
        self.enrol_button = self._button(self.tr("&Enrol…"), self.enrol)
        self.fail_button = self._button(self.tr("Screen &failure…"), self.screen_failure)
        self.export_button = self._button(self.tr("E&xport PDF…"), lambda: self.choose_export(False))
        self.export_signed_button = self._button(self.tr("Export si&gned PDF…"), lambda: self.choose_export(True))
        self.export_signed_button.setToolTip(self.tr("The PDF with your PDF signature over your signature block"))
        self.print_button = self._button(self.tr("&Print…"), self.print_checklist)
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.pdf_task: BackgroundTask | None = None
        self.print_dialog: QPrintDialog | None = None
        self.pdf_status = QLabel()
        self.pdf_status.setWordWrap(True)
        self.pdf_status.setAccessibleName(self.tr("PDF status"))
        lifecycle = QHBoxLayout()
        for button in (self.submit_button, self.send_back_button, self.sign_button, self.enrol_button,
                       self.fail_button):
            lifecycle.addWidget(button)
        lifecycle.addStretch(1)
        self.lifecycle = lifecycle
        documents = QHBoxLayout()
        documents.addWidget(self.pdf_status, 1)
        for button in (self.export_button, self.export_signed_button, self.print_button):
            documents.addWidget(button)
        return lifecycle, documents

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _decision_box(self, title: str, note_label: str, button_text: str, slot):
        group = QGroupBox(title)
        group.setAccessibleName(title)
        yes, no = QRadioButton(self.tr("Yes")), QRadioButton(self.tr("No"))
        yes.setAccessibleName(title + ": " + self.tr("yes"))
        no.setAccessibleName(title + ": " + self.tr("no"))
        choice = QButtonGroup(group)
        choice.addButton(yes)
        choice.addButton(no)
        yes.setProperty("answer", Answer.YES.value)
        no.setProperty("answer", Answer.NO.value)
        note = QLineEdit()
        note.setPlaceholderText(note_label)
        note.setAccessibleName(title + ": " + note_label)
        button = QPushButton(button_text)
        button.setAccessibleName(button_text.replace("&", ""))
        button.clicked.connect(slot)
        hint = QLabel()
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555")
        row = QHBoxLayout()
        row.addWidget(yes)
        row.addWidget(no)
        row.addWidget(note, 1)
        row.addWidget(button)
        box = QVBoxLayout(group)
        box.addLayout(row)
        box.addWidget(hint)
        return group, choice, note, button, hint

    # -- opening -------------------------------------------------------------------------------
    @property
    def patient_ref(self) -> str:
        return self.patient_field.text().strip()

    @property
    def trial_id(self) -> str:
        return self.trial_box.currentData()

    def open_checklist(self, registry_no: str, trial_id: str) -> None:
        self.patient_field.setText(registry_no)
        index = self.trial_box.findData(trial_id)
        if index < 0:
            self._refuse(self.tr("Unknown trial {0}").format(trial_id))
            return
        self.trial_box.setCurrentIndex(index)
        self.load()

    def load(self) -> None:
        """The latest screening of the patient for the trial, else a preview on the chosen date."""
        self.message.clear()
        if not self.patient_ref:
            self._show(None, None, None)
            return
        try:
            require(self.context.actor, Permission.READ)
            with self.context.registry.reading() as session:
                screenings = ScreeningRepository(session, self.context.actor)
                patient = screenings.patients.require(self.patient_ref)
                view = screenings.latest(patient.registry_no, self.trial_id)
                checklist = view.checklist if view else screenings.preview(patient, self.trial_id, self._date())
                self.adopted = adopted_readings(session, self.trial_id)
        except Refusal as error:
            self._show(None, None, None)
            self._refuse(str(error))
            return
        self._show(patient, view, checklist)

    def _date(self) -> dt.date:
        return to_date(self.start_date.date())

    def _date_changed(self) -> None:
        if self.patient is not None and self.view is None:
            self.load()  # the preview follows the date

    def data_changed(self, changes: Changes) -> None:
        if self.patient is not None:
            self.load()

    # -- showing -------------------------------------------------------------------------------
    def _show(self, patient: Patient | None, view: ScreeningView | None, checklist: Checklist | None) -> None:
        selected = self.selected_row()
        self.patient, self.view, self.checklist = patient, view, checklist
        self.model.set_checklist(checklist)
        self.heading.setText(self._heading_html())
        self.stale_label.setVisible(bool(view and view.stale))
        self.stale_label.setText(self.tr(
            "⚠ Stale: the patient's data changed after this screening was signed. The checklist shown is the one "
            "signed; start a new screening to screen the current data."))
        amendment = view.amendment if view is not None else None
        self.amendment_label.setVisible(amendment is not None)
        self.review_amendment_button.setVisible(amendment is not None and self.context.may(Permission.SCREEN))
        if amendment is not None:
            self.amendment_label.setText(self.tr(
                "⚠ Protocol amended: review. This screening began on {0}; the trial is now {1}. Changed: {2}. "
                "It cannot be submitted or signed until the review is recorded.").format(
                amendment.from_version, amendment.to_version, self._changes_text(amendment)))
        self._show_banner()
        if checklist is not None and checklist.criteria:
            try:
                row = self.model.row_of_item(selected.id) if selected else 0
            except KeyError:
                row = 0
            self.table.selectRow(row)
        self._row_changed()

    def _build_amendment_row(self) -> QHBoxLayout:
        self.amendment_label = QLabel()
        self.amendment_label.setWordWrap(True)
        self.amendment_label.setStyleSheet("background:#ffe2b8; color:#6b3300; padding:4px; font-weight:bold")
        self.amendment_label.setAccessibleName(self.tr("Protocol amended"))
        self.amendment_label.hide()
        self.review_amendment_button = QPushButton(self.tr("Record the &review..."))
        self.review_amendment_button.clicked.connect(self.ask_review_amendment)
        self.review_amendment_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.amendment_label, 1)
        row.addWidget(self.review_amendment_button)
        return row

    def _changes_text(self, amendment) -> str:
        if amendment.changes is None:
            return self.tr("the earlier definition was not kept: compare the criteria with the protocol")
        words = {str(kind): translate(word) for kind, word in AMENDMENT_WORDS.items()}
        return "; ".join(f"{c.criterion_id} ({', '.join(words[str(k)] for k in c.changes)})" for c in amendment.changes)

    def review_amendment(self, note: str) -> bool:
        return self._write(lambda r: r.review_amendment(self.view.id, note), self.tr("Amendment review recorded"))

    def ask_review_amendment(self) -> None:
        note, ok = QInputDialog.getText(self, self.tr("Record the review of the amendment"), self.tr(
            "What was reviewed (e.g. I1 widened to 75 years: still met)?"))
        if ok:
            self.review_amendment(note)

    def _heading_html(self) -> str:
        if self.patient is None:
            return self.tr("Choose a patient and a trial, or open a pre-screen cell or a patient's screening.")
        patient = self.patient
        born = self.tr("born {0}").format(patient.birth_date.isoformat())  # outside the f-string: lupdate reads it
        who = f"<b>{escape(patient.registry_no)}</b> {escape(patient.name)} ({escape(patient.initials)}) · " \
              f"{escape(patient.sex)} · {escape(born)}"
        trial = self.context.trial(self.trial_id)
        what = f"<b>{escape(trial.trial_id)}</b> {escape(tr_core(trial.short_name))} ({escape(trial.protocol_version)})"
        view = self.view
        if view is None:
            state = self.tr("No screening yet: a preview on {0}, not saved.").format(self._date().isoformat())
        else:
            state = self.tr("Screening {0} · {1} · screening date {2}").format(
                view.label, self.status_words[view.status], view.on.isoformat())
            if view.enrolment:
                state += " · " + self.tr("enrolled {0} as {1}, arm {2}").format(
                    view.enrolment.date.isoformat(), view.enrolment.subject_no, view.enrolment.arm)
            if view.outcome_note:
                state += " · " + self.tr("note: {0}").format(view.outcome_note)
        lines = [who + " — " + what, f"<b>{escape(state)}</b>"]
        for signature in view.signatures if view else ():
            colour = "#0b5d1e" if signature.matches else "#8a0010"
            lines.append(f"<span style='color:{colour}'>✍ {escape(signature.describe())}</span>")
        return "<br>".join(lines)

    def _show_banner(self) -> None:
        checklist = self.checklist
        if checklist is None:
            self.banner.clear()
            self.banner.setStyleSheet("")
            return
        verdict = checklist.verdict
        if verdict == Verdict.ELIGIBLE:
            mark, text = MARKS[PASSES], self.tr("Eligible: every inclusion criterion is met and no exclusion "
                                                "criterion applies.")
        elif verdict == Verdict.INELIGIBLE:
            mark = MARKS["fails"]
            reasons = "; ".join(f"{cid} ({text})" for cid, text in failure_reasons(checklist))
            text = self.tr("Ineligible: fails {0}").format(reasons)
        else:
            mark = MARKS[Answer.UNKNOWN]
            by_id = {r.id: r for r in checklist.criteria}
            open_items = "; ".join(
                f"{cid} ({short_text(tr_core(by_id[cid].missing[0]), 70)})" if by_id[cid].missing else cid
                for cid in checklist.open)
            text = self.tr("Incomplete: {0} open — {1}").format(len(checklist.open), open_items)
        symbol, _, colours = mark
        self.banner.setStyleSheet(f"background:{colours.background}; color:{colours.foreground}; padding:6px; "
                                  f"border:1px solid {colours.foreground}")
        self.banner.setText(f"<b>{escape(symbol)} {escape(text)}</b>")

    def selected_row(self) -> ChecklistRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_criterion(self, criterion_id: str) -> None:
        self.table.selectRow(self.model.row_of(criterion_id))

    def _row_changed(self) -> None:
        row = self.selected_row()
        if row is None or self._shown_id != row.id:  # a choice made for one criterion never carries over
            self._shown_id = row.id if row else None
            for choice in (self.answer_choice, self.override_choice):
                _clear(choice)
            self._update_controls(row)
            self._show_relevant_tab(row)
        else:
            self._update_controls(row)
        self.detail.setHtml(self._detail_html(row) if row else "")

    def _show_relevant_tab(self, row: ChecklistRow | None) -> None:
        """The decision the selected item most likely needs: a reading when its readings are
        unresolved, a manual answer when the data left it open, else an override."""
        item = row.item if row else None
        if item is not None and item.readings and item.resolved_by is None:
            self.decision_tabs.setCurrentWidget(self.readings_box)
        elif row is not None and row.result.auto in (Answer.UNKNOWN, Answer.NEEDS_REVIEW):
            self.decision_tabs.setCurrentWidget(self.answer_group)
        else:
            self.decision_tabs.setCurrentWidget(self.override_group)

    def _detail_html(self, row: ChecklistRow) -> str:
        result = row.result
        text = row.part.text if row.part else result.text
        html = [f"<p><b>{escape(row.id)}</b> — {escape(text)}</p>", translation_html(text)]
        if row.part is None and result.parts:
            html.append("<ul>" + "".join(f"<li><b>{escape(p.id)}</b> {escape(answer_text(p.answer))}: "
                                         f"{escape(with_translation(p.text, ' · '))}</li>" for p in result.parts)
                        + "</ul>")
        html.append(readings_html(row.item))
        evidence = evidence_text(row._replace(reading=None))
        if evidence:
            heading = self.tr("Evidence")  # marked outside the f-string, where lupdate reads it
            html.append(f"<p><b>{escape(heading)}</b></p>"
                        f"<p style='white-space:pre-wrap'>{escape(evidence)}</p>")
        if result.ambiguous:
            heading = self.tr("Ambiguous text")
            html.append(f"<p style='background:#fff3d6;color:#7a4100'><b>{escape(heading)}:"
                        f"</b> {escape(tr_core(result.ambiguous))}</p>")
        for decisions, label in ((self.checklist.manual, self.tr("Manual answer")),
                                 (self.checklist.overrides, self.tr("Override"))):
            decision = decisions.get(result.id) if row.part is None else None
            if decision:
                when = decision.at.strftime("%Y-%m-%d %H:%M UTC") if decision.at else ""
                html.append(f"<p><b>{escape(label)}</b>: {escape(answer_text(decision.answer))} · "
                            f"{escape(decision.by)} · {escape(when)}<br>{escape(decision.note)}</p>")
        return "".join(html)

    def _update_controls(self, row: ChecklistRow | None) -> None:
        may, view = self.context.may, self.view
        status = view.status if view else None
        open_screening = view is not None and status not in LOCKED
        criterion = row is not None and row.part is None and row.reading is None
        item = row.item if row else None
        self.readings_box.show_item(item, may_choose=may(Permission.CHOOSE_READING),
                                    open_screening=open_screening, adopted=row is not None and row.id in self.adopted)
        self.decision_tabs.setTabEnabled(self.decision_tabs.indexOf(self.readings_box),
                                         item is not None and bool(item.readings))
        self.start_button.setEnabled(self.patient is not None and may(Permission.SCREEN)
                                     and (view is None or status in LOCKED))
        self.start_button.setText(self.tr("&Start screening") if view is None else self.tr("&Start a new screening"))
        self.start_date.setEnabled(self.patient is not None and (view is None or status in LOCKED))

        if not open_screening:
            answer_hint = override_hint = (self.tr("Start a screening to record answers.") if view is None
                                           else self.tr("The screening is {0} and locked.").format(
                                               self.status_words[status]))
        elif not criterion:
            answer_hint = override_hint = self.tr("Select a criterion (answers are given per criterion).")
        else:
            answer_hint = "" if row.result.auto in (Answer.UNKNOWN, Answer.NEEDS_REVIEW) else \
                self.tr("{0} was answered from the data; only an investigator's override changes it.").format(
                    row.result.id)
            override_hint = ""
        if open_screening and not may(Permission.ANSWER):
            answer_hint = self.tr("Your role does not record answers.")
        if open_screening and not may(Permission.OVERRIDE):
            override_hint = self.tr("Only an investigator may override a criterion.")
        self.answer_hint.setText(answer_hint)
        self.override_hint.setText(override_hint)
        for widget in (self.answer_note, self.answer_button, *self.answer_choice.buttons()):
            widget.setEnabled(not answer_hint)
        for widget in (self.override_reason, self.override_button, *self.override_choice.buttons()):
            widget.setEnabled(not override_hint)

        self.submit_button.setEnabled(status == Status.IN_PROGRESS and may(Permission.SCREEN))
        self.send_back_button.setEnabled(status == Status.READY_FOR_REVIEW and may(Permission.SCREEN))
        self.sign_button.setEnabled(status == Status.READY_FOR_REVIEW and may(Permission.SIGN))
        eligible = self.checklist is not None and self.checklist.verdict == Verdict.ELIGIBLE
        self.enrol_button.setEnabled(status == Status.SIGNED and may(Permission.ENROL) and eligible)
        self.fail_button.setEnabled(status == Status.SIGNED and may(Permission.ENROL))
        idle = view is not None and self.pdf_task is None
        self.export_button.setEnabled(idle)
        self.print_button.setEnabled(idle)
        self.export_signed_button.setEnabled(idle and any(s.username == self.context.actor.name
                                                          for s in view.signatures))

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.context.status_message.emit(text)

    # -- writing -------------------------------------------------------------------------------
    def _write(self, change, done: str) -> bool:
        """Run `change(repository)` in one transaction; show a refusal, or reload and tell the others."""
        self.message.clear()
        try:
            write(self.context, Change.SCREENINGS,
                  lambda session: change(ScreeningRepository(session, self.context.actor)), by=self)
        except Refusal as error:
            self._refuse(str(error))
            return False
        self.load()
        self.context.status_message.emit(done)
        return True

    def start(self) -> bool:
        on = self._date()
        return self._write(lambda r: r.start(self.patient.registry_no, self.trial_id, on),
                           self.tr("Screening started"))

    def _decision(self, choice: QButtonGroup) -> tuple[str, Answer] | None:
        row = self.selected_row()
        if self.view is None or row is None or row.part is not None or row.reading is not None:
            self._refuse(self.tr("Select a criterion of a started screening first."))
            return None
        button = choice.checkedButton()
        if button is None:
            self._refuse(self.tr("Choose yes or no."))
            return None
        return row.result.id, Answer(button.property("answer"))

    def record_answer(self) -> bool:
        chosen = self._decision(self.answer_choice)
        if chosen is None:
            return False
        criterion_id, answer = chosen
        note = self.answer_note.text()
        done = self._write(lambda r: r.answer(self.view.id, criterion_id, answer, note),
                           self.tr("Answer recorded for {0}").format(criterion_id))
        if done:
            self.answer_note.clear()
            _clear(self.answer_choice)
        return done

    def record_override(self) -> bool:
        chosen = self._decision(self.override_choice)
        if chosen is None:
            return False
        criterion_id, answer = chosen
        reason = self.override_reason.text()
        done = self._write(lambda r: r.override(self.view.id, criterion_id, answer, reason),
                           self.tr("Override recorded for {0}").format(criterion_id))
        if done:
            self.override_reason.clear()
            _clear(self.override_choice)
        return done

    def choose_reading(self, item_id: str, reading_id: str, note: str) -> bool:
        if self.view is None:
            self._refuse(self.tr("Start a screening to choose a reading for it."))
            return False
        done = self._write(lambda r: r.choose_reading(self.view.id, item_id, reading_id, note),
                           self.tr("Reading {0} chosen for {1}").format(reading_id, item_id))
        if done:
            self.readings_box.note.clear()
        return done

    def _adoption_dialog(self, title: str, explanation: str, act) -> ActionDialog:
        actor, definition = self.context.actor, self.context.trial(self.trial_id)

        def action(dialog: NoteDialog):
            return write(self.context, Change.SCREENINGS,
                         lambda session: act(AdoptedReadings(session, actor), definition, dialog.note.text()), by=self)

        return self._open_dialog(NoteDialog(title, explanation, self.tr("Reason (required)"), action, self))

    def adopt_reading(self, item_id: str, reading_id: str) -> ActionDialog:
        return self._adoption_dialog(
            self.tr("Adopt a reading for the trial"),
            self.tr("Every screening of {0} at this site takes the reading {1} of {2}, unless its investigator "
                    "chooses another; the reason is printed on every checklist that uses it. Signed screenings "
                    "keep what they were signed with.").format(self.trial_id, reading_id, item_id),
            lambda adoptions, definition, reason: adoptions.adopt(definition, item_id, reading_id, reason))

    def withdraw_reading(self, item_id: str) -> ActionDialog:
        return self._adoption_dialog(
            self.tr("Withdraw the adopted reading"),
            self.tr("Screenings of {0} will again ask the investigator to choose a reading of {1} when its readings "
                    "disagree.").format(self.trial_id, item_id),
            lambda adoptions, definition, reason: adoptions.withdraw(definition, item_id, reason))

    def _open_dialog(self, dialog: ActionDialog) -> ActionDialog:
        self.dialog = dialog
        dialog.accepted.connect(self._dialog_done)
        dialog.open()  # not exec(): the window stays alive and tests can fill it in
        return dialog

    def _dialog_done(self) -> None:
        self.load()  # the dialog's write told the other views

    def _signed(self, meaning: Meaning, method: str):
        """The action of a signature dialog: the password checked (a refusal audited on its own),
        then the move and its signature in one transaction."""
        screening_id, registry, actor = self.view.id, self.context.registry, self.context.actor

        def act(dialog: SignatureDialog):
            password = dialog.password.text()
            confirm_signature_password(registry, actor, password, str(meaning))
            return write(self.context, Change.SCREENINGS, lambda session: getattr(
                ScreeningRepository(session, actor), method)(screening_id, password), by=self)

        return act

    def _signer(self) -> str:
        return str(self.context.actor)

    def submit(self) -> ActionDialog:
        return self._open_dialog(SignatureDialog(
            str(Meaning.PREPARED), self._signer(), self.view.label, self._signed(Meaning.PREPARED, "submit"), self))

    def sign(self) -> ActionDialog:
        return self._open_dialog(SignatureDialog(
            str(Meaning.ELIGIBILITY_CONFIRMED), self._signer(), self.view.label,
            self._signed(Meaning.ELIGIBILITY_CONFIRMED, "sign"), self))

    def _move(self, target: Status, **details):
        screening_id, actor = self.view.id, self.context.actor
        what = Change.SCREENINGS | (Change.ON_STUDY if target is Status.ENROLLED else Change.NOTHING)

        def act(dialog: ActionDialog):
            values = {name: value(dialog) for name, value in details.items()}
            return write(self.context, what, lambda session: ScreeningRepository(session, actor).move(
                screening_id, target, **values), by=self)

        return act

    def send_back(self) -> ActionDialog:
        return self._open_dialog(NoteDialog(
            self.tr("Send back"), self.tr("Send {0} back to the coordinator for more work.").format(self.view.label),
            self.tr("Why"), self._move(Status.IN_PROGRESS, note=lambda d: d.note.text().strip() or None), self))

    def enrol(self) -> ActionDialog:
        return self._open_dialog(EnrolDialog(
            self.context.trial(self.trial_id), self.view.label,
            self._move(Status.ENROLLED, enrolment=lambda d: Enrolment(d.enrolment_date, d.subject_no.text(),
                                                                      d.arm_id)), self))

    def screen_failure(self) -> ActionDialog:
        return self._open_dialog(NoteDialog(
            self.tr("Screen failure"), self.tr("Record {0} as a screen failure.").format(self.view.label),
            self.tr("Note"), self._move(Status.SCREEN_FAILURE, note=lambda d: d.note.text().strip() or None), self))

    # -- the PDF -------------------------------------------------------------------------------
    def choose_export(self, signed: bool) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export checklist PDF"), f"{file_stem(self.view.label)}.pdf",
                                              self.tr("PDF documents (*.pdf)"))
        if name:
            self.export_pdf(Path(name), signed)

    def export_pdf(self, path: Path, signed: bool = False) -> ActionDialog | BackgroundTask:
        """Write the checklist PDF in the background; signed, after the password is entered again
        (checked and a refusal audited on its own, as for every signature)."""
        if not signed:
            return self._export(path, None)
        registry, actor, label = self.context.registry, self.context.actor, self.view.label
        purpose = f"PDF signature: the checklist {label}"

        def check(dialog: SignatureDialog) -> str:
            password = dialog.password.text()
            confirm_signature_password(registry, actor, password, purpose, refusal="signature.refused",
                                       outcome="not signed")
            return password

        dialog = SignatureDialog(self.tr("PDF signature"), self._signer(), label, check, self)
        dialog.accepted.connect(lambda: self._export(path, dialog.result_value))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _start_pdf(self, work, on_done, what: str) -> BackgroundTask:
        self.pdf_status.setText(what)
        self.pdf_task = run_in_background(lambda report: work(), owner=self,
                                          on_done=lambda result: self._pdf_done(on_done, result),
                                          on_error=self._pdf_failed)
        self._update_controls(self.selected_row())
        return self.pdf_task

    def _pdf_done(self, on_done, result) -> None:
        self.pdf_task = None
        on_done(result)
        self._update_controls(self.selected_row())

    def _pdf_failed(self, message: str) -> None:
        self.pdf_task = None
        self.pdf_status.setText("")
        self._refuse(self.tr("The PDF was not made: {0}").format(message))
        self._update_controls(self.selected_row())

    def _export(self, path: Path, password: str | None) -> BackgroundTask:
        registry, actor, ref, trial_id = self.context.registry, self.context.actor, self.patient.registry_no, self.trial_id

        def done(document) -> None:
            text = self.tr("Checklist PDF written: {0}").format(path)
            if document.signed_as is not None:
                text += " · " + self.tr("signed by {0}").format(document.signed_as.printed_name)
            self.pdf_status.setText(text)
            self.context.status_message.emit(text)

        language = report_language()  # (read here, on the window's thread)
        return self._start_pdf(lambda: export_checklist(registry, actor, ref, trial_id, path, password, language), done,
                               self.tr("Writing the checklist PDF…"))

    def print_checklist(self, printer: QPrinter | None = None) -> BackgroundTask:
        """Build the PDF in the background, then print its pages: on the printer given, or on the
        one chosen in the print dialog."""
        registry, actor, ref, trial_id = self.context.registry, self.context.actor, self.patient.registry_no, self.trial_id

        def built(data: bytes) -> None:
            self.pdf_status.setText("")
            dialog = print_document(self, data, printer, landscape=False, printed=self._printed,
                                    failed=lambda message: self._refuse(self.tr("Not printed: {0}").format(message)))
            self.print_dialog = dialog or self.print_dialog

        language = report_language()
        return self._start_pdf(lambda: checklist_pdf(registry, actor, ref, trial_id, language), built,
                               self.tr("Preparing the checklist for printing…"))

    def _printed(self, pages: int) -> None:
        self.pdf_status.setText(self.tr("Printed %n page(s)", "", pages))
        self.context.status_message.emit(self.pdf_status.text())


def _clear(choice: QButtonGroup) -> None:
    """No button checked (an exclusive group keeps one checked unless told otherwise)."""
    choice.setExclusive(False)
    for button in choice.buttons():
        button.setChecked(False)
    choice.setExclusive(True)
