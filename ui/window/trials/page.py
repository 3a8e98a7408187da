"""The trials in use (shipped and the site's own): protocol summary, arms and doses, visit schedule,
and every criterion with its verbatim text, its ambiguity and what TrialDesk checks, in plain
words; the versions kept and what changed between two; checking and installing a site trial file, retiring a trial."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (QLabel, QLineEdit, QListView, QPushButton, QSplitter, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from coordinator.screening.rule_text import describe_criterion
from ui.window.core_text import term_label, tr_core, tr_with_english, translation_html
from coordinator.records.trial_ids import registry_of
from coordinator.screening.trial import Criterion, Trial
from coordinator.screening.trial_library import SHIPPED, library
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.trials.models import KINDS, ArmsModel, CriteriaModel, TrialListModel, VisitsModel
from ui.window.trials.site_actions import SiteTrialActions
from ui.window.trials.versions import VersionsTab
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.tables import translate, wrapping_table


class TrialsPage(Page):

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)

        self.trial_list = TrialListModel(self)
        self.trial_list.retired = set(context.retired)
        self.trial_list.set_rows(context.trials)
        self.list_view = QListView()
        self.list_view.setModel(self.trial_list)
        self.list_view.setAccessibleName(self.tr("Trials"))
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(2)
        self.list_view.setMinimumWidth(170)

        self.summary = QTextBrowser()
        self.summary.setAccessibleName(self.tr("Protocol summary"))
        self.summary.setOpenExternalLinks(False)

        self.arms = ArmsModel(self)
        self.arms_table = wrapping_table(self.arms, self.tr("Arms and doses"))
        self.visits = VisitsModel(self)
        self.visits_table = wrapping_table(self.visits, self.tr("Visit schedule"))

        self.criteria = CriteriaModel(self)
        self.criteria_filter = QSortFilterProxyModel(self)
        self.criteria_filter.setSourceModel(self.criteria)
        self.criteria_filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.criteria_filter.setFilterKeyColumn(-1)  # any column
        self.criteria_table = wrapping_table(self.criteria_filter, self.tr("Eligibility criteria"))
        self.criteria_search = QLineEdit()
        self.criteria_search.setPlaceholderText(self.tr("Filter criteria: id, words of the text or of the rule"))
        self.criteria_search.setAccessibleName(self.tr("Filter criteria"))
        self.criteria_search.setClearButtonEnabled(True)
        self.criteria_search.textChanged.connect(self.criteria_filter.setFilterFixedString)
        self.criterion_detail = QTextBrowser()
        self.criterion_detail.setAccessibleName(self.tr("Selected criterion"))
        self.criteria_table.selectionModel().currentRowChanged.connect(self._show_criterion)

        criteria_tab = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.criteria_search)
        top_layout.addWidget(self.criteria_table)
        criteria_tab.addWidget(top)
        criteria_tab.addWidget(self.criterion_detail)
        criteria_tab.setStretchFactor(0, 3)
        criteria_tab.setStretchFactor(1, 1)
        criteria_tab.setSizes([450, 150])

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Trial sections"))
        self.tabs.addTab(self.summary, self.tr("&Protocol"))
        self.tabs.addTab(self.arms_table, self.tr("&Arms and doses"))
        self.tabs.addTab(self.visits_table, self.tr("&Visit schedule"))
        self.tabs.addTab(criteria_tab, self.tr("&Eligibility criteria"))
        self.versions = VersionsTab(context)
        self.tabs.addTab(self.versions, self.tr("Versio&ns"))

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tabs)

        self.actions = SiteTrialActions(context, self)
        self.actions.changed.connect(self._trials_changed)
        self.check_button = QPushButton(self.tr("&Check a trial file..."))
        self.check_button.clicked.connect(self.actions.ask_check)
        self.install_button = QPushButton(self.tr("&Install a trial file..."))
        self.install_button.clicked.connect(self.actions.ask_install)
        self.retire_button = QPushButton(self.tr("&Retire..."))
        self.retire_button.clicked.connect(lambda: self.trial and self.actions.ask_retirement(
            self.trial, self.trial.trial_id not in self.context.retired))
        for button in (self.install_button, self.retire_button):
            button.setVisible(self.actions.may_manage)  # (the core refuses anyone else all the same)
        self.refused_note = QLabel()
        self.refused_note.setWordWrap(True)
        self.refused_note.setStyleSheet("color:#8a1c1c")
        self.refused_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_view)
        left_layout.addWidget(self.refused_note)
        for button in (self.check_button, self.install_button, self.retire_button):
            left_layout.addWidget(button)
        self._show_refused()

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.list_view.selectionModel().currentRowChanged.connect(lambda current, _: self.show_trial(current.row()))
        if context.trials:
            self.list_view.selectionModel().setCurrentIndex(
                self.trial_list.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- showing --------------------------------------------------------------------------------
    @property
    def trial(self) -> Trial | None:
        row = self.list_view.currentIndex().row()
        return self.trial_list.row(row) if row >= 0 else None

    def open_trial(self, trial_id: str) -> None:
        for row, trial in enumerate(self.trial_list.rows()):
            if trial.trial_id == trial_id:
                self.list_view.selectionModel().setCurrentIndex(
                    self.trial_list.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return
        raise KeyError(trial_id)

    def show_trial(self, row: int) -> None:
        if row < 0:
            return
        trial = self.trial_list.row(row)
        retired = trial.trial_id in self.context.retired
        marked = " · " + self.tr("retired") if retired else ""  # (outside an f-string, where lupdate reads it)
        self.heading.setText(f"{trial.trial_id} · {tr_core(trial.short_name)}{marked}")
        self.retire_button.setText(self.tr("Put back in &use...") if retired else self.tr("&Retire..."))
        self.summary.setHtml(self._summary_html(trial))
        self.arms.set_trial(trial)
        self.visits.set_rows(trial.visits)
        self.criteria.set_rows(trial.criteria)
        self.criterion_detail.clear()
        if trial.criteria:
            self.criteria_table.selectRow(0)
        self.versions.set_trial(trial)

    def _show_criterion(self, current, _previous=None) -> None:
        criterion: Criterion | None = current.data(ROW_ROLE) if current.isValid() else None
        if criterion is None:
            self.criterion_detail.clear()
            return
        parts = "".join(f"<li><b>{escape(p.id)}</b> {escape(p.text)}{translation_html(p.text)}</li>"
                        for p in criterion.parts)
        ambiguous, checks = self.tr("Ambiguous text"), self.tr("What TrialDesk checks")  # lupdate skips f-strings
        ambiguity = (f"<p style='background:#fff3d6;color:#7a4100'><b>{escape(ambiguous)}:</b> "
                     f"{escape(tr_core(criterion.ambiguity))}</p>") if criterion.ambiguity else ""
        self.criterion_detail.setHtml(
            f"<p><b>{escape(criterion.id)}</b> ({escape(translate(KINDS[criterion.kind]))})</p>"
            f"<p>{escape(criterion.text)}</p>{translation_html(criterion.text)}"
            + (f"<ul>{parts}</ul>" if parts else "") + ambiguity
            + f"<p><b>{escape(checks)}:</b></p>"
            f"<p style='white-space:pre-wrap'>{escape(tr_core(describe_criterion(criterion)))}</p>")

    def _origin(self, trial: Trial) -> str:
        in_use = library()
        origin = in_use.origins.get(trial.trial_id, SHIPPED)
        if origin == SHIPPED:
            return self.tr("shipped with TrialDesk")
        text = self.tr("site trial file {0}").format(origin)
        if trial.trial_id in in_use.replaced:
            text += "; " + self.tr("replaces the shipped protocol version {0}").format(in_use.replaced[trial.trial_id])
        return text

    def _retirement(self, trial: Trial) -> str:
        found = self.context.retired.get(trial.trial_id)
        if found is None:
            return ""
        return self.tr("{0} by {1}: {2}; its screenings are kept, no new screening or pre-screen uses it").format(
            f"{found.at:%Y-%m-%d}", found.by, found.reason)

    def _show_refused(self) -> None:
        refused = library().refused
        self.refused_note.setVisible(bool(refused))
        self.refused_note.setText(self.tr("Site trial files not used:") + "\n" + "\n".join(refused))

    def _trials_changed(self, trial_id: str) -> None:
        self.trial_list.retired = set(self.context.retired)
        self.trial_list.set_rows(self.context.trials)
        self._show_refused()
        self.open_trial(trial_id)

    @staticmethod
    def _with_registry(trial_id: str) -> str:
        registry = registry_of(trial_id)
        return f"{trial_id} ({term_label(registry)})" if registry else trial_id

    def _summary_html(self, trial: Trial) -> str:
        def row(label: str, value) -> str:
            if value in (None, "", []):
                return ""
            return f"<tr><th align='left' valign='top'>{escape(label)}</th><td>{escape(str(value))}</td></tr>"

        rows = "".join([
            row(self.tr("Registry id"), self._with_registry(trial.trial_id)),
            row(self.tr("Also registered as"), ", ".join(map(self._with_registry, trial.other_ids))),
            row(self.tr("Title"), tr_with_english(trial.title)),
            row(self.tr("Official title"), tr_with_english(trial.official_title) if trial.official_title else None),
            row(self.tr("Conditions"), ", ".join(map(tr_core, trial.conditions))),
            row(self.tr("Sponsor"), trial.sponsor),
            row(self.tr("Site"), trial.site),
            row(self.tr("Principal investigator"), trial.principal_investigator),
            row(self.tr("Phase"), trial.phase),
            row(self.tr("Design"), trial.design),
            row(self.tr("Target enrolment"), trial.target_enrolment),
            row(self.tr("Status"), trial.status),
            row(self.tr("Protocol version"), trial.protocol_version),
            row(self.tr("Definition"), self._origin(trial)),
            row(self.tr("Retired"), self._retirement(trial)),
            row(self.tr("Source"), trial.source),
            row(self.tr("Arms"), "; ".join(f"{tr_core(arm.label)} [{arm.id}]" for arm in trial.arms)),
            row(self.tr("Criteria"), self.tr("{0} inclusion, {1} exclusion").format(
                sum(c.kind == "inclusion" for c in trial.criteria), sum(c.kind == "exclusion" for c in trial.criteria))),
        ])
        kinds = {"primary": self.tr("Primary"), "secondary": self.tr("Secondary")}
        outcomes = "".join(
            f"<li><b>{escape(kinds[o.type])}</b>: {escape(tr_core(o.measure))} "
            f"<i>({escape(tr_core(o.time_frame))})</i>{'<br>' + escape(tr_core(o.description)) if o.description else ''}</li>"
            for o in trial.outcomes)
        heading = self.tr("Outcome measures")  # outside the f-string, where lupdate reads it
        return (f"<table cellspacing='0' cellpadding='4'>{rows}</table>"
                + (f"<h3>{escape(heading)}</h3><ul>{outcomes}</ul>" if outcomes else ""))
