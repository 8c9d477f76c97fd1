"""Ranking companies by a typed name, on the database's own indexes where it has them.

The scores are the same on every engine: a query found in the name exactly scores 300, as the
name's beginning 250, elsewhere in the name 200, in an auxiliary name or keyword 150; when fewer
than ``ENOUGH_EXACT`` companies contain it, names like it are added with their rapidfuzz
similarity (0-100, at least ``FUZZY_CUTOFF``). Ties go by name. Only the choice of those near-miss
candidates differs: the names sharing the most trigrams with the query in memory, the names above
a word-similarity bound on PostgreSQL.

* PostgreSQL finds both kinds on trigram (``pg_trgm``) GIN indexes over ``Company.search_text``
  and ``Company.name_normalized``, which the database keeps up to date row by row: an edit costs
  nothing to the next search, in any worker.
* SQLite, the embedded default, has no such index: each process keeps one in memory
  (``name_index``), reloaded when the scope's rows change.

Both columns are folded by ``app.names`` in Python, so both engines compare the same texts.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Select, case, func, literal
from sqlalchemy.orm import Session

from app.models import Company
from app.services.companies import _names as name_index
from app.services.companies._names import ENOUGH_EXACT, FUZZY_CANDIDATES, FUZZY_CUTOFF

# Candidates of the fuzzy pass share at least this much of their trigrams with the query, as
# pg_trgm's word similarity (the query against the best-matching stretch of a name). The strict
# bound first: where many names are alike it keeps the pass to the few hundred most alike; a
# looser one only when the stricter found nothing (one word with a typo scores about 0.3-0.5).
WORD_SIMILARITY = (0.6, 0.4, 0.3)


def rank(
    session: Session,
    scoped: Select[Any],
    needle: str,
    *,
    scope_key: Any,
    parts: list[Select[Any]],
    limit: int = 1000,
) -> list[tuple[int, float]]:
    """(company id, score) best first among the companies ``scoped`` selects (already limited by
    ``authz.scope``); ``needle`` is a normalised name (``app.names.normalize_name``).

    ``scope_key`` and ``parts`` (disjoint index-friendly pieces of ``scoped``) serve the
    in-memory index of engines without trigram indexes.
    """
    if session.get_bind().dialect.name != "postgresql":
        index = name_index.index_for(session, scoped, scope_key, parts=parts)
        return index.search(needle, limit=limit)
    return _rank_on_postgresql(session, scoped, needle, limit)


def _rank_on_postgresql(
    session: Session, scoped: Select[Any], needle: str, limit: int
) -> list[tuple[int, float]]:
    name = Company.name_normalized
    inside = f"%{_escaped(needle)}%"  # patterns made here: a constant pattern is what the
    score = case(  # trigram index answers
        (name == needle, 300),
        (name.like(f"{_escaped(needle)}%", escape="/"), 250),
        (name.like(inside, escape="/"), 200),
        else_=150,
    )
    found = session.execute(
        scoped.with_only_columns(Company.id, name, score)
        .where(Company.search_text.like(inside, escape="/"))
        .order_by(score.desc(), name.collate("C"), Company.id)
        .limit(limit)
    ).all()
    scores = {row[0]: (float(row[2]), row[1]) for row in found}
    if len(needle) >= 3 and len(scores) < ENOUGH_EXACT:
        for company_id, similarity, candidate in _fuzzy(session, scoped, needle):
            scores.setdefault(company_id, (similarity, candidate))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))[:limit]
    return [(company_id, score) for company_id, (score, _name) in ranked]


def _fuzzy(session: Session, scoped: Select[Any], needle: str) -> list[tuple[int, float, str]]:
    """(id, rapidfuzz similarity, name) of the names like the needle, from the strictest
    trigram bound that finds any."""
    for threshold in WORD_SIMILARITY:
        alike = []
        for company_id, candidate in _similar_names(session, scoped, needle, threshold):
            similarity = fuzz.WRatio(needle, candidate)
            if similarity >= FUZZY_CUTOFF:
                alike.append((company_id, float(similarity), candidate))
        if alike:
            return alike
    return []


def _escaped(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _similar_names(
    session: Session, scoped: Select[Any], needle: str, threshold: float
) -> list[tuple[int, str]]:
    """The names most like the needle by trigrams (pg_trgm's ``<%`` on the GIN index)."""
    session.execute(
        func.set_config("pg_trgm.word_similarity_threshold", str(threshold), True).select()
    )
    name = Company.name_normalized
    likeness = func.word_similarity(literal(needle), name)
    stmt = (
        scoped.with_only_columns(Company.id, name)
        .where(literal(needle).op("<%")(name))
        .order_by(likeness.desc(), Company.id)
        .limit(FUZZY_CANDIDATES)
    )
    return [(row[0], row[1]) for row in session.execute(stmt)]
