"""What is due or overdue across every patient on study (the window's `trialdesk alerts`):
computed in the background for the chosen day by db.followup.registry_alerts, filtered by
trial, kind and patient; opening a line shows that patient's follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout)

from coordinator.screening.trial import Trial
from coordinator.followup.due import DueStatus
from db.followup import DueItem, registry_alerts
from ui.window.changes import Change
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.core_text import tr_code
from ui.window.core_text import tr_core
from ui.window.toolkit.refresh_when_shown import RefreshWhenShown
from ui.window.followup.words import ACTION_NAMES, ALERT_KINDS, FOLLOWUP_DAY, WORDS, day_text, mg_text, word
from ui.window.toolkit.latest_run import LatestRun
from ui.window.toolkit.tables import Column, RowsModel, changing_filter, list_table
from ui.window.toolkit.roles import ROW_ROLE, SORT_ROLE

CTX = "AlertsColumns"  # spelled out in each QT_TRANSLATE_NOOP below: lupdate reads only literal contexts
OVERDUE_COLOUR = QColor("#b71c1c")
KIND_CHOICES = [("", QT_TRANSLATE_NOOP("FollowUpWords", "All kinds")),
                ("action", QT_TRANSLATE_NOOP("FollowUpWords", "Due actions")),
                ("overdue", QT_TRANSLATE_NOOP("FollowUpWords", "Overdue")),
                *ALERT_KINDS.items()]


STATUS_WORDS = {DueStatus.OVERDUE: QT_TRANSLATE_NOOP("AlertsColumns", "overdue"),
                DueStatus.DUE: QT_TRANSLATE_NOOP("AlertsColumns", "due"),
                DueStatus.COMING: QT_TRANSLATE_NOOP("AlertsColumns", "coming")}


def kind_of(item: DueItem) -> str:
    return "action" if item.action is not None else item.alert.kind


def is_overdue(item: DueItem) -> bool:
    return item.status == DueStatus.OVERDUE  # (decided once, in coordinator.followup.due)


def _what(item: DueItem) -> str:
    return word(ACTION_NAMES, item.action.action) if item.action is not None else word(ALERT_KINDS, item.alert.kind)


def _ack(item: DueItem) -> str:
    ack = item.acknowledged
    return f"{ack.by} {ack.at:%Y-%m-%d}: {ack.note}" if ack else ""


def columns(on: Callable[[], dt.date]) -> list[Column]:
    """`on()` gives the day the list was computed for (overdue is relative to it)."""
    def status(item: DueItem) -> str:
        return STATUS_WORDS[item.status]

    return [
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Due"), lambda i: day_text(i.due), lambda i: i.due.isoformat()),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Status"), lambda i: QCoreApplication.translate(CTX, status(i))),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Patient"), lambda i: i.patient),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Trial"), lambda i: i.trial),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "What"), _what),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Rule"), lambda i: (i.action.rule if i.action else i.alert.rule) or ""),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Drug"), lambda i: tr_code(i.action.drug) if i.action and i.action.drug else ""),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "From mg/d"), lambda i: mg_text(i.action.from_mg_per_day) if i.action else "",
               lambda i: (i.action.from_mg_per_day if i.action else None) or 0.0, right=True),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "To mg/d"), lambda i: mg_text(i.action.to_mg_per_day) if i.action else "",
               lambda i: (i.action.to_mg_per_day if i.action else None) or 0.0, right=True),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Acknowledged"), _ack),
        Column(QT_TRANSLATE_NOOP("AlertsColumns", "Details"),
               lambda i: tr_core(i.action.reason if i.action else i.alert.message)),
    ]


class AlertsFilter(QSortFilterProxyModel):
    """Lines of one trial (or all), one kind (or all), whose patient starts with the text typed."""

    def __init__(self, on: Callable[[], dt.date], parent=None):
        super().__init__(parent)
        self._on = on
        self.trial = ""
        self.kind = ""
        self.patient = ""
        self.setSortRole(SORT_ROLE)

    def set(self, *, trial: str | None = None, kind: str | None = None, patient: str | None = None) -> None:
        with changing_filter(self):
            self.trial = self.trial if trial is None else trial
            self.kind = self.kind if kind is None else kind
            self.patient = self.patient if patient is None else patient.strip().casefold()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        item: DueItem = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if self.trial and item.trial != self.trial:
            return False
        if self.kind == "overdue":
            if not is_overdue(item):
                return False
        elif self.kind and kind_of(item) != self.kind:
            return False
        return not self.patient or item.patient.casefold().startswith(self.patient)


class AlertsPage(RefreshWhenShown, Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.computed_for: dt.date | None = None
        self.run = LatestRun(self, self.tr("Computing"))  # a newer computation makes older results stale

        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName(self.tr("As of date"))
        self.as_of.dateChanged.connect(lambda _: self.refresh())
        as_of_label = QLabel(self.tr("&As of:"))
        as_of_label.setBuddy(self.as_of)
        self.today_button = QPushButton(self.tr("T&oday"))
        self.today_button.clicked.connect(lambda: self.as_of.setDate(QDate.currentDate()))
        self.trial_filter = QComboBox()
        self.trial_filter.setAccessibleName(self.tr("Filter by trial"))
        self.trial_filter.addItem(self.tr("All trials"), "")
        for trial in self._trials():
            self.trial_filter.addItem(f"{trial.trial_id} {tr_core(trial.short_name)}", trial.trial_id)
            self.trial_filter.setItemData(self.trial_filter.count() - 1, tr_core(trial.title), Qt.ItemDataRole.ToolTipRole)
        self.trial_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trial_filter.setMinimumContentsLength(22)
        self.trial_filter.view().setMinimumWidth(self.trial_filter.view().sizeHintForColumn(0) + 24)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(self.tr("Filter by kind"))
        for key, label in KIND_CHOICES:
            self.kind_filter.addItem(QCoreApplication.translate(WORDS, label), key)
        self.patient_filter = QLineEdit()
        self.patient_filter.setAccessibleName(self.tr("Filter by patient registry number"))
        self.patient_filter.setPlaceholderText(self.tr("Patient…"))
        self.patient_filter.setClearButtonEnabled(True)
        self.patient_filter.setMinimumWidth(self.fontMetrics().horizontalAdvance("EX-4250-F1") * 2)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Compute the list again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)
        trial_label, kind_label = QLabel(self.tr("T&rial:")), QLabel(self.tr("&Kind:"))
        trial_label.setBuddy(self.trial_filter)
        kind_label.setBuddy(self.kind_filter)
        top = QHBoxLayout()
        for widget in (as_of_label, self.as_of, self.today_button, trial_label, self.trial_filter, kind_label,
                       self.kind_filter):
            top.addWidget(widget)
        top.addWidget(self.patient_filter, 1)
        top.addWidget(self.refresh_button)

        self.progress = self.run.bar
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Count"))
        self.summary.setWordWrap(True)

        self.model = RowsModel(self, columns=columns(self._on), context=CTX, align_top=False,
                               colour=lambda item: OVERDUE_COLOUR if is_overdue(item) else None)
        self.proxy = AlertsFilter(self._on, self)
        self.proxy.setSourceModel(self.model)
        self.trial_filter.currentIndexChanged.connect(lambda _: self._filter(trial=self.trial_filter.currentData()))
        self.kind_filter.currentIndexChanged.connect(lambda _: self._filter(kind=self.kind_filter.currentData()))
        self.patient_filter.textChanged.connect(lambda text: self._filter(patient=text))
        self.table = list_table(self.proxy, self.tr("Due and overdue items"))
        self.table.setToolTip(self.tr("Double-click or press Enter to open the patient's follow-up"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # by due day, as computed
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._open)  # double-click or Enter

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def _trials(self) -> list[Trial]:
        trials = self.context.trials
        return list(trials.values()) if isinstance(trials, dict) else list(trials)

    def _on(self) -> dt.date:
        return self.computed_for or self.as_of.date().toPython()

    # -- computing --------------------------------------------------------------------------------
    def refresh(self):
        """Compute the list for the chosen day in the background (a newer request wins)."""
        self.loaded()
        day = self.as_of.date().toPython()
        registry, actor, trials = self.context.registry, self.context.actor, self._trials()

        def work():
            with registry.reading() as session:
                return registry_alerts(session, actor, trials, day)

        self.summary.setText(self.tr("Replaying every enrolled patient's follow-up as of {0}…").format(day))
        return self.run.start(work, on_done=lambda items: self._done(day, items), on_error=self._failed)

    @property
    def running(self) -> bool:
        return self.run.running

    def _done(self, day: dt.date, items: list[DueItem]) -> None:
        self.computed_for = day
        self.model.set_rows(items)
        self._count()

    def _failed(self, message: str) -> None:
        self.model.set_rows([])
        self.summary.setText(self.tr("The list could not be computed: {0}").format(message))

    def _filter(self, **changes) -> None:
        self.proxy.set(**changes)
        self._count()

    def _count(self) -> None:
        if self.computed_for is None:
            return
        shown = [self.proxy.index(row, 0).data(ROW_ROLE) for row in range(self.proxy.rowCount())]
        overdue = sum(is_overdue(item) for item in shown)
        text = self.tr("%n item(s) as of {0}", "", len(shown)).format(self.computed_for)
        if overdue:
            text += self.tr(", {0} overdue").format(overdue)
        if len(shown) != self.model.rowCount():
            text += self.tr(" (filtered from {0})").format(self.model.rowCount())
        self.summary.setText(text)

    def _open(self, index) -> None:
        item: DueItem = index.data(ROW_ROLE)
        if item is not None:
            # the follow-up opens on the day this list was computed for
            self.context.setProperty(FOLLOWUP_DAY, QDate(self._on()))
            self.context.followup_requested.emit(item.patient, item.trial)

