"""A call's page: the identifiers it has at the top, the full description behind an accessible
disclosure, and keywords without the portal's round and stage phrases."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import Role
from app.models.funding_calls import FundingCall
from app.services.demo.calls import seed_demo_calls
from app.services.funding import harvest
from config import BASE_DIR
from tests.services.test_funding_harvest_payloads import (
    NOW,
    OPEN_TOPIC,
    TODAY,
    add_source,
    eu_server,
    http,
)


def _harvest_eu(session, httpserver):
    _, url = eu_server(httpserver)
    add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_all(session, http=http(), today=TODAY, now=NOW)
    return session.scalars(select(FundingCall).where(FundingCall.source_id == OPEN_TOPIC)).one()


def _page(login, make_user, call):
    client = login(make_user(Role.STAFF, language="en"))
    return client.get(f"/calls/{call.id}").get_data(as_text=True)


def test_the_topic_and_call_identifiers_are_shown_under_the_title(login, make_user, session,
                                                                   httpserver):
    call = _harvest_eu(session, httpserver)
    html = _page(login, make_user, call)
    head = html[html.index("<h1>"):html.index('id="deadlines-h"')]
    assert re.search(r'Topic\s*<span class="code">HORIZON-CL3-2026-02-CS-ECCC-01</span>', head)
    assert re.search(r'Call\s*<span class="code">HORIZON-CL3-2026-02-CS-ECCC</span>', head)


def test_a_long_description_opens_in_a_disclosure(login, make_user, session, httpserver):
    call = _harvest_eu(session, httpserver)
    assert len(call.description) > 700
    html = _page(login, make_user, call)
    disclosure = re.search(r"<details[^>]*>\s*<summary>([^<]+)</summary>(.*?)</details>", html,
                           re.S)
    assert disclosure and disclosure.group(1).strip() == "Show the full description"
    full = disclosure.group(2)
    assert "Enhanced security frameworks for both hardware and software" in full
    ending = call.description[-60:].split("\n")[-1].strip()
    assert len(ending) > 20 and ending in full  # the end of the text is there
    lead = html[html.index('id="description-h"'):disclosure.start()]
    assert "Expected Outcome:" in lead and ending not in lead and "…" in lead
    assert "<script" not in html[html.index("<main"):html.index("</main>")]  # no inline script


def test_a_short_description_is_shown_whole(login, make_user, session):
    source = add_source(session, "manual", "manual", None)
    call = FundingCall(funding_source_id=source.id, source_id="short", title="Pieni haku",
                       description="Tuki pienille yrityksille.", keywords=[], deadlines=[],
                       extra={}, content_hash="x")
    session.add(call)
    session.flush()
    html = _page(login, make_user, call)
    assert "Tuki pienille yrityksille." in html and "<details" not in html.split("<main")[1]
    assert 'class="identifiers"' not in html  # no identifiers: no empty line


def test_demo_call_page_shows_its_eu_topic_id_and_clean_keywords(login, make_user, session):
    seed_demo_calls(session, BASE_DIR / "eval" / "dev" / "calls.jsonl")
    # in the pool: "Call 02 - single stage (2027)", "Land, ocean and water ... (2026-27)"
    call = session.scalars(select(FundingCall).where(
        FundingCall.source_id == "HORIZON-CL6-2027-02-CLIMATE-03")).one()
    html = _page(login, make_user, call)
    head = html[html.index("<h1>"):html.index('id="deadlines-h"')]
    assert f'<span class="code">{call.source_id}</span>' in head
    keywords = re.search(r"<dt>Keywords</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert "Land, ocean and water for climate action" in keywords
    assert "stage" not in keywords.lower() and "(2026-27)" not in keywords
