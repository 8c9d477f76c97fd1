"""The embedding component of the pure matcher: vectors in, language-centred cosine out, the
same value on every path, and nothing changes without vectors."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import numpy as np
import pytest

from matching import COMPONENTS, CallProfile, CompanyProfile, Matcher, Weights
from matching.embedding import (
    CHUNK_WORDS,
    Embeddings,
    call_text,
    chunks,
    company_text,
    content_hash,
    embed_texts,
)
from tests.fake_embedder import FakeEmbedder

TODAY = date(2026, 11, 28)
ONLY_EMBEDDING = Weights(concept=0, word=0, char=0, industry=0, targeting=0, embedding=1.0)

FI = ["Tuki leipomo yrityksille ja leipä", "Kalastus ja metsä tuki", "Energia tuki yrityksille",
      "Hitsaus ja metsä tuki", "Tuki kalastus yrityksille"]
EN = ["Robotics and automation for industry", "Bakery and bread programme",
      "Fishing fleet renewal", "Forest biomass energy", "Welding skills programme"]


def _calls() -> list[CallProfile]:
    return ([CallProfile(id=f"fi{i}", language="fi", title=t, status="open", is_continuous=True)
             for i, t in enumerate(FI)]
            + [CallProfile(id=f"en{i}", language="en", title=t, status="open",
                           is_continuous=True) for i, t in enumerate(EN)])


def _companies() -> list[CompanyProfile]:
    return [CompanyProfile(id="robo", language="fi", description="Robotiikka ja automaatio yritys"),
            CompanyProfile(id="bake", language="fi", description="Leipomo ja leipä yritys"),
            CompanyProfile(id="fish", language="en", description="Fishing company"),
            CompanyProfile(id="wood", language="en", description="Forest owners"),
            CompanyProfile(id="weld", language="fi", description="Hitsaus yritys ja tuki"),
            CompanyProfile(id="heat", language="fi", description="Energia yritys ja tuki"),
            CompanyProfile(id="none", language="fi", description="Ilman vektoria")]


def _embeddings(embedder: FakeEmbedder, skip: set[str] = frozenset()) -> Embeddings:
    calls, companies = _calls(), _companies()
    cv = embed_texts(embedder, [call_text(c) for c in calls], "passage")
    qv = embed_texts(embedder, [company_text(c) for c in companies], "query")
    return Embeddings.of(embedder.model_id, {c.id: v for c, v in zip(calls, cv, strict=True)},
                         {c.id: v for c, v in zip(companies, qv, strict=True)
                          if c.id not in skip})


def test_long_texts_are_embedded_in_chunks_and_averaged():
    text = " ".join(["robotiikka"] * CHUNK_WORDS + ["leipomo"] * CHUNK_WORDS + ["x"])
    assert len(chunks(text)) == 3 and chunks("") == [""]
    fake = FakeEmbedder()
    vec = embed_texts(fake, [text, "leipomo"], "passage")
    assert fake.calls == 4  # three chunks and one short text
    assert vec.shape == (2, fake.dim)
    assert np.allclose(np.linalg.norm(vec, axis=1), 1.0)
    robot_only = embed_texts(fake, ["robotiikka"], "passage")[0]
    assert 0 < float(vec[0] @ robot_only) < 0.99  # the mean of the chunks, not the first
    assert content_hash("a") == content_hash("a") != content_hash("b")


def test_raw_vectors_prefer_the_same_language_and_centring_removes_it():
    fake = FakeEmbedder()
    emb = _embeddings(fake)
    robo = emb.companies["robo"]
    raw = {c: float(robo @ v) for c, v in emb.calls.items()}
    assert max(raw, key=raw.get).startswith("fi")  # the language offset wins raw
    m = Matcher.fit(_calls(), _companies(), weights=ONLY_EMBEDDING, embeddings=emb)
    top = m.rank_all(TODAY, top_n=3, threshold=0.0)
    assert top["robo"][0].call_id == "en0"  # robotics, in English
    assert top["bake"][0].call_id in {"fi0", "en1"}
    assert top["fish"][0].call_id in {"fi1", "fi4", "en2"}
    assert 0.0 < top["robo"][0].component("embedding") <= 1.0


def _fitted_with_fake_vectors():
    """(vectors, calls, companies, the fitted matcher, every ranked pair's embedding part)."""
    emb = _embeddings(FakeEmbedder())
    calls, companies = _calls(), _companies()
    m = Matcher.fit(calls, companies, embeddings=emb)
    full = {(c, s.call_id): s.component("embedding")
            for c, scores in m.rank_all(TODAY, top_n=None, threshold=0.0).items()
            for s in scores}
    return emb, calls, companies, m, full


def test_every_path_gives_a_pair_the_same_embedding_component():
    emb, calls, companies, m, full = _fitted_with_fake_vectors()
    stored = m.rank_stored(["robo", "weld"], TODAY, top_n=None, threshold=0.0)
    for cid in ("robo", "weld"):
        for s in stored[cid]:
            assert s.component("embedding") == pytest.approx(full[(cid, s.call_id)], abs=1e-4)
        for s in m.rank_company(m.company(cid), TODAY, top_n=None, threshold=0.0,
                                reasons=False):
            assert s.component("embedding") == pytest.approx(full[(cid, s.call_id)], abs=1e-4)
    for s in m.rank_call(calls[5], TODAY, threshold=0.0):
        assert s.component("embedding") == pytest.approx(full[(s.company_id, "en0")], abs=1e-4)
    explained = m.explain(companies[0], calls[5], TODAY).score
    assert dict(explained.components)["embedding"] == pytest.approx(full[("robo", "en0")],
                                                                    abs=1e-4)
    # the scores too: a Finnish company and an English call weigh the vectors by
    # cross_embedding in every path
    scores = {(c, s.call_id): s.score
              for c, ss in m.rank_all(TODAY, top_n=None, threshold=0.0).items() for s in ss}
    assert scores[("robo", "en0")] == pytest.approx(explained.score, abs=0.01)
    by_call = {s.company_id: s.score for s in m.rank_call(calls[5], TODAY, threshold=0.0)}
    assert by_call["robo"] == pytest.approx(scores[("robo", "en0")], abs=0.01)
    same_weight = m.with_weights(
        dataclasses.replace(m.weights, cross_embedding=m.weights.embedding))
    lower = {s.call_id: s.score for s in same_weight.rank_all(TODAY, top_n=None,
                                                               threshold=0.0)["robo"]}
    assert lower["en0"] < scores[("robo", "en0")]  # a positive cosine counts more across


def test_without_vectors_the_component_is_zero_and_the_ranking_unchanged():
    calls, companies = _calls(), _companies()
    plain = Matcher.fit(calls, companies).rank_all(TODAY, top_n=5, threshold=0.0)
    missing = Matcher.fit(calls, companies,
                          embeddings=_embeddings(FakeEmbedder(), skip={"none"}))
    ranked = missing.rank_all(TODAY, top_n=5, threshold=0.0)
    assert [s.component("embedding") for s in ranked["none"]] == [0.0] * len(ranked["none"])
    assert [s.call_id for s in ranked["none"]] == [s.call_id for s in plain["none"]]
    assert all(s.component("embedding") == 0.0 for ss in plain.values() for s in ss)
    assert [name for name, _ in plain["robo"][0].components] == list(COMPONENTS)
    switched_off = Matcher.fit(calls, companies,
                               weights=Weights(embedding=0.0, cross_embedding=0.0),
                               embeddings=_embeddings(FakeEmbedder()))
    off = switched_off.rank_all(TODAY, top_n=5, threshold=0.0)
    assert {c: [s.call_id for s in v] for c, v in off.items()} == {
        c: [s.call_id for s in v] for c, v in plain.items()}


def test_vectors_added_after_the_fit_and_a_new_model_replaces_the_old():
    calls, companies = _calls(), _companies()
    m = Matcher.fit(calls, companies, weights=ONLY_EMBEDDING)
    assert m.rank_all(TODAY, top_n=1, threshold=0.0)["robo"][0].component("embedding") == 0.0
    emb = _embeddings(FakeEmbedder())
    m.update_embeddings("fake-1", calls=emb.calls, companies=emb.companies)
    ranked = m.rank_all(TODAY, top_n=3, threshold=0.0)
    assert ranked["robo"][0].call_id == "en0"
    again = pickle.loads(pickle.dumps(m))  # the fitted artifact keeps the vectors and means
    assert set(again.embeddings.means) == {"fi", "en"}
    assert again.embeddings.company_overall is not None
    assert again.rank_all(TODAY, top_n=3, threshold=0.0)["robo"] == ranked["robo"]
    other = _embeddings(FakeEmbedder(model_id="fake-2"))
    m.update_embeddings("fake-2", calls={"en0": other.calls["en0"]})
    assert m.embeddings.model_id == "fake-2" and list(m.embeddings.calls) == ["en0"]
    assert m.rank_all(TODAY, top_n=1, threshold=0.0)["robo"][0].component("embedding") == 0.0


def test_a_vector_given_for_an_unstored_record_counts_as_the_stored_one_would():
    """``rank_company`` / ``rank_call`` with the vector of a record the matcher does not hold
    (a fresh profile, a new call) give the component the stored record gets."""
    emb, calls, companies, m, full = _fitted_with_fake_vectors()
    fresh = CompanyProfile(id="new", language="fi", description=companies[0].description)
    own = m.rank_company(fresh, TODAY, top_n=None, threshold=0.0, reasons=False,
                         embedding=emb.companies["robo"])
    assert max(s.component("embedding") for s in own) > 0
    for s in own:
        assert s.component("embedding") == pytest.approx(full[("robo", s.call_id)], abs=1e-4)
    without = m.rank_company(fresh, TODAY, top_n=None, threshold=0.0, reasons=False)
    assert all(s.component("embedding") == 0.0 for s in without)
    new_call = CallProfile(id="new", language="en", title=calls[5].title, status="open",
                           is_continuous=True)
    for s in m.rank_call(new_call, TODAY, threshold=0.0, embedding=emb.calls["en0"]):
        assert s.component("embedding") == pytest.approx(full[(s.company_id, "en0")], abs=1e-4)
