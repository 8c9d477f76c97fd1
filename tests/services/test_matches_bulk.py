"""How a rematch writes: the difference only, in bulk (COPY on PostgreSQL), reasons made at once for
a small rematch or when the match is first shown, and new calls merged into stored lists."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from app.models.matches import Match, MatchCutoff, MatchStatus
from app.services import matches
from app.services.matches import _batch, _bulk, _components
from app.services.matches import _cache as cache
from app.services.matches import reads as matching_reads
from tests.services.test_matches import TODAY, make_call, stored, titles, town  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_matcher():
    cache.clear()
    yield
    cache.clear()


def rows(session):
    return {(m.company_id, m.call_id): (m.rank, m.score, m.is_current, m.status)
            for m in session.scalars(select(Match))}


@pytest.fixture()
def bulk(monkeypatch):
    """Every write as a large one (COPY on PostgreSQL) and reasons left for when shown."""
    monkeypatch.setattr(_bulk, "COPY_FROM", 0)
    monkeypatch.setattr(_batch, "EAGER_REASONS", 0)


def test_a_bulk_rematch_stores_the_lists_without_reasons_until_shown(session, town, bulk):  # noqa: F811
    staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    match = stored(session, metal, calls["robot"])
    assert match.rank == 1 and match.status is MatchStatus.NEW and match.is_current
    assert set(match.components) == {"concept", "word", "char", "industry", "targeting",
                                   "embedding"}
    assert match.reasons == [] and match.call_version == calls["robot"].version
    found = matching_reads.company_matches(session, staff, metal.id, today=TODAY)
    shown = {r.match.call_id: r.match for r in found.current}
    codes = {r["code"] for r in shown[calls["robot"].id].reasons}
    assert {"shared_term", "deadline", "eligible"} <= codes


def test_the_bulk_and_the_small_writes_store_the_same_lists(session, town, monkeypatch):  # noqa: F811
    matches.rematch(session, today=TODAY, full=True)
    small = rows(session)
    reasons = {(m.company_id, m.call_id): m.reasons for m in session.scalars(select(Match))}
    session.execute(Match.__table__.delete())
    session.commit()
    monkeypatch.setattr(_bulk, "COPY_FROM", 0)
    matches.rematch(session, today=TODAY, full=True)
    assert rows(session) == small and small
    assert {(m.company_id, m.call_id): m.reasons for m in session.scalars(select(Match))} == (
        reasons)  # made at once (a small network) and written through COPY on PostgreSQL
    assert any("ä" in str(r) for r in reasons.values())  # escaped text survives the trip


def test_a_rematch_that_changes_nothing_writes_nothing(session, town, bulk):  # noqa: F811
    _staff, metal, _bakery, _calls = town
    matches.rematch(session, today=TODAY, full=True)
    before = {m.id: m.computed_at for m in session.scalars(select(Match))}
    matches.rematch(session, today=TODAY, full=True)
    assert {m.id: m.computed_at for m in session.scalars(select(Match))} == before
    metal.description = "Leipomo, joka leipoo ruisleipää ja vähentää ruokahävikkiä."
    metal.keywords = ["leipomo", "hävikki", "elintarvikkeet"]
    session.commit()
    matches.rematch(session, today=TODAY, full=True)
    changed = {m.id for m in session.scalars(select(Match).where(Match.company_id == metal.id))
               if before.get(m.id) != m.computed_at}
    assert changed  # the changed profile's list was written again


def test_decisions_survive_a_bulk_rematch(session, town, bulk, make_call):  # noqa: F811
    staff, metal, _bakery, calls = town
    for i in range(22):
        make_call(f"Robotiikkahaku {i}", f"Automaatio ja robotiikka konepajoille, kierros {i}.",
                  keywords=["automaatio"])
    matches.rematch(session, today=TODAY, full=True)
    proposed = stored(session, metal, calls["robot"])
    matches.set_status(session, staff, proposed.id, "proposed")
    dismissed = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                    Match.rank == 2)).one()
    matches.record_feedback(session, staff, dismissed.id, "not_relevant")
    matches.rematch(session, today=TODAY, full=True)
    session.refresh(proposed)
    session.refresh(dismissed)
    assert proposed.status is MatchStatus.PROPOSED and proposed.is_current
    assert dismissed.status is MatchStatus.NOT_RELEVANT and not dismissed.is_current
    current = session.scalars(select(Match.rank).where(Match.company_id == metal.id,
                                                       Match.is_current.is_(True)))
    assert sorted(current) == list(range(1, 21))


def test_a_new_call_is_merged_into_the_lists_it_enters(session, town, make_call):  # noqa: F811
    """Each company's list after a new call equals what ranking it afresh gives."""
    staff, metal, bakery, _calls = town
    for i in range(25):  # full lists: the new call must beat the last place
        make_call(f"Automaatiohaku {i}", f"Robotiikka, automaatio ja koneistus, kierros {i}.",
                  keywords=["automaatio", "koneistus"])
    matches.rematch(session, today=TODAY, full=True)
    since = datetime.now(UTC) - timedelta(seconds=1)
    new = make_call("Konepajojen hitsausautomaatio ja koneistus",
                    "Tuki konepajojen hitsausautomaatioon, robotiikkaan ja koneistukseen.",
                    keywords=["hitsaus", "automaatio", "koneistus"])
    session.commit()
    summary = matches.after_harvest(session, since, today=TODAY)
    assert summary.companies >= 1 and new.title in titles(session, metal)
    incremental = rows(session)
    assert sorted(r for (c, _k), (r, *_x) in incremental.items()
                  if c == metal.id and r is not None) == list(range(1, 21))
    matches.rematch(session, today=TODAY, company_ids=[metal.id, bakery.id])  # same fit
    assert rows(session) == incremental
    assert stored(session, metal, new).reasons  # a small rematch makes them at once
    listed = matching_reads.call_matches(session, staff, new.id, today=TODAY)
    assert metal.id in {r.match.company_id for r in listed}


