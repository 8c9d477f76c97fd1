"""A first fill's keys (``app/services/matches/_keys.py``): on PostgreSQL a full rematch into an
empty ``match`` table, bound to an engine as in production, loads it with its keys to company
and call set aside and puts them back checked, also when the fill fails; a table in use, or
one with rows, keeps them; keys a stopped fill left aside are put back by the next full
rematch, rows of a company or call deleted meanwhile removed. On SQLite nothing is set aside.
Runs on a database of its own (``<name>_keys``): the fill commits on connections of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from app.extensions import db
from app.models import City, Company, IndustryCodeSet, SizeClass
from app.models.funding import FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match
from app.services import matches
from app.services.matches import _batch, _keys
from app.services.matches import _cache as cache
from tests.conftest import BACKENDS, own_app
from tests.services.test_matches import SOON, TODAY

KEY_NAMES = ["fk_match_call_id_funding_call", "fk_match_company_id_company"]
TEXTS = [("Konepaja koneistaa ja hitsaa teräsosia ja suunnittelee robottisolua.",
          ["automaatio", "robotiikka"]),
         ("Leipomo leipoo ruisleipää ja vähentää ruokahävikkiä.", ["elintarvikkeet", "hävikki"]),
         ("Ohjelmistotalo tekee koneoppimista teollisuuden laadunvalvontaan.",
          ["tekoäly", "automaatio"])]


@pytest.fixture(scope="module", params=BACKENDS)
def kapp(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    application = own_app(request.param, "keys", tmp_path_factory)
    with application.app_context():
        _network(db.session)
    yield application
    with application.app_context():
        db.engine.dispose()


def _network(session: Any) -> None:
    city = City(code="140", name_fi="Iisalmi", name_sv=None, region="Pohjois-Savo")
    source = FundingSource(name="avaimet", kind="manual")
    session.add_all([city, source])
    session.flush()
    for i, (description, keywords) in enumerate(TEXTS * 2):
        session.add(FundingCall(
            funding_source_id=source.id, source_id=f"k{i}", kind=CallKind.CALL,
            title=f"Haku {i}: {' ja '.join(keywords)}", description=description,
            status=CallStatus.OPEN, language="fi", deadlines=[SOON.isoformat()],
            next_deadline_at=SOON, is_continuous=False, keywords=keywords,
            content_hash=f"h{i}"))
        session.add(Company(name=f"Yritys {i} Oy", city=city, description=description,
                            keywords=keywords, industry_code="25620",
                            industry_code_set=IndustryCodeSet.TOL2008,
                            size_class=SizeClass.SMALL, employees=20))
    session.commit()


@pytest.fixture()
def ctx(kapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An empty match table, every full rematch large enough to set its keys aside, and the
    statements the app sends."""
    monkeypatch.setattr(_keys, "ASIDE_FROM", 1)
    monkeypatch.setattr(matches, "BATCH", 2)  # several batches, each committed on its own
    with kapp.app_context():
        cache.clear()
        empty()
        sent: list[str] = []

        def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
            sent.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield sent
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
            db.session.remove()
            _keys.restore(db.engine)
            cache.clear()


def empty() -> None:
    db.session.rollback()  # no read of ours holds the rows
    with db.engine.begin() as conn:
        conn.execute(Match.__table__.delete())


def postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def key_state() -> dict[str, bool]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT conname, convalidated FROM pg_constraint "
            "WHERE conrelid = 'match'::regclass AND contype = 'f' "
            "AND conname <> 'fk_match_status_changed_by_id_user_account'")).all())


def stored() -> set[tuple[int, int, int | None, float]]:
    return {(m.company_id, m.call_id, m.rank, m.score) for m in db.session.scalars(select(Match))}


def dropped(sent: list[str]) -> list[str]:
    return [s for s in sent if "DROP CONSTRAINT" in s]


def test_a_first_fill_sets_its_keys_aside_and_puts_them_back_checked(ctx: list[str],
                                                                     monkeypatch: Any) -> None:
    matches.rematch(db.session, today=TODAY, full=True)
    aside = stored()
    assert len({c for c, _k, _r, _s in aside}) == len(TEXTS) * 2  # every company has a list
    if postgres():
        assert sorted(s.split()[-1] for s in dropped(ctx)) == KEY_NAMES
        assert key_state() == dict.fromkeys(KEY_NAMES, True)
    else:
        assert not dropped(ctx)
    # the same lists as a fill that keeps its keys
    empty()
    monkeypatch.setattr(_keys, "ASIDE_FROM", 10**9)
    ctx.clear()
    cache.clear()
    matches.rematch(db.session, today=TODAY, full=True)
    assert stored() == aside and not dropped(ctx)


