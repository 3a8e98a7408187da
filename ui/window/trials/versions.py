"""A trial's versions (each kept because a screening was begun on it, and the one in use) and what
changed between any two: criteria added, removed, reworded, rule changed, with the text and what
TrialDesk checks before and after."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.trial import Criterion, Trial
from coordinator.screening.trial_changes import Change, CriterionChange, criterion_changes
from db.trial_definitions import TrialVersion, trial_versions
from ui.window.context import AppContext
from ui.window.core_text import tr_core, translation_html, with_translation
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.tables import Column, RowsModel, translate, wrapping_table

CHANGES = {Change.ADDED: QT_TRANSLATE_NOOP("TrialTable", "added"),
           Change.REMOVED: QT_TRANSLATE_NOOP("TrialTable", "removed"),
           Change.REWORDED: QT_TRANSLATE_NOOP("TrialTable", "reworded"),
           Change.RULE_CHANGED: QT_TRANSLATE_NOOP("TrialTable", "rule changed"),
           Change.KIND_CHANGED: QT_TRANSLATE_NOOP("TrialTable", "kind changed")}
IN_USE = QT_TRANSLATE_NOOP("TrialTable", "in use")
NOT_YET_USED = QT_TRANSLATE_NOOP("TrialTable", "no screening yet")


def version_label(version: TrialVersion) -> str:
    marks = [version.sha256[:8]] + ([translate(IN_USE)] if version.in_use else [])
    return f"{version.protocol_version} ({', '.join(marks)})"


class VersionsModel(RowsModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "Protocol version"), lambda v: v.protocol_version, weight=4),
        Column(QT_TRANSLATE_NOOP("TrialTable", "First screening"),
               lambda v: f"{v.first_used_at:%Y-%m-%d}" if v.first_used_at else translate(NOT_YET_USED)),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Definition"), lambda v: v.sha256[:8]),
        Column(QT_TRANSLATE_NOOP("TrialTable", "In use"), lambda v: translate(IN_USE) if v.in_use else ""),
    )


def _text(criterion: Criterion | None) -> str:
    return with_translation(criterion.text) if criterion is not None else ""


class ChangesModel(RowsModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "ID"), lambda c: c.criterion_id),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Change"), lambda c: ", ".join(translate(CHANGES[k]) for k in c.changes)),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Before"), lambda c: _text(c.was), weight=4),
        Column(QT_TRANSLATE_NOOP("TrialTable", "After"), lambda c: _text(c.now), weight=4),
    )


class VersionsTab(QWidget):
    """The Trials view's Versions tab for the trial shown."""

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.versions: list[TrialVersion] = []
        self._pending: Trial | None = None  # shown next, read when the tab is on screen
        self.versions_model = VersionsModel(self)
        self.versions_table = wrapping_table(self.versions_model, self.tr("Versions of the trial"))
        self.versions_table.setMaximumHeight(140)  # a trial has a few versions; the changes need the room
        self.earlier = QComboBox()
        self.earlier.setAccessibleName(self.tr("Earlier version"))
        self.later = QComboBox()
        self.later.setAccessibleName(self.tr("Later version"))
        for chooser in (self.earlier, self.later):
            chooser.currentIndexChanged.connect(self._compare)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.changes = ChangesModel(self)
        self.changes_table = wrapping_table(self.changes, self.tr("What changed"))
        self.changes_table.selectionModel().currentRowChanged.connect(self._show_change)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The change selected"))

        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Compare")))
        choose.addWidget(self.earlier, 1)
        choose.addWidget(QLabel(self.tr("with")))
        choose.addWidget(self.later, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        explanation = QLabel(self.tr("TrialDesk keeps every version of a trial that a screening was begun on: "
                                     "a screening keeps its version, and an open one on an earlier version is "
                                     "flagged \"protocol amended: review\"."))
        explanation.setWordWrap(True)
        top_layout.addWidget(explanation)
        top_layout.addWidget(self.versions_table)
        top_layout.addLayout(choose)
        top_layout.addWidget(self.summary)
        top_layout.addWidget(self.changes_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_trial(self, trial: Trial) -> None:
        """Show this trial's versions: read from the registry now if the tab is on screen, else
        when it is first shown (browsing the trials reads no kept definitions)."""
        self._pending = trial
        if self.isVisible():
            self._load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._load()

    def _load(self) -> None:
        trial, self._pending = self._pending, None
        assert trial is not None
        with self.context.registry.reading() as session:
            self.versions = trial_versions(session, trial)
        self.versions_model.set_rows(self.versions)
        labels = [version_label(v) for v in self.versions]
        for chooser, chosen in ((self.earlier, max(len(labels) - 2, 0)), (self.later, len(labels) - 1)):
            chooser.blockSignals(True)
            chooser.clear()
            chooser.addItems(labels)
            chooser.setCurrentIndex(chosen)
            chooser.setEnabled(len(labels) > 1)
            chooser.blockSignals(False)
        self._compare()

    def compare(self, earlier: int, later: int) -> None:
        self.earlier.setCurrentIndex(earlier)
        self.later.setCurrentIndex(later)

    def _compare(self) -> None:
        self.detail.clear()
        if len(self.versions) < 2:
            self.changes.set_rows([])
            self.summary.setText(self.tr("One version only: every screening was begun on the version in use."))
            return
        before = self.versions[self.earlier.currentIndex()].definition
        after = self.versions[self.later.currentIndex()].definition
        found = list(criterion_changes(before, after))
        self.changes.set_rows(found)
        if before.content_hash == after.content_hash:
            self.summary.setText(self.tr("The same version."))
        elif not found:
            self.summary.setText(self.tr("No criterion changed (other parts of the definition did)."))
        else:
            self.summary.setText(self.tr("%n criterion(s) changed.", "", len(found)))
        if found:
            self.changes_table.selectRow(0)

    def _show_change(self, current, _previous=None) -> None:
        change: CriterionChange | None = current.data(ROW_ROLE) if current.isValid() else None
        if change is None:
            self.detail.clear()
            return
        before, after, checks = self.tr("Before"), self.tr("After"), self.tr("What TrialDesk checks")

        def side(heading: str, criterion: Criterion | None) -> str:
            if criterion is None:
                return f"<td valign='top' width='50%'><b>{escape(heading)}</b><p>—</p></td>"
            return (f"<td valign='top' width='50%'><b>{escape(heading)}</b><p>{escape(criterion.text)}</p>"
                    f"{translation_html(criterion.text)}<p><b>{escape(checks)}:</b></p>"
                    f"<p style='white-space:pre-wrap'>{escape(tr_core(describe_criterion(criterion)))}</p></td>")

        kinds = ", ".join(translate(CHANGES[k]) for k in change.changes)  # before and after side by side
        self.detail.setHtml(f"<p><b>{escape(change.criterion_id)}</b>: {escape(kinds)}</p>"
                            f"<table width='100%' cellpadding='4'><tr>{side(before, change.was)}"
                            f"{side(after, change.now)}</tr></table>")
