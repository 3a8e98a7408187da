"""On-study follow-up of one enrolled patient: the timeline chart, then what the protocol
requires as of a chosen day (due actions, alerts, next visits, responses), acknowledging an
action with a note, and recording a dose change or a follow-up result (after which it is all
computed again). The exit-criteria engine computes everything; acknowledgements are shown
beside its output and never change it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QCompleter, QDateEdit, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QPushButton, QSplitter, QTableView,
                               QTabWidget, QTextBrowser, QVBoxLayout)

from coordinator.followup.engine import Action, FollowUp, follow_up
from coordinator.problems import Refusal
from coordinator.screening.workflow import Permission, PermissionDenied, require
from coordinator.followup.timeline import timeline
from coordinator.screening.trial import Trial
from db.acknowledgements import Acknowledgement, AcknowledgementRepository
from db.enrolments import EnrolmentLine, enrolment_lines
from db.patients import PatientRepository
from ui.window.followup.chart import TimelineChart
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import write
from ui.window.page_base import Page
from ui.window.core_text import tr_code, tr_core, translation_html, visit_label, with_translation
from ui.window.followup.words import (ACTION_NAMES, ALERT_KINDS, FOLLOWUP_DAY, RESPONSE_NAMES, STATUS_NAMES, day_text,
    mg_text, word)
from ui.window.toolkit.tables import Column, RowsModel, list_table
from ui.window.toolkit.roles import ROW_ROLE, SORT_ROLE
from ui.window.followup.entry_box import StudyEntryBox

CTX = "FollowUpColumns"  # spelled out in each QT_TRANSLATE_NOOP below: lupdate reads only literal contexts


def _trial(context: AppContext, trial_id: str) -> Trial:
    trials = context.trials
    return trials[trial_id] if isinstance(trials, dict) else next(t for t in trials if t.trial_id == trial_id)


def _ack_text(ack: Acknowledgement | None) -> str:
    if ack is None:
        return ""
    return f"{ack.by} {ack.at:%Y-%m-%d %H:%M}: {ack.note}"


def action_columns(acknowledged: Callable[[Action], Acknowledgement | None]) -> list[Column]:
    """`acknowledged(action)` gives the acknowledgement shown beside an action, if any."""
    return [
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Due"), lambda a: day_text(a.due), lambda a: a.due.isoformat()),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Rule"), lambda a: a.rule),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Action"), lambda a: word(ACTION_NAMES, a.action),
               tip=lambda a: tr_core(a.reason)),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Drug"), lambda a: tr_code(a.drug) if a.drug else ""),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "From mg/d"), lambda a: mg_text(a.from_mg_per_day),
               lambda a: a.from_mg_per_day or 0.0, right=True),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "To mg/d"), lambda a: mg_text(a.to_mg_per_day),
               lambda a: a.to_mg_per_day or 0.0, right=True),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Acknowledged"), lambda a: _ack_text(acknowledged(a))),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Why (engine)"), lambda a: tr_core(a.reason)),
        Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Protocol text"), lambda a: with_translation(a.text)),
    ]


HISTORY_EXTRA = [Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Done"), lambda a: day_text(a.done))]
ALERT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Due"), lambda a: day_text(a.due), lambda a: a.due.isoformat()),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Kind"), lambda a: word(ALERT_KINDS, a.kind)),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Rule"), lambda a: a.rule or ""),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Message"), lambda a: tr_core(a.message)),
]
VISIT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Visit"), lambda v: visit_label(v.visit, v.week)),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Week"), lambda v: f"{v.week:g}", lambda v: v.week, right=True),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Due"), lambda v: day_text(v.due), lambda v: v.due.isoformat()),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Window"), lambda v: f"{v.window_from} – {v.window_to}"),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Labs"), lambda v: ", ".join(v.labs)),
]
RESPONSE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Week"), lambda r: f"{r.week:g}", lambda r: r.week, right=True),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Due"), lambda r: day_text(r.due), lambda r: r.due.isoformat()),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Response"), lambda r: word(RESPONSE_NAMES, r.level) if r.level else "—",
           tip=lambda r: "\n".join(map(tr_core, r.evidence)) or None),
    Column(QT_TRANSLATE_NOOP("FollowUpColumns", "Criteria"), lambda r: tr_core(r.source)),
]


LONG_TEXT_WIDTH = 280  # px: a column of free text starts this wide; the side pane shows it whole


def _table(model: RowsModel, name: str, long_text: tuple[int, ...] = ()) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = list_table(proxy, name)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the engine's order until a header is clicked
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    for column in long_text:  # sized to its contents, one long line would push the rest off-screen
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, LONG_TEXT_WIDTH)
    return view


class FollowUpPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.current: tuple[str, str] | None = None     # (registry no., trial id) shown
        self.result: FollowUp | None = None
        self.acknowledged: dict[str, Acknowledgement] = {}
        self._lines_loaded = False
        self._stale = False
        self._lines: list[EnrolmentLine] = []

        top = self._build_top()

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("Study summary"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()

        self.entry = StudyEntryBox(context)
        self.entry.setVisible(context.may(Permission.EDIT_PATIENTS))  # the core refuses the others anyway
        self.entry.recorded.connect(self._recorded)
        self.as_of.dateChanged.connect(self.entry.set_day)

        self.chart = TimelineChart()
        self._build_lists()
        box = self._build_action_box()

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.tabs)
        lower.addWidget(box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.entry)
        layout.addWidget(self.splitter, 1)
        self._show_result()

    def _build_top(self) -> QHBoxLayout:
        """Which enrolled patient, and the day the follow-up is replayed for."""
        self.picker = QComboBox()
        self.picker.setAccessibleName(self.tr("Enrolled patient and trial"))
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.lineEdit().setPlaceholderText(self.tr("Type a registry number, name or trial"))
        self.picker.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.picker.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(34)
        self.picker.activated.connect(self._picked)

        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName(self.tr("As of date"))
        self.as_of.setToolTip(self.tr("Replay the follow-up as it stood on this day"))
        self.as_of.dateChanged.connect(lambda _: self.reload())
        as_of_label = QLabel(self.tr("&As of:"))
        as_of_label.setBuddy(self.as_of)
        self.today_button = QPushButton(self.tr("&Today"))
        self.today_button.setAccessibleName(self.tr("Show today"))
        self.today_button.clicked.connect(lambda: self.as_of.setDate(QDate.currentDate()))
        self.patient_button = QPushButton(self.tr("&Patient…"))
        self.patient_button.setAccessibleName(self.tr("Open the patient's record"))
        self.patient_button.clicked.connect(
            lambda: self.current and self.context.patient_requested.emit(self.current[0]))
        picker_label = QLabel(self.tr("Pa&tient in study:"))
        picker_label.setBuddy(self.picker)
        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.picker, 1)
        top.addWidget(as_of_label)
        top.addWidget(self.as_of)
        top.addWidget(self.today_button)
        top.addWidget(self.patient_button)
        return top

    def _build_lists(self) -> None:
        """The lists: due actions, alerts, next visits, responses, every step so far, doses."""
        self.actions_model = RowsModel(self, columns=action_columns(lambda a: self.acknowledged.get(a.key)), context=CTX,
                                       align_top=False)
        self.alerts_model = RowsModel(self, columns=ALERT_COLUMNS, context=CTX, align_top=False)
        self.visits_model = RowsModel(self, columns=VISIT_COLUMNS, context=CTX, align_top=False)
        self.responses_model = RowsModel(self, columns=RESPONSE_COLUMNS, context=CTX, align_top=False)
        self.history_model = RowsModel(self, columns=action_columns(lambda a: self.acknowledged.get(a.key))[:7]
                                       + HISTORY_EXTRA, context=CTX, align_top=False)
        self.actions_table = _table(self.actions_model, self.tr("Due actions"), long_text=(6, 7, 8))
        self.alerts_table = _table(self.alerts_model, self.tr("Alerts"))
        self.visits_table = _table(self.visits_model, self.tr("Next visits"))
        self.responses_table = _table(self.responses_model, self.tr("Responses"))
        self.history_table = _table(self.history_model, self.tr("Every step so far"))
        self.doses_text = QPlainTextEdit(readOnly=True)
        self.doses_text.setAccessibleName(self.tr("Doses"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Follow-up lists"))
        for widget in (self.actions_table, self.alerts_table, self.visits_table, self.responses_table,
                       self.history_table, self.doses_text):
            self.tabs.addTab(widget, "")
        for table in (self.actions_table, self.history_table):
            table.selectionModel().currentRowChanged.connect(lambda *_, table=table: self._show_action(table))
        self.tabs.currentChanged.connect(lambda _: self._show_action(self._action_table()))

    def _build_action_box(self) -> QGroupBox:
        """The selected action and its acknowledgement."""
        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("Selected action"))
        self.details.setOpenLinks(False)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Acknowledgement note"))
        self.note.setPlaceholderText(self.tr("What was done or decided (required)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.ack_button = QPushButton(self.tr("A&cknowledge"))
        self.ack_button.setAccessibleName(self.tr("Acknowledge the selected action"))
        self.ack_button.setToolTip(self.tr("Record that the action was seen and dealt with (Ctrl+Return)"))
        self.ack_button.clicked.connect(self.acknowledge)
        QShortcut(QKeySequence("Ctrl+Return"), self.note, activated=self.acknowledge,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.ack_error = QLabel()
        self.ack_error.setWordWrap(True)
        self.ack_error.setStyleSheet("color: #b71c1c;")
        self.ack_error.setAccessibleName(self.tr("Acknowledgement problem"))
        may_ack = self.context.may(Permission.FOLLOW_UP)
        self.note.setEnabled(may_ack)
        if not may_ack:
            self.ack_button.setToolTip(self.tr("Your role may not acknowledge follow-up actions"))
        box = QGroupBox(self.tr("Selected action"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.details, 1)
        box_layout.addWidget(self.note)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.ack_error, 1)
        ack_row.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignTop)
        box_layout.addLayout(ack_row)
        return box

    # -- what is shown ----------------------------------------------------------------------------
    def day(self) -> dt.date:
        return self.as_of.date().toPython()

    def open_followup(self, registry_no: str, trial_id: str) -> None:
        """Show `registry_no`'s follow-up in `trial_id`, as of the date chosen, or the day the view
        that asked was showing (the alerts list sets it on the context)."""
        asked = self.context.property(FOLLOWUP_DAY)
        if isinstance(asked, QDate) and asked.isValid():
            self.context.setProperty(FOLLOWUP_DAY, None)
            self.as_of.blockSignals(True)
            self.as_of.setDate(asked)
            self.as_of.blockSignals(False)
            self.entry.set_day(asked)
        self._load_lines()
        self.current = (registry_no, trial_id)
        self._select_in_picker()
        self.reload()

    def reload(self) -> None:
        """Recompute the follow-up of the patient shown, as of the chosen day."""
        self._stale = False
        self.result, self.acknowledged, series, problem = None, {}, None, None
        shown = (None, None, None)
        if self.current is not None:
            ref, trial_id = self.current
            try:
                require(self.context.actor, Permission.READ)
                definition = _trial(self.context, trial_id)
                with self.context.registry.reading() as session:
                    patient = PatientRepository(session, self.context.actor.name).require(ref)
                    self.result = follow_up(definition, patient, self.day())
                    self.acknowledged = AcknowledgementRepository(session, self.context.actor).for_patient(
                        patient.registry_no, trial_id)
                series = timeline(definition, patient, self.result)
                shown = (ref, definition, patient)
            except StopIteration:
                problem = self.tr("Unknown trial {0}").format(trial_id)
            except Refusal as error:
                problem = str(error)
        self.entry.show_patient(*shown)
        self._show_result(series, problem)

    def _show_result(self, series=None, problem: str | None = None) -> None:
        result = self.result
        self.message.setText(problem or "")
        self.message.setVisible(bool(problem))
        self.chart.show_timeline(series)
        self.actions_model.set_rows(result.actions if result else [])
        self.alerts_model.set_rows(result.alerts if result else [])
        self.visits_model.set_rows(result.next_visits if result else [])
        self.responses_model.set_rows(result.responses if result else [])
        self.history_model.set_rows(result.history if result else [])
        self.doses_text.setPlainText(self._doses(result) if result else "")
        counts = [self.tr("Due actions ({0})").format(self.actions_model.rowCount()),
                  self.tr("Alerts ({0})").format(self.alerts_model.rowCount()),
                  self.tr("Next visits ({0})").format(self.visits_model.rowCount()),
                  self.tr("Responses"), self.tr("History ({0})").format(self.history_model.rowCount()),
                  self.tr("Doses")]
        for number, text in enumerate(counts):
            self.tabs.setTabText(number, text)
        self.summary.setText(self._summary(result) if result else
                             self.tr("Choose an enrolled patient above, or open one from the alerts list."))
        self.patient_button.setEnabled(self.current is not None)
        if result and result.alerts and not result.actions:
            self.tabs.setCurrentWidget(self.alerts_table)
        self._show_action(self._action_table())

    def _summary(self, result: FollowUp) -> str:
        line = self._line_for(result.patient_ref, result.trial_id)
        parts = [f"<b>{result.patient_ref}</b>" + (f" {line.name}" if line else ""),
                 result.trial_id, self.tr("arm {0}").format(result.arm)]
        if line:
            parts.append(self.tr("subject {0}, randomised {1}").format(line.subject_no, line.enrolled_on))
        parts.append(word(STATUS_NAMES, str(result.status)))
        if result.baseline_egfr is not None:
            parts.append(self.tr("baseline eGFR {0:g} on {1}").format(result.baseline_egfr, result.baseline_date))
        else:
            parts.append(self.tr("no baseline eGFR"))
        parts += [self.tr("{0} {1:g} mg/d now").format(tr_code(drug), mg) for drug, mg in result.doses.items()]
        return " · ".join(parts)

    def _doses(self, result: FollowUp) -> str:
        lines = [self.tr("Recorded dose in force on {0}:").format(result.on)]
        lines += [f"  {tr_code(drug)}: {mg:g} mg/d" for drug, mg in result.doses.items()] or [self.tr("  none recorded")]
        if result.dose_plan is not None:
            lines += ["", self.tr("The protocol's doses for this patient:"), tr_core(result.dose_plan.describe())]
        return "\n".join(lines)

    # -- actions and acknowledgements -------------------------------------------------------------
    def _action_table(self) -> QTableView | None:
        widget = self.tabs.currentWidget()
        return widget if widget in (self.actions_table, self.history_table) else None

    def selected_action(self) -> Action | None:
        table = self._action_table()
        if table is None:
            return None
        index = table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_action(self, row: int) -> None:
        """Select the `row`th due action as listed (for the keyboard and the tests)."""
        self.tabs.setCurrentWidget(self.actions_table)
        self.actions_table.setCurrentIndex(self.actions_table.model().index(row, 0))

    def _show_action(self, table: QTableView | None) -> None:
        action = self.selected_action() if table is not None else None
        self.entry.prefill_from(action)
        self.ack_error.clear()
        self.ack_button.setEnabled(action is not None and self.context.may(Permission.FOLLOW_UP))
        if action is None:
            self.details.setPlainText(self.tr("Select a due action to read its protocol text and acknowledge it."))
            return
        ack = self.acknowledged.get(action.key)
        html = [f"<p><b>{action.rule} · {word(ACTION_NAMES, action.action)}</b> · "
                + self.tr("due {0}").format(action.due) + "</p>",
                f"<p>{_escape(tr_core(action.reason))}</p>",
                "<p><i>" + self.tr("Protocol:") + f"</i> {_escape(action.text)}</p>", translation_html(action.text)]
        if action.ambiguous:
            html.append("<p><i>" + self.tr("How TrialDesk reads it:") + f"</i> {_escape(tr_core(action.ambiguous))}</p>")
        if action.done:
            html.append("<p>" + self.tr("Done on {0} according to the records.").format(action.done) + "</p>")
        if ack:
            html.append("<p><b>" + self.tr("Acknowledged") + f"</b> {_escape(_ack_text(ack))}</p>")
        self.details.setHtml("".join(html))

    def acknowledge(self) -> bool:
        """Acknowledge the selected action with the note typed; the core refuses a blank note,
        an action it did not raise, or a role that may not (shown next to the note)."""
        action = self.selected_action()
        if action is None or self.current is None:
            return False
        ref, trial_id = self.current
        try:
            note, day = self.note.toPlainText(), self.day()
            write(self.context, Change.ON_STUDY, lambda session: AcknowledgementRepository(
                session, self.context.actor).acknowledge(ref, trial_id, action.key, note, on=day), by=self)
        except Refusal as error:
            self.ack_error.setText(str(error))
            self.note.setFocus()
            return False
        self.note.clear()
        self._lines_loaded = False
        self.reload()
        self._reselect(action)
        self.context.status_message.emit(self.tr("Acknowledged {0}").format(action.key))
        return True

    def _recorded(self, message: str) -> None:
        """A dose or result was saved (and the other views told): compute the follow-up again."""
        self._lines_loaded = False  # an exit takes the patient off the list when it is next shown
        self.reload()
        self.context.status_message.emit(message)

    def _reselect(self, action: Action) -> None:
        table = self._action_table() or self.actions_table
        model = table.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(ROW_ROLE).key == action.key:
                table.setCurrentIndex(model.index(row, 0))
                return

    # -- the picker -------------------------------------------------------------------------------
    def _load_lines(self) -> None:
        if self._lines_loaded:
            return
        self._lines_loaded = True
        try:
            with self.context.registry.reading() as session:
                self._lines = enrolment_lines(session, self.context.actor)
        except PermissionDenied as error:
            self._lines = []
            self.message.setText(str(error))
            self.message.show()
        self.picker.blockSignals(True)
        self.picker.clear()
        for line in self._lines:
            self.picker.addItem(f"{line.registry_no}  {line.name} — {line.trial_id} · {line.arm} · {line.subject_no}",
                                _key(line.registry_no, line.trial_id))
        self.picker.setCurrentIndex(-1)
        self.picker.blockSignals(False)
        self._select_in_picker()

    def _line_for(self, ref: str, trial_id: str) -> EnrolmentLine | None:
        return next((l for l in self._lines if (l.registry_no, l.trial_id) == (ref, trial_id)), None)

    def _select_in_picker(self) -> None:
        index = self.picker.findData(_key(*self.current)) if self.current else -1
        self.picker.blockSignals(True)
        self.picker.setCurrentIndex(index)
        if index < 0 and self.current:
            self.picker.setEditText(" · ".join(self.current))
        self.picker.blockSignals(False)

    def _picked(self, index: int) -> None:
        data = self.picker.itemData(index)
        if data and tuple(data.split("\t")) != self.current:
            self.current = tuple(data.split("\t"))
            self.reload()

    def data_changed(self, changes: Changes) -> None:
        self._lines_loaded = False
        if self.isVisible():
            self._load_lines()
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._load_lines()
        if self._stale:
            self.reload()


def _key(registry_no: str, trial_id: str) -> str:
    return f"{registry_no}\t{trial_id}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
