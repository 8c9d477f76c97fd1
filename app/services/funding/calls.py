"""Funding calls for people: the searchable list, a call's page, its deadlines as a calendar,
and the coordinator's manual calls (typed in, or completing an announcement from a feed).

Calls are network-wide: every signed-in role reads them (``call.view``); only the coordinator
changes them (``call.edit``). A change made by hand is versioned like a harvested one, and the
fields it touched on a harvested call are kept from then on (``staff_fields``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, case, cast, false, func, or_, select
from sqlalchemy.orm import Session

from app import authz, clock
from app.clock import utcnow
from app.i18n import gettext as _
from app.ics import IcsEvent, calendar_bytes
from app.models import User
from app.models.funding import MANUAL_KIND, FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall, FundingCallVersion
from app.services import _rematch, audit
from app.services._page import Page
from app.services._tx import committing
from app.services.funding import _link as harvest_link
from app.services.funding import _upsert as harvest_upsert
from app.services.funding._records import FIELDS, content_hash
from app.services.funding.inputs import CallInput, clean_call, new_call_values

MANUAL_SOURCE = "manual"


@dataclass(frozen=True, slots=True)
class CallFilters:
    """What the calls list is narrowed by; empty values do not filter.

    ``deadline_from``/``deadline_to`` are Helsinki days and apply to the next deadline.
    ``applicant_type`` keeps calls open to that type *and* calls that do not say.
    """

    text: str = ""
    programme: str = ""
    status: str = ""
    kind: str = ""
    deadline_from: date | None = None
    deadline_to: date | None = None
    applicant_type: str = ""


@dataclass(frozen=True, slots=True)
class CallDetail:
    """A call's page: the call, its history, the same call elsewhere, and when last seen."""

    call: FundingCall
    source: FundingSource
    deadlines: list[datetime]
    versions: list[FundingCallVersion]
    same_call: list[FundingCall]
    last_seen_at: datetime | None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.zone())


def _filtered(stmt: Any, filters: CallFilters) -> Any:
    if filters.text.strip():
        for word in filters.text.casefold().split()[:8]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(FundingCall.search_text.like(f"%{escaped}%", escape="\\"))
    if filters.programme:
        stmt = stmt.where(FundingCall.programme == filters.programme)
    if filters.status:
        try:
            stmt = stmt.where(FundingCall.status == CallStatus(filters.status))
        except ValueError:
            stmt = stmt.where(false())
    else:  # withdrawn calls only when asked for
        stmt = stmt.where(FundingCall.status.is_distinct_from(CallStatus.WITHDRAWN))
    if filters.kind:
        try:
            stmt = stmt.where(FundingCall.kind == CallKind(filters.kind))
        except ValueError:
            stmt = stmt.where(false())
    if filters.deadline_from:
        stmt = stmt.where(FundingCall.next_deadline_at >= _day_start(filters.deadline_from))
    if filters.deadline_to:
        end = _day_start(filters.deadline_to + timedelta(days=1))
        stmt = stmt.where(FundingCall.next_deadline_at < end)
    if filters.applicant_type:
        as_text = cast(FundingCall.applicant_types, String)
        stmt = stmt.where(or_(
            FundingCall.applicant_types.is_(None),
            as_text == "[]",
            as_text.like(f'%"{filters.applicant_type.replace("%", "")}"%'),
        ))
    return stmt


def list_calls(
    session: Session, actor: User, filters: CallFilters = CallFilters(), *,
    page: int = 1, per_page: int = 25, now: datetime | None = None,
) -> Page[FundingCall]:
    """One page of calls, next deadline first (continuous and unknown next, past ones last).
    A call linked to one from another source is listed once, under the first seen."""
    authz.require(actor, "call.view")
    now = now or utcnow()
    base = _filtered(select(FundingCall).where(FundingCall.canonical_id.is_(None)), filters)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    order = case(
        (FundingCall.next_deadline_at >= now, 0),
        (FundingCall.next_deadline_at.is_(None), 1),
        else_=2,
    )
    stmt = base.order_by(order, FundingCall.next_deadline_at, FundingCall.id)
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


def programmes(session: Session) -> list[str]:
    """Every programme named by a stored call, for the list's filter."""
    stmt = select(FundingCall.programme).where(FundingCall.programme.is_not(None)).distinct()
    return sorted(p for p in session.scalars(stmt) if p)


