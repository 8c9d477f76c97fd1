"""The overall deadline of one request: a source that trickles its answer (each read well inside
the per-read timeout) is cut off when the whole answer takes longer than the deadline."""

from __future__ import annotations

import time

import pytest
import requests

from connectors.errors import SourceError
from connectors.http import DEFAULT_DEADLINE, DeadlineExceeded, get, json_body, make_session
from tests.unit.connectors.saved_payloads import SleepRecorder
from tests.unit.connectors.trickle_server import body_trickle, header_trickle, trickling


def _session(sleeps: SleepRecorder, deadline: float | None = 0.8) -> requests.Session:
    # each read waits at most 5 s, the trickle sends a byte every 0.1 s: only a deadline helps
    return make_session(timeout=5, retries=2, sleep=sleeps, deadline=deadline)


@pytest.mark.parametrize("script", [body_trickle(), header_trickle()], ids=["body", "headers"])
def test_a_trickling_answer_is_cut_off_at_the_deadline(script):
    sleeps = SleepRecorder()
    with trickling(script) as server:
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            get(_session(sleeps), server.url, source="slow")
        elapsed = time.monotonic() - started

    assert elapsed < 2.0  # the whole trickle would take 6 s
    assert isinstance(caught.value.__cause__, DeadlineExceeded)
    assert isinstance(caught.value.__cause__, requests.Timeout)
    assert caught.value.retryable is True
    assert "0.8 s" in caught.value.message
    assert server.hits == 1 and sleeps.waits == []  # not retried: a retry would trickle again


def test_an_answer_within_the_deadline_is_read_whole():
    with trickling(body_trickle(length=5, every=0.05)) as server:
        response = get(_session(SleepRecorder(), deadline=2.0), server.url, source="slow")
    assert response.content == b"     "
    assert response.status_code == 200


def test_json_is_decoded_from_a_deadline_read(httpserver):
    httpserver.expect_request("/x").respond_with_json({"ok": [1, 2]})
    response = get(_session(SleepRecorder()), httpserver.url_for("/x"), source="t")
    assert json_body(response, source="t") == {"ok": [1, 2]}
    assert response.json() == {"ok": [1, 2]}


def test_every_session_has_a_deadline_by_default():
    assert make_session().policy.deadline == DEFAULT_DEADLINE == 120.0


def test_without_a_deadline_the_session_waits_for_the_whole_answer():
    with trickling(body_trickle(length=6, every=0.1)) as server:
        response = get(_session(SleepRecorder(), deadline=None), server.url, source="slow")
    assert response.content == b"      "


def test_gzip_and_chunked_answers_are_decoded(httpserver):
    import gzip

    from werkzeug import Response

    packed = gzip.compress(b'{"calls": ["a", "b"]}')
    httpserver.expect_request("/gz").respond_with_data(
        packed, headers={"Content-Encoding": "gzip"}, content_type="application/json")
    httpserver.expect_request("/chunked").respond_with_handler(
        lambda _r: Response(iter([b'{"calls": ', b'["a", ', b'"b"]}']),
                            content_type="application/json"))
    session = _session(SleepRecorder())
    for path in ("/gz", "/chunked"):
        response = get(session, httpserver.url_for(path), source="t")
        assert json_body(response, source="t") == {"calls": ["a", "b"]}
