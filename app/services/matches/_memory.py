"""The cyclic garbage collector paused while a bulk rematch runs.

A full rematch holds millions of small objects at once (two million stored rows read back, the
wanted lists, the difference). None of them form reference cycles, so reference counting frees
them all; but the cyclic collector runs after every few hundred allocations, and each pass of
its oldest generation walks every live object again. At 100,000 companies that was about a
sixth of a full rematch (56 s with it, 47 s paused). Pausing is process-wide, so the pauses of
overlapping rematches (threads of one process) are counted and the collector comes back when
the last one ends; a collector that was already off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Run the block with the cyclic collector off (``pause`` False: as it is)."""
    global _paused, _was_enabled
    if not pause:
        yield
        return
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
