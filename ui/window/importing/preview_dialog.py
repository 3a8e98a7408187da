"""File > Import: the chosen files are read and planned off the GUI thread exactly as the import
would write them (a dry run), then shown row by row. What did not map is mapped in place, for
this import or remembered in the site's mapping, and the files are planned again. Import hands
the files, with the mappings settled on, to the window's import, which writes each whole or not
at all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QProgressBar, QPushButton, QSplitter, QVBoxLayout)

from coordinator.intake.mapper import Status
from coordinator.intake.site_mapping import SiteMapping, entry_for
from coordinator.problems import InvalidRecord, Refusal
from coordinator.screening.workflow import Permission, require
from db.file_import import file_kind, import_file, site_mapping_for, source_of
from db.lab_import import LabImportOutcome
from db.source_mappings import SourceMappings
from ui.window.background import run_in_background
from ui.window.changes import Change
from ui.window.core_text import tr_core
from ui.window.importing.map_dialog import MapDialog
from ui.window.importing.preview_model import FilesModel, PreviewModel, PreviewRow, StatusFilter
from ui.window.operations import write
from ui.window.toolkit.roles import SORT_ROLE
from ui.window.toolkit.tables import list_table

ATTENTION = (Status.UNMAPPED, Status.PROBLEM)


class ImportPreviewDialog(QDialog):
    import_chosen = Signal(object, object)  # paths, {path: SiteMapping} (as Python objects: Path keys stay Paths)

    def __init__(self, context, paths: list[Path], parent=None):
        super().__init__(parent)
        self.context = context
        self.paths = paths
        self.sites: dict[str, SiteMapping] = {}     # data source -> the mapping this import uses
        self.sources: dict[Path, str] = {}          # file -> its data source
        self.outcomes: list[LabImportOutcome] = []
        self.setWindowTitle(self.tr("Import: preview"))

        self.status_line = QLabel(self.tr("Reading the files…"))
        self.status_line.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Reading the files"))
        self.files = FilesModel(self)
        self.files_table = list_table(self.files, self.tr("Files"))
        self.rows = PreviewModel(self)
        self.filtered = StatusFilter(self)
        self.filtered.setSourceModel(self.rows)
        self.filtered.setSortRole(SORT_ROLE)
        self.table = list_table(self.filtered, self.tr("Rows read from the files"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the files' own order until a header is clicked
        for table in (self.files_table, self.table):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.map_selected())

        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show"))
        for label, statuses in ((self.tr("Rows that need attention"), ATTENTION), (self.tr("All rows"), ()),
                                (self.tr("Ready"), (Status.READY,)), (self.tr("Duplicates"), (Status.DUPLICATE,)),
                                (self.tr("Not needed or skipped"), (Status.NOT_NEEDED, Status.SKIPPED))):
            self.filter.addItem(label, statuses)
        self.filter.currentIndexChanged.connect(lambda _: self._show_chosen_rows())
        self.map_button = QPushButton(self.tr("&Map…"))
        self.map_button.setToolTip(self.tr("Say what an unmapped test, unit or drug is"))
        self.map_button.setEnabled(False)
        self.map_button.clicked.connect(self.map_selected)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.filter)
        bar.addStretch()
        bar.addWidget(self.map_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.files_table)
        splitter.addWidget(self.table)
        splitter.setSizes([120, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_line)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        layout.addLayout(bar)
        layout.addWidget(self.buttons)
        self.resize(1300, 640)  # fits a 1366x768 screen
        self.plan()

    # -- planning ---------------------------------------------------------------------------------
    def plan(self) -> None:
        """Read and plan every file in the background, as the import would (nothing is written)."""
        self.progress.show()
        self.import_button.setEnabled(False)
        self.map_button.setEnabled(False)
        registry, actor, sites = self.context.registry, self.context.actor.name, dict(self.sites)

        def work(report):
            outcomes, used = [], {}
            for number, path in enumerate(self.paths):
                kind = file_kind(path)
                source = source_of(kind) if kind else "lis"
                if source not in sites:
                    sites[source] = site_mapping_for(registry, kind) if kind else SiteMapping(source)
                used[path] = source
                report(number, len(self.paths), path.name)
                outcomes.append(import_file(registry, path, actor, site=sites[source], dry_run=True, keep_rows=True,
                                            progress=lambda rows, name: report(number, len(self.paths), name)))
            return outcomes, used, sites

        self._task = run_in_background(work, on_done=self._planned, on_error=self._failed,
                                       on_progress=self._planning, owner=self)

    def _planning(self, done: int, total: int, name: str) -> None:
        self.status_line.setText(self.tr("Reading {0} ({1} of {2})…").format(name, done + 1, total))

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.status_line.setText(self.tr("The files could not be read: {0}").format(message))

    def _planned(self, answer) -> None:
        self.outcomes, self.sources, self.sites = answer
        self.progress.hide()
        self.files.set_rows(self.outcomes)
        self.rows.set_outcomes(self.outcomes)
        blocking = any(row.status in ATTENTION for row in self.rows.rows())
        self.filter.setCurrentIndex(0 if blocking else 1)
        self._show_chosen_rows()
        self.files_table.resizeColumnsToContents()
        ready = sum(outcome.imported for outcome in self.outcomes if outcome.accepted)
        blocked = [outcome.source for outcome in self.outcomes if not outcome.accepted]
        text = self.tr("%n row(s) or record(s) will be imported.", "", ready)
        if blocked:
            text += " " + self.tr("Not imported unless mapped or corrected: {0} (a file is imported whole or "
                                  "not at all).").format(", ".join(blocked))
        self.status_line.setText(text)
        self.import_button.setEnabled(any(outcome.accepted and outcome.imported for outcome in self.outcomes))
        self._selection_changed()

    def _show_chosen_rows(self) -> None:
        self.filtered.show_only(self.filter.currentData())
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()  # the message column takes the width left over again
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)

    # -- mapping ----------------------------------------------------------------------------------
    def selected(self) -> PreviewRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows.row(self.filtered.mapToSource(indexes[0]).row()) if indexes else None

    def _entry(self, row: PreviewRow | None):
        if row is None or row.status is not Status.UNMAPPED:
            return None
        mapped = row.planned.mapped
        return entry_for(mapped.section, mapped.field, mapped.source_name, mapped.unit)

    def _selection_changed(self, *_) -> None:
        self.map_button.setEnabled(self._entry(self.selected()) is not None and not self.progress.isVisible())

    def map_selected(self) -> MapDialog | None:
        row = self.selected()
        entry = self._entry(row)
        if entry is None:
            return None
        section, name = entry
        path = next(path for path in self.paths if path.name == row.file)
        source = self.sources[path]
        same = Counter(self._entry(other) for other in self.rows.rows())[entry]
        self.map_dialog = MapDialog(section, name, source, test_code=row.planned.mapped.code, rows=same, parent=self)
        self.map_dialog.accepted.connect(lambda: self._mapped(source, section, name, self.map_dialog.code,
                                                              self.map_dialog.remember.isChecked()))
        self.map_dialog.open()
        return self.map_dialog

    def _mapped(self, source: str, section: str, name: str, code: str, remember: bool) -> None:
        site = self.sites[source].adding(section, name, code)
        if remember:
            try:
                require(self.context.actor, Permission.EDIT_PATIENTS)
                write(self.context, Change.NOTHING, lambda session: SourceMappings(
                    session, self.context.actor.name).save(site, reason="mapped while importing"), by=self)
            except (Refusal, InvalidRecord) as error:  # nothing saved; the user is told why
                QMessageBox.warning(self, self.windowTitle(), tr_core(str(error)))
                return
        self.sites[source] = site
        self.plan()

    # -- importing ---------------------------------------------------------------------------------
    def accept(self) -> None:
        if not self.import_button.isEnabled():
            return
        chosen = [path for path, outcome in zip(self.paths, self.outcomes) if outcome.accepted and outcome.imported]
        self.import_chosen.emit(chosen, {path: self.sites[self.sources[path]] for path in chosen})
        super().accept()
