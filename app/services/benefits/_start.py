"""Each user's start page: what to do today, and what changed since the last visit. Reads only;
every query goes through ``authz.scope``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz, clock
from app.errors import NotFound
from app.models import City, Company, Interaction, Task, User, UserSession
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchStatus
from app.services import pipeline
from app.services.pipeline import StalledCompany

LIMIT = 20
DEADLINE_DAYS = 30
PREPARING = (MatchStatus.PROPOSED, MatchStatus.APPLYING)


@dataclass(frozen=True, slots=True)
class StartPage:
    """``city_id``/``town_name``: a coordinator's chosen town (None: the whole network).
    ``since``: the start of the user's previous session, the "last visit"."""

    city_id: int | None
    town_name: str | None
    since: datetime
    overdue: list[Task]
    this_week: list[Task]
    new_matches: list[Match]
    deadlines: list[Match]
    activity: list[Interaction]
    stalled: list[StalledCompany]  # owned companies with no contact within the stage's limit


def _last_visit(session: Session, actor: User, now: datetime) -> datetime:
    starts = list(session.scalars(select(UserSession.created_at).where(
        UserSession.user_id == actor.id).order_by(UserSession.created_at.desc()).limit(2)))
    return starts[1] if len(starts) > 1 else now - timedelta(days=7)


def _town(stmt: Any, city_id: int | None) -> Any:
    return stmt if city_id is None else stmt.where(Company.city_id == city_id)


def _mine(actor: User, coordinator_view: bool, column: Any) -> Any:
    """A staff member's own rows; a coordinator looks at the chosen town or the network."""
    return None if coordinator_view else column == actor.id


def start_page(session: Session, actor: User, *, today: date, now: datetime | None = None,
               city_id: int | None = None) -> StartPage:
    """The start page's lists for the actor (a coordinator: for the network or one town)."""
    authz.require(actor, "company.view")
    now = now or clock.utcnow()
    network = authz.is_coordinator(actor)
    town = None
    if city_id is not None:
        town = session.get(City, city_id) if network and 0 < city_id < 2**31 else None
        if town is None:
            raise NotFound()
    week_end = today + timedelta(days=6)
    tasks = _town(authz.scope(actor, select(Task), Task)
                  .join(Company, Company.id == Task.company_id)
                  .where(Task.done_at.is_(None), Task.due_on.is_not(None), Task.due_on <= week_end)
                  .options(selectinload(Task.company)), city_id)
    mine = _mine(actor, network, Task.assignee_id)
    if mine is not None:
        tasks = tasks.where(mine)
    tasks = list(session.scalars(tasks.order_by(Task.due_on, Task.id).limit(LIMIT * 2)))
    since = _last_visit(session, actor, now)
    owned = _mine(actor, network, Company.owner_id)
    matches = _town(authz.scope(actor, select(Match), Match)
                    .join(Company, Company.id == Match.company_id)
                    .where(Match.status == MatchStatus.NEW, Match.is_current,
                           Match.computed_at >= since)
                    .options(selectinload(Match.company), selectinload(Match.call)), city_id)
    deadline_until = datetime.combine(today + timedelta(days=DEADLINE_DAYS), time.max, UTC)
    deadlines = _town(authz.scope(actor, select(Match), Match)
                      .join(Company, Company.id == Match.company_id)
                      .join(FundingCall, FundingCall.id == Match.call_id)
                      .where(Match.status.in_(PREPARING),
                             FundingCall.next_deadline_at >= datetime.combine(today, time.min, UTC),
                             FundingCall.next_deadline_at <= deadline_until)
                      .options(selectinload(Match.company), selectinload(Match.call)), city_id)
    if owned is not None:
        matches, deadlines = matches.where(owned), deadlines.where(owned)
    activity = _town(authz.scope(actor, select(Interaction), Interaction)
                     .join(Company, Company.id == Interaction.company_id)
                     .options(selectinload(Interaction.company),
                              selectinload(Interaction.created_by)), city_id)
    if not network:  # the town's own activity, not that of companies shared with it
        activity = activity.where(Company.city_id.in_(authz.city_scope_ids(actor) or set()))
    stalled = pipeline.stalled_companies(session, actor, today, city_id=city_id,
                                         owner_id=None if network else actor.id)[:LIMIT]
    return StartPage(
        city_id=city_id, town_name=town.name_fi if town else None, since=since, stalled=stalled,
        overdue=[t for t in tasks if t.due_on < today][:LIMIT],
        this_week=[t for t in tasks if t.due_on >= today][:LIMIT],
        new_matches=list(session.scalars(matches.order_by(Match.score.desc()).limit(LIMIT))),
        deadlines=list(session.scalars(deadlines.order_by(FundingCall.next_deadline_at)
                                       .limit(LIMIT))),
        activity=list(session.scalars(activity.order_by(Interaction.occurred_on.desc(),
                                                        Interaction.id.desc()).limit(LIMIT))))
