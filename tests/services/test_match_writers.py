"""A large rematch in a database whose work really commits (no outer test transaction), as in
production: on PostgreSQL the batches are written on connections of their own, side by side,
while the next ones are built (``app/services/matches/_writers.py``). The lists stored in many
small batches equal those stored in one; a write that fails stops the rematch with the batches
before it stored, and leaves no writer running."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Text, cast, delete, select

from app.extensions import db
from app.models.matches import Match, MatchCutoff, MatchRun
from app.services import matches
from app.services.demo import seed_demo
from app.services.demo.calls import seed_demo_calls
from app.services.matches import _batch
from app.services.matches import _cache as cache
from config import BASE_DIR
from tests.conftest import BACKENDS, own_app

TODAY = date(2026, 12, 3)
POOL = BASE_DIR / "eval" / "dev" / "calls.jsonl"


@pytest.fixture(scope="module", params=BACKENDS)
def network(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo's 200 companies and the evaluation pool's calls, committed."""
    application = own_app(request.param, "writers", tmp_path_factory, MATCH_WORKERS=2)
    with application.app_context():
        seed_demo(db.session, today=TODAY)
        seed_demo_calls(db.session, POOL)
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def empty_lists(network: Any) -> Iterator[Any]:
    with network.app_context():
        cache.clear()
        _clear(db.session)
        yield db.session
        db.session.rollback()
        _clear(db.session)
        cache.clear()


def _clear(session: Any) -> None:
    for model in (Match, MatchCutoff, MatchRun):
        session.execute(delete(model))
    session.commit()


def _stored(session: Any) -> tuple[set[tuple], set[tuple]]:
    session.expire_all()
    rows = {(m.company_id, m.call_id, m.rank, m.score, m.is_current, m.call_version,
             tuple(sorted(m.components.items())))
            for m in session.scalars(select(Match))}
    cutoffs = {(c.company_id, c.listed, c.cutoff) for c in session.scalars(select(MatchCutoff))}
    return rows, cutoffs


def test_lists_stored_in_many_batches_side_by_side_equal_those_stored_in_one(
        empty_lists: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    session = empty_lists
    writes: list[tuple[str, bool]] = []  # (thread, in a session of its own)
    real = _batch.write
    main = session()

    def watched(own: Any, diff: Any) -> None:
        writes.append((threading.current_thread().name, own is not main and own is not session))
        real(own, diff)

    monkeypatch.setattr(_batch, "write", watched)
    monkeypatch.setattr(matches, "BATCH", 1000)  # all 200 in one batch, one after another
    one = matches.rematch(session, today=TODAY, full=True)
    in_one = _stored(session)
    assert one.stored > 1000 and len(in_one[1]) > 150 and writes == [("MainThread", False)]
    _clear(session)
    cache.clear()
    writes.clear()
    monkeypatch.setattr(matches, "BATCH", 15)  # fourteen batches
    many = matches.rematch(session, today=TODAY, full=True)
    assert _stored(session) == in_one and many.stored == one.stored
    assert len(writes) == 14
    postgres = session.get_bind().dialect.name == "postgresql"
    # on PostgreSQL the writes run in threads, each on a connection of its own, beside the
    # building of the next batch; on SQLite one after another
    assert all(name.startswith("match-writer") and own for name, own in writes) == postgres
    assert any(name.startswith("match-writer") or own for name, own in writes) == postgres


def test_a_failed_write_stops_the_rematch_with_the_earlier_batches_stored(
        empty_lists: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    session = empty_lists
    real = _batch.write
    calls = 0

    def failing(own: Any, diff: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise RuntimeError("the database went away")
        real(own, diff)

    monkeypatch.setattr(_batch, "write", failing)
    monkeypatch.setattr(matches, "BATCH", 15)
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="went away"):
        matches.rematch(session, today=TODAY, full=True)
    session.rollback()
    listed = {c for c, in session.execute(select(Match.company_id).distinct())}
    # the batches written before the failure stay (three, or more written beside it), the
    # failed one is not there, and no writer thread is left behind
    assert 45 <= len(listed) < 200
    assert threading.active_count() == before
    assert session.scalar(select(MatchRun.id)) is None  # the run is not logged as done


def _texts(session: Any) -> dict[tuple[int, int], tuple[Any, ...]]:
    """Every row as stored, the components' JSON as its text (what a later rematch compares)."""
    session.expire_all()
    return {(c, k): rest for c, k, *rest in session.execute(select(
        Match.company_id, Match.call_id, Match.score, Match.rank, cast(Match.components, Text),
        Match.reasons, Match.call_version, Match.is_current, Match.status))}


def test_a_first_fill_from_arrays_stores_what_row_by_row_stores_to_the_text(
        empty_lists: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    session = empty_lists
    monkeypatch.setattr(matches, "BATCH", 40)
    built: list[int] = []
    real = _batch.fresh_rows

    def counted(*args: Any) -> Any:
        rows = real(*args)
        built.append(len(rows))
        return rows

    monkeypatch.setattr(_batch, "fresh_rows", counted)
    matches.rematch(session, today=TODAY, full=True)
    from_arrays, cutoffs = _texts(session), _stored(session)[1]
    assert sum(built) == len(from_arrays) > 1000 and len(built) == 5  # every batch from arrays
    _clear(session)
    cache.clear()
    monkeypatch.setattr(_batch.Batches, "_fresh", lambda *_args: (set(), None))  # by row
    matches.rematch(session, today=TODAY, full=True)
    assert _texts(session) == from_arrays and _stored(session)[1] == cutoffs
    before = dict(session.execute(select(Match.id, Match.computed_at)).all())
    monkeypatch.undo()
    monkeypatch.setattr(matches, "BATCH", 40)
    matches.rematch(session, today=TODAY, full=True)  # the same lists: nothing is written
    assert dict(session.execute(select(Match.id, Match.computed_at)).all()) == before
