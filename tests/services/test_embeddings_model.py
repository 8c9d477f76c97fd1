# ruff: noqa: F811  (the fixtures imported from test_matches and test_matcher_artifact)
"""A new embedding model makes the stored vectors stale: vectors of another model never reach
a score (they count as missing until re-embedded), the backfill re-embeds them, and the shared
matcher artifact is stale until fitted again; an artifact loaded by a web worker keeps the
company means it was fitted with."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from app.models.embeddings import CallEmbedding, CompanyEmbedding
from app.models.matches import Match
from app.services import embeddings, matches
from app.services.matches import _cache as cache
from tests.fake_embedder import FakeEmbedder
from tests.services.test_matcher_artifact import no_fit, shared  # noqa: F401  (fixtures)
from tests.services.test_matches import (  # noqa: F401  (fixtures)
    TODAY,
    _fresh_matcher,
    make_call,
    town,
)

MORE = ("Robotiikka ja automaatio tehtaassa.", "Leipomo ja leipä.", "Metsä ja energia.")


@pytest.fixture()
def fake(app, monkeypatch):
    """Embeddings on with the fake model "fake-1"; ``use`` switches the app to another."""
    embedder = FakeEmbedder()
    monkeypatch.setitem(app.config, "MATCH_EMBEDDINGS", True)
    monkeypatch.setitem(app.config, "MATCH_EMBEDDER", embedder)

    def use(model_id):
        other = FakeEmbedder(model_id=model_id)
        monkeypatch.setitem(app.config, "MATCH_EMBEDDER", other)
        return other

    embedder.use = use
    return embedder


@pytest.fixture()
def five(town, make_company):
    """The town with five companies (the fewest the company side's own means need)."""
    staff, metal, bakery, calls = town
    for text in MORE:
        make_company(city=staff.city, description=text, keywords=[])
    return town


def _stored_embedding(session, company):
    return {m.call_id: m.components["embedding"]
            for m in session.scalars(select(Match).where(Match.company_id == company.id))}


def test_vectors_of_another_model_count_as_missing_until_the_backfill(app, session, town, fake):
    _staff, metal, _bakery, _calls = town
    metal.description = "Robotiikka ja automaatio konepajassa, hitsaus."
    session.flush()
    embeddings.refresh(session, fake)
    matches.rematch(session, today=TODAY, full=True)
    assert max(_stored_embedding(session, metal).values()) > 0
    newer = fake.use("fake-2")  # a new model: every stored row is stale
    with cache.LOCK:
        fitted = cache.matcher(session)  # the cached fit, not refitted
        assert fitted.embeddings.model_id == "fake-2" and not fitted.embeddings.calls
    assert cache.company_vectors(session, [metal.id]) == {}
    matches.rematch(session, today=TODAY, company_ids=[metal.id])  # ranked one by one
    assert set(_stored_embedding(session, metal).values()) == {0.0}
    matches.rematch(session, today=TODAY, full=True)
    assert set(_stored_embedding(session, metal).values()) == {0.0}
    runner = app.test_cli_runner()
    result = runner.invoke(args=["embed", "--backfill"])
    assert "Embedded 6 calls and 2 companies (0 and 0 were current)" in result.output
    assert {r.model_id for r in session.scalars(select(CallEmbedding))} == {"fake-2"}
    assert {r.model_id for r in session.scalars(select(CompanyEmbedding))} == {"fake-2"}
    assert newer.calls == 8
    matches.rematch(session, today=TODAY, full=True)
    assert max(_stored_embedding(session, metal).values()) > 0


def test_a_new_embedding_model_makes_the_artifact_stale(app, session, five, fake, shared,
                                                         no_fit):
    _staff, metal, _bakery, _calls = five
    embeddings.refresh(session, fake)
    no_fit.forbidden = False
    first = matches.fit_shared(session)
    assert not matches.is_stale(session)
    fake.use("fake-2")
    assert matches.is_stale(session)
    cache.clear()
    no_fit.forbidden = True
    shared.clear()
    with app.test_request_context(), cache.LOCK:  # a web worker: loads it, asks for a fit
        loaded = cache.matcher(session)
        assert loaded.embeddings.model_id == "fake-2" and not loaded.embeddings.calls
    assert cache._cache[cache._key(session)].artifact_id == first
    assert {name for name, _kw in shared} == {"matching.fit"}
    embeddings.refresh(session, FakeEmbedder(model_id="fake-2"))
    no_fit.forbidden = False
    second = matches.fit_shared(session)
    assert second != first and not matches.is_stale(session)
    fake.use("fake-1")  # back to the first model: stale again
    assert matches.is_stale(session)


def test_a_loaded_artifact_keeps_the_company_means_it_was_fitted_with(
        app, session, five, fake, shared, no_fit):
    _staff, metal, _bakery, _calls = five
    embeddings.refresh(session, fake)
    no_fit.forbidden = False
    matches.fit_shared(session)
    with cache.LOCK:
        fitted = cache.matcher(session)  # this process's own fit, with every company
        expected = fitted.embeddings.company_means, fitted.embeddings.company_overall
        profile = fitted.company(str(metal.id))
        reference = {s.call_id: s.component("embedding") for s in fitted.rank_company(
            profile, TODAY, top_n=None, threshold=0.0, reasons=False)}
    assert expected[1] is not None and max(reference.values()) > 0
    cache.clear()  # a fresh web worker
    no_fit.forbidden = True
    with app.test_request_context(), cache.LOCK:
        loaded = cache.matcher(session)
        assert set(loaded.embeddings.company_means) == set(expected[0])
        assert np.allclose(loaded.embeddings.company_overall, expected[1], atol=1e-6)
        own = cache.company_vectors(session, [metal.id])[metal.id]
        ranked = {s.call_id: s.component("embedding") for s in loaded.rank_company(
            profile, TODAY, top_n=None, threshold=0.0, reasons=False, embedding=own)}
    assert ranked == pytest.approx(reference, abs=1e-4)
