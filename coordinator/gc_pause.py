"""The cyclic garbage collector paused during long work that makes millions of small objects
holding no cycles (a pre-screen's records and results): a collector run over all of them again
and again is a third of such work's time. Reference counting frees them as before. (No heavy
imports: the window's own collector asks `collection_paused` before anything else is loaded.)"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pausing = threading.Lock()
_pauses = [0, False]  # how many are paused now; whether the collector was on before the first


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile: reading a registry makes millions of small
    objects that live to the end, and the collector would go over all of them again and again
    (a third of the time of a pre-screen); they hold no cycles, and reference counting frees
    them as before. Pauses in several threads overlap: the last to end turns it back on."""
    with _pausing:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pausing:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()


def collection_paused() -> bool:
    """Whether some work has paused the cyclic collector (`cyclic_gc_paused`): a collector run
    by hand (the window's, on its GUI thread) waits too."""
    return _pauses[0] > 0