def get_call(session: Session, actor: User, call_id: int) -> FundingCall:
    return authz.get_for(session, actor, FundingCall, call_id, "call.view")


def call_detail(session: Session, actor: User, call_id: int) -> CallDetail:
    """Everything the call page shows. Raises NotFound."""
    call = get_call(session, actor, call_id)
    canonical = call.canonical or call
    same = [c for c in [canonical, *canonical.duplicates] if c.id != call.id]
    source = call.source
    seen = call.last_seen_at
    if call.status is not CallStatus.WITHDRAWN and source.last_success_at and not source.is_manual:
        seen = max(seen, source.last_success_at)
    return CallDetail(call, source, call.deadline_datetimes, list(call.versions), same, seen)


def call_calendar(session: Session, actor: User, call_id: int) -> bytes:
    """The call's deadlines as an iCalendar file (a reminder a week before each)."""
    call = get_call(session, actor, call_id)
    events = [
        IcsEvent(
            uid=f"veturi-call-{call.id}-deadline-{n}@veturi",
            summary=_("Deadline: %(title)s", title=call.title),
            start=deadline.astimezone(UTC),  # a stored offset is no zone a calendar knows
            description="\n".join(p for p in (call.programme, call.funder, call.url) if p),
            url=call.url,
            remind_before=timedelta(days=7),
        )
        for n, deadline in enumerate(call.deadline_datetimes, start=1)
    ]
    return calendar_bytes(events, name=call.title[:60])


def find_manual_source(session: Session, *, create: bool = False) -> FundingSource | None:
    """The source that typed-in and uploaded calls belong to (flush only; created on demand)."""
    source = session.scalars(select(FundingSource).where(
        FundingSource.kind == MANUAL_KIND, FundingSource.name == MANUAL_SOURCE)).first()
    if source is None and create:
        source = FundingSource(name=MANUAL_SOURCE, kind=MANUAL_KIND, url=None, enabled=True)
        session.add(source)
        session.flush()
    return source


def add_manual_call(
    session: Session, values: dict[str, Any], *, now: datetime, source_id: str | None = None
) -> FundingCall:
    """Flush-only: store cleaned values as a call of the manual source (CSV import shares it)."""
    source = find_manual_source(session, create=True)
    assert source is not None
    key = source_id or f"manual-{uuid.uuid4().hex[:12]}"
    call = harvest_upsert.new_call(source, key, values, content_hash(values), now)
    session.add(call)
    session.flush()
    harvest_link.link_calls(session, source.id, [call])
    return call


def check_call(actor: User, data: CallInput) -> None:
    """Raise every FieldError saving a call from this input would raise; writes nothing."""
    authz.require(actor, "call.edit")
    clean_call(data)


def create_call(
    session: Session, actor: User, data: CallInput, *, now: datetime | None = None
) -> FundingCall:
    """Type in a call that no source publishes (a funder with no feed). Audited; commits; the
    call is matched right after (a follow-up of the commit).
    Raises FieldError, Forbidden."""
    authz.require(actor, "call.edit")
    values = new_call_values(data)
    with committing(session):
        call = add_manual_call(session, values, now=now or utcnow())
        audit.record(session, actor, "funding_call.create", entity="funding_call",
                     entity_id=call.id, city_id=None, after={"title": call.title})
        _rematch.calls_changed(session, [call.id])
    return call


def update_call(
    session: Session, actor: User, call_id: int, data: CallInput, *, now: datetime | None = None
) -> FundingCall:
    """Change a call by hand (complete an announcement, correct a deadline). The change is a
    new version; on a harvested call the fields it touched are kept from the next harvests.
    Audited; commits; the companies it may concern are rematched right after. Raises NotFound,
    Forbidden, FieldError."""
    call = get_call(session, actor, call_id)
    authz.require(actor, "call.edit", call)
    values = clean_call(data)
    with committing(session):
        diff = harvest_upsert.update_call(session, call, values, now=now or utcnow(),
                                          actor_id=actor.id)
        if not diff:
            return call
        if not call.source.is_manual:
            call.staff_fields = sorted(set(call.staff_fields or []) | set(diff))
        else:
            call.content_hash = content_hash({f: getattr(call, f) for f in FIELDS})
        audit.record(session, actor, "funding_call.update", entity="funding_call",
                     entity_id=call.id, city_id=None,
                     before={k: v["before"] for k, v in diff.items()},
                     after={k: v["after"] for k, v in diff.items()})
        _rematch.calls_changed(session, [call.id])
    return call
