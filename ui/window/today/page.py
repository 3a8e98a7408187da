"""Today: what the day asks of the signed-in person and the site (db.today), computed in the
background when shown and whenever another view changes data; each line opens the place where it
is dealt with (double-click or Enter); the sidebar shows how many lines there are."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QHBoxLayout, QVBoxLayout

from coordinator.screening.trial import Trial
from db.accounts import AccountRepository
from db.backups import ServerBackups, backup_folder, last_backup
from db.today import Opens, Section, TodayItem, today_items
from ui.window.changes import Change
from ui.window.context import AppContext
from ui.window.core_text import tr_core
from ui.window.followup.words import FOLLOWUP_DAY
from ui.window.page_base import Page
from ui.window.toolkit.refresh_when_shown import RefreshWhenShown
from ui.window.toolkit.roles import ROW_ROLE
from ui.window.toolkit.latest_run import LatestRun
from ui.window.toolkit.tables import Column, RowsModel, list_table

CTX = "TodayColumns"
URGENT_COLOUR = QColor("#b71c1c")
SECTIONS = {Section.FOLLOW_UP: QT_TRANSLATE_NOOP("TodayColumns", "Follow-up"),
            Section.VISITS: QT_TRANSLATE_NOOP("TodayColumns", "Visits this week"),
            Section.SCREENINGS: QT_TRANSLATE_NOOP("TodayColumns", "Screenings waiting"),
            Section.STALE: QT_TRANSLATE_NOOP("TodayColumns", "Gone stale"),
            Section.BACKUP: QT_TRANSLATE_NOOP("TodayColumns", "Backup")}
# words, never colour alone: "overdue" reads without the red
STATUSES = {"overdue": QT_TRANSLATE_NOOP("TodayColumns", "overdue"), "due": QT_TRANSLATE_NOOP("TodayColumns", "due"),
            "opens": QT_TRANSLATE_NOOP("TodayColumns", "window opens"),
            "open": QT_TRANSLATE_NOOP("TodayColumns", "window open"),
            "closes": QT_TRANSLATE_NOOP("TodayColumns", "window closes"),
            "prepare": QT_TRANSLATE_NOOP("TodayColumns", "to prepare"),
            "sign": QT_TRANSLATE_NOOP("TodayColumns", "to review and sign"),
            "enrol": QT_TRANSLATE_NOOP("TodayColumns", "to enrol or record the outcome"),
            "stale": QT_TRANSLATE_NOOP("TodayColumns", "stale: screen again"),
            "none": QT_TRANSLATE_NOOP("TodayColumns", "none yet"), "old": QT_TRANSLATE_NOOP("TodayColumns", "too old"),
            "ok": QT_TRANSLATE_NOOP("TodayColumns", "ok")}


def _word(table: dict, key) -> str:
    return QCoreApplication.translate(CTX, table[key])


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("TodayColumns", "Section"), lambda i: _word(SECTIONS, i.section)),
    Column(QT_TRANSLATE_NOOP("TodayColumns", "Status"), lambda i: ("⚠ " if i.urgent else "") + _word(STATUSES, i.status)),
    Column(QT_TRANSLATE_NOOP("TodayColumns", "Date"), lambda i: i.when.isoformat() if i.when else ""),
    Column(QT_TRANSLATE_NOOP("TodayColumns", "Patient"), lambda i: i.patient or ""),
    Column(QT_TRANSLATE_NOOP("TodayColumns", "Trial"), lambda i: i.trial or ""),
    Column(QT_TRANSLATE_NOOP("TodayColumns", "What"), lambda i: tr_core(i.what), weight=5),
]


def compute(context: AppContext, trials: list[Trial], on: dt.date) -> list[TodayItem]:
    """The worklist (in a worker thread): the registry's data and its backup folder."""
    registry, actor = context.registry, context.actor
    try:
        last = last_backup(backup_folder(registry))
    except ServerBackups:  # a server registry is backed up by the database's own means
        last = None
    with registry.reading() as session:
        accounts = AccountRepository(session)
        warning = accounts.site().backup_warning_days if accounts.is_set_up() else 7
        items = today_items(session, actor, trials, on, last, warning)
    return [i for i in items if not (i.section == Section.BACKUP and registry.kind == "demo")]


class TodayPage(RefreshWhenShown, Page):
    shows = Change.PATIENTS | Change.SCREENINGS | Change.ON_STUDY
    counted = Signal(int)            # lines in the list: the sidebar shows it
    follow_up_counted = Signal(int)  # follow-up actions due or overdue: the sidebar shows it by Due and overdue

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.computed_for: dt.date | None = None
        self.run = LatestRun(self, self.tr("Computing"))  # a newer computation makes older results stale
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Compute the list again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)
        self.progress = self.run.bar
        self.model = RowsModel(self, columns=COLUMNS, context=CTX, align_top=False,
                               colour=lambda item: URGENT_COLOUR if item.urgent else None)
        self.table = list_table(self.model, self.tr("Today's worklist"), wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._open)  # double-click or Enter
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self):
        self.loaded()
        day = dt.date.today()
        context, trials = self.context, list(self.context.trials_in_use)
        self.heading.setText(self.tr("Today, {0}").format(day.isoformat()))
        return self.run.start(lambda: compute(context, trials, day), on_done=lambda items: self._done(day, items),
                              on_error=self._failed)

    @property
    def running(self) -> bool:
        return self.run.running

    def _done(self, day: dt.date, items: list[TodayItem]) -> None:
        self.computed_for = day
        self.model.set_rows(items)
        urgent = sum(item.urgent for item in items)
        text = self.tr("%n item(s)", "", len(items))
        if urgent:
            text += self.tr(", {0} urgent (marked ⚠)").format(urgent)
        self.summary.setText(text)
        self.counted.emit(len([i for i in items if i.section != Section.BACKUP or i.urgent]))
        self.follow_up_counted.emit(sum(i.section == Section.FOLLOW_UP for i in items))

    def _failed(self, message: str) -> None:
        self.model.set_rows([])
        self.summary.setText(self.tr("The list could not be computed: {0}").format(message))

    def items(self) -> list[TodayItem]:
        return self.model.rows()

    def _open(self, index) -> None:
        item: TodayItem | None = index.data(ROW_ROLE)
        if item is not None:
            self.open_item(item)

    def open_item(self, item: TodayItem) -> None:
        """Show the place where the item is dealt with."""
        if item.opens == Opens.FOLLOW_UP:
            day = self.computed_for or dt.date.today()
            self.context.setProperty(FOLLOWUP_DAY, QDate(day.year, day.month, day.day))
            self.context.followup_requested.emit(item.patient, item.trial)
        elif item.opens == Opens.CHECKLIST:
            self.context.checklist_requested.emit(item.patient, item.trial)
        else:
            self.context.backup_requested.emit()
