"""Python's cyclic garbage collector runs in whichever thread happens to cross its allocation
threshold. When that is a worker thread (a PDF export, a pre-screen) and the garbage holds Qt
objects made on the GUI thread, Qt deletes them from the wrong thread and the process crashes.
So while the window runs, automatic collection is off and the GUI thread collects on a timer;
reference counting still frees everything else at once, in any thread. While long work has
paused collection (a pre-screen's millions of objects that hold no cycles), the timer waits."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from coordinator.gc_pause import collection_paused

INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    """Turns automatic collection off and collects, on the GUI thread, each generation whose
    threshold has been crossed (as the automatic collector would have)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    @staticmethod
    def collect_due() -> int:
        """Collect the oldest generation that is due, if any; how many objects were freed."""
        if collection_paused():
            return 0
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in (2, 1, 0) if counts[generation] > thresholds[generation]]
        return gc.collect(due[0]) if due else 0
