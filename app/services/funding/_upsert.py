"""Writing one source's fetched calls into the database (flush only; ``harvest`` commits).

Idempotent by (source, source id): a call whose content hash is unchanged is not rewritten, a
changed call gets a ``FundingCallVersion`` listing what changed, and, when asked to, a call that
the source no longer lists is marked withdrawn (never deleted). Fields that staff edited by hand
(``staff_fields``) are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.funding import FundingSource, HarvestRun
from app.models.funding_calls import CallStatus, FundingCall, FundingCallVersion
from app.services.funding import _link as harvest_link
from app.services.funding._records import (
    FIELDS,
    changes,
    column_values,
    content_hash,
    next_deadline,
    plain_values,
    row_values,
    search_text,
    source_key,
)
from connectors.records import FundingCall as CallRecord

CHUNK = 500


@dataclass(slots=True)
class Counts:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    linked: int = 0


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _load(session: Session, ids: Iterable[int]) -> list[FundingCall]:
    rows: list[FundingCall] = []
    for chunk in _chunks(sorted(ids)):
        rows.extend(session.scalars(select(FundingCall).where(FundingCall.id.in_(chunk))))
    return rows


def new_call(
    source: FundingSource, key: str, values: dict[str, Any], digest: str, now: datetime
) -> FundingCall:
    """A call row for a record seen for the first time."""
    return FundingCall(
        funding_source_id=source.id, source_id=key, content_hash=digest, version=1,
        next_deadline_at=next_deadline(values["deadlines"], now), search_text=search_text(values),
        first_seen_at=now, last_seen_at=now, staff_fields=[], **values,
    )


def update_call(
    session: Session,
    call: FundingCall,
    values: dict[str, Any],
    *,
    now: datetime,
    run: HarvestRun | None = None,
    actor_id: int | None = None,
    digest: str | None = None,
    keep: Iterable[str] = (),
) -> dict[str, dict[str, Any]]:
    """Set the changed fields of ``call`` and record them as a new version; return the changes.

    Fields in ``keep`` are left alone. Writes nothing when nothing differs. Flushes nothing.
    """
    fields = tuple(f for f in FIELDS if f in values and f not in set(keep))
    diff = changes(row_values(call, fields), plain_values(values, fields))
    if digest is not None:
        call.content_hash = digest
    if not diff:
        return diff
    for field in diff:
        setattr(call, field, values[field])
    call.version += 1
    call.next_deadline_at = next_deadline(call.deadlines or [], now)
    call.search_text = search_text({f: getattr(call, f) for f in FIELDS})
    if call.status is not CallStatus.WITHDRAWN:
        call.withdrawn_at = None
    session.add(FundingCallVersion(
        call=call, version=call.version, changed_at=now, changes=diff,
        harvest_run_id=run.id if run is not None else None, changed_by_id=actor_id,
    ))
    return diff


def apply_fetch(
    session: Session,
    source: FundingSource,
    run: HarvestRun | None,
    records: Iterable[CallRecord],
    *,
    now: datetime,
    withdraw_missing: bool,
    actor_id: int | None = None,
) -> Counts:
    """Upsert the records of one fetch of ``source`` (or of an upload, ``run`` None and the
    uploader's ``actor_id``); flush. Returns what happened."""
    counts = Counts()
    known = {
        r.source_id: r
        for r in session.execute(
            select(FundingCall.source_id, FundingCall.id, FundingCall.content_hash,
                   FundingCall.status, FundingCall.next_deadline_at, FundingCall.deadlines)
            .where(FundingCall.funding_source_id == source.id)
        )
    }
    seen: set[str] = set()
    fresh: list[FundingCall] = []
    changed: dict[int, tuple[dict[str, Any], str]] = {}
    stale_deadline: list[int] = []
    for record in records:
        key = source_key(record)
        if key in seen:
            continue
        seen.add(key)
        counts.fetched += 1
        values = column_values(record)
        digest = content_hash(values)
        row = known.get(key)
        if row is None:
            fresh.append(new_call(source, key, values, digest, now))
        elif row.content_hash != digest or row.status is CallStatus.WITHDRAWN:
            changed[row.id] = (values, digest)
        else:
            counts.unchanged += 1
            if next_deadline(row.deadlines or [], now) != row.next_deadline_at:
                stale_deadline.append(row.id)  # a deadline passed: point at the next one
    touched: list[FundingCall] = []
    for call in _load(session, changed):
        values, digest = changed[call.id]
        if update_call(session, call, values, now=now, run=run, digest=digest,
                       actor_id=actor_id, keep=call.staff_fields or ()):
            counts.updated += 1
            call.last_seen_at = now
            touched.append(call)
        else:
            counts.unchanged += 1
    for call in _load(session, stale_deadline):
        call.next_deadline_at = next_deadline(call.deadlines or [], now)
    if fresh:
        session.add_all(fresh)
        counts.created = len(fresh)
    if withdraw_missing:
        gone = [r.id for key, r in known.items()
                if key not in seen and r.status is not CallStatus.WITHDRAWN]
        for call in _load(session, gone):
            update_call(session, call, {"status": CallStatus.WITHDRAWN}, now=now, run=run)
            call.withdrawn_at = now
            counts.withdrawn += 1
    session.flush()
    counts.linked = harvest_link.link_calls(session, source.id, fresh + touched)
    return counts
