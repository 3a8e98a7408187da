"""The screening log of a trial: every screening in a period with its outcome, failure reasons,
consent, subject number and arm (the rows `trialdesk log` prints); exported as a PDF, signed by
an investigator as "Screening log reviewed" after the password is entered again, or printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout)

from coordinator.problems import Refusal
from coordinator.records.trial_ids import file_stem
from coordinator.screening.workflow import Permission
from db.accounts import confirm_signature_password
from db.registry import DEMO
from ui.window.core_text import report_language, tr_core
from ui.window.background import BackgroundTask, run_in_background
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import announce
from ui.window.page_base import Page
from ui.window.toolkit.optional_date import NO_DATE, optional_date_edit, optional_day
from ui.window.log.model import LogTableModel
from ui.window.log.report import export_log, log_pdf, log_rows
from ui.window.screening.dialogs import REFUSAL_STYLE, SignatureDialog
from ui.window.toolkit.printing import print_document
from ui.window.toolkit.roles import SORT_ROLE

class LogPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.REVIEWS

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.pdf_task: BackgroundTask | None = None
        self.dialog: SignatureDialog | None = None
        self.print_dialog: QPrintDialog | None = None

        self.trial = QComboBox()
        self.trial.setAccessibleName(self.tr("Trial"))
        for trial in context.trials:
            self.trial.addItem(f"{trial.trial_id} · {tr_core(trial.short_name)}", trial.trial_id)
        self.start = optional_date_edit(self.tr("From"))
        self.end = optional_date_edit(self.tr("To"))
        self.start.setToolTip(self.tr("First screening date included (blank: from the first)"))
        self.end.setToolTip(self.tr("Last screening date included (blank: up to the latest)"))
        filters = QHBoxLayout()
        for label, widget in ((self.tr("&Trial"), self.trial), (self.tr("&From"), self.start),
                              (self.tr("T&o"), self.end)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 2 if widget is self.trial else 0)
        filters.addStretch(1)

        self.model = LogTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Screening log"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LogTableModel.LABEL, Qt.SortOrder.AscendingOrder)  # the log's order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LogTableModel.REASONS, QHeaderView.ResizeMode.Stretch)  # takes the room left

        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Counts"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.setAccessibleName(self.tr("Message"))

        self.export_button = self._button(self.tr("E&xport PDF…"), lambda: self.choose_export(False))
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_signed_button = self._button(self.tr("Export si&gned PDF…"), lambda: self.choose_export(True))
        self.export_signed_button.setToolTip(self.tr("Investigators: sign “Screening log reviewed” and put your "
                                                     "PDF signature on the log (your password is asked for again)"))
        self.print_button = self._button(self.tr("&Print…"), self.print_log)
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("PDF progress"))
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.pdf_status = QLabel()
        self.pdf_status.setWordWrap(True)
        self.pdf_status.setAccessibleName(self.tr("PDF status"))
        documents = QHBoxLayout()
        for button in (self.export_button, self.export_signed_button, self.print_button):
            documents.addWidget(button)
        documents.addWidget(self.progress)
        documents.addWidget(self.pdf_status, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        layout.addLayout(documents)

        self.trial.currentIndexChanged.connect(self.load)
        self.start.dateChanged.connect(self.load)
        self.end.dateChanged.connect(self.load)
        self.load()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(lambda _=False: slot())
        return button

    # -- the table -----------------------------------------------------------------------------
    @property
    def trial_id(self) -> str | None:
        return self.trial.currentData()

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)

    def select_trial(self, trial_id: str) -> None:
        self.trial.setCurrentIndex(self.trial.findData(trial_id))

    def _period_problem(self) -> str | None:
        start, end = optional_day(self.start), optional_day(self.end)
        if start and end and start > end:
            return self.tr("“From” ({0}) is after “To” ({1}): no screening can be in that period").format(
                start.isoformat(), end.isoformat())
        return None

    def data_changed(self, changes: Changes) -> None:
        self.load()

    def load(self) -> None:
        problem = self._period_problem()
        rows = []
        if self.trial_id is None:
            problem = self.tr("No trials are defined")
        elif problem is None:
            try:
                rows = log_rows(self.context.registry, self.context.actor, self.trial_id, optional_day(self.start),
                                optional_day(self.end))
            except Refusal as error:
                problem = str(error)
        self.model.set_rows(rows)
        self.message.setText(problem or "")
        self.message.setVisible(bool(problem))
        outcomes = [row.outcome for row in rows]
        self.counts.setText(self.tr("%n screening(s): ", "", len(rows)) + self.tr(
            "{0} enrolled, {1} screen failures, {2} eligible, {3} pending").format(
            outcomes.count("enrolled"), outcomes.count("screen_failure"), outcomes.count("eligible"),
            outcomes.count("pending")))
        self._update_controls(problem is None)

    def _update_controls(self, readable: bool | None = None) -> None:
        if readable is None:
            readable = not self.message.isVisible()
        idle = readable and self.pdf_task is None
        self.export_button.setEnabled(idle)
        self.print_button.setEnabled(idle)
        signs = self.context.may(Permission.SIGN) and self.context.registry.kind != DEMO
        self.export_signed_button.setEnabled(idle and signs)

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.context.status_message.emit(text)

    # -- the PDF -------------------------------------------------------------------------------
    def _file_name(self) -> str:
        start, end = optional_day(self.start), optional_day(self.end)
        period = "" if not (start or end) else f"-{start or 'start'}-{end or 'end'}"
        return f"{file_stem(self.trial_id)}-screening-log{period}.pdf"

    def choose_export(self, signed: bool) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export screening log PDF"), self._file_name(),
                                              self.tr("PDF documents (*.pdf)"))
        if name:
            self.export_pdf(Path(name), signed)

    def export_pdf(self, path: Path, signed: bool = False) -> SignatureDialog | BackgroundTask:
        """Write the log PDF in the background; signed, after the password is entered again
        (checked and a refusal audited on its own, as `trialdesk log --sign` does)."""
        if not signed:
            return self._export(path, None)
        registry, actor, trial_id = self.context.registry, self.context.actor, self.trial_id
        purpose = f"PDF signature: the screening log of {trial_id}"

        def check(dialog: SignatureDialog) -> str:
            password = dialog.password.text()
            confirm_signature_password(registry, actor, password, purpose, refusal="signature.refused",
                                       outcome="not signed")
            return password

        document = self.tr("the screening log of {0}").format(trial_id)
        dialog = SignatureDialog(self.tr("Screening log reviewed"), str(actor), document, check, self)
        dialog.accepted.connect(lambda: self._export(path, dialog.result_value))
        self.dialog = dialog
        dialog.open()  # not exec(): tests fill it in, the window stays alive
        return dialog

    def _start_pdf(self, work, on_done, what: str) -> BackgroundTask:
        self.pdf_status.setText(what)
        self.progress.setRange(0, 0)  # busy until the first step is reported
        self.progress.show()
        self.pdf_task = run_in_background(work, on_done=lambda result: self._pdf_done(on_done, result),
                                          on_error=self._pdf_failed, on_progress=self._progressed)
        self._update_controls()
        return self.pdf_task

    def _progressed(self, done: int, total: int, _step: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _pdf_done(self, on_done, result) -> None:
        self.pdf_task = None
        self.progress.hide()
        on_done(result)
        self._update_controls()

    def _pdf_failed(self, message: str) -> None:
        self.pdf_task = None
        self.progress.hide()
        self.pdf_status.setText("")
        self._refuse(self.tr("The PDF was not made: {0}").format(message))
        self._update_controls(True)

    def _export(self, path: Path, password: str | None) -> BackgroundTask:
        registry, actor, trial_id = self.context.registry, self.context.actor, self.trial_id
        start, end = optional_day(self.start), optional_day(self.end)

        def done(document) -> None:
            text = self.tr("Screening log PDF written: {0}").format(path)
            if document.signed_as is not None:
                text += " · " + self.tr("signed by {0}").format(document.signed_as.printed_name)
                announce(self.context, Change.REVIEWS)  # a review was recorded: this log shows it too
            self.pdf_status.setText(text)
            self.context.status_message.emit(text)

        language = report_language()  # (read here, on the window's thread)
        return self._start_pdf(lambda report: export_log(registry, actor, trial_id, start, end, path, password, report,
                                                         language),
                               done, self.tr("Writing the screening log PDF…"))

    def print_log(self, printer: QPrinter | None = None) -> BackgroundTask:
        """Build the PDF in the background, then print its pages: on the printer given, or on the
        one chosen in the print dialog."""
        registry, actor, trial_id = self.context.registry, self.context.actor, self.trial_id
        start, end = optional_day(self.start), optional_day(self.end)

        def built(data: bytes) -> None:
            self.pdf_status.setText("")
            dialog = print_document(self, data, printer, landscape=True, printed=self._printed,
                                    failed=lambda message: self._refuse(self.tr("Not printed: {0}").format(message)))
            self.print_dialog = dialog or self.print_dialog

        language = report_language()
        return self._start_pdf(lambda report: log_pdf(registry, actor, trial_id, start, end, language), built,
                               self.tr("Preparing the screening log for printing…"))

    def _printed(self, pages: int) -> None:
        self.pdf_status.setText(self.tr("Printed %n page(s)", "", pages))
        self.context.status_message.emit(self.pdf_status.text())
