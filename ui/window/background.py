"""Long work off the GUI thread: a function runs in the thread pool and reports progress,
its result or its error back through Qt signals (delivered on the GUI thread)."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid


class TaskSignals(QObject):
    progress = Signal(int, int, str)   # done, total, what is being done now
    finished = Signal(object)          # the function's result
    failed = Signal(str)               # a message for the user


class BackgroundTask(QRunnable):
    """`work(report)` runs in a worker thread; `report(done, total, text)` emits progress.
    Exceptions become `failed` with their message (the traceback goes to stderr, never a
    dialog: it may hold patient data)."""

    def __init__(self, work: Callable[[Callable[[int, int, str], None]], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the caller holds the task until it reports back
        self.work = work
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.work(lambda done, total, text="": self.signals.progress.emit(done, total, text))
        except Exception as error:  # reported to the user, not swallowed
            traceback.print_exc()
            self.signals.failed.emit(str(error) or type(error).__name__)
        else:
            self.signals.finished.emit(result)


_running: set[BackgroundTask] = set()


def run_in_background(work: Callable[[Callable[[int, int, str], None]], Any], *,
                      on_done: Callable[[Any], None], on_error: Callable[[str], None],
                      on_progress: Callable[[int, int, str], None] | None = None,
                      owner: QObject | None = None) -> BackgroundTask:
    """`owner` (by default the object whose method `on_done` is) is the view waiting for the
    answer; if it has been deleted by then, the answer is dropped."""
    task = BackgroundTask(work)
    _running.add(task)  # keeps the task and its signals alive until it reports back
    # A view closed while its work runs is gone when the answer arrives: drop the answer.
    owner = owner if owner is not None else getattr(on_done, "__self__", None)
    alive = (lambda: isValid(owner)) if isinstance(owner, QObject) else (lambda: True)
    if on_progress is not None:
        task.signals.progress.connect(lambda *args: alive() and on_progress(*args))
    task.signals.finished.connect(lambda result: (_running.discard(task), alive() and on_done(result)))
    task.signals.failed.connect(lambda message: (_running.discard(task), alive() and on_error(message)))
    QThreadPool.globalInstance().start(task)
    return task
