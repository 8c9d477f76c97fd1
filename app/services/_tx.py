"""The one way a service ends its unit of work, and the follow-ups that run after it.

``committing(session)`` commits, or rolls back and re-raises. A use case whose work has a
consequence that must happen once the work is saved (a company saved: its matches recomputed)
registers it with ``after_commit(session, fn)`` inside its unit of work; ``committing()`` runs
the follow-ups after its commit, so no caller has to remember them and a new entry point cannot
forget them.

* A follow-up runs only once its transaction committed; a rollback discards it.
* A follow-up that fails is logged and its own work rolled back; the saved work stays saved,
  the other follow-ups still run, and the use case returns normally.
* Follow-ups of one transaction registered with the same ``key`` run once (the last registered
  wins; ``pending_follow_up`` finds it to add to it), so a use case may add "rematch these
  companies" row by row and the work is done once.
* A follow-up may itself use ``committing()``: follow-ups it registers run after it, in the
  same loop (never re-entered).

The bookkeeping lives in ``session.info``; the session's own ``after_commit`` and
``after_soft_rollback`` events move or drop it, so a bare ``session.commit()`` or rollback is
honoured too (tests run each test in an outer transaction, where a commit only releases a
savepoint: the events fire the same way there).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

FollowUp = Callable[[], Any]

_PENDING = "veturi.after_commit.pending"  # registered in the open transaction
_READY = "veturi.after_commit.ready"  # their transaction committed; not run yet
_RUNNING = "veturi.after_commit.running"


def after_commit(session: Session, fn: FollowUp, *, key: Hashable | None = None) -> None:
    """Run ``fn()`` after the session's current transaction commits (see the module docstring).

    ``key`` makes a follow-up replace an earlier one of the same transaction with the same key;
    without one, every registration runs.
    """
    pending: dict[Hashable, FollowUp] = session.info.setdefault(_PENDING, {})
    pending[key if key is not None else object()] = fn


def pending_follow_up(session: Session, key: Hashable) -> FollowUp | None:
    """The follow-up registered under ``key`` in the open transaction, if any (to add to it)."""
    return session.info.get(_PENDING, {}).get(key)


def pending_follow_ups(session: Session) -> int:
    """How many follow-ups wait for a commit or to be run (for tests and logging)."""
    return len(session.info.get(_PENDING, {})) + len(session.info.get(_READY, {}))


@contextmanager
def committing(session: Session) -> Iterator[Session]:
    """Commit the block's work once, or roll it back and re-raise; then run the follow-ups
    that the committed work registered."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        session.info.pop(_PENDING, None)  # also when no SQL had begun a transaction yet
        raise
    run_follow_ups(session)


def run_follow_ups(session: Session) -> None:
    """Run the follow-ups whose transaction has committed. Never raises for a follow-up."""
    if session.info.get(_RUNNING):
        return  # a follow-up's own commit: the running loop picks up what it registered
    session.info[_RUNNING] = True
    try:
        while session.info.get(_READY):
            ready: dict[Hashable, FollowUp] = session.info.pop(_READY)
            for fn in ready.values():
                try:
                    fn()
                except Exception:  # noqa: BLE001 - the work it follows is saved; never undo it
                    log.exception("follow-up %s failed after a commit",
                                  getattr(fn, "__qualname__", fn))
                    session.rollback()
    finally:
        session.info.pop(_RUNNING, None)


def _is_root(session: Session) -> bool:
    return not session.in_nested_transaction()


@event.listens_for(Session, "after_commit")
def _promote(session: Session) -> None:
    """The outermost transaction committed: what it registered may run now."""
    if not _is_root(session):
        return
    pending = session.info.pop(_PENDING, None)
    if pending:
        ready: dict[Hashable, FollowUp] = session.info.setdefault(_READY, {})
        for key, fn in pending.items():
            # one of an earlier commit still waiting under the same key runs as well
            ready[key if key not in ready else object()] = fn


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, previous: SessionTransaction) -> None:
    """The outermost transaction rolled back: what it registered never happened."""
    if previous.parent is None and not previous.nested:
        session.info.pop(_PENDING, None)
