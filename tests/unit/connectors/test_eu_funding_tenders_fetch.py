"""``eu_funding_tenders.fetch`` against a local server serving the saved real payloads."""

from __future__ import annotations

import json
from datetime import date

import pytest
from werkzeug import Request, Response

from connectors.errors import SourceError, SourceFormatError
from connectors.eu_funding_tenders import fetch
from tests.unit.connectors.saved_payloads import (
    SleepRecorder,
    eu_centricity_item,
    eu_envelope,
    eu_facet_api_response,
    eu_search_page,
    quick_session,
    refused_url,
)

TODAY = date(2026, 6, 1)


def _json(payload, status=200):
    return Response(json.dumps(payload), status=status, content_type="application/json")


class FakeSedia:
    """Serves /rest/search by pageNumber and /rest/facet; records every search request."""

    def __init__(self, pages, facet=None):
        self.pages = pages  # pageNumber -> list of responses, served in turn (last repeats)
        self.facet = facet or [_json(eu_facet_api_response())]
        self.search_requests: list[Request] = []
        self.facet_requests: list[Request] = []

    def install(self, httpserver):
        httpserver.expect_request("/rest/search", method="POST").respond_with_handler(self.search)
        httpserver.expect_request("/rest/facet", method="POST").respond_with_handler(self.facets)
        return httpserver.url_for("/rest")

    def search(self, request: Request) -> Response:
        self.search_requests.append(request)
        queue = self.pages[int(request.args["pageNumber"])]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def facets(self, request: Request) -> Response:
        self.facet_requests.append(request)
        return self.facet.pop(0) if len(self.facet) > 1 else self.facet[0]


def _two_pages():
    """NOTES.md §5.2 (c): page 1 is the real page with totalResults raised in memory to 10;
    page 2 is an envelope built here around the single real centricity item."""
    first = eu_search_page()
    first["totalResults"] = 10
    second = eu_envelope([eu_centricity_item()], total=10, page=2, size=9)
    return first, second


def test_single_page_harvest(httpserver):
    server = FakeSedia({1: [_json(eu_search_page())]})
    result = fetch(quick_session(), server.install(httpserver), today=TODAY)

    assert result.complete and result.problems == ()
    assert len(result.calls) == 8
    assert len(server.search_requests) == 1 and len(server.facet_requests) == 1
    governance = {c.source_id: c for c in result.calls}["HORIZON-CL6-2026-04-GOVERNANCE-01"]
    assert governance.programme == "Horizon Europe (HORIZON)"


def test_search_request_is_the_multipart_the_api_needs(httpserver):
    server = FakeSedia({1: [_json(eu_search_page())]})
    fetch(quick_session(), server.install(httpserver), today=TODAY)

    request = server.search_requests[0]
    assert request.method == "POST"
    assert request.args["apiKey"] == "SEDIA"
    assert request.args["text"] == "***"
    assert request.args["pageNumber"] == "1" and request.args["pageSize"] == "100"
    assert request.mimetype == "multipart/form-data"
    assert request.form == {}  # JSON as plain form fields gives HTTP 500 at the real API
    for name in ("query", "languages", "sort"):
        part = request.files[name]
        assert part.filename == "blob"
        assert part.mimetype == "application/json"
    query = json.loads(request.files["query"].read())
    assert query == {
        "bool": {
            "must": [
                {"terms": {"type": ["1", "8"]}},
                {"terms": {"status": ["31094501", "31094502"]}},
            ]
        }
    }
    assert json.loads(request.files["languages"].read()) == ["en"]
    assert json.loads(request.files["sort"].read()) == {"field": "sortStatus", "order": "ASC"}
    facet = server.facet_requests[0]
    assert facet.args["apiKey"] == "SEDIA"
    assert facet.form["displayLanguage"] == "en"
    assert facet.files["query"].mimetype == "application/json"


def test_every_page_until_total_results(httpserver):
    first, second = _two_pages()
    server = FakeSedia({1: [_json(first)], 2: [_json(second)]})
    sleeps = SleepRecorder()

    result = fetch(quick_session(sleeps), server.install(httpserver), today=TODAY, page_size=9)

    assert [r.args["pageNumber"] for r in server.search_requests] == ["1", "2"]
    assert {r.args["pageSize"] for r in server.search_requests} == {"9"}
    assert len(result.calls) == 9 and result.complete
    assert result.calls[-1].source_id == "HORIZON-MISS-2023-CLIMA-01-01"
    assert sleeps.waits == [0.5]  # the polite pause between pages, not a real wait
    assert len(server.facet_requests) == 1  # labels fetched once per harvest


