"""A source that trickles its answer is cut off at the request deadline: its run records the
error and the other sources are harvested as usual."""

from __future__ import annotations

import time

from app.models.funding import RunStatus
from app.services.funding import harvest
from connectors.http import make_session
from tests.services.test_funding_harvest_payloads import NOW, TODAY, add_source, hae_server
from tests.unit.connectors.saved_payloads import SleepRecorder
from tests.unit.connectors.trickle_server import body_trickle, trickling


def test_a_trickling_source_fails_at_the_deadline_and_the_others_still_run(session, httpserver):
    _, hae_url = hae_server(httpserver)
    with trickling(body_trickle(length=60, every=0.1)) as slow:
        trickler = add_source(session, "aaa-trickling", "haeavustuksia", slow.url)
        fine = add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
        http = make_session(timeout=5, retries=2, sleep=SleepRecorder(), deadline=0.8)
        started = time.monotonic()
        runs = harvest.run_all(session, http=http, today=TODAY, now=NOW)
        elapsed = time.monotonic() - started

    by_source = {r.source_id: r for r in runs}
    failed = by_source[trickler.id]
    assert failed.status is RunStatus.FAILED
    assert "no complete answer within 0.8 s" in failed.errors[0]
    session.refresh(trickler)
    assert "0.8 s" in trickler.last_error
    assert by_source[fine.id].status is RunStatus.OK and by_source[fine.id].created == 1
    assert elapsed < 3.0  # the trickle alone would take 6 s
