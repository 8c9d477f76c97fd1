"""Generic RSS/Atom connector.

No real feed of a call publisher was recorded: the fixtures were gathered without network
access and no repository holding a saved copy of these feeds was found (tests/fixtures/README.md).
The RSS 2.0 and Atom samples below are therefore hand-written, shaped like a WordPress
``/feed/`` (Interreg Aurora, Sitra) and a plain Atom feed; replace them with recorded feeds once
a networked machine can save them.
"""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug import Response

from connectors.errors import SourceError, SourceFormatError
from connectors.feeds import fetch, parse_feed
from tests.unit.connectors.saved_payloads import SleepRecorder, quick_session

TODAY = date(2026, 9, 10)  # unused by feeds: items carry no state

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Interreg Aurora</title>
  <link>https://www.interregaurora.eu</link>
  <description>Interreg Aurora 2021-2027</description>
  <language>en-US</language>
  <lastBuildDate>Tue, 01 Sep 2026 09:12:00 +0000</lastBuildDate>
  <item>
    <title>Call 9 for regular projects is open &#8211; apply by 7 October</title>
    <link>https://www.interregaurora.eu/call-9-for-regular-projects-is-open/</link>
    <dc:creator><![CDATA[Aurora JS]]></dc:creator>
    <pubDate>Tue, 01 Sep 2026 09:00:00 +0000</pubDate>
    <category><![CDATA[Calls]]></category>
    <category><![CDATA[News]]></category>
    <guid isPermaLink="false">https://www.interregaurora.eu/?p=15231</guid>
    <description><![CDATA[<p>The call is open until 7.10.2026 &#8230;</p>]]></description>
    <content:encoded><![CDATA[<p>Call 9 funds <strong>regular projects</strong> in
      the Aurora area.</p><script>track()</script>
      <p>Deadline: 7 October 2026.</p>]]></content:encoded>
  </item>
  <item>
    <title>Seminar in Tromsø</title>
    <link>https://www.interregaurora.eu/seminar-in-tromso/</link>
    <pubDate>Mon, 24 Aug 2026 12:30:00 +0200</pubDate>
  </item>
  <item>
    <title>Call 9 for regular projects is open</title>
    <link>https://www.interregaurora.eu/call-9-for-regular-projects-is-open/</link>
    <guid isPermaLink="false">https://www.interregaurora.eu/?p=15231</guid>
  </item>
</channel>
</rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fi-FI">
  <title>Sitra: rahoitushaut</title>
  <link href="https://www.sitra.fi/"/>
  <id>tag:sitra.fi,2026:feed</id>
  <updated>2026-09-02T08:00:00Z</updated>
  <entry>
    <title type="html">Haku: kiertotalouden &lt;em&gt;pilotit&lt;/em&gt;</title>
    <link href="https://www.sitra.fi/hankkeet/kiertotalous-haku/"/>
    <id>tag:sitra.fi,2026:haku-42</id>
    <updated>2026-09-02T08:00:00Z</updated>
    <published>2026-09-01T07:30:00+03:00</published>
    <summary>Sitra hakee yrityksiä kiertotalouden pilotteihin.</summary>
    <category term="rahoitus"/>
  </entry>
  <entry>
    <title>Ei linkkiä eikä tunnistetta</title>
  </entry>
</feed>
""".encode()


def test_rss_items_become_announcements():
    result = parse_feed(RSS, feed_url="https://www.interregaurora.eu/feed/")
    assert [c.source_id for c in result.calls] == [
        "https://www.interregaurora.eu/?p=15231",  # the guid; its repeat is dropped
        "https://www.interregaurora.eu/seminar-in-tromso/",  # no guid: the link
    ]
    assert result.complete and result.problems == ()
    call = result.calls[0]
    assert call.kind == "announcement"
    assert call.source == "rss"
    assert call.title == "Call 9 for regular projects is open – apply by 7 October"
    assert call.url == "https://www.interregaurora.eu/call-9-for-regular-projects-is-open/"
    assert call.summary == "The call is open until 7.10.2026 …"
    assert call.description == (
        "Call 9 funds regular projects in the Aurora area.\nDeadline: 7 October 2026."
    )
    assert call.deadlines == () and call.status is None and call.is_continuous is False
    assert call.keywords == ("Calls", "News")
    assert call.language == "en"
    extra = dict(call.extra)
    assert extra["published"] == "2026-09-01T09:00:00+00:00"
    assert extra["feed_title"] == "Interreg Aurora"
    # +0200 converted to UTC
    assert dict(result.calls[1].extra)["published"] == "2026-08-24T10:30:00+00:00"


def test_atom_entries_and_skipped_entry():
    result = parse_feed(ATOM, source="sitra")
    assert [c.source_id for c in result.calls] == ["tag:sitra.fi,2026:haku-42"]
    call = result.calls[0]
    assert call.source == "sitra"
    assert call.title == "Haku: kiertotalouden pilotit"
    assert call.url == "https://www.sitra.fi/hankkeet/kiertotalous-haku/"
    assert call.summary == "Sitra hakee yrityksiä kiertotalouden pilotteihin."
    assert call.language == "fi"
    assert call.keywords == ("rahoitus",)
    assert dict(call.extra)["published"] == "2026-09-01T04:30:00+00:00"
    assert result.complete is False
    assert result.problems == ("item 1 skipped: item has neither guid/id nor link",)


def test_empty_but_valid_feed_is_an_empty_complete_result():
    empty = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Central Baltic</title>'
        b"</channel></rss>"
    )
    result = parse_feed(empty)
    assert result.calls == () and result.complete


def test_malformed_xml_with_recoverable_items_is_incomplete():
    broken = RSS.replace(
        b"<title>Seminar in Troms\xc3\xb8</title>", b"<title>Seminar &nbsp in</title>"
    )
    result = parse_feed(broken)
    assert result.complete is False
    assert "not well-formed XML" in result.problems[0]
    assert result.calls[0].source_id == "https://www.interregaurora.eu/?p=15231"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty body"),
        (
            b"<!DOCTYPE html><html><head><title>403</title></head><body>Forbidden</body></html>",
            "HTML page instead of a feed",
        ),
        (b'{"posts": []}', "not an RSS or Atom feed"),
        (RSS[:300], "no item could be read"),
        (b"<rss version='2.0'><channel><item><title>x</chan", "no item could be read"),
    ],
)
def test_unusable_feeds_raise(body, message):
    with pytest.raises(SourceFormatError, match=message):
        parse_feed(body)


def test_fetch_reads_the_feed(httpserver):
    httpserver.expect_request("/feed/").respond_with_data(
        RSS, content_type="application/rss+xml; charset=UTF-8"
    )
    result = fetch(quick_session(), httpserver.url_for("/feed/"), today=TODAY)
    assert len(result.calls) == 2
    assert httpserver.log[0][0].headers["Accept"].startswith("application/rss+xml")


def test_fetch_retries_then_reads(httpserver):
    httpserver.expect_ordered_request("/feed/").respond_with_data("", status=500)
    httpserver.expect_ordered_request("/feed/").respond_with_data(
        ATOM, content_type="application/atom+xml"
    )
    sleeps = SleepRecorder()
    result = fetch(quick_session(sleeps), httpserver.url_for("/feed/"), today=TODAY)
    assert len(result.calls) == 1 and sleeps.waits == [1.0]


def test_fetch_forbidden_feed_raises_not_retryable(httpserver):
    httpserver.expect_request("/feed/").respond_with_response(Response("Forbidden", status=403))
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(), httpserver.url_for("/feed/"), today=TODAY)
    assert caught.value.retryable is False