def test_same_topic_on_two_pages_is_kept_once(httpserver):
    first = eu_search_page()
    first["totalResults"] = 10
    # page 2 repeats the real row 4 (results shift between pages while paging)
    second = eu_envelope([eu_search_page()["results"][4]], total=10, page=2, size=9)
    server = FakeSedia({1: [_json(first)], 2: [_json(second)]})

    result = fetch(quick_session(), server.install(httpserver), today=TODAY, page_size=9)

    ids = [c.source_id for c in result.calls]
    assert len(ids) == 8 and ids.count("HORIZON-CL6-2026-04-GOVERNANCE-01") == 1


def test_500_then_200_is_retried(httpserver):
    throwable = _json({"type": "throwable", "message": "Internal error"}, status=500)
    server = FakeSedia({1: [throwable, _json(eu_search_page())]})
    sleeps = SleepRecorder()

    result = fetch(quick_session(sleeps), server.install(httpserver), today=TODAY)

    assert len(result.calls) == 8 and result.complete
    assert len(server.search_requests) == 2
    assert sleeps.waits == [1.0]


def test_failing_second_page_keeps_the_first(httpserver):
    first, _ = _two_pages()
    down = Response("<html><body>502 Bad Gateway</body></html>", status=502)
    server = FakeSedia({1: [_json(first)], 2: [down]})

    result = fetch(quick_session(retries=2), server.install(httpserver), today=TODAY, page_size=9)

    assert len(result.calls) == 8
    assert result.complete is False
    assert len(result.problems) == 1
    assert result.problems[0].startswith("page 2 failed")
    assert "502" in result.problems[0]
    assert len(server.search_requests) == 4  # page 1, then page 2 three times


def test_garbage_second_page_keeps_the_first(httpserver):
    first, _ = _two_pages()
    server = FakeSedia({1: [_json(first)], 2: [Response("\x00\x13garbage", status=200)]})

    result = fetch(quick_session(), server.install(httpserver), today=TODAY, page_size=9)

    assert len(result.calls) == 8 and result.complete is False
    assert "page 2" in result.problems[0] and "malformed JSON" in result.problems[0]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            Response(
                "<!DOCTYPE html><html><body>Service unavailable</body></html>",
                content_type="text/html",
            ),
            "HTML instead of JSON",
        ),
        (
            Response(
                '{"apiVersion": "2.151", "totalResults": 9, "results": [{"ref',
                content_type="application/json",
            ),
            "truncated JSON",
        ),
        (Response("{{{ not json", content_type="application/json"), "malformed JSON"),
        (_json({"type": "throwable", "message": "x"}), "unexpected search envelope"),
    ],
)
def test_unreadable_first_page_raises_format_error(httpserver, response, message):
    server = FakeSedia({1: [response]})
    with pytest.raises(SourceFormatError, match=message) as caught:
        fetch(quick_session(), server.install(httpserver), today=TODAY)
    assert caught.value.source == "eu-ft"


def test_truncated_body_from_the_real_page(httpserver):
    text = json.dumps(eu_search_page())
    cut = Response(text[: len(text) // 2], content_type="application/json")
    server = FakeSedia({1: [cut]})
    with pytest.raises(SourceFormatError, match="truncated JSON body"):
        fetch(quick_session(), server.install(httpserver), today=TODAY)


def test_first_page_down_after_retries_raises_retryable(httpserver):
    server = FakeSedia({1: [_json({"type": "throwable"}, status=500)]})
    sleeps = SleepRecorder()
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(sleeps, retries=2), server.install(httpserver), today=TODAY)
    assert caught.value.retryable is True
    assert sleeps.waits == [1.0, 2.0]


def test_facet_failure_falls_back_to_built_in_labels(httpserver):
    server = FakeSedia({1: [_json(eu_search_page())]}, facet=[Response("nope", status=503)])

    result = fetch(quick_session(retries=1), server.install(httpserver), today=TODAY)

    assert len(result.calls) == 8
    assert result.complete is True  # no call lost
    assert len(result.problems) == 1 and "programme labels unavailable" in result.problems[0]
    assert result.calls[0].programme == "Horizon Europe (HORIZON)"


def test_labels_given_by_the_caller_skip_the_facet_request(httpserver):
    server = FakeSedia({1: [_json(eu_search_page())]})
    labels = {"frameworkProgramme": {"43108390": "Horizon Europe"}}
    result = fetch(quick_session(), server.install(httpserver), today=TODAY, labels=labels)
    assert server.facet_requests == []
    assert result.calls[0].programme == "Horizon Europe"


def test_connection_refused_raises_retryable():
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(retries=1), refused_url().rstrip("/"), today=TODAY, labels={})
    assert caught.value.retryable is True


def test_result_window_is_not_exceeded(httpserver):
    huge = eu_search_page()
    huge["totalResults"] = 25_000
    server = FakeSedia({n: [_json(huge)] for n in range(1, 102)})

    result = fetch(quick_session(), server.install(httpserver), today=TODAY, labels={})

    assert len(server.search_requests) == 100  # 100 pages x 100 = the 10,000 window
    assert result.complete is False
    assert "10000 result window" in result.problems[-1]
