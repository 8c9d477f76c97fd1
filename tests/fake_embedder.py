"""A small deterministic ``Embedder`` for tests: no model, the same vector for the same text.

Each word is mapped through a tiny bilingual table to a topic (so "robotiikka" and "robotics"
land on one axis), given its own axis (other words a little weight on a hashed one), and a strong per-language direction is added,
as a real multilingual model prefers same-language texts: centring by language must remove it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

TOPICS = {
    "robotiikka": "robot", "robotics": "robot", "robotti": "robot", "robot": "robot",
    "automaatio": "automation", "automation": "automation",
    "leipomo": "bakery", "bakery": "bakery", "leipä": "bread", "bread": "bread",
    "kalastus": "fishing", "fishing": "fishing", "energia": "energy", "energy": "energy",
    "hitsaus": "welding", "welding": "welding", "metsä": "forest", "forest": "forest",
}
_AXES = {topic: 2 + i for i, topic in enumerate(sorted(set(TOPICS.values())))}
_FINNISH = re.compile(r"[äö]|\b(ja|tuki|yritys\w*)\b", re.IGNORECASE)


class FakeEmbedder:
    """``matching.embedding.Embedder`` without a model; ``calls`` counts texts embedded."""

    def __init__(self, model_id: str = "fake-1", dim: int = 32) -> None:
        self.model_id = model_id
        self.dim = dim
        self.calls = 0

    def embed(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                topic = TOPICS.get(word)
                if topic is not None:
                    out[i, _AXES[topic]] += 1.0
                elif len(word) > 3:  # other words: a little noise on a hashed axis
                    out[i, 2 + zlib.crc32(word.encode()) % (self.dim - 2)] += 0.1
            out[i, 0 if _FINNISH.search(text) else 1] += 3.0  # the language offset
            out[i] /= np.linalg.norm(out[i])
        return out
