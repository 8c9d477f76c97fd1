"""Linking the same call reached through two sources (flush only).

The EU portal, EURA 2021 and a coordinator's manual entry can all describe one call. A new or
changed call is linked to a call of *another* source when their identifiers agree (the topic
identifier, else the call identifier), or else when their titles are nearly the same (rapidfuzz,
``TITLE_SIMILARITY``) and they share a deadline day in Helsinki. The link points at the first
call seen (``canonical_id``); chains are never built.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.funding_calls import FundingCall

TITLE_SIMILARITY = 90.0


@dataclass(frozen=True, slots=True)
class _Known:
    id: int
    source_id: int
    canonical_id: int | None
    title: str
    key: str | None
    days: frozenset[date]


def identifier_key(topic: str | None, call: str | None) -> str | None:
    """The identifier two sources would share: the topic's, else the call's, upper-cased."""
    raw = (topic or call or "").strip()
    return "".join(raw.split()).upper() or None


def deadline_days(deadlines: list[str]) -> frozenset[date]:
    return frozenset(datetime.fromisoformat(d).astimezone(clock.zone()).date() for d in deadlines)


def _normal_title(title: str) -> str:
    return " ".join(title.casefold().split())


class CallIndex:
    """The calls of every other source, indexed by identifier and by deadline day."""

    def __init__(self, rows: list[_Known]) -> None:
        self.by_key: dict[str, list[_Known]] = defaultdict(list)
        self.by_day: dict[date, list[_Known]] = defaultdict(list)
        for row in rows:
            if row.key:
                self.by_key[row.key].append(row)
            for day in row.days:
                self.by_day[day].append(row)

    @classmethod
    def load(cls, session: Session, *, excluding_source_id: int) -> CallIndex:
        stmt = select(
            FundingCall.id, FundingCall.funding_source_id, FundingCall.canonical_id,
            FundingCall.title, FundingCall.topic_identifier, FundingCall.call_identifier,
            FundingCall.deadlines,
        ).where(FundingCall.funding_source_id != excluding_source_id)
        rows = [
            _Known(
                id=r.id, source_id=r.funding_source_id, canonical_id=r.canonical_id,
                title=_normal_title(r.title),
                key=identifier_key(r.topic_identifier, r.call_identifier),
                days=deadline_days(r.deadlines or []),
            )
            for r in session.execute(stmt)
        ]
        return cls(rows)

    def match(self, call: FundingCall) -> int | None:
        """The canonical id ``call`` belongs with, or None when no other source has it."""
        key = identifier_key(call.topic_identifier, call.call_identifier)
        found = sorted(self.by_key.get(key, []), key=lambda r: r.id) if key else []
        if not found:
            title = _normal_title(call.title)
            candidates = {r.id: r for day in deadline_days(call.deadlines or [])
                          for r in self.by_day.get(day, [])}
            found = sorted(
                (r for r in candidates.values()
                 if fuzz.token_sort_ratio(title, r.title) >= TITLE_SIMILARITY),
                key=lambda r: r.id,
            )
        for row in found:
            canonical = row.canonical_id or row.id
            if canonical != call.id:
                return canonical
        return None


def link_calls(session: Session, source_id: int, calls: list[FundingCall]) -> int:
    """Link each unlinked call in ``calls`` (all of source ``source_id``, flushed) to the same
    call of another source. Returns how many were linked; flushes."""
    todo = [c for c in calls if c.canonical_id is None]
    if not todo:
        return 0
    index = CallIndex.load(session, excluding_source_id=source_id)
    linked = 0
    for call in todo:
        canonical = index.match(call)
        if canonical is not None:
            call.canonical_id = canonical
            linked += 1
    if linked:
        session.flush()
    return linked
