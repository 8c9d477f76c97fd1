# ruff: noqa: F811  (the fixtures imported from test_matches)
"""The fitted matcher built once and shared: a background job fits and stores it, web requests
only load it, a save with none ready is deferred (and drained after the fit), and a stale
artifact is replaced without a restart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.matches import MatcherArtifact, MatchPending
from app.services import matches
from app.services.matches import _artifact
from app.services.matches import _cache as cache
from app.services.matches import reads as matching_reads
from matching import Matcher
from tests.services.test_matches import (  # noqa: F401  (fixtures)
    TODAY,
    _fresh_matcher,
    make_call,
    titles,
    town,
)


@pytest.fixture()
def shared(app, monkeypatch):
    """Production's setting: web requests load the artifact; queued jobs are recorded."""
    monkeypatch.setitem(app.config, "MATCHER_SHARED", True)
    queued: list[tuple[str, dict]] = []
    monkeypatch.setattr(_artifact, "enqueue", lambda name, **kw: queued.append((name, kw)))
    return queued


@pytest.fixture()
def no_fit(monkeypatch):
    """Fails the test if anything fits a matcher (what a request must never do)."""
    real = Matcher.fit.__func__

    def guarded(cls, *args, **kwargs):
        if guarded.forbidden:
            raise AssertionError("a request fitted the matcher")
        return real(cls, *args, **kwargs)

    guarded.forbidden = True
    monkeypatch.setattr(Matcher, "fit", classmethod(guarded))
    return guarded


def _save_in_request(app, session, company, description, keywords):
    company.description, company.keywords = description, keywords
    session.flush()
    with app.test_request_context():
        matches.rematch_changed(session, today=TODAY, company_ids=[company.id])


def test_a_save_with_no_artifact_is_deferred_then_drained_after_the_fit(
        app, session, town, shared, no_fit):
    _staff, metal, _bakery, calls = town
    _save_in_request(app, session, metal, metal.description, metal.keywords)
    assert titles(session, metal) == []  # nothing fitted in the request
    assert session.get(MatchPending, metal.id) is not None
    assert {name for name, _kw in shared} == {"matching.fit"}
    page = matching_reads.company_matches(session, _staff, metal.id, today=TODAY)
    assert page.updating is True

    no_fit.forbidden = False  # the worker's job
    artifact_id = matches.fit_shared(session)
    assert shared[-1][0] == "matching.rematch_pending"
    stored = session.get(MatcherArtifact, artifact_id)
    assert stored.status == "ready" and stored.calls == 6 and stored.size > 0
    assert matches.rematch_pending(session, today=TODAY) == 1
    assert titles(session, metal)[0] == calls["robot"].title
    assert session.scalars(select(MatchPending)).all() == []
    assert matching_reads.company_matches(session, _staff, metal.id, today=TODAY).updating is False


def test_a_request_loads_the_artifact_and_ranks_as_a_fitted_matcher_would(
        app, session, town, shared, no_fit):
    _staff, metal, bakery, calls = town
    no_fit.forbidden = False
    matches.rematch(session, today=TODAY, full=True)  # the reference: fitted in this process
    expected = {c.id: titles(session, c) for c in (metal, bakery)}
    matches.fit_shared(session)
    cache.clear()  # a fresh web worker
    no_fit.forbidden = True
    _save_in_request(app, session, metal, "Leipomo, joka leipoo ruisleipää ja vähentää "
                     "ruokahävikkiä.", ["leipomo", "hävikki", "elintarvikkeet"])
    assert titles(session, metal)[0] == calls["food"].title
    _save_in_request(app, session, bakery, bakery.description, bakery.keywords)
    assert titles(session, bakery) == expected[bakery.id]
    assert session.scalars(select(MatchPending)).all() == []
    with app.test_request_context():  # the match page's checks come from the loaded matcher
        why = matching_reads.explain(session, _staff, bakery.id, calls["food"].id, today=TODAY)
    assert why.eligible


def test_a_stale_artifact_is_detected_and_replaced_without_a_restart(
        app, session, town, make_call, shared, no_fit):  # noqa: F811
    _staff, metal, _bakery, _calls = town
    no_fit.forbidden = False
    first = matches.fit_shared(session)
    assert not matches.is_stale(session)
    cache.clear()
    no_fit.forbidden = True
    with app.test_request_context(), cache.LOCK:
        assert cache.matcher(session) is not None
    assert cache._cache[cache._key(session)].artifact_id == first
    new = make_call("Konepajojen hitsausautomaatio", "Hitsaus ja koneistus robotilla.",
                    keywords=["hitsaus", "koneistus"])
    assert matches.is_stale(session)
    shared.clear()
    with app.test_request_context(), cache.LOCK:  # the new call analysed in place, fit queued
        assert str(new.id) in cache.matcher(session).call_index
    assert {name for name, _kw in shared} == {"matching.fit"}
    no_fit.forbidden = False
    second = matches.fit_shared(session)  # the worker replaces it
    no_fit.forbidden = True
    assert second != first and not matches.is_stale(session)
    with app.test_request_context(), cache.LOCK:
        cache.matcher(session)
    assert cache._cache[cache._key(session)].artifact_id == second


