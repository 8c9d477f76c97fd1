"""Search that survives edits: the search columns follow every write, PostgreSQL answers from its
trigram indexes (no in-process index to rebuild), and the list counts from an index."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, insert, select, text

from app.models import Company, Role
from app.services import companies
from app.services.companies import _names as name_index
from app.services.companies.search import CompanyFilters, search_companies
from app.services.inputs import CompanyInput

TODAY = date(2026, 11, 28)


def _names(page):
    return [c.name for c in page.items]


def _on_postgresql(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def test_search_text_follows_the_name_auxiliary_names_and_keywords(session, make_company):
    company = make_company(name="Mäki-Kuljetus Oy", auxiliary_names=["Åkerin Kuljetus"],
                           keywords=["Kylmäkuljetus"])
    assert company.search_text == "maki kuljetus | akerin kuljetus | kylmakuljetus"
    company.keywords = ["Hätäkuljetus"]
    company.name = "Mäki-Logistiikka Oy"
    session.flush()
    stored = session.scalar(select(Company.search_text).where(Company.id == company.id))
    assert stored == "maki logistiikka | akerin kuljetus | hatakuljetus"


def test_rows_inserted_in_bulk_get_their_search_columns(session, make_city):
    city = make_city()
    session.execute(insert(Company), [
        {"name": "Öljy-Äijä Oy", "city_id": city.id, "keywords": ["Hiilivety"]},
        {"name": "Pohjolan Saha Ky", "city_id": city.id, "auxiliary_names": ["Sahuri"]},
    ])
    rows = session.execute(
        select(Company.name_normalized, Company.search_text)
        .where(Company.city_id == city.id).order_by(Company.name_normalized)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("oljy aija", "oljy aija | hiilivety"),
        ("pohjolan saha", "pohjolan saha | sahuri"),
    ]


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR])
def test_an_edit_is_found_by_the_next_search(session, make_user, make_company, role):
    staff = make_user(Role.STAFF)
    actor = staff if role is Role.STAFF else make_user(Role.COORDINATOR)
    company = make_company(city=staff.city, name="Kallion Konepaja Oy")
    make_company(city=staff.city, name="Pohjolan Saha Oy")
    assert _names(search_companies(session, actor, CompanyFilters(q="kallion konepja"),
                                   today=TODAY)) == ["Kallion Konepaja Oy"]
    companies.update_company(session, actor, company.id,
                             CompanyInput(name="Kallion Metalli Oy", keywords=("Särmäys",)))
    for query in ("kallion metali", "sarmays", "kallion metalli"):
        found = search_companies(session, actor, CompanyFilters(q=query), today=TODAY)
        assert _names(found)[:1] == ["Kallion Metalli Oy"], query
    gone = search_companies(session, actor, CompanyFilters(q="konepaja"), today=TODAY)
    assert "Kallion Metalli Oy" not in _names(gone)


def test_postgresql_searches_its_own_index_and_keeps_none_in_process(session, make_user,
                                                                     make_company):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Kallion Konepaja Oy", keywords=["hitsaus"])
    for query in ("kallion konepja", "hitsaus", "konepaja"):
        page = search_companies(session, user, CompanyFilters(q=query), today=TODAY)
        assert _names(page) == ["Kallion Konepaja Oy"], query
    if _on_postgresql(session):
        assert name_index._cache == {}  # nothing to rebuild after the next edit, in any worker
    else:
        assert len(name_index._cache) == 1  # SQLite has no trigram index: one per scope


def _plan(session, explain, statement, parameters):
    rows = session.connection().exec_driver_sql(f"{explain} {statement}", parameters)
    return "\n".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR])
def test_the_company_list_counts_from_the_partial_index_alone(session, make_user, make_company,
                                                              role):
    """``count(company.id)`` made PostgreSQL visit every row; ``count(*)`` reads the index."""
    user = make_user(role) if role is Role.COORDINATOR else make_user(Role.STAFF)
    for n in range(3):
        make_company(city=user.city, name=f"Laskettava {n} Oy")
    seen = []
    conn = session.connection()
    listener = lambda *a: seen.append((a[2], a[3]))  # noqa: E731 - statement, parameters
    event.listen(conn, "before_cursor_execute", listener)
    try:
        page = search_companies(session, user, CompanyFilters(), today=TODAY)
    finally:
        event.remove(conn, "before_cursor_execute", listener)
    assert page.total >= 3
    counts = [(s, p) for s, p in seen if s.lstrip().lower().startswith("select count")]
    assert counts
    own_town = counts[0]  # a staff member's second part (shared companies) goes by the shares
    if _on_postgresql(session):
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
        assert "Index Only Scan using ix_company_live" in _plan(session, "EXPLAIN", *own_town)
    else:
        # SQLite keeps the row id in every index: either count reads this index alone
        assert "INDEX ix_company_live" in _plan(session, "EXPLAIN QUERY PLAN", *own_town)
