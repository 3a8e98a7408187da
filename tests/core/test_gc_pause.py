"""The cyclic collector paused during long work (coordinator/gc_pause.py), also from several
threads at once."""

from __future__ import annotations

import gc
import threading

from coordinator.gc_pause import collection_paused, cyclic_gc_paused


def test_the_cyclic_collector_is_paused_only_meanwhile():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pauses_of_the_collector_in_two_threads_overlap_and_the_last_turns_it_back_on():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with cyclic_gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with cyclic_gc_paused():
        second_in.set()
        first_out.wait(5)
        assert not gc.isenabled() and collection_paused()  # the first ended, this one has not
    thread.join(5)
    assert gc.isenabled() and not collection_paused()
    gc.disable()
    try:  # off before: stays off
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
