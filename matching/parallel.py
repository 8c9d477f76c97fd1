"""Optional process parallelism for the two bulk steps: analysing companies and ranking all.

Sparse products and the Python text analysis hold the GIL, so threads do not help; forked
worker processes do. Each worker inherits the fitted matcher (copy-on-write, nothing is
pickled on the way in), handles a contiguous share of the companies and sends back only its
results (feature rows, or the top-N matches). BLAS is limited to one thread per worker so
the workers do not fight over the cores. Without ``fork`` (or with ``workers <= 1``) the
same work runs in the calling process, so results are identical either way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_JOB: tuple[Callable[..., Any], tuple] | None = None


def _run(part: tuple[int, int]) -> Any:
    from threadpoolctl import threadpool_limits

    assert _JOB is not None
    function, args = _JOB
    with threadpool_limits(limits=1):
        return function(*args, part[0], part[1])


def split(n: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous [start, stop) ranges covering range(n)."""
    parts = max(1, min(parts, n)) if n else 1
    bounds = [round(i * n / parts) for i in range(parts + 1)]
    return [(bounds[i], bounds[i + 1]) for i in range(parts)]


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, macOS with fork)."""
    return "fork" in multiprocessing.get_all_start_methods()


def map_ranges(function: Callable[..., Any], args: tuple, n: int, workers: int,
               ranges: Sequence[tuple[int, int]] | None = None) -> list[Any]:
    """``function(*args, start, stop)`` over contiguous ranges of range(n), in order.

    Runs in ``workers`` forked processes when that is possible and worth it, otherwise
    in this process.
    """
    with ranges_as_done(function, args, n, workers, ranges) as results:
        return list(results)


@contextmanager
def ranges_as_done(function: Callable[..., Any], args: tuple, n: int, workers: int,
                   ranges: Sequence[tuple[int, int]] | None = None) -> Iterator[Iterator[Any]]:
    """``map_ranges`` whose results arrive one range at a time, in order, while the workers go
    on with the ranges after it: a caller that stores each result (waiting on a database)
    overlaps that wait with the ranking of the next. Without workers each range is computed
    when asked for. The workers stop when the block is left, asked for or not."""
    global _JOB
    ranges = list(ranges) if ranges is not None else split(n, workers)
    if workers <= 1 or len(ranges) <= 1 or not can_fork():
        yield (function(*args, start, stop) for start, stop in ranges)
        return
    _JOB = (function, args)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=min(workers, len(ranges))) as pool:
            yield pool.imap(_run, ranges, chunksize=1)
    finally:
        _JOB = None
