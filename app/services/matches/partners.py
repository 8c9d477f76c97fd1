"""Partner suggestions for a consortium call, and asking another town to put staff in touch.

The candidates are the companies that already have the call among their stored matches (the
matcher keeps each company's best calls), best score first, across the whole network: no
scoring happens here and nothing is scanned live. Each gets a consortium role from its TOL
class (``matching.partners``). What the viewer sees of a candidate is decided by
``app.authz``: a company they may see (own town, shared with it, or any for a coordinator) comes
with its match and reasons; any other comes as its name, town and role only, and the only thing
to do with it is ``contact_owner``, which leaves a task for that town's staff. Reads never
commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.i18n import town_name
from app.models import City, Company, Task, User
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchStatus
from app.services import audit
from app.services._tx import committing
from app.services.matches._records import call_profile
from app.services.matches.reads import MatchRow, _row, fill_reasons
from matching.eligibility import call_failures
from matching.partners import ROLES, ConsortiumRule, consortium_rule, partner_role, roles_named

PER_ROLE = 5  # suggestions shown per role
POOL = 80  # best stored matches of the call read to fill the roles
MESSAGE_MAX = 2000


@dataclass(frozen=True, slots=True)
class PartnerSuggestion:
    """One suggested company. ``row`` (its match, with reasons) is set only when the viewer
    may see the company; otherwise only its id, name and town are known here."""

    role: str
    company_id: int
    name: str
    town: City
    row: MatchRow | None = None

    @property
    def full(self) -> bool:
        return self.row is not None


@dataclass(frozen=True, slots=True)
class RoleGroup:
    role: str
    named_in_call: bool  # the call's own text asks for this role
    suggestions: tuple[PartnerSuggestion, ...]


@dataclass(frozen=True, slots=True)
class CallPartners:
    """A call's partner suggestions: ``rule`` is why it is a consortium call (None: it is not,
    and there are no groups); ``open_today`` False when it can no longer be applied for."""

    call: FundingCall
    rule: ConsortiumRule | None
    open_today: bool = True
    groups: tuple[RoleGroup, ...] = field(default_factory=tuple)

    @property
    def count(self) -> int:
        return sum(len(g.suggestions) for g in self.groups)


def _call_text(call: FundingCall) -> str:
    return " ".join(filter(None, (call.title, call.summary, call.description)))


def rule_of(call: FundingCall) -> ConsortiumRule | None:
    """Whether a call is a consortium call, by ``matching.partners.consortium_rule``."""
    return consortium_rule(call.type_of_action, call.programme, _call_text(call))


def _candidates(session: Session, actor: User, call_id: int, pool: int) -> list[tuple]:
    """(company id, name, city id, industry code) of the call's best stored matches in the
    network: the name + town only clause of ``app.authz``."""
    stmt = (select(Company.id, Company.name, Company.city_id, Company.industry_code)
            .join(Match, Match.company_id == Company.id)
            .where(Match.call_id == call_id, Match.is_current.is_(True),
                   Match.status != MatchStatus.NOT_RELEVANT)
            .order_by(Match.score.desc(), Match.id).limit(pool))
    return [tuple(r) for r in session.execute(authz.scope_partner_suggestions(actor, stmt))]


def call_partners(session: Session, actor: User, call_id: int, *, today: date,
                  per_role: int = PER_ROLE, pool: int = POOL) -> CallPartners:
    """The partner suggestions of a call, grouped by role (best first in each); empty for a
    call that is not a consortium call or cannot be applied for today. Raises NotFound."""
    call = authz.get_for(session, actor, FundingCall, call_id, "call.view")
    rule = rule_of(call)
    if rule is None:
        return CallPartners(call, None)
    if call_failures(call_profile(call), today):
        return CallPartners(call, rule, open_today=False)
    picked: dict[str, list[tuple]] = {role: [] for role in ROLES}
    for cand in _candidates(session, actor, call.id, pool):
        bucket = picked[partner_role(cand[3])]
        if len(bucket) < per_role:
            bucket.append(cand)
    ids = [c[0] for bucket in picked.values() for c in bucket]
    visible = set(session.scalars(authz.scope(actor, select(Company.id)
                                              .where(Company.id.in_(ids))))) if ids else set()
    matches = {m.company_id: m for m in session.scalars(
        authz.scope(actor, select(Match), Match)
        .where(Match.call_id == call.id, Match.company_id.in_(visible))
        .options(selectinload(Match.company), selectinload(Match.call)))} if visible else {}
    fill_reasons(session, list(matches.values()), today=today)
    towns = {c.id: c for c in session.scalars(
        select(City).where(City.id.in_({c[2] for b in picked.values() for c in b})))}
    named = roles_named(_call_text(call))
    groups = []
    for role in ROLES:
        suggestions = tuple(
            PartnerSuggestion(role, cid, name, towns[city_id],
                              _row(matches[cid], today) if cid in matches else None)
            for cid, name, city_id, _code in picked[role])
        if suggestions:
            groups.append(RoleGroup(role, role in named, suggestions))
    return CallPartners(call, rule, True, tuple(groups))


def _candidate(session: Session, actor: User, call: FundingCall, company_id: int) -> Company:
    """The company if it is one of the call's suggestions (a current match of a consortium
    call); NotFound otherwise, so the contact form cannot reach any other company."""
    if rule_of(call) is None or not 0 < company_id < 2**31:
        raise NotFound()
    stmt = (select(Company).join(Match, Match.company_id == Company.id)
            .where(Match.call_id == call.id, Match.is_current.is_(True),
                   Match.status != MatchStatus.NOT_RELEVANT, Company.id == company_id))
    company = session.scalars(authz.scope_partner_suggestions(actor, stmt)).one_or_none()
    if company is None:
        raise NotFound()
    return company


def contact_target(session: Session, actor: User, call_id: int,
                   company_id: int) -> tuple[FundingCall, str, City]:
    """(call, company name, town) for the contact form: name and town only. Raises NotFound."""
    call = authz.get_for(session, actor, FundingCall, call_id, "call.view")
    authz.require(actor, "match.act")  # writers act on matches: asking for a partner is one
    company = _candidate(session, actor, call, company_id)
    return call, company.name, company.city


def contact_owner(session: Session, actor: User, call_id: int, company_id: int,
                  message: str) -> Task:
    """Ask the town that owns a suggested company to put the actor in touch about a call: a
    task on the company for its owner (or, without an active owner, for the town's staff to
    pick up), holding the message and who asks. The actor learns nothing more of the company.
    Audited in the company's town. Commits; raises FieldError, NotFound, Forbidden."""
    call, _name, _town = contact_target(session, actor, call_id, company_id)
    company = _candidate(session, actor, call, company_id)
    text = (message or "").strip()
    if not text:
        raise FieldError("message", _l("Write a message."))
    if len(text) > MESSAGE_MAX:
        raise FieldError("message", _l("At most %(n)d characters.", n=MESSAGE_MAX))
    owner = company.owner
    assignable = {u.id for u in authz.assignable_users(session, actor, company)}
    assignee = owner if owner is not None and owner.id in assignable else None
    with force_locale((assignee.language if assignee else None) or "fi"):
        asker_town = town_name(actor.city) if actor.city is not None else _("the network")
        title = _("Partner request from %(town)s: %(call)s", town=asker_town, call=call.title)
        notes = _("%(name)s (%(email)s, %(town)s) asks to be put in touch with this company "
                  "about the call %(call)s as a possible consortium partner.",
                  name=actor.name, email=actor.email, town=asker_town, call=call.title)
    asked = select(Task.id).where(Task.company_id == company.id, Task.created_by_id == actor.id,
                                  Task.title == title[:200], Task.done_at.is_(None))
    if session.scalars(asked).first() is not None:  # one open request per asker, company, call
        raise FieldError("message", _l("You have already asked about this company for this "
                                       "call; its town has your request."))
    task = Task(company=company, title=title[:200], notes=f"{notes}\n\n{text}",
                assignee=assignee, created_by=actor)
    with committing(session):
        audit.record_created(session, actor, task, entity="task", city_id=company.city_id,
                             extra={"partner_request": {"call_id": call.id,
                                                        "from_city_id": actor.city_id}})
    return task
