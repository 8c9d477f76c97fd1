"""The shared HTTP layer: timeouts, retries with backoff and Retry-After, JSON decoding."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import requests
from werkzeug import Response

from connectors.errors import SourceError, SourceFormatError
from connectors.http import (
    DEFAULT_USER_AGENT,
    RetryPolicy,
    get,
    json_body,
    make_session,
    parse_retry_after,
)
from tests.unit.connectors.saved_payloads import SleepRecorder, quick_session, refused_url


def test_500_then_200_is_retried_after_a_backoff(httpserver):
    httpserver.expect_ordered_request("/x").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    sleeps = SleepRecorder()

    response = get(quick_session(sleeps), httpserver.url_for("/x"), source="t")

    assert response.json() == {"ok": True}
    assert sleeps.waits == [1.0]
    httpserver.check_assertions()


def test_429_retry_after_seconds_is_honoured(httpserver):
    httpserver.expect_ordered_request("/x").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/x").respond_with_data("fine")
    sleeps = SleepRecorder()

    assert get(quick_session(sleeps), httpserver.url_for("/x"), source="t").text == "fine"
    assert sleeps.waits == [7.0]


def test_429_retry_after_http_date_is_honoured(httpserver):
    now = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
    httpserver.expect_ordered_request("/x").respond_with_data(
        "", status=429, headers={"Retry-After": "Mon, 01 Jun 2026 12:00:30 GMT"}
    )
    httpserver.expect_ordered_request("/x").respond_with_data("fine")
    sleeps = SleepRecorder()
    session = make_session(sleep=sleeps, clock=lambda: now)

    assert get(session, httpserver.url_for("/x"), source="t").text == "fine"
    assert sleeps.waits == [30.0]


def test_retry_after_is_capped(httpserver):
    httpserver.expect_ordered_request("/x").respond_with_data(
        "", status=503, headers={"Retry-After": "86400"}
    )
    httpserver.expect_ordered_request("/x").respond_with_data("fine")
    sleeps = SleepRecorder()
    session = make_session(sleep=sleeps, max_delay=60)

    get(session, httpserver.url_for("/x"), source="t")
    assert sleeps.waits == [60.0]


def test_backoff_doubles_then_the_error_is_retryable_with_its_cause(httpserver):
    httpserver.expect_request("/x").respond_with_data("down", status=502)
    sleeps = SleepRecorder()
    session = make_session(retries=3, backoff=1.5, sleep=sleeps)

    with pytest.raises(SourceError) as caught:
        get(session, httpserver.url_for("/x"), source="eura2021")

    assert sleeps.waits == [1.5, 3.0, 6.0]
    assert len(httpserver.log) == 4
    assert caught.value.retryable is True
    assert caught.value.source == "eura2021"
    assert "4 attempts" in str(caught.value) and "502" in str(caught.value)
    assert isinstance(caught.value.__cause__, requests.HTTPError)
    assert caught.value.__cause__.response.status_code == 502


def test_non_retryable_4xx_raises_at_once(httpserver):
    httpserver.expect_request("/x").respond_with_data("no such page", status=404)
    sleeps = SleepRecorder()

    with pytest.raises(SourceError) as caught:
        get(quick_session(sleeps), httpserver.url_for("/x"), source="t")

    assert caught.value.retryable is False
    assert "404" in str(caught.value) and "no such page" in str(caught.value)
    assert len(httpserver.log) == 1
    assert sleeps.waits == []


def test_timeout_is_applied_and_retried(httpserver):
    def slow(_request):
        time.sleep(0.6)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    sleeps = SleepRecorder()
    session = quick_session(sleeps, retries=1, timeout=0.2)

    with pytest.raises(SourceError) as caught:
        get(session, httpserver.url_for("/slow"), source="t")

    assert caught.value.retryable is True
    assert isinstance(caught.value.__cause__, requests.Timeout)
    assert sleeps.waits == [1.0]


def test_connection_refused_is_retried_then_raised():
    sleeps = SleepRecorder()
    with pytest.raises(SourceError) as caught:
        get(quick_session(sleeps, retries=2), refused_url(), source="t")

    assert caught.value.retryable is True
    assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert sleeps.waits == [1.0, 2.0]


def test_session_sends_user_agent(httpserver):
    httpserver.expect_request("/ua", headers={"User-Agent": DEFAULT_USER_AGENT}).respond_with_data(
        "ok"
    )
    assert get(make_session(), httpserver.url_for("/ua"), source="t").text == "ok"


def test_plain_requests_session_gets_the_default_policy(httpserver):
    httpserver.expect_request("/x").respond_with_data("ok")
    with requests.Session() as plain:
        assert get(plain, httpserver.url_for("/x"), source="t").text == "ok"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("Mon, 01 Jun 2026 12:01:00 GMT", 60.0),
        ("Mon, 01 Jun 2026 11:00:00 GMT", 0.0),  # a date in the past: retry now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header, expected):
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == expected


def test_policy_delay_is_capped():
    policy = RetryPolicy(backoff=10, max_delay=25)
    assert [policy.delay(n) for n in range(3)] == [10, 20, 25]


def _response(body: bytes, content_type: str = "application/json") -> requests.Response:
    response = requests.Response()
    response._content = body
    response.status_code = 200
    response.headers["Content-Type"] = content_type
    response.url = "https://example.test/api"
    response.encoding = "utf-8"
    return response


def test_json_body_decodes_json():
    assert json_body(_response(b'{"a": [1, 2]}'), source="t") == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html", "HTML instead"),
        (b"<html><body>Login</body></html>", "application/json", "HTML instead"),
        (b'{"totalCount": 3, "hakuilmoitukset": [{"nimi": "Yksi', "application/json", "truncated"),
        (b'{"a": 1,, "b": 2}', "application/json", "malformed JSON"),
        (b"\x00\x01 binary garbage", "application/json", "malformed JSON"),
        (b"   ", "application/json", "empty body"),
    ],
)
def test_json_body_faults_are_format_errors(body, content_type, message):
    with pytest.raises(SourceFormatError, match=message) as caught:
        json_body(_response(body, content_type), source="haeavustuksia")
    assert caught.value.retryable is False


def test_json_body_without_charset_is_utf8():
    body = '{"fi": "Lounais-Suomen elinvoimakeskus ylläpitää"}'.encode()
    assert json_body(_response(body), source="t")["fi"].endswith("ylläpitää")
    assert json_body(_response(b"\xef\xbb\xbf" + body), source="t")["fi"].startswith("Lounais")


def test_json_body_honours_a_declared_charset():
    response = _response('{"sv": "Östra"}'.encode("latin-1"), "application/json; charset=latin-1")
    response.encoding = "latin-1"
    assert json_body(response, source="t") == {"sv": "Östra"}


def test_body_cut_off_on_the_wire_is_retried_then_raised(httpserver):
    # The server promises more bytes than it sends (a dropped connection mid-body).
    body = b'{"totalCount": 1, "pageCount": 1, "hakuilmoitukset": ['

    def cut(_request):
        response = Response(iter([body]), content_type="application/json", direct_passthrough=True)
        response.headers["Content-Length"] = str(len(body) + 500)
        return response

    httpserver.expect_request("/x").respond_with_handler(cut)
    sleeps = SleepRecorder()
    with pytest.raises(SourceError) as caught:
        get(quick_session(sleeps, retries=1), httpserver.url_for("/x"), source="t")

    assert caught.value.retryable is True
    assert isinstance(caught.value.__cause__, requests.exceptions.ChunkedEncodingError)
    assert "IncompleteRead" in str(caught.value)
    assert sleeps.waits == [1.0]