def test_calls_saved_in_a_request_are_matched_in_the_queue(app, session, town, shared, no_fit):
    _staff, _metal, _bakery, calls = town
    with app.test_request_context():
        matches.rematch_changed(session, today=TODAY, call_ids=[calls["robot"].id])
    assert shared == [("matching.rematch_calls", {"call_ids": [calls["robot"].id]})]


def test_without_a_shared_matcher_a_save_rematches_at_once(app, session, town):
    _staff, metal, _bakery, calls = town
    with app.test_request_context():
        matches.rematch_changed(session, today=TODAY, company_ids=[metal.id])
    assert titles(session, metal)[0] == calls["robot"].title


def test_one_companys_rematch_never_loads_every_live_id(session, town, monkeypatch):
    _staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)

    def everyone(*_args, **_kwargs):
        raise AssertionError("a one-company rematch loaded every live company id")

    monkeypatch.setattr(matches, "live_ids", everyone)
    metal.description = "Leipomo, joka leipoo ruisleipää ja vähentää ruokahävikkiä."
    metal.keywords = ["leipomo", "hävikki", "elintarvikkeet"]
    session.flush()
    assert matches.rematch_after_save(session, metal.id, today=TODAY)
    assert titles(session, metal)[0] == calls["food"].title


def test_the_company_page_says_its_matches_are_being_updated(app, login, session, town, shared,
                                                             no_fit):
    staff, metal, _bakery, _calls = town
    client = login(staff)
    resp = client.submit(f"/companies/{metal.id}/edit", {
        "name": metal.name, "business_id": metal.business_id or "",
        "industry_code_set": "TOL2008", "industry_code": "25620", "size_class": "small",
        "description": "Konepaja, joka hitsaa ja koneistaa robotilla.",
        "keywords": "hitsaus, koneistus"})
    assert resp.status_code == 302  # saved; no matcher fitted in the request
    assert session.get(MatchPending, metal.id) is not None
    page = client.get(f"/companies/{metal.id}").get_data(as_text=True)
    assert "Rahoitushakuja päivitetään" in page
    assert "Rahoitushakuja päivitetään" in client.get(
        f"/companies/{metal.id}/matches").get_data(as_text=True)


def test_a_fresh_worker_warms_up_by_loading_never_by_fitting(app, session, town, shared, no_fit):
    assert matches.warm_up(app, TODAY) is False  # none stored yet: nothing fitted either
    no_fit.forbidden = False
    artifact_id = matches.fit_shared(session)
    no_fit.forbidden = True
    cache.clear()
    assert matches.warm_up(app, TODAY) is True
    entry = cache._cache[cache._key(session)]
    assert entry.artifact_id == artifact_id
    # a save's whole path ran once (the day's view is built) and wrote nothing
    assert entry.matcher._view_cache.stamp[0] == TODAY
    _staff, metal, bakery, _calls = town
    assert titles(session, metal) == [] and titles(session, bakery) == []


def test_a_fit_is_not_asked_for_while_one_waits_or_runs(app, session, shared):
    from app.clock import utcnow
    from app.models.job_queue import QueuedJob, QueueStatus

    with app.test_request_context():
        assert _artifact.request_fit(session) is True
        assert [name for name, _kw in shared] == [_artifact.FIT_JOB]
        job = QueuedJob(name=_artifact.FIT_JOB, kwargs={}, status=QueueStatus.RUNNING,
                        attempts=1, max_attempts=2, created_at=utcnow(), run_after=utcnow())
        session.add(job)
        session.flush()
        assert _artifact.request_fit(session) is False  # one is running: it will do
        job.status = QueueStatus.DONE
        session.flush()
        assert _artifact.request_fit(session) is True
    assert len(shared) == 2


def test_an_artifact_fitted_by_other_matching_code_is_never_loaded(
        app, session, town, shared, no_fit, monkeypatch):
    """After a deploy the stored pickle holds the old code's objects: a request defers the
    save and asks for a fit instead of loading it; the fit by this code is then used."""
    _staff, metal, _bakery, calls = town
    no_fit.forbidden = False
    old = matches.fit_shared(session)
    stored = session.get(MatcherArtifact, old)
    stored.fingerprint = stored.fingerprint.replace("code=", "code=0ther", 1)
    session.flush()
    assert matches.is_stale(session)
    cache.clear()  # a web worker started with the new code
    shared.clear()
    no_fit.forbidden = True
    loaded: list[int] = []
    real_load = _artifact.load
    monkeypatch.setattr(_artifact, "load", lambda s, i: loaded.append(i) or real_load(s, i))
    _save_in_request(app, session, metal, metal.description, metal.keywords)
    assert loaded == []
    assert session.get(MatchPending, metal.id) is not None
    assert {name for name, _kw in shared} == {"matching.fit"}
    no_fit.forbidden = False
    new = matches.fit_shared(session)
    assert new != old and not matches.is_stale(session)
    assert matches.rematch_pending(session, today=TODAY) == 1
    assert titles(session, metal)[0] == calls["robot"].title
