"""Whether the person at the workstation is still there: any key press, click, wheel turn or
mouse move in the application counts as use; `idle` is emitted once the site's idle time has
passed without any, and again only after new use."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

USE = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
       QEvent.Type.TouchBegin, QEvent.Type.InputMethod}
CHECK_EVERY_MS = 5_000


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, limit_minutes: int, parent=None, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.limit_seconds = limit_minutes * 60
        self.clock = clock  # replaced by tests, which move time on by hand
        self.last_use = clock()
        self.told = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in USE:
            self.used()
        return False

    def used(self) -> None:
        self.last_use, self.told = self.clock(), False

    def check(self) -> bool:
        """Emit `idle` when the limit has passed since the last use (once); True when idle."""
        if self.clock() - self.last_use < self.limit_seconds:
            return False
        if not self.told:
            self.told = True
            self.idle.emit()
        return True

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
