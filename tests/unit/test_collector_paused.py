"""The cyclic collector is paused while a full rematch runs, and comes back after it (also when
pauses overlap or the block fails); a collector that was off stays off."""

from __future__ import annotations

import gc

import pytest

from app.services.matches._memory import collector_paused


def test_paused_inside_and_back_after_even_on_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # an overlapping rematch in another thread, say
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer one still runs
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a failed batch")
    assert gc.isenabled()
    with collector_paused(False):
        assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
