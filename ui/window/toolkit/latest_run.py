"""A view's background computation where the newest request wins: a result of an older request
is dropped, and a busy bar shows while one runs (the Due and overdue view, Today)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QProgressBar, QWidget

from ui.window.background import BackgroundTask, run_in_background


class LatestRun:
    def __init__(self, owner: QWidget, accessible_name: str):
        self._owner = owner
        self._generation = 0
        self.running = False
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: these computations report no steps
        self.bar.setMaximumHeight(owner.fontMetrics().height())
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(accessible_name)
        self.bar.hide()

    def start(self, work: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[str], None]) -> BackgroundTask:
        """Run `work()` in a worker thread; `on_done` / `on_error` hear of it unless a newer one began."""
        self._generation += 1
        generation = self._generation
        self.running = True
        self.bar.show()

        def latest(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value) -> None:
                if generation == self._generation:
                    self.running = False
                    self.bar.hide()
                    handler(value)
            return call

        return run_in_background(lambda report: work(), on_done=latest(on_done), on_error=latest(on_error),
                                 owner=self._owner)
