"""haeavustuksia.fi: the real list item, in the list endpoint's envelope, paged."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from werkzeug import Request, Response

from connectors.errors import SourceError, SourceFormatError
from connectors.haeavustuksia import fetch, parse_item, parse_list_page
from tests.unit.connectors.saved_payloads import (
    SleepRecorder,
    hae_envelope,
    hae_item,
    hae_variant,
    quick_session,
    refused_url,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2026, 6, 1)
LIST = "/api/haku/list-items"


def _json(payload, status=200, headers=None):
    return Response(
        json.dumps(payload), status=status, content_type="application/json", headers=headers
    )


def test_real_item():
    # The fixture is one element of "hakuilmoitukset"; the envelope is built here (NOTES §2.2).
    result = parse_list_page(hae_envelope([hae_item()], total=1, pages=1), today=TODAY)
    assert result.complete and result.problems == ()
    (call,) = result.calls
    assert call.source == "haeavustuksia"
    assert call.source_id == "va-lou-2026-5"
    assert call.title == "Yksityisteiden valtionavustukset"
    assert call.summary.startswith("Tiekunta voi hakea avustusta yksityistien parantamiseen")
    assert call.funder == "Lounais-Suomen elinvoimakeskus"
    assert call.url == "https://www.haeavustuksia.fi/fi/haku/va-lou-2026-5"
    assert call.language == "fi"
    # "2025-12-31T22:00:00.000Z" is 1.1.2026 00:00 in Helsinki
    assert call.opening_date == date(2026, 1, 1)
    # continuous call: no deadline, the far-future end kept for reference only
    assert call.is_continuous is True
    assert call.deadlines == ()
    assert call.status == "open"
    extra = dict(call.extra)
    assert extra["continuous_until"] == "2036-12-31T23:59:00+02:00"
    assert extra["organisation"] == "LOU"
    assert extra["haku_tyyppi"] == "Jatkuva"
    assert extra["title_sv"] == "Statsbidrag för enskilda vägar"


def test_fixed_term_call_gets_a_helsinki_deadline():
    item = hae_item()
    item["hakuTyyppi"] = "Määräaikainen"  # variant: a call with a real deadline
    item["hakuPaattyyDateTimeUtc"] = "2026-09-30T13:15:00.000Z"
    call = parse_item(item, today=TODAY)
    assert call.is_continuous is False
    assert call.deadlines == (datetime(2026, 9, 30, 16, 15, tzinfo=HELSINKI),)
    assert call.deadlines[0].utcoffset() == timedelta(hours=3)
    assert parse_item(item, today=date(2026, 10, 1)).status == "closed"
    assert parse_item(item, today=date(2025, 12, 31)).status == "forthcoming"


def test_rich_text_is_the_description():
    item = hae_item()
    item["kuvaus"]["richFi"] = "<p>Avustus <strong>tiekunnille</strong>.</p><ul><li>A</li></ul>"
    call = parse_item(item, today=TODAY)
    assert call.description == "Avustus tiekunnille.\n- A"
    assert call.summary == item["kuvaus"]["fi"]


def test_unreadable_items_are_skipped_and_reported():
    bad_time = hae_variant(6)
    bad_time["hakuAlkaaDateTimeUtc"] = "2026-01-01T00:00:00"  # no offset: not UTC as promised
    no_name = hae_variant(7)
    no_name["nimi"] = None
    payload = hae_envelope([bad_time, hae_item(), no_name, 42], total=4, pages=1)
    result = parse_list_page(payload, today=TODAY)
    assert [c.source_id for c in result.calls] == ["va-lou-2026-5"]
    assert result.complete is False
    assert [p.split(" skipped")[0] for p in result.problems] == [
        "item 0 (va-lou-2026-6)",
        "item 2 (va-lou-2026-7)",
        "item 3 (no id)",
    ]


@pytest.mark.parametrize(
    "payload",
    [
        {"items": []},
        {"totalCount": 1, "pageCount": 1, "hakuilmoitukset": {}},
        {"totalCount": "1", "pageCount": 1, "hakuilmoitukset": []},
        [hae_item()],
    ],
)
def test_unexpected_envelope_raises(payload):
    with pytest.raises(SourceFormatError, match="unexpected list envelope"):
        parse_list_page(payload, today=TODAY)


class Pages:
    """Serves the list endpoint by Pagination.Page; records the pages asked for."""

    def __init__(self, pages):
        self.pages = pages
        self.asked: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.asked.append(request)
        queue = self.pages[int(request.args["Pagination.Page"])]
        return queue.pop(0) if len(queue) > 1 else queue[0]


def _serve(httpserver, pages):
    handler = Pages(pages)
    httpserver.expect_request(LIST).respond_with_handler(handler)
    return handler, httpserver.url_for("/")


def test_fetch_reads_every_page(httpserver):
    # Page 2 holds a variant of the real item (another case number): the list has 2 items.
    handler, base = _serve(
        httpserver,
        {
            1: [_json(hae_envelope([hae_item()], total=2, pages=2))],
            2: [_json(hae_envelope([hae_variant(6)], total=2, pages=2))],
        },
    )
    sleeps = SleepRecorder()
    result = fetch(quick_session(sleeps), base, today=TODAY, page_size=1)

    assert [c.source_id for c in result.calls] == ["va-lou-2026-5", "va-lou-2026-6"]
    assert result.complete and result.problems == ()
    assert [r.args["Pagination.Page"] for r in handler.asked] == ["1", "2"]
    first = handler.asked[0].args
    assert first["Pagination.PageSize"] == "1"
    assert first["ShowFuture"] == "true" and first["ShowOngoing"] == "true"
    assert first["ShowEnded"] == "false" and first["Language"] == "fi"
    assert sleeps.waits == [0.5]


def test_failing_second_page_gives_a_partial_result(httpserver):
    _, base = _serve(
        httpserver,
        {
            1: [_json(hae_envelope([hae_item()], total=2, pages=2))],
            2: [Response("upstream timeout", status=504)],
        },
    )
    result = fetch(quick_session(retries=1), base, today=TODAY, page_size=1)

    assert [c.source_id for c in result.calls] == ["va-lou-2026-5"]
    assert result.complete is False
    assert result.problems[0].startswith("page 2 of 2 failed")
    assert "504" in result.problems[0]


def test_html_second_page_gives_a_partial_result(httpserver):
    login = Response("<!DOCTYPE html><html><body>Kirjaudu</body></html>", content_type="text/html")
    _, base = _serve(
        httpserver,
        {1: [_json(hae_envelope([hae_item()], total=2, pages=2))], 2: [login]},
    )
    result = fetch(quick_session(), base, today=TODAY, page_size=1)
    assert len(result.calls) == 1 and result.complete is False
    assert "HTML instead of JSON" in result.problems[0]


def test_fewer_items_than_total_count_is_incomplete(httpserver):
    _, base = _serve(httpserver, {1: [_json(hae_envelope([hae_item()], total=3, pages=1))]})
    result = fetch(quick_session(), base, today=TODAY)
    assert len(result.calls) == 1
    assert result.complete is False
    assert result.problems == ("totalCount was 3 but 1 were listed",)


def test_429_with_retry_after_is_honoured(httpserver):
    _, base = _serve(
        httpserver,
        {
            1: [
                _json({"title": "Too Many Requests"}, status=429, headers={"Retry-After": "7"}),
                _json(hae_envelope([hae_item()], total=1, pages=1)),
            ]
        },
    )
    sleeps = SleepRecorder()
    result = fetch(quick_session(sleeps), base, today=TODAY)
    assert len(result.calls) == 1 and result.complete
    assert sleeps.waits == [7.0]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (Response("\x89PNG\r\n garbage", content_type="application/json"), "malformed JSON"),
        (Response("<html><body>502</body></html>", content_type="text/html"), "HTML instead"),
        (
            Response(
                json.dumps(hae_envelope([hae_item()], total=1, pages=1))[:300],
                content_type="application/json",
            ),
            "truncated JSON",
        ),
        (_json({"errors": ["bad request"]}), "unexpected list envelope"),
    ],
)
def test_unreadable_first_page_raises(httpserver, response, message):
    _, base = _serve(httpserver, {1: [response]})
    with pytest.raises(SourceFormatError, match=message):
        fetch(quick_session(), base, today=TODAY)


def test_timeout_raises_retryable(httpserver):
    def slow(_request):
        time.sleep(0.5)
        return _json(hae_envelope([hae_item()], total=1, pages=1))

    httpserver.expect_request(LIST).respond_with_handler(slow)
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(retries=0, timeout=0.2), httpserver.url_for("/"), today=TODAY)
    assert caught.value.retryable is True
    assert "timed out" in str(caught.value).lower()


def test_connection_refused_raises_retryable():
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(retries=1), refused_url(), today=TODAY)
    assert caught.value.retryable is True
