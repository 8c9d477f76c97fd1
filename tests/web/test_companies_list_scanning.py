"""The company list scans: numbered pages with a choice of rows per page, sortable headers that
say their order to a screen reader, and the last contact of each company."""

from __future__ import annotations

import re
from datetime import timedelta

from app import clock
from app.models import Interaction, InteractionKind, Role


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/companies/\d+">([^<]+)</a></td>', html)


def test_numbered_pages_and_rows_per_page(login, make_user, make_company):
    user = make_user(Role.STAFF)
    for i in range(60):
        make_company(city=user.city, name=f"Yritys {i:02d} Oy")
    client = login(user)
    html = client.get("/?page=2").get_data(as_text=True)
    assert 'aria-current="page" href="/?page=2"' in html
    assert 'href="/?page=3"' in html and 'href="/?page=1"' in html
    assert len(_names(html)) == 25
    html = client.get("/?per_page=50&page=2").get_data(as_text=True)
    assert len(_names(html)) == 10 and "Sivu 2/2" in html
    assert 'href="/?page=1&amp;per_page=50"' in html  # the size is kept when paging
    assert '<option value="50" selected>' in html
    assert len(_names(client.get("/?per_page=9999").get_data(as_text=True))) == 25


def test_sort_by_last_contact_and_headers_say_their_order(login, make_user, make_company,
                                                          session):
    user = make_user(Role.STAFF)
    today = clock.today()
    old = make_company(city=user.city, name="Aalto Oy")
    recent = make_company(city=user.city, name="Bertta Oy")
    make_company(city=user.city, name="Cecilia Oy")  # never contacted
    noted = make_company(city=user.city, name="Doris Oy")
    session.add_all([
        Interaction(company=old, occurred_on=today - timedelta(days=400),
                    kind=InteractionKind.PHONE, summary="Soitto"),
        Interaction(company=recent, occurred_on=today - timedelta(days=3),
                    kind=InteractionKind.MEETING, summary="Tapaaminen"),
        Interaction(company=noted, occurred_on=today, kind=InteractionKind.NOTE,
                    summary="Muistiinpano ei ole yhteydenotto"),
    ])
    session.flush()
    client = login(user)

    html = client.get("/?sort=contact").get_data(as_text=True)
    assert _names(html)[:2] in (["Cecilia Oy", "Doris Oy"],)  # never contacted first (by name)
    assert _names(html)[2:] == ["Aalto Oy", "Bertta Oy"]
    assert 'aria-sort="ascending"' in html and "järjestetty nousevasti" in html

    html = client.get("/?sort=-contact").get_data(as_text=True)
    assert _names(html) == ["Bertta Oy", "Aalto Oy", "Cecilia Oy", "Doris Oy"]
    assert 'aria-sort="descending"' in html

    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a class="sort-link" '
                     r'href="/\?sort=-name">Nimi', html)  # the active column turns around
    row = html[html.index("Bertta Oy"):]
    row = row[: row.index("</tr>")]
    assert (today - timedelta(days=3)).strftime("%-d.%-m.%Y") in row
    doris = html[html.index("Doris Oy"):]
    assert "ei koskaan" in doris[: doris.index("</tr>")]  # a note is no contact