def test_the_workers_of_a_full_rematch_are_configured():
    assert matches.workers({"MATCH_WORKERS": 3}) == 3
    assert 1 <= matches.workers({"MATCH_WORKERS": 0}) <= 4


def test_the_fast_components_text_is_the_json_one():
    names = ("concept", "word", "char", "industry", "targeting")
    for values in ([0.0, 1e-05, 0.1234, 1.0, 0.5], [0.9999, 0.0001, 12.5, -0.0, 3.0]):
        assert (_components.components_template(names) % tuple(values)
                == _components.components_json(names, values))


def test_a_full_rematch_runs_with_the_cyclic_collector_paused(session, town, monkeypatch):  # noqa: F811
    import gc

    from app.services.matches import _bulk as bulk_module

    seen: list[bool] = []
    real = bulk_module.load_stored

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(_batch, "load_stored", watched)
    matches.rematch(session, today=TODAY, full=True)
    assert seen and not any(seen) and gc.isenabled()  # paused while storing, back after
    seen.clear()
    _staff, metal, _bakery, _calls = town
    matches.rematch(session, today=TODAY, company_ids=[metal.id])
    assert seen == [True]  # one company: nothing to pause for


def test_a_large_rematch_writes_beside_the_next_batch_and_stores_the_same(session, town,  # noqa: F811
                                                                          monkeypatch):
    """Inside a transaction (no connection of its own can see its rows) a large rematch on
    PostgreSQL writes each batch in a thread on the session's own connection while the next is
    built; the lists are those of one batch."""
    _staff, metal, bakery, calls = town
    writes: list[str] = []
    real = _batch.write

    def watched(own, diff):
        writes.append(threading.current_thread().name)
        real(own, diff)

    monkeypatch.setattr(_batch, "write", watched)
    matches.rematch(session, today=TODAY, full=True)
    in_one = rows(session)
    assert writes == ["MainThread"]
    writes.clear()
    session.execute(delete(Match))
    cache.clear()
    monkeypatch.setattr(matches, "BATCH", 1)  # a batch per company
    seen: list[tuple[int, int]] = []
    matches.rematch(session, today=TODAY, full=True,
                    progress=lambda done, total: seen.append((done, total)))
    session.expire_all()
    assert rows(session) == in_one and len(writes) >= 2
    total = seen[-1][1]  # counted as written, up to every company, never back
    assert seen[0] == (0, total) and seen[-1] == (total, total) and total >= 2
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    postgres = session.get_bind().dialect.name == "postgresql"
    assert (writes[0].startswith("match-writer")) == postgres  # the last one: in this thread
    assert writes[-1] == "MainThread"


def test_stored_rows_are_read_with_the_company_ids_in_the_statement(session, town):  # noqa: F811
    """The ids a batch reads of the tables a rematch fills (its stored matches, its lists'
    cutoffs) are written into the SQL, never bound: a statement bound the same way every batch
    is prepared, and a plan cached while the table was empty would scan the whole table,
    growing as it fills, for every batch of a first fill."""
    from sqlalchemy import event

    _staff, metal, bakery, _calls = town
    matches.rematch(session, today=TODAY, full=True)
    conn = session.connection()  # the session's own: a listener on it sees its statements
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        reads_matches = "company_id, " in statement and "CAST(" in statement
        if reads_matches or ("match_cutoff" in statement and statement.startswith("SELECT")):
            seen.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", record)
    try:
        dense = _bulk.load_stored(session, [metal.id, bakery.id])
        scattered = _bulk.load_stored(session, [metal.id, bakery.id + 10**6])
        _bulk._write_cutoffs(session, {metal.id: (1, 50.0)})
    finally:
        event.remove(conn, "before_cursor_execute", record)
    assert set(dense[metal.id]) == {m.call_id for m in session.scalars(
        select(Match).where(Match.company_id == metal.id))} != set()
    assert scattered[metal.id] == dense[metal.id] and scattered[bakery.id + 10**6] == {}
    assert session.get(MatchCutoff, metal.id).cutoff == 50.0
    assert len(seen) == 3
    for statement, parameters in seen:
        assert str(metal.id) in statement
        values = parameters.values() if isinstance(parameters, dict) else parameters
        assert metal.id not in list(values)
