"""The status bar's word on the last good backup: when it was made, or a warning (in words and
with a mark, not by colour alone) when none is younger than the site's limit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from coordinator.backups.retention import is_stale

WARNING_STYLE = "color: #b00020; font-weight: bold"


class BackupStatus(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Last backup"))
        self.stale = False

    def show_last(self, last: dt.datetime | None, warning_days: int, now: dt.datetime) -> None:
        self.stale = is_stale(last, now, warning_days)
        if last is None:
            text = self.tr("⚠ No backup yet")
        else:
            shown = last.astimezone().strftime("%Y-%m-%d %H:%M")  # this workstation's time, as dates are shown
            text = (self.tr("⚠ Last backup: {0}, over %n day(s) ago", "", warning_days).format(shown)
                    if self.stale else self.tr("Last backup: {0}").format(shown))
        self.setText(text)
        self.setStyleSheet(WARNING_STYLE if self.stale else "")
        self.setToolTip(self.tr("Tools > Back up now makes one; the site's administrator sets where backups go")
                        if self.stale else "")
