"""Deadline chips on the calls list (days left in words, coloured by nearness) and the score
bar on match lists: the words and numbers are what is read, the colour and bar repeat them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from app import clock
from app.models import Role
from app.models.funding_calls import CallStatus, FundingCall
from tests.services.test_funding_harvest_payloads import add_source


def _call(session, source, title, days, *, continuous=False):
    when = None
    if days is not None:
        local = datetime.combine(clock.today() + timedelta(days=days), time(16), clock.zone())
        when = local.astimezone(UTC)
    call = FundingCall(funding_source_id=source.id, source_id=title, title=title,
                       description="", keywords=[], deadlines=[], extra={}, content_hash=title,
                       next_deadline_at=when, is_continuous=continuous, status=CallStatus.OPEN)
    session.add(call)
    return call


def _cell(html: str, title: str) -> str:
    row = html[html.index(f">{title}</a>"):]
    return row[: row.index("</tr>")]


def test_calls_list_says_the_days_left(login, make_user, session):
    source = add_source(session, "manual", "manual", None)
    _call(session, source, "Huomenna päättyvä", 1)
    _call(session, source, "Tänään päättyvä", 0)
    _call(session, source, "Kuukauden päästä", 20)
    _call(session, source, "Myöhemmin", 90)
    _call(session, source, "Jatkuva haku", None, continuous=True)
    session.flush()
    html = login(make_user(Role.STAFF)).get("/calls").get_data(as_text=True)
    assert re.search(r'chip chip--urgent">\s*1 päivä jäljellä', _cell(html, "Huomenna päättyvä"))
    assert re.search(r'chip chip--urgent">\s*päättyy tänään', _cell(html, "Tänään päättyvä"))
    assert re.search(r'chip chip--soon">\s*20 päivää jäljellä', _cell(html, "Kuukauden päästä"))
    assert re.search(r'chip chip--later">\s*90 päivää jäljellä', _cell(html, "Myöhemmin"))
    assert "Jatkuva" in _cell(html, "Jatkuva haku") and "chip" not in _cell(html, "Jatkuva haku")
