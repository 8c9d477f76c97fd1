"""An in-process index of company names for fast, forgiving search where the database has no
trigram index (SQLite, the embedded default; PostgreSQL searches its own, see ``name_search``).

Neither a SQL ``LIKE`` over every row nor a fuzzy comparison with every name fits a 150 ms page at
100,000 companies, so each process keeps, per scope (a town, or the whole network), the scope's
normalised names and search texts, and a trigram index of the names. A query is answered by a
substring pass over the texts and a fuzzy pass (rapidfuzz) over the few hundred names that share
the most trigrams with it. A scope is reloaded when its fingerprint (row count and newest
``updated_at``) changes; that query is cheap and keeps every process correct without signals.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from app.models import Company

FUZZY_CANDIDATES = 300
FUZZY_CUTOFF = 75.0
ENOUGH_EXACT = 50  # with this many names containing the query, near misses add only noise


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(slots=True)
class NameIndex:
    """The searchable names of one scope."""

    fingerprint: tuple[Any, ...]
    ids: np.ndarray
    names: list[str]
    texts: list[str]  # name, auxiliary names and keywords, folded
    postings: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, fingerprint: tuple[Any, ...], rows: list[tuple[Any, ...]]) -> NameIndex:
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        names = [r[1] or "" for r in rows]
        texts = [r[2] or "" for r in rows]  # Company.search_text: folded when the row was saved
        return cls(fingerprint, ids, names, texts)

    def _postings(self) -> dict[str, np.ndarray]:
        """The trigram index, built on the first fuzzy search (a correctly typed name never
        needs it, and building it is the slow part of a cold start)."""
        if not self.postings and self.names:
            lists: dict[str, list[int]] = defaultdict(list)
            for position, name in enumerate(self.names):
                for gram in _trigrams(name):
                    lists[gram].append(position)
            self.postings = {gram: np.asarray(p, dtype=np.int32) for gram, p in lists.items()}
        return self.postings

    def search(self, needle: str, *, limit: int = 1000) -> list[tuple[int, float]]:
        """(company id, score) best first: exact 300, prefix 250, in the name 200, in an
        auxiliary name or keyword 150, else the fuzzy similarity of the name (0-100)."""
        scores: dict[int, float] = {}
        for position, text in enumerate(self.texts):
            if needle in text:
                name = self.names[position]
                if name == needle:
                    scores[position] = 300
                elif name.startswith(needle):
                    scores[position] = 250
                elif needle in name:
                    scores[position] = 200
                else:
                    scores[position] = 150
        if len(needle) >= 3 and len(scores) < ENOUGH_EXACT:
            for position, score in self._fuzzy(needle):
                scores.setdefault(position, score)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self.names[kv[0]]))[:limit]
        return [(int(self.ids[p]), s) for p, s in ranked]

    def _fuzzy(self, needle: str) -> list[tuple[int, float]]:
        postings = self._postings()
        grams = [postings[g] for g in _trigrams(needle) if g in postings]
        if not grams:
            return []
        hits = np.bincount(np.concatenate(grams), minlength=len(self.names))
        count = min(FUZZY_CANDIDATES, int(np.count_nonzero(hits)))
        if count == 0:
            return []
        candidates = np.argpartition(-hits, count - 1)[:count]
        out = []
        for position in candidates.tolist():
            score = fuzz.WRatio(needle, self.names[position])
            if score >= FUZZY_CUTOFF:
                out.append((position, float(score)))
        return out


_cache: dict[tuple[str, Any], NameIndex] = {}
_lock = threading.Lock()


def _fingerprint(session: Session, parts: list[Select[Any]]) -> tuple[Any, ...]:
    count, newest = 0, ""
    for part in parts:
        row = session.execute(
            part.with_only_columns(func.count(), func.max(Company.updated_at))
        ).one()
        count += row[0]
        newest = max(newest, str(row[1] or ""))
    return (count, newest)


def index_for(
    session: Session, scoped: Select[Any], scope_key: Any, *, parts: list[Select[Any]] | None = None
) -> NameIndex:
    """The (cached) index of the companies ``scoped`` selects; ``scope_key`` names that scope and
    ``parts`` (disjoint, index-friendly pieces of the same rows) make the fingerprint cheap."""
    bind = session.get_bind()
    key = (str(getattr(bind, "engine", bind).url), scope_key)
    fingerprint = _fingerprint(session, parts or [scoped])
    entry = _cache.get(key)
    if entry is None or entry.fingerprint != fingerprint:
        rows = session.execute(
            scoped.with_only_columns(
                Company.id, Company.name_normalized, Company.search_text
            )
        ).all()
        entry = NameIndex.build(fingerprint, [tuple(r) for r in rows])
        with _lock:
            _cache[key] = entry
    return entry


def clear() -> None:
    with _lock:
        _cache.clear()
