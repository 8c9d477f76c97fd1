"""The network's operating model: who chairs (the rotation), the long-term goals (the
strategy's and each town's), the meeting cycle, and the meetings with their decisions, whose
follow-up stays on the network page until done.

Everyone signed in reads it (it is the network's shared page, not a town's CRM data); the
coordinator keeps the meetings, the rotation and the network's goals; a town's admins keep their
town's goals and the follow-up of the decisions their town owns. Every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz, clock
from app.errors import FieldError, Forbidden, NotFound
from app.i18n import lazy_gettext as _l
from app.models import City, Role, User
from app.models.directory import RdiPerson
from app.models.network import ChairTerm, Decision, Meeting, NetworkGoal, NetworkNote
from app.services import audit, directory
from app.services._tx import committing
from app.services.validation import require_text

STRATEGY_YEAR = 2027
CYCLE_KEY = "meeting_cycle"
_MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class MeetingInput:
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str = ""
    agenda: str = ""
    participants: str = ""
    minutes: str = ""


@dataclass(frozen=True, slots=True)
class DecisionInput:
    text: str
    owner_city_id: int | None
    owner_name: str = ""
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    chair: ChairTerm | None
    rotation: list[ChairTerm]
    towns: list[City]
    coordinators: list[User]
    town_admins: dict[int, list[User]]
    rdi_people: list[RdiPerson]
    network_goals: list[NetworkGoal]
    town_goals: list[NetworkGoal]
    meeting_cycle: str
    upcoming: list[Meeting]
    recent: list[Meeting]
    open_decisions: list[Decision]


def _view(actor: User) -> None:
    authz.require(actor, "network.view")


def overview(session: Session, actor: User, today: date | None = None) -> Overview:
    """Everything the network page shows, in a handful of queries."""
    _view(actor)
    today = today or clock.today()
    now = clock.utcnow()
    rotation = list(session.scalars(select(ChairTerm).options(selectinload(ChairTerm.city))
                                    .order_by(ChairTerm.starts_on.desc())))
    chair = next((t for t in rotation
                  if t.starts_on <= today and (t.ends_on is None or t.ends_on >= today)), None)
    towns = list(session.scalars(select(City).where(City.member_until.is_(None))
                                 .order_by(City.name_fi)))
    people = list(session.scalars(
        select(User).where(User.is_active_account.is_(True),
                           User.role.in_([Role.COORDINATOR, Role.CITY_ADMIN]))
        .order_by(User.name)))
    admins: dict[int, list[User]] = {}
    for user in people:
        if user.role is Role.CITY_ADMIN and user.city_id is not None:
            admins.setdefault(user.city_id, []).append(user)
    goals = list(session.scalars(select(NetworkGoal).options(selectinload(NetworkGoal.city))
                                 .order_by(NetworkGoal.target_year, NetworkGoal.id)))
    note = session.get(NetworkNote, CYCLE_KEY)
    meetings = select(Meeting).options(selectinload(Meeting.decisions))
    upcoming = list(session.scalars(meetings.where(Meeting.ends_at >= now)
                                    .order_by(Meeting.starts_at).limit(5)))
    recent = list(session.scalars(meetings.where(Meeting.ends_at < now)
                                  .order_by(Meeting.starts_at.desc()).limit(5)))
    open_decisions = list(session.scalars(
        select(Decision).options(selectinload(Decision.meeting), selectinload(Decision.owner_city))
        .where(Decision.done_on.is_(None))
        .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)))
    return Overview(
        chair=chair, rotation=rotation, towns=towns,
        coordinators=[u for u in people if u.role is Role.COORDINATOR], town_admins=admins,
        rdi_people=directory.list_people(session, actor),
        network_goals=[g for g in goals if g.city_id is None],
        town_goals=[g for g in goals if g.city_id is not None],
        meeting_cycle=note.text if note else "", upcoming=upcoming, recent=recent,
        open_decisions=open_decisions,
    )


def search_meetings(session: Session, actor: User, q: str = "", *, limit: int = 50
                    ) -> list[Meeting]:
    """Past meetings, newest first; with ``q``, those whose title, agenda, participants,
    minutes or decisions contain every word of it (case-insensitive)."""
    _view(actor)
    stmt = (select(Meeting).options(selectinload(Meeting.decisions))
            .where(Meeting.ends_at < clock.utcnow()))
    for word in (q or "").lower().split()[:8]:
        pattern = f"%{word[:100]}%"
        in_decisions = select(Decision.meeting_id).where(func.lower(Decision.text).like(pattern))
        stmt = stmt.where(or_(
            func.lower(Meeting.title).like(pattern), func.lower(Meeting.agenda).like(pattern),
            func.lower(Meeting.participants).like(pattern),
            func.lower(Meeting.minutes).like(pattern), Meeting.id.in_(in_decisions)))
    return list(session.scalars(stmt.order_by(Meeting.starts_at.desc()).limit(limit)))


def get_meeting(session: Session, actor: User, meeting_id: int) -> Meeting:
    _view(actor)
    meeting = session.get(Meeting, meeting_id) if 0 < meeting_id <= _MAX_ID else None
    if meeting is None:
        raise NotFound()
    return meeting


def _meeting_values(data: MeetingInput) -> dict:
    errors = []
    values: dict = {}
    for field, max_length, required in (("title", 200, True), ("place", 200, False),
                                        ("agenda", 20000, False), ("participants", 5000, False),
                                        ("minutes", 50000, False)):
        try:
            values[field] = require_text(getattr(data, field), field, max_length=max_length,
                                         required=required, multiline=max_length > 200)
        except FieldError as exc:
            errors.append(exc)
    if data.starts_at is None:
        errors.append(FieldError("starts_at", _l("Give the start time.")))
    elif data.ends_at is not None and data.ends_at < data.starts_at:
        errors.append(FieldError("ends_at", _l("The meeting cannot end before it starts.")))
    if errors:
        from app.errors import ValidationErrors

        raise ValidationErrors(errors)
    values["starts_at"] = data.starts_at
    values["ends_at"] = data.ends_at or data.starts_at + timedelta(hours=2)
    return values


def create_meeting(session: Session, actor: User, data: MeetingInput) -> Meeting:
    authz.require(actor, "network.edit")
    meeting = Meeting(**_meeting_values(data))
    with committing(session):
        audit.record_created(session, actor, meeting, entity="meeting", city_id=None)
    return meeting


def update_meeting(session: Session, actor: User, meeting_id: int, data: MeetingInput
                   ) -> Meeting:
    authz.require(actor, "network.edit")
    meeting = get_meeting(session, actor, meeting_id)
    values = _meeting_values(data)
    before = audit.snapshot(meeting)
    with committing(session):
        audit.assign(meeting, values)
        audit.record_changes(session, actor, meeting, before, entity="meeting", city_id=None)
    return meeting


def _member_town(session: Session, city_id: int | None) -> City | None:
    if city_id is None:
        return None
    city = session.get(City, city_id) if 0 < city_id <= _MAX_ID else None
    if city is None or not city.is_member:
        raise FieldError("owner_city_id", _l("Choose a member town."))
    return city


def add_decision(session: Session, actor: User, meeting_id: int, data: DecisionInput
                 ) -> Decision:
    """A decision of a meeting with its owner (a town, a person or both) and due date."""
    authz.require(actor, "network.edit")
    meeting = get_meeting(session, actor, meeting_id)
    text = require_text(data.text, "text", max_length=2000, multiline=True)
    owner_name = require_text(data.owner_name, "owner_name", max_length=200, required=False)
    city = _member_town(session, data.owner_city_id)
    if city is None and not owner_name:
        raise FieldError("owner_city_id", _l("Name the owner: a town, a person or both."))
    decision = Decision(meeting=meeting, text=text, owner_city_id=city.id if city else None,
                        owner_name=owner_name, due_on=data.due_on)
    with committing(session):
        audit.record_created(session, actor, decision, entity="decision",
                             city_id=decision.owner_city_id)
    return decision


def can_follow_up(actor: User, decision: Decision) -> bool:
    if authz.is_coordinator(actor):
        return True
    return decision.owner_city is not None and authz.can(actor, "network.town_edit",
                                                         decision.owner_city)


def update_follow_up(session: Session, actor: User, decision_id: int, follow_up: str,
                     done: bool, today: date | None = None) -> Decision:
    """Record how a decision is being carried out; ``done`` takes it off the open list."""
    _view(actor)
    decision = session.get(Decision, decision_id) if 0 < decision_id <= _MAX_ID else None
    if decision is None:
        raise NotFound()
    if not can_follow_up(actor, decision):
        raise Forbidden()
    text = require_text(follow_up, "follow_up", max_length=5000, required=False, multiline=True)
    before = audit.snapshot(decision)
    with committing(session):
        audit.assign(decision, {"follow_up": text,
                                "done_on": (decision.done_on or today or clock.today())
                                if done else None})
        audit.record_changes(session, actor, decision, before, entity="decision",
                             city_id=decision.owner_city_id)
    return decision


def set_chair(session: Session, actor: User, city_id: int | None, starts_on: date | None
              ) -> ChairTerm:
    """A new chair term from ``starts_on``; the term before it ends the day before."""
    authz.require(actor, "network.edit")
    city = _member_town(session, city_id)
    if city is None:
        raise FieldError("city_id", _l("Choose a member town."))
    if starts_on is None:
        raise FieldError("starts_on", _l("Give the start date."))
    previous = session.scalars(select(ChairTerm).where(ChairTerm.starts_on < starts_on)
                               .order_by(ChairTerm.starts_on.desc())).first()
    if session.scalars(select(ChairTerm.id).where(ChairTerm.starts_on >= starts_on)).first():
        raise FieldError("starts_on", _l("A later term is already recorded."))
    term = ChairTerm(city_id=city.id, starts_on=starts_on)
    with committing(session):
        if previous is not None and (previous.ends_on is None or previous.ends_on >= starts_on):
            previous.ends_on = starts_on - timedelta(days=1)
        audit.record_created(session, actor, term, entity="chair_term", city_id=city.id)
    return term


def add_goal(session: Session, actor: User, city_id: int | None, title: str, description: str,
             target_year: int | None) -> NetworkGoal:
    """A long-term goal of the network (coordinator) or of a town (its admins)."""
    if city_id is None:
        authz.require(actor, "network.edit")
        city = None
    else:
        city = _member_town(session, city_id)
        authz.require(actor, "network.town_edit", city)
    title = require_text(title, "title", max_length=300)
    description = require_text(description, "description", max_length=4000, required=False,
                               multiline=True)
    if target_year is None or not 2000 <= target_year <= 2100:
        raise FieldError("target_year", _l("Give a year between 2000 and 2100."))
    goal = NetworkGoal(city_id=city.id if city else None, title=title,
                       description=description, target_year=target_year)
    with committing(session):
        audit.record_created(session, actor, goal, entity="network_goal",
                             city_id=goal.city_id)
    return goal


def set_meeting_cycle(session: Session, actor: User, text: str) -> None:
    authz.require(actor, "network.edit")
    text = require_text(text, "text", max_length=2000, required=False, multiline=True)
    note = session.get(NetworkNote, CYCLE_KEY)
    with committing(session):
        if note is None:
            session.add(NetworkNote(key=CYCLE_KEY, text=text))
        else:
            note.text = text
        audit.record(session, actor, "network.meeting_cycle", entity="network_note",
                     entity_id=None, city_id=None, after={"text": text})
