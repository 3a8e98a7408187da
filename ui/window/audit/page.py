"""The audit trail viewer: every change with who, when, old and new value and why, newest first,
filtered by user, action, patient and dates; the hash chain checked link by link; the filtered entries
exported as CSV. Only investigators and monitors may read it (the database layer refuses the
others; this view then says so instead of showing data)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QMessageBox, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from sqlalchemy.exc import SQLAlchemyError

from coordinator.screening.workflow import PermissionDenied
from db.audit import AuditEntry, AuditFilter, AuditReader, ChainBreak, write_csv
from ui.window.audit.model import AuditTableModel, utc_text
from ui.window.background import run_in_background
from coordinator.reports.common import write_text_atomically
from ui.window.changes import Change
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.toolkit.tables import list_table
from ui.window.toolkit.refresh_when_shown import RefreshWhenShown
from ui.window.toolkit.optional_date import NO_DATE, optional_date_edit, optional_day

FILTER_DELAY_MS = 250


class AuditPage(RefreshWhenShown, Page):
    shows = Change.EVERYTHING  # every change is audited

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.model = AuditTableModel(context.registry, context.actor, self)
        self._task = None
        self.broken: ChainBreak | None = None

        filters = self._build_filters()
        actions = self._build_actions()
        split = self._build_entries()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(filters)
        content_layout.addLayout(actions)
        content_layout.addWidget(split, 1)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.setAccessibleName(self.tr("Audit trail not available"))
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.refusal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.apply_filter)

    def _build_filters(self) -> QGridLayout:
        """Who, what, which patient and which days: the trail narrows as you type."""
        self.user = QLineEdit()
        self.user.setAccessibleName(self.tr("Filter by user"))
        self.user.setPlaceholderText(self.tr("any user"))
        self.action = QComboBox()
        self.action.setEditable(True)
        self.action.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.action.setAccessibleName(self.tr("Filter by action"))
        self.action.setToolTip(self.tr("An action or the start of one: 'screening.' finds every screening entry"))
        self.action.lineEdit().setPlaceholderText(self.tr("any action"))
        self.action.setMinimumContentsLength(18)
        self.patient = QLineEdit()
        self.patient.setAccessibleName(self.tr("Filter by patient registry number"))
        self.patient.setPlaceholderText(self.tr("any patient"))
        self.start = optional_date_edit(self.tr("From day (UTC)"))
        self.end = optional_date_edit(self.tr("To day (UTC)"))
        self.clear_button = QPushButton(self.tr("C&lear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        for edit in (self.user, self.patient):
            edit.textChanged.connect(self._debounce.start)
            edit.returnPressed.connect(self.apply_filter)
        self.action.editTextChanged.connect(self._debounce.start)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._debounce.start)

        filters = QGridLayout()
        for column, (text, widget) in enumerate([(self.tr("&User:"), self.user), (self.tr("&Action:"), self.action),
                                                 (self.tr("&Patient:"), self.patient),
                                                 (self.tr("&From:"), self.start), (self.tr("&To:"), self.end)]):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label, 0, column * 2)
            filters.addWidget(widget, 0, column * 2 + 1)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(3, 3)
        filters.setColumnStretch(5, 2)
        filters.addWidget(self.clear_button, 0, 10)
        return filters

    def _build_actions(self) -> QHBoxLayout:
        """Checking the chain, the count shown, and the CSV export."""
        self.verify_button = QPushButton(self.tr("&Verify chain"))
        self.verify_button.setAccessibleName(self.tr("Verify the audit chain"))
        self.verify_button.setToolTip(self.tr("Check that no entry was edited, deleted or inserted outside TrialDesk"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        self.verify_result.setAccessibleName(self.tr("Chain check result"))
        self.data_button = QPushButton(self.tr("Check &data"))
        self.data_button.setAccessibleName(self.tr("Check the records against the audit trail"))
        self.data_button.setToolTip(self.tr("Replay the audit trail's history of every patient and screening and "
                                            "name each record changed, added or deleted outside TrialDesk"))
        self.data_button.clicked.connect(self.check_data)
        self.data_result = QLabel()
        self.data_result.setWordWrap(True)
        self.data_result.setAccessibleName(self.tr("Data check result"))
        self.data_report: QMessageBox | None = None
        self.show_broken = QPushButton(self.tr("&Show entry"))
        self.show_broken.setAccessibleName(self.tr("Show the first broken entry"))
        self.show_broken.hide()
        self.show_broken.clicked.connect(lambda: self.broken and self.show_entry(self.broken.entry_id))
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the shown entries as CSV"))
        self.export_button.clicked.connect(self._choose_export_file)
        self.count = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.verify_result, 1)
        actions.addWidget(self.show_broken)
        actions.addWidget(self.data_button)
        actions.addWidget(self.data_result, 1)
        actions.addWidget(self.count)
        actions.addWidget(self.export_button)
        return actions

    def _build_entries(self) -> QSplitter:
        """The entries, and the selected one in full below."""
        self.table = list_table(self.model, self.tr("Audit entries"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        digits = self.fontMetrics().horizontalAdvance("0")
        for column, chars in enumerate([4, 17, 8, 16, 8, 11, 18, 24]):
            header.resizeSection(column, chars * digits + 16)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._show_detail(current.row()))
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.model.modelReset.connect(self._update_count)
        self.detail = QPlainTextEdit(readOnly=True)
        self.detail.setAccessibleName(self.tr("Selected entry"))
        self.detail.setPlaceholderText(self.tr("Select an entry to read its old and new values in full."))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    # -- reading ----------------------------------------------------------------------------------
    def where(self) -> AuditFilter:
        text = lambda value: value.strip() or None
        return AuditFilter(actor=text(self.user.text()), action=text(self.action.currentText()),
                           patient_ref=text(self.patient.text()), start=optional_day(self.start), end=optional_day(self.end))

    def refresh(self) -> bool:
        """Read the trail (first time, or after a change); False when the reader is refused."""
        self.loaded()
        try:
            with self.context.registry.reading() as session:
                known = AuditReader(session, self.context.actor).actions()
        except PermissionDenied as error:
            self._refuse(error)
            return False
        typed = self.action.currentText()
        prefixes = sorted({action.split(".")[0] + "." for action in known if "." in action})
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItems(prefixes + known)
        self.action.setEditText(typed)
        self.action.blockSignals(False)
        return self.apply_filter()

    def apply_filter(self) -> bool:
        self._debounce.stop()
        try:
            self.model.set_filter(self.where())
        except PermissionDenied as error:
            self._refuse(error)
            return False
        except (SQLAlchemyError, ValueError) as error:  # the filter could not be read: said, not raised into Qt
            self.count.setText(self.tr("The trail could not be read: {0}").format(str(error).splitlines()[0]))
            return False
        self._show_detail(-1)
        return True

    def clear_filters(self) -> None:
        for edit in (self.user, self.patient):
            edit.clear()
        self.action.setEditText("")
        self.start.setDate(NO_DATE)
        self.end.setDate(NO_DATE)
        self.apply_filter()

    def _refuse(self, error: PermissionDenied) -> None:
        self.refusal.setText(self.tr("The audit trail holds old and new patient values: only investigators and "
                                     "monitors may read it.\n\n{0}").format(error))
        self.stack.setCurrentWidget(self.refusal)

    @property
    def refused(self) -> bool:
        return self.stack.currentWidget() is self.refusal

    def _update_count(self) -> None:
        self.count.setToolTip("")
        if self.model.canFetchMore():  # a page or more read, more to come: plural whatever the number
            self.count.setText(self.tr("{0}+ entries").format(self.model.rowCount()))
        else:
            self.count.setText(self.tr("%n entry(s)", "", self.model.rowCount()))

    def _show_detail(self, row: int) -> None:
        if row < 0:
            self.detail.clear()
            return
        entry = self.model.entry(row)
        lines = [f"#{entry.id}  {utc_text(entry.at)} UTC  {entry.actor}  {entry.action}  {entry.entity}",
                 self.tr("Patient: {0}").format(entry.patient_ref or "—"),
                 self.tr("Reason: {0}").format(entry.reason or "—"), "",
                 self.tr("Old value:"), _pretty(entry.old_value), "", self.tr("New value:"), _pretty(entry.new_value),
                 "", self.tr("Hash: {0}").format(entry.hash)]
        self.detail.setPlainText("\n".join(lines))

    def show_entry(self, entry_id: int) -> bool:
        """Select entry `entry_id`, clearing the filters if they hide it."""
        row = self.model.row_of(entry_id)
        if row is None:
            self.clear_filters()
            row = self.model.row_of(entry_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    # -- the chain --------------------------------------------------------------------------------
    def verify(self):
        """Check the whole chain in the background; the result shows beside the button."""
        registry, actor = self.context.registry, self.context.actor

        def work(report):
            from db.backups import known_heads  # the heads the backups' manifests recorded

            heads = known_heads(registry)
            with registry.reading() as session:
                return AuditReader(session, actor).verify(heads)

        self.verify_button.setEnabled(False)
        self.verify_result.setStyleSheet("")
        self.verify_result.setText(self.tr("Checking every link…"))
        self.show_broken.hide()
        self._task = run_in_background(work, on_done=self._verified, on_error=self._verify_failed)
        return self._task

    def _verified(self, broken: ChainBreak | None) -> None:
        self.verify_button.setEnabled(True)
        self.broken = broken
        checked = dt.datetime.now().strftime("%H:%M")
        if broken is None:
            self.verify_result.setStyleSheet("color: #1b5e20;")
            self.verify_result.setText(self.tr("Chain intact: every link checked ({0}).").format(checked))
        else:
            self.verify_result.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.verify_result.setText(self.tr("Chain broken at entry #{0}: {1}").format(broken.entry_id,
                                                                                        broken.problem))
            self.show_broken.show()

    def _verify_failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setStyleSheet("color: #b71c1c;")
        self.verify_result.setText(self.tr("The check could not run: {0}").format(message))

    # -- the records -----------------------------------------------------------------------------
    def check_data(self):
        """Replay the trail against the records in the background; differences listed in a box."""
        registry, actor = self.context.registry, self.context.actor

        def work(report):
            from db.audit_replay import replay_audit

            with registry.reading() as session:
                return replay_audit(session, actor)

        self.data_button.setEnabled(False)
        self.data_result.setStyleSheet("")
        self.data_result.setText(self.tr("Replaying the audit trail…"))
        self._data_task = run_in_background(work, on_done=self._data_checked, on_error=self._data_failed)
        return self._data_task

    def _data_checked(self, replay) -> None:
        self.data_button.setEnabled(True)
        if not replay.differences:
            self.data_result.setStyleSheet("color: #1b5e20;")
            self.data_result.setText(self.tr("Records match the audit trail (%n patient(s) replayed).", "",
                                             replay.patients))
            return
        self.data_result.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.data_result.setText(self.tr("%n record(s) differ from the audit trail.", "", len(replay.differences)))
        self.data_report = QMessageBox(QMessageBox.Icon.Warning, self.tr("Records and audit trail"),
                                       self.tr("These records were changed, added or deleted outside TrialDesk:"),
                                       QMessageBox.StandardButton.Close, self)
        self.data_report.setDetailedText("\n".join(str(difference) for difference in replay.differences))
        self.data_report.open()

    def _data_failed(self, message: str) -> None:
        self.data_button.setEnabled(True)
        self.data_result.setStyleSheet("color: #b71c1c;")
        self.data_result.setText(self.tr("The check could not run: {0}").format(message))

    # -- export -----------------------------------------------------------------------------------
    def _choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit trail"), "audit-trail.csv",
                                              self.tr("CSV files (*.csv)"))
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path):
        """Write the entries the filters select (all of them, not only those read so far) to
        `path`, whole or not at all, in the background. Oldest first, as written: the order of
        the hash chain and of `trialdesk audit export`, so a file reads as the trail it checks."""
        registry, actor, where = self.context.registry, self.context.actor, self.where()

        def work(report):
            with registry.reading() as session:
                entries: list[AuditEntry] = AuditReader(session, actor).entries(where)
            text = io.StringIO(newline="")
            count = write_csv(entries, text)
            write_text_atomically(path, text.getvalue())
            return count

        self.export_button.setEnabled(False)
        self._task = run_in_background(work, on_done=lambda count: self._exported(path, count), owner=self,
                                       on_error=self._export_failed)
        return self._task

    def _exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.context.status_message.emit(self.tr("%n entry(s) written to {0}", "", count).format(path))

    def _export_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.context.status_message.emit(self.tr("Export failed: {0}").format(message))


def _pretty(value: str | None) -> str:
    if not value:
        return "—"
    try:
        return json.dumps(json.loads(value), ensure_ascii=False, indent=2)
    except ValueError:
        return value
