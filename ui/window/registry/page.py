"""The patient registry: a table with search as you type; opening a row shows the patient.
New patient, open and archive (with a mandatory reason) act on the selected row."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout)

from coordinator.problems import Refusal
from coordinator.screening.workflow import Permission
from db.patient_edits import archive_patient
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import write
from ui.window.page_base import Page
from ui.window.toolkit.tables import list_table
from ui.window.registry.model import RegistryTableModel
from ui.window.registry.archive_dialog import ArchiveDialog

# Long enough to merge keystrokes that arrive together (a paste, a key held down), short enough
# that results follow each keystroke within 50 ms at 100,000 patients, where a query costs
# 8-10 ms (tests/benchmarks/window_benchmark.py).
SEARCH_DELAY_MS = 25


class RegistryPage(Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.model = RegistryTableModel(context.registry, context.actor, self)
        self.archive_dialog: ArchiveDialog | None = None
        self.refusal: QMessageBox | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: registry no., record no., initials, name or pinyin"))
        self.search.setAccessibleName(self.tr("Search patients"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._debounce.start)

        self.table = list_table(self.model, self.tr("Patients"), wrap=True, row_padding=10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(100)  # measure 100 rows, not the whole page, at each reset
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_row)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)

        may_edit = context.may(Permission.EDIT_PATIENTS)
        self.new_action = QAction(self.tr("&New patient…"), self, shortcut=QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self.context.patient_requested.emit(""))
        self.new_action.setEnabled(may_edit)
        self.open_action = QAction(self.tr("&Open"), self)
        self.open_action.triggered.connect(self.open_selected)
        self.archive_action = QAction(self.tr("&Archive…"), self)
        self.archive_action.triggered.connect(self.archive_selected)
        self.addActions([self.new_action, self.open_action, self.archive_action])
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for key, action, hint in (("new", self.new_action, self.tr("Add a patient (Ctrl+N)")),
                                  ("open", self.open_action, self.tr("Open the selected patient (Enter)")),
                                  ("archive", self.archive_action,
                                   self.tr("Hide the selected patient from the working list (a reason is required)"))):
            button = QPushButton(action.text().replace("&", ""))
            button.setAccessibleName(button.text())
            button.setToolTip(hint)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda button=button, action=action: button.setEnabled(action.isEnabled()))
            button.setEnabled(action.isEnabled())
            self.buttons[key] = button
            bar.addWidget(button)
        self.buttons["new"].setVisible(may_edit)
        self.buttons["archive"].setVisible(may_edit)

        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        if not self.model.readable:
            layout.addWidget(QLabel(self.tr("Your role manages accounts and does not see patient data.")))
        layout.addWidget(self.table)
        self._update_count()
        self._update_actions()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def data_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def selected_registry_no(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()).registry_no if rows else None

    def open_selected(self) -> None:
        registry_no = self.selected_registry_no()
        if registry_no:
            self.context.patient_requested.emit(registry_no)

    def archive_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        summary = self.model.summary(rows[0].row())
        self.archive_dialog = ArchiveDialog(summary.registry_no, summary.name, self)
        self.archive_dialog.accepted.connect(
            lambda dialog=self.archive_dialog: self.archive(dialog.registry_no, dialog.reason.text()))
        self.archive_dialog.open()

    def archive(self, registry_no: str, reason: str) -> bool:
        """Archive in one audited transaction; refusals (role, missing reason) are shown, not raised."""
        try:
            write(self.context, Change.PATIENTS,
                  lambda session: archive_patient(session, self.context.actor, registry_no, reason), by=self)
        except Refusal as error:
            self.refusal = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not archived"),
                                        self.tr("{0} was not archived: {1}").format(registry_no, error),
                                        QMessageBox.StandardButton.Ok, self)
            self.refusal.open()
            return False
        self.refresh()
        self.context.status_message.emit(self.tr("{0} archived.").format(registry_no))
        return True

    def _open_row(self, index) -> None:
        self.context.patient_requested.emit(self.model.summary(index.row()).registry_no)

    def _apply_search(self) -> None:
        self.model.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        if self.model.total_is_lower_bound:  # "more than": plural whatever the number
            self.count_label.setText(self.tr("{0}+ patients").format(self.model.total))
        else:
            self.count_label.setText(self.tr("%n patient(s)", "", self.model.total))

    def _update_actions(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.open_action.setEnabled(selected)
        self.archive_action.setEnabled(selected and self.context.may(Permission.EDIT_PATIENTS))
