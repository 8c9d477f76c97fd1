"""An in-process index of company names for forgiving (fuzzy) search.

Loading every name of a town (or of the whole network for a coordinator) on each search would be
too slow with 100,000 companies, so each process keeps the names per scope and reloads a scope only
when its fingerprint (row count and newest ``updated_at``) changes; the fingerprint query is cheap
and keeps every web worker correct without any cross-process signalling.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models import Company


@dataclass(slots=True)
class _Entry:
    fingerprint: tuple[Any, ...]
    ids: list[int]
    names: list[str]


_cache: dict[tuple[str, Any], _Entry] = {}
_lock = threading.Lock()


def _fingerprint(session: Session, scoped: Select[Any]) -> tuple[Any, ...]:
    sub = scoped.subquery()
    row = session.execute(select(func.count(), func.max(sub.c.updated_at))).one()
    return (row[0], str(row[1]))


def fuzzy_ids(
    session: Session, scoped: Select[Any], scope_key: Any, query: str, *, limit: int = 200,
    cutoff: float = 75.0,
) -> list[tuple[int, float]]:
    """(company id, score 0-100) of names close to the normalised query, best first.

    ``scoped`` selects the visible, unmerged companies' ``id``, ``name_normalized`` and
    ``updated_at``; ``scope_key`` identifies that scope in the cache.
    """
    bind = session.get_bind()
    key = (str(getattr(bind, "engine", bind).url), scope_key)
    fingerprint = _fingerprint(session, scoped)
    entry = _cache.get(key)
    if entry is None or entry.fingerprint != fingerprint:
        rows = session.execute(scoped.with_only_columns(Company.id, Company.name_normalized)).all()
        entry = _Entry(fingerprint, [r[0] for r in rows], [r[1] for r in rows])
        with _lock:
            _cache[key] = entry
    if not entry.names:
        return []
    found = process.extract(
        query, entry.names, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    return [(entry.ids[index], float(score)) for _name, score, index in found]


def clear() -> None:
    with _lock:
        _cache.clear()
