"""Cyclic garbage is collected on the GUI thread, never in a worker thread that happens to
allocate (Qt objects deleted from the wrong thread crash the process)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from ui.window.background import run_in_background
from ui.window.gui_garbage_collector import GuiThreadGarbageCollector


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the cyclic collector frees it


def test_collection_happens_on_the_gui_thread_only(qtbot, gui_thread_garbage_collection):
    assert not gc.isenabled()
    collecting_threads = []
    gc.callbacks.append(lambda phase, _info: phase == "start" and collecting_threads.append(threading.current_thread()))
    try:
        def make_garbage(_report):
            for _ in range(50_000):  # far past generation 0's threshold (700 allocations)
                Node()
            return threading.current_thread()

        done, waiting = [], QObject()
        run_in_background(make_garbage, on_done=done.append, on_error=done.append, owner=waiting)
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
        assert done[0] is not threading.main_thread()  # the garbage was made in a worker
        qtbot.waitUntil(lambda: bool(collecting_threads), timeout=5_000)  # and collected by the timer
        assert set(collecting_threads) == {threading.main_thread()}
    finally:
        gc.callbacks.pop()


def test_a_due_generation_is_collected_and_freed(qtbot, gui_thread_garbage_collection):
    gc.collect()
    for _ in range(gc.get_threshold()[0] + 10):
        Node()
    assert GuiThreadGarbageCollector.collect_due() >= gc.get_threshold()[0]
    assert GuiThreadGarbageCollector.collect_due() == 0  # nothing due any more


def test_while_long_work_has_paused_collection_the_timer_waits(qtbot, gui_thread_garbage_collection):
    from coordinator.gc_pause import cyclic_gc_paused

    gc.collect()
    with cyclic_gc_paused():
        for _ in range(gc.get_threshold()[0] + 10):
            Node()
        assert GuiThreadGarbageCollector.collect_due() == 0
    assert not gc.isenabled()  # still the window's: collected on the timer
    assert GuiThreadGarbageCollector.collect_due() >= gc.get_threshold()[0]
