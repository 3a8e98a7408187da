"""Background work reports back on the GUI thread, and not at all to a view already closed."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.window.background import run_in_background


class Listener(QObject):
    def __init__(self):
        super().__init__()
        self.results: list = []
        self.errors: list[str] = []

    def done(self, result) -> None:
        self.results.append(result)

    def failed(self, message: str) -> None:
        self.errors.append(message)


def test_result_and_progress_reach_the_caller(qtbot):
    listener, progress = Listener(), []

    def work(report):
        report(1, 2, "half")
        return 42

    run_in_background(work, on_done=listener.done, on_error=listener.failed,
                      on_progress=lambda *step: progress.append(step))
    qtbot.waitUntil(lambda: listener.results == [42])
    assert progress == [(1, 2, "half")] and listener.errors == []


def test_an_error_becomes_a_message(qtbot):
    listener = Listener()

    def work(report):
        raise ValueError("creatinine: value must be positive")

    run_in_background(work, on_done=listener.done, on_error=listener.failed)
    qtbot.waitUntil(lambda: listener.errors != [])
    assert listener.errors == ["creatinine: value must be positive"] and listener.results == []


def test_a_view_deleted_before_the_answer_is_left_alone(qtbot):
    view, release, answered = QWidget(), threading.Event(), []

    def work(report):
        release.wait(5)
        return "late"

    task = run_in_background(work, on_done=lambda result: answered.append(result), on_error=answered.append,
                             owner=view)
    view.deleteLater()
    qtbot.waitUntil(lambda: not _alive(view))
    with qtbot.waitSignal(task.signals.finished, timeout=5000):
        release.set()
    assert answered == []


def _alive(obj) -> bool:
    from shiboken6 import isValid
    return isValid(obj)
