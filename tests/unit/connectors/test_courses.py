"""The course connector on saved payloads: an RSS feed with course facts as categories, a JSON
list, the faults (a non-http link, a missing title, not a feed at all)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from connectors import courses
from connectors.errors import SourceFormatError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


def test_rss_feed_gives_courses_and_skips_a_javascript_link():
    feed = courses.parse((FIXTURES / "open-courses.rss.xml").read_bytes())
    assert [c.source_id for c in feed.courses] == ["eamk-2027-vety-01", "eamk-2027-matkailu-02"]
    first, second = feed.courses
    assert first.title == "Vetytalouden perusteet yrityksille"
    assert first.provider == "Esimerkin ammattikorkeakoulu – avoimet verkkokurssit"
    assert (first.format, first.ects, first.language) == ("online", Decimal("3"), "fi")
    assert (first.starts_on, first.ends_on, first.price_eur) == (
        date(2027, 2, 1), date(2027, 3, 31), Decimal(0))
    assert first.target_group == "Teollisuusyritysten asiantuntijat"
    assert first.keywords == ("energia",)
    assert first.description.startswith("Verkkokurssi vedyn")
    assert (second.format, second.hours, second.starts_on) == ("distance", 20, date(2027, 3, 15))
    assert len(feed.problems) == 1 and "http" in feed.problems[0]


def test_json_list_gives_courses_and_reports_a_broken_one():
    feed = courses.parse((FIXTURES / "courses.json").read_bytes())
    assert [c.source_id for c in feed.courses] == ["k-1", "k-2"]
    assert feed.courses[0].self_paced and feed.courses[1].format == "blended"
    assert feed.problems == ("course 2 skipped: no title",)


@pytest.mark.parametrize("body", [b"", b"<!doctype html><html><body>hi</body></html>",
                                  b"{not json", b'{"courses": 3}'])
def test_what_is_no_course_list_is_refused(body):
    with pytest.raises(SourceFormatError):
        courses.parse(body)


def test_fetch_reads_the_feed_through_the_given_session(httpserver):
    from connectors.http import make_session

    httpserver.expect_request("/feed.json").respond_with_data(
        (FIXTURES / "courses.json").read_bytes(), content_type="application/json")
    feed = courses.fetch(make_session(retries=0), httpserver.url_for("/feed.json"))
    assert len(feed.courses) == 2


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x.example/a", "data:text/html,x",
                                  "https:///nohost", ""])
def test_only_web_links_pass(link):
    assert courses.web_link(link) is None
    with pytest.raises(ValueError):
        courses.record_from_fields({"title": "Kurssi", "url": link})