def test_a_table_with_rows_keeps_its_keys(ctx: list[str]) -> None:
    matches.rematch(db.session, today=TODAY, full=True)
    ctx.clear()
    cache.clear()
    matches.rematch(db.session, today=TODAY, full=True)
    assert not dropped(ctx)
    if postgres():
        assert key_state() == dict.fromkeys(KEY_NAMES, True)


def test_a_fill_that_fails_puts_its_keys_back(ctx: list[str], monkeypatch: Any) -> None:
    real, writes = _batch.write, []

    def failing(session: Any, diff: Any) -> None:
        writes.append(diff)
        if len(writes) == 2:
            raise RuntimeError("the database went away")
        real(session, diff)

    monkeypatch.setattr(_batch, "write", failing)
    with pytest.raises(RuntimeError, match="went away"):
        matches.rematch(db.session, today=TODAY, full=True)
    assert len(writes) >= 2  # with two writers the last batch may be on its way
    if postgres():
        assert dropped(ctx) and key_state() == dict.fromkeys(KEY_NAMES, True)
        assert 0 < db.session.scalar(select(func.count(Match.id))) < len(TEXTS) * 2 * 6


def test_a_failed_fill_whose_keys_cannot_come_back_raises_its_own_error(
        ctx: list[str], monkeypatch: Any) -> None:
    def failing(_session: Any, _diff: Any) -> None:
        raise RuntimeError("the database went away")

    def no_restore(_engine: Any) -> list[str]:
        raise ConnectionError("the server closed the connection")

    monkeypatch.setattr(_batch, "write", failing)
    real_restore = _keys.restore
    calls: list[int] = []

    def restore_then_fail(engine: Any) -> list[str]:  # works before the fill, not after it
        calls.append(1)
        return real_restore(engine) if len(calls) == 1 else no_restore(engine)

    monkeypatch.setattr(_keys, "restore", restore_then_fail)
    with pytest.raises(RuntimeError, match="went away"):  # not the restore's error
        matches.rematch(db.session, today=TODAY, full=True)
    if not postgres():
        assert calls == []  # SQLite never sets keys aside
        return
    assert len(calls) == 2 and key_state() == {}  # left aside, as by a killed process
    monkeypatch.undo()
    monkeypatch.setattr(matches, "BATCH", 2)
    monkeypatch.setattr(_keys, "ASIDE_FROM", 10**9)
    matches.rematch(db.session, today=TODAY, full=True)  # the next one puts them back
    assert key_state() == dict.fromkeys(KEY_NAMES, True) and stored()


def test_keys_a_stopped_fill_left_aside_come_back_without_rows_of_deleted_calls(
        ctx: list[str]) -> None:
    if not postgres():
        assert _keys.set_aside(db.engine) is False and _keys.restore(db.engine) == []
        return
    assert _keys.set_aside(db.engine) is True  # as a fill killed after it began
    assert key_state() == {}
    company_id = db.session.scalar(select(func.min(Company.id)))
    call_id = db.session.scalar(select(func.min(FundingCall.id)))
    with db.engine.begin() as conn:  # one row of a call deleted meanwhile, one that is fine
        for call in (call_id, 10**6):
            conn.execute(Match.__table__.insert().values(
                company_id=company_id, call_id=call, score=50.0, rank=1, components={},
                reasons=[], call_version=1, is_current=True, status="new",
                computed_at=func.now()))
    assert _keys.restore(db.engine) == KEY_NAMES
    assert key_state() == dict.fromkeys(KEY_NAMES, True)
    assert {m.call_id for m in db.session.scalars(select(Match))} == {call_id}
    assert _keys.restore(db.engine) == []  # nothing left to do


def test_the_next_full_rematch_puts_back_keys_a_stopped_fill_left_aside(ctx: list[str],
                                                                        monkeypatch: Any) -> None:
    assert _keys.set_aside(db.engine) is postgres()
    ctx.clear()
    monkeypatch.setattr(_keys, "ASIDE_FROM", 10**9)
    matches.rematch(db.session, today=TODAY, full=True)
    assert stored() and not dropped(ctx)
    if postgres():
        assert key_state() == dict.fromkeys(KEY_NAMES, True)


def test_a_table_in_use_is_filled_with_its_keys(ctx: list[str], monkeypatch: Any) -> None:
    monkeypatch.setattr(_keys, "LOCK_WAIT", "100ms")
    with db.engine.connect() as other:  # a page reading the matches, its transaction open
        other.execute(select(func.count(Match.id)))
        matches.rematch(db.session, today=TODAY, full=True)
        other.rollback()
    assert not dropped(ctx) and stored()
    if postgres():  # it asked for the table, and went on with the keys when it was refused
        assert any(s.startswith("LOCK TABLE match") for s in ctx)
        assert key_state() == dict.fromkeys(KEY_NAMES, True)
