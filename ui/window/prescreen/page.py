"""Pre-screening: every patient against every trial on a date, as a matrix of verdicts computed in
the background; filtered by verdict, trial and text; a cell opens that patient's checklist."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout)

from coordinator.screening.eligibility import Verdict
from coordinator.screening.eligibility import DATA, QUESTION, READINGS
from coordinator.gc_pause import cyclic_gc_paused
from coordinator.screening.prescreen import PrescreenResult, next_step, prescreen, summarise
from coordinator.screening.reads import screening_reads
from coordinator.records.record import Patient
from coordinator.screening.workflow import Permission, require
from db.patients import PatientRepository
from db.readings import adopted_readings
from ui.window.core_text import tr_core
from ui.window.background import BackgroundTask, run_in_background
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.prescreen.model import PATIENT_COLUMNS, VERDICT_WORDS, PrescreenFilter, PrescreenModel, matrix_rows
from ui.window.screening.dialogs import date_edit, to_date
from ui.window.toolkit.tables import translate

PROGRESS_EVERY = 25  # patients between progress reports


class Cancelled(Exception):
    pass


class PrescreenPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.task: BackgroundTask | None = None
        self._stop = threading.Event()
        self._stale = True  # computed when first shown, and again after data changes
        self._rerun = False
        self.results: list[PrescreenResult] = []

        self.on_date = date_edit(dt.date.today())
        self.on_date.setAccessibleName(self.tr("Pre-screen date"))
        self.trial_box = QComboBox()
        self.trial_box.setAccessibleName(self.tr("Trial filter"))
        self.trial_box.addItem(self.tr("All trials"), None)
        for trial in context.trials_in_use:
            self.trial_box.addItem(f"{trial.trial_id} · {tr_core(trial.short_name)}", trial.trial_id)
        self.trial_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trial_box.setMinimumContentsLength(14)
        self.verdict_box = QComboBox()
        self.verdict_box.setAccessibleName(self.tr("Verdict filter"))
        self.verdict_box.addItem(self.tr("Any verdict"), None)
        for verdict in Verdict:
            self.verdict_box.addItem(translate(VERDICT_WORDS[verdict]), verdict.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Registry no. or initials"))
        self.search.setAccessibleName(self.tr("Filter patients"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("EX-0000-00") + 40)
        self.run_button = QPushButton(self.tr("&Run"))
        self.run_button.setAccessibleName(self.tr("Run pre-screen"))
        self.run_button.setToolTip(self.tr("Screen every patient against the trials on the date (F5)"))
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton(self.tr("S&top"))
        self.stop_button.setAccessibleName(self.tr("Stop pre-screen"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        controls = QHBoxLayout()
        for label, widget in ((self.tr("&On:"), self.on_date), (self.tr("T&rial:"), self.trial_box),
                              (self.tr("&Verdict:"), self.verdict_box), (self.tr("&Patient:"), self.search)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget, 1 if widget is self.search else 0)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Pre-screen progress"))
        self.progress.setFormat(self.tr("%v of %m patients"))
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Pre-screen summary"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.model = PrescreenModel(context.trials_in_use, self)
        self.proxy = PrescreenFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Verdicts: patients by trials"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)  # one line per patient; a cut verdict is whole in its tooltip
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a trial's short name; the tooltip has the title
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in range(PATIENT_COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self.open_cell)  # double-click or Enter

        self.trial_box.currentIndexChanged.connect(self._trial_changed)
        self.verdict_box.currentIndexChanged.connect(self._verdict_changed)
        self.search.textChanged.connect(lambda text: self.proxy.set_filters(text=text))
        self.on_date.dateChanged.connect(self._recompute)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.run)

        layout = QVBoxLayout(self)
        running = QHBoxLayout()
        running.addWidget(self.run_button)
        running.addWidget(self.stop_button)
        running.addWidget(self.progress, 1)
        running.addStretch(0)
        layout.addLayout(controls)
        layout.addLayout(running)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # -- computing -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.task is None:
            self.run()

    def data_changed(self, changes: Changes) -> None:
        self._recompute()

    def _recompute(self) -> None:
        self._stale = True
        if self.isVisible():
            self.run()

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self) -> None:
        """Screen every patient in the background; a run already going is stopped first."""
        if self.task is not None:
            self._stop.set()
            self._rerun = True
            return
        self._rerun = False
        self._stale = False
        self._stop = stop = threading.Event()
        registry, actor, trials, on = self.context.registry, self.context.actor, list(self.context.trials_in_use), \
            to_date(self.on_date.date())

        def work(report) -> list[PrescreenResult]:
            require(actor, Permission.READ)
            with registry.reading() as session:
                patients = PatientRepository(session, actor.name)
                total = patients.count("")
                report(0, total, "")
                adopted = {t.trial_id: adopted_readings(session, t.trial_id) for t in trials}
                read = patients.iter_for_screening(screening_reads(trials), on)  # only what the rules read
                with cyclic_gc_paused():  # (one thread: a window's process is not forked)
                    return list(prescreen(_counted(read, total, report, stop), trials, on, adopted=adopted,
                                          classify=True))

        self.progress.setValue(0)
        self.progress.show()
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.summary.setText(self.tr("Screening every patient against %n trial(s) on {0}…", "",
                                     len(trials)).format(on.isoformat()))
        self.task = run_in_background(work, on_done=self._done, on_error=self._failed, on_progress=self._progress)

    def stop(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _finish(self) -> None:
        self.task = None
        self.progress.hide()
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if self._rerun:
            self.run()

    def _done(self, results: list[PrescreenResult]) -> None:
        self.results = results
        self.model.set_rows(matrix_rows(results))
        self._show_summary()
        self.context.status_message.emit(self.tr("Pre-screen finished: %n patient(s)", "", self.model.rowCount()))
        self._finish()

    def _failed(self, message: str) -> None:
        if message == Cancelled.__name__:
            self.summary.setText(self.tr("Pre-screen stopped; the table shows the previous run."))
        else:
            self.summary.setText(self.tr("Pre-screen failed: {0}").format(message))
            self.context.status_message.emit(self.tr("Pre-screen failed: {0}").format(message))
        self._finish()

    def _show_summary(self) -> None:
        counts = summarise(self.results)
        parts = []
        steps = Counter((r.trial_id, next_step(r)) for r in self.results)
        for trial in self.context.trials_in_use:
            by_verdict = counts.get(trial.trial_id, {})
            words = " · ".join(f"{translate(VERDICT_WORDS[v])} {by_verdict.get(str(v), 0)}" for v in Verdict)
            next_words = self.tr("to ask {0}, to obtain data {1}, readings to choose {2}").format(
                steps[(trial.trial_id, QUESTION)], steps[(trial.trial_id, DATA)], steps[(trial.trial_id, READINGS)])
            parts.append(f"<b>{trial.trial_id}</b> {words} ({next_words})")
        self.summary.setText(self.tr("%n patient(s) on {0}", "", self.model.rowCount()).format(
                                 self.on_date.date().toString("yyyy-MM-dd"))
                             + "<br>" + "<br>".join(parts))

    # -- filtering and opening -----------------------------------------------------------------
    def _trial_changed(self) -> None:
        """One trial shown: its column sorted as a worklist, the candidates to approach first."""
        trial_id = self.trial_box.currentData()
        self.proxy.set_filters(trial_id=trial_id)
        if trial_id is not None:  # the view's columns: the patient's, then this trial's alone
            self.table.sortByColumn(PATIENT_COLUMNS, Qt.SortOrder.AscendingOrder)

    def _verdict_changed(self) -> None:
        value = self.verdict_box.currentData()
        self.proxy.set_filters(verdict=Verdict(value) if value else None)

    def open_cell(self, index) -> None:
        source = self.proxy.mapToSource(index)
        row = self.model.row(source.row())
        trial_id = self.model.trial_id(source.column())
        if trial_id is None:
            self.context.patient_requested.emit(row.patient_ref)
        else:
            self.context.checklist_requested.emit(row.patient_ref, trial_id)


def _counted(patients: Iterable[Patient], total: int, report, stop: threading.Event) -> Iterator[Patient]:
    """The patients, reporting progress as they are taken and stopping when asked."""
    for done, patient in enumerate(patients, start=1):
        if stop.is_set():
            raise Cancelled()
        yield patient
        if done % PROGRESS_EVERY == 0 or done == total:
            report(done, total, "")
