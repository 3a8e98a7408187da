"""The five trials: protocol summary, arms and doses, visit schedule, and every criterion with its
verbatim text, its ambiguity and what TrialDesk checks, in plain words."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (QLabel, QLineEdit, QListView, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from coordinator.screening.rule_text import describe_criterion
from ui.window.core_text import tr_core
from coordinator.screening.trial import Criterion, Trial
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.trials.models import KINDS, ArmsModel, CriteriaModel, TrialListModel, VisitsModel
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.tables import translate, wrapping_table


class TrialsPage(Page):

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)

        self.trial_list = TrialListModel(self)
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

        splitter = QSplitter()
        splitter.addWidget(self.list_view)
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

    def open_trial(self, nct: str) -> None:
        for row, trial in enumerate(self.trial_list.rows()):
            if trial.nct == nct:
                self.list_view.selectionModel().setCurrentIndex(
                    self.trial_list.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return
        raise KeyError(nct)

    def show_trial(self, row: int) -> None:
        if row < 0:
            return
        trial = self.trial_list.row(row)
        self.heading.setText(f"{trial.nct} · {trial.short_name}")
        self.summary.setHtml(self._summary_html(trial))
        self.arms.set_trial(trial)
        self.visits.set_rows(trial.visits)
        self.criteria.set_rows(trial.criteria)
        self.criterion_detail.clear()
        if trial.criteria:
            self.criteria_table.selectRow(0)

    def _show_criterion(self, current, _previous=None) -> None:
        criterion: Criterion | None = current.data(ROW_ROLE) if current.isValid() else None
        if criterion is None:
            self.criterion_detail.clear()
            return
        parts = "".join(f"<li><b>{escape(p.id)}</b> {escape(p.text)}</li>" for p in criterion.parts)
        ambiguous, checks = self.tr("Ambiguous text"), self.tr("What TrialDesk checks")  # lupdate skips f-strings
        ambiguity = (f"<p style='background:#fff3d6;color:#7a4100'><b>{escape(ambiguous)}:</b> "
                     f"{escape(criterion.ambiguity)}</p>") if criterion.ambiguity else ""
        self.criterion_detail.setHtml(
            f"<p><b>{escape(criterion.id)}</b> ({escape(translate(KINDS[criterion.kind]))})</p>"
            f"<p>{escape(criterion.text)}</p>"
            + (f"<ul>{parts}</ul>" if parts else "") + ambiguity
            + f"<p><b>{escape(checks)}:</b></p>"
            f"<p style='white-space:pre-wrap'>{escape(tr_core(describe_criterion(criterion)))}</p>")

    def _summary_html(self, trial: Trial) -> str:
        def row(label: str, value) -> str:
            if value in (None, "", []):
                return ""
            return f"<tr><th align='left' valign='top'>{escape(label)}</th><td>{escape(str(value))}</td></tr>"

        rows = "".join([
            row(self.tr("NCT number"), trial.nct),
            row(self.tr("Title"), trial.title),
            row(self.tr("Official title"), trial.official_title),
            row(self.tr("Conditions"), ", ".join(trial.conditions)),
            row(self.tr("Sponsor"), trial.sponsor),
            row(self.tr("Site"), trial.site),
            row(self.tr("Principal investigator"), trial.principal_investigator),
            row(self.tr("Phase"), trial.phase),
            row(self.tr("Design"), trial.design),
            row(self.tr("Target enrolment"), trial.target_enrolment),
            row(self.tr("Status"), trial.status),
            row(self.tr("Protocol version"), trial.protocol_version),
            row(self.tr("Source"), trial.source),
            row(self.tr("Arms"), "; ".join(f"{arm.label} [{arm.id}]" for arm in trial.arms)),
            row(self.tr("Criteria"), self.tr("{0} inclusion, {1} exclusion").format(
                sum(c.kind == "inclusion" for c in trial.criteria), sum(c.kind == "exclusion" for c in trial.criteria))),
        ])
        kinds = {"primary": self.tr("Primary"), "secondary": self.tr("Secondary")}
        outcomes = "".join(
            f"<li><b>{escape(kinds[o.type])}</b>: {escape(o.measure)} "
            f"<i>({escape(o.time_frame)})</i>{'<br>' + escape(o.description) if o.description else ''}</li>"
            for o in trial.outcomes)
        heading = self.tr("Outcome measures")  # outside the f-string, where lupdate reads it
        return (f"<table cellspacing='0' cellpadding='4'>{rows}</table>"
                + (f"<h3>{escape(heading)}</h3><ul>{outcomes}</ul>" if outcomes else ""))
