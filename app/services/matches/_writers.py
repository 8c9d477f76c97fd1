"""How a rematch's batches reach the database (``store_all``).

One after another, on SQLite and for small rematches. A large one on PostgreSQL overlaps the
database's insert work with this process's Python work (at 100,000 companies about 50 s and
20 s of a first full rematch, which would otherwise add up):

* on the session's own connection (``_overlapped``), when that is all there is: inside a
  caller's transaction, as in the tests, where another connection could not see its rows.
  Each batch's write runs in a thread while the next batch's lists are built; the connection
  is never used by both at once, since a batch's rows are read, and any other read made
  (``Batches.settle``), only once the previous write ended;
* on connections of their own (``_parallel``), when the session is bound to an engine, as in
  production: up to ``WRITERS`` batches are written and committed at once, each in its own
  transaction, while this process reads and builds the next; a database server with a spare
  core inserts them side by side.

Either way every batch commits on its own, a failed write is raised here with its batch rolled
back and the batches before it stored, and nothing is left running on the way out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session

from app.services.matches._batch import Batches
from app.services.matches._bulk import Diff
from matching import Ranking

WRITERS = 2  # batches written at once on connections of their own

Groups = Iterable[tuple[list[int], Ranking | None]]


def store_all(batches: Batches, groups: Groups, progress: Callable[[int], None], *,
              overlapped: bool) -> int:
    """Every batch stored (see the module docstring); returns the places listed.
    ``overlapped``: a large rematch on PostgreSQL; ``progress(n)``: n more companies stored,
    called in this thread, never while a write uses the session's connection."""
    if not overlapped:
        listed = 0
        for chunk, ranking in groups:
            listed += batches.run(chunk, ranking)
            progress(len(chunk))
        return listed
    bind = batches.session.get_bind()
    if isinstance(bind, Engine):
        return _parallel(batches, groups, progress, bind)
    return _overlapped(batches, groups, progress)


def _in_app(function: Callable[..., None]) -> Callable[..., None]:
    """``function`` run in a thread with this app's context (the session finds its engine
    through the app)."""
    app = current_app._get_current_object() if has_app_context() else None  # type: ignore[attr-defined]

    def run(*args: Any) -> None:
        if app is None:
            function(*args)
            return
        with app.app_context():
            function(*args)
    return run


def _overlapped(batches: Batches, groups: Groups, progress: Callable[[int], None]) -> int:
    session = batches.session
    if isinstance(session, scoped_session):  # the thread has no app context to find it by
        batches.session = session()
    running: list[tuple[Future[Any], int]] = []

    def settle() -> None:  # the write in flight ends (its companies are done), or raises
        while running:
            future, n = running.pop()
            future.result()
            progress(n)

    write = _in_app(batches.write)
    listed = 0
    waiting: tuple[Diff, int] | None = None  # built, not yet handed to the writer
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="match-writer") as writer:
        batches.settle = settle
        try:
            for chunk, ranking in groups:
                settle()
                stored = batches.read(chunk)
                if waiting is not None:
                    running.append((writer.submit(write, waiting[0]), waiting[1]))
                diff = batches.diff(chunk, stored, ranking)
                waiting, listed = (diff, len(chunk)), listed + diff.listed
            settle()
            if waiting is not None:
                batches.write(waiting[0])
                progress(waiting[1])
        finally:
            for future, _n in running:  # an error meanwhile: the write ends before we leave
                future.exception()
            batches.session, batches.settle = session, _no_wait
    return listed


def _parallel(batches: Batches, groups: Groups, progress: Callable[[int], None],
              engine: Engine) -> int:
    def write_own(diff: Diff) -> None:
        with Session(bind=engine) as own:
            batches.write(diff, own)

    write = _in_app(write_own)
    running: deque[tuple[Future[Any], int]] = deque()
    listed = 0
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="match-writer") as pool:
        try:
            for chunk, ranking in groups:
                diff = batches.run_diff(chunk, ranking)
                while len(running) >= WRITERS:  # at most WRITERS batches held in memory
                    _done(running.popleft(), progress)
                running.append((pool.submit(write, diff), len(chunk)))
                listed += diff.listed
            while running:
                _done(running.popleft(), progress)
        finally:
            for future, _n in running:
                future.exception()
    return listed


def _done(item: tuple[Future[Any], int], progress: Callable[[int], None]) -> None:
    future, n = item
    future.result()
    progress(n)


def _no_wait() -> None:
    """Nothing is being written in the background (``Batches.settle`` outside a rematch)."""
