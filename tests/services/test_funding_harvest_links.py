"""A harvested call keeps its link only when it is a web address (http or https): a feed's
``javascript:`` or ``data:`` link is dropped where records become calls, and a call page never
renders a stored non-web link as a link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Role
from app.models.funding_calls import FundingCall
from app.services.funding import harvest
from app.services.funding._records import column_values
from connectors.records import FundingCall as CallRecord
from tests.services.test_funding_harvest_payloads import NOW, TODAY, add_source, http

BAD_LINKS = (
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/call",
    "http://",
    "https:///no-host",
    "ftp://files.example/call.pdf",
)


@pytest.mark.parametrize("link", BAD_LINKS)
def test_a_non_web_link_is_not_kept(link):
    values = column_values(CallRecord(source="rss", source_id="x", title="A call", url=link))
    assert values["url"] is None


@pytest.mark.parametrize("link", ["https://example.fi/haku", "HTTP://Example.fi/Haku?x=1",
                                  " https://example.fi/haku "])
def test_a_web_link_is_kept(link):
    values = column_values(CallRecord(source="rss", source_id="x", title="A call", url=link))
    assert values["url"] == link.strip()


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kunnan tiedotteet</title><link>https://kunta.example</link>
<item><title>Haku auki: kehittämisavustus</title><link>javascript:alert(document.cookie)</link>
  <guid isPermaLink="false">kunta-1</guid></item>
<item><title>Haku auki: investointituki</title>
  <link>data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==</link>
  <guid isPermaLink="false">kunta-2</guid></item>
<item><title>Haku auki: energiatuki</title><link>https://kunta.example/energiatuki</link>
  <guid isPermaLink="false">kunta-3</guid></item>
</channel></rss>
"""


def test_a_feed_with_script_links_stores_its_items_without_them(login, make_user, session,
                                                                   httpserver):
    httpserver.expect_request("/feed/").respond_with_data(FEED, content_type="application/rss+xml")
    source = add_source(session, "kunta", "rss", httpserver.url_for("/feed/"))
    (run,) = harvest.run_all(session, http=http(), today=TODAY, now=NOW, names=["kunta"])
    assert run.status.value == "ok" and run.created == 3

    calls = {c.source_id: c for c in session.scalars(
        select(FundingCall).where(FundingCall.funding_source_id == source.id))}
    assert calls["kunta-1"].url is None and calls["kunta-2"].url is None
    assert calls["kunta-3"].url == "https://kunta.example/energiatuki"

    client = login(make_user(Role.STAFF, language="en"))
    html = client.get(f"/calls/{calls['kunta-1'].id}").get_data(as_text=True)
    assert "javascript:" not in html and "Open the call at its source" not in html
    html = client.get(f"/calls/{calls['kunta-3'].id}").get_data(as_text=True)
    assert 'href="https://kunta.example/energiatuki"' in html


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_an_old_stored_script_link_is_never_rendered_as_a_link(login, make_user, session, link):
    source = add_source(session, "vanha", "rss", "https://kunta.example/feed/")
    call = FundingCall(funding_source_id=source.id, source_id="old-1", title="Vanha haku",
                       url=link, keywords=[], deadlines=[], extra={}, content_hash="x")
    session.add(call)
    session.flush()
    html = login(make_user(Role.STAFF, language="en")).get(f"/calls/{call.id}").get_data(
        as_text=True)
    assert "Vanha haku" in html
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert "Open the call at its source" not in html


def test_portal_phrases_never_become_a_stored_call_keyword():
    # keywords as the eval pool's EU rows carry them (programme divisions, call title,
    # destination): only the subjects are kept, whichever source brings them
    record = CallRecord(source="eu-ft", source_id="HORIZON-CL6-2027-02-CIRCBIO-03",
                        title="A call", keywords=(
                            "Food, Bioeconomy Natural Resources, Agriculture and Environment",
                            "Circular Systems", "Call 02 - single stage (2027)",
                            "Circular economy and biobased sectors (2026-27)",
                            "HORIZON-CL6-2027-02", "single stage", "2027"))
    assert column_values(record)["keywords"] == [
        "Food, Bioeconomy Natural Resources, Agriculture and Environment", "Circular Systems",
        "Circular economy and biobased sectors"]
