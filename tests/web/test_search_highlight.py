"""Company search results mark the matched part of each name (issue 16 point 2)."""

from __future__ import annotations

from app.models import Role


def test_the_list_marks_the_searched_words_in_names(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city, name="Mäki-Kuljetus <Itä> Oy")
    html = login(staff).get("/?q=maki+kuljetus").get_data(as_text=True)
    assert ('<mark class="hit">Mäki</mark>-<mark class="hit">Kuljetus</mark> &lt;Itä&gt; Oy'
            in html)
    assert "<Itä>" not in html


def test_without_a_search_nothing_is_marked(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city, name="Kallion Konepaja Oy")
    html = login(staff).get("/").get_data(as_text=True)
    assert "Kallion Konepaja Oy" in html and '<mark class="hit">' not in html


def test_a_fuzzy_hit_is_listed_unmarked(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city, name="Kallion Konepaja Oy")
    html = login(staff).get("/?q=kalion+konepaj").get_data(as_text=True)
    assert "Kallion" in html
    assert '<mark class="hit">Kallion</mark>' not in html


def test_the_log_a_contact_finder_marks_too(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city, name="Järvi Siika Oy")
    html = login(staff).get("/log?q=siika").get_data(as_text=True)
    assert '<mark class="hit">Siika</mark>' in html
