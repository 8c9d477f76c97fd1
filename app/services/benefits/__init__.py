"""Applications for funding and their outcomes, and the network's benefits in euros.

Public functions are use cases: each checks permission through ``app.authz``, does the work,
records the audit event and commits once. An application belongs to the applicant company's
town; partner companies of other towns see it as partners (``_rows.partner_row``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import ErrorCollector, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import Company, User
from app.models.base import utcnow
from app.models.benefits import (
    ApplicantRole,
    Application,
    FundingLevel,
    Outcome,
    application_partner,
)
from app.models.funding_calls import FundingCall
from app.models.matches import Match
from app.services import audit
from app.services._tx import committing
from app.services.benefits import _sync
from app.services.benefits._amounts import parse_amount
from app.services.benefits._dashboard import (
    MIN_COMPANIES,
    Dashboard,
    PublicFigure,
    dashboard,
    default_period,
    last_quarter,
    public_summary,
    report_csv,
    report_xlsx,
    town_choices,
)
from app.services.benefits._figures import Period
from app.services.benefits._rows import ApplicationRow, full_row, partner_row
from app.services.benefits._start import StartPage, start_page
from app.services.validation import normalise_business_id, require_text

__all__ = ["MIN_COMPANIES", "ApplicationInput", "ApplicationRow", "Dashboard", "Period",
           "PublicFigure", "Saved", "create_application", "dashboard", "default_period",
           "funding_level_of", "get_application", "last_quarter", "list_applications",
           "public_summary", "report_csv", "report_xlsx", "StartPage", "start_page",
           "town_choices", "update_application"]

_sync.install()

MAX_NOTES = 5000


@dataclass(frozen=True, slots=True)
class ApplicationInput:
    """An application as typed (amounts as text: the service reads and checks them).
    ``partners``: company ids the actor can see, or business IDs (Y-tunnus) of any town."""

    company_id: int | None = None
    call_title: str | None = None
    programme: str | None = None
    funding_level: str | None = None
    role: str = "coordinator"
    partners: tuple[str, ...] = ()
    other_partners: str | None = None
    amount_applied_eur: Any = None
    company_share_eur: Any = None
    submitted_on: date | None = None
    outcome: str = "pending"
    amount_granted_eur: Any = None
    decided_on: date | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    """A saved application and the warnings its figures earned (saved anyway)."""

    application: Application
    warnings: list[Any] = field(default_factory=list)


def funding_level_of(call: FundingCall | None) -> FundingLevel:
    """A call's source of money, guessed from its funder and programme (staff may correct it)."""
    if call is None:
        return FundingLevel.NATIONAL
    text = " ".join(filter(None, [call.funder, call.programme, call.source.kind if call.source
                                   else None])).lower()
    if any(w in text for w in ("europ", "horizon", "interreg", "eu ", "eu_", "life ", "erasmus")):
        return FundingLevel.EU
    if any(w in text for w in ("ely", "liitto", "regional", "maakun", "council of")):
        return FundingLevel.REGIONAL
    return FundingLevel.NATIONAL


def _enum(errors: ErrorCollector, cls: Any, raw: str | None, field_name: str) -> Any:
    try:
        return cls(raw)
    except ValueError:
        errors.add(field_name, _l("Choose one of the options."))
        return None


def _partners(session: Session, actor: User, raw: tuple[str, ...], applicant_id: int,
              errors: ErrorCollector) -> list[Company]:
    """Partner companies: an id must be visible to the actor (no guessing other towns' ids); a
    business ID may be any town's company (it is public and names the firm already)."""
    found: list[Company] = []
    for item in (r.strip() for r in raw if r and r.strip()):
        if item.isdigit():
            stmt = authz.scope(actor, select(Company).where(Company.id == int(item)))
        else:
            try:
                business_id = normalise_business_id(item, field="partners")
            except FieldError as exc:
                errors.extend(exc)
                return []
            stmt = select(Company).where(Company.business_id == business_id)
        company = session.scalars(stmt.where(Company.merged_into_id.is_(None))).one_or_none()
        if company is None:
            errors.add("partners", _l("No company %(id)s in Veturi.", id=item))
            return []
        if company.id != applicant_id and company not in found:
            found.append(company)
    return found


def _values(session: Session, actor: User, company: Company, data: ApplicationInput,
            call: FundingCall | None) -> tuple[dict[str, Any], list[Any]]:
    """Check every field; raise all FieldErrors together; return the columns and warnings."""
    errors = ErrorCollector()
    title = errors.check(require_text, data.call_title or (call.title[:500] if call else None),
                         "call_title", max_length=500)
    programme = errors.check(require_text, data.programme or (call.programme if call else None),
                             "programme", max_length=300, required=False)
    level = (_enum(errors, FundingLevel, data.funding_level, "funding_level")
             if data.funding_level else funding_level_of(call))
    role = _enum(errors, ApplicantRole, data.role, "role")
    outcome = _enum(errors, Outcome, data.outcome, "outcome")
    amounts = {}
    for name in ("amount_applied_eur", "company_share_eur", "amount_granted_eur"):
        amounts[name] = errors.check(parse_amount, getattr(data, name), name)
    other = errors.check(require_text, data.other_partners, "other_partners",
                         max_length=MAX_NOTES, required=False)
    notes = errors.check(require_text, data.notes, "notes", max_length=MAX_NOTES, required=False)
    partners = _partners(session, actor, data.partners, company.id, errors)
    if outcome is Outcome.AWARDED and amounts.get("amount_granted_eur") is None:
        errors.add("amount_granted_eur", _l("Enter the amount granted."))
    if outcome in (Outcome.AWARDED, Outcome.NOT_AWARDED) and data.decided_on is None:
        errors.add("decided_on", _l("Enter the date of the decision."))
    if outcome is not Outcome.AWARDED and amounts.get("amount_granted_eur"):
        errors.add("amount_granted_eur", _l("Only an awarded application has an amount "
                                            "granted."))
    if data.submitted_on and data.decided_on and data.decided_on < data.submitted_on:
        errors.add("decided_on", _l("The decision cannot come before the submission."))
    errors.raise_if_any()
    warnings = []
    applied, granted = amounts["amount_applied_eur"], amounts["amount_granted_eur"]
    if granted is not None and applied is not None and granted > applied:
        warnings.append(_l("The amount granted is larger than the amount applied. Saved as "
                           "given; check the figures."))
    share = amounts["company_share_eur"]
    if share is not None and applied is not None and share > applied:
        warnings.append(_l("The company's share is larger than the total applied. Saved as "
                           "given; check the figures."))
    values = {"call_title": title, "programme": programme or None, "funding_level": level,
              "role": role, "other_partners": other or None, "notes": notes or None,
              "submitted_on": data.submitted_on, "outcome": outcome,
              "decided_on": data.decided_on if outcome is not Outcome.PENDING else None,
              **amounts}
    return {"values": values, "partners": partners}, warnings


def _move_match(application: Application, actor: User) -> None:
    match = application.match
    if match is None:
        return
    wanted = _sync.match_status_for(application)
    if match.status is not wanted:
        match.status, match.status_changed_at, match.status_changed_by_id = (
            wanted, utcnow(), actor.id)


def _image(application: Application) -> dict[str, Any]:
    return {**audit.snapshot(application), "partner_ids": [p.id for p in application.partners]}


def create_application(session: Session, actor: User, data: ApplicationInput, *,
                       match_id: int | None = None) -> Saved:
    """Record an application: from a match (call and company taken from it, the match moves to
    applying/submitted) or standalone (funding found outside Veturi's matches). Raises NotFound,
    Forbidden, FieldError."""
    match = None
    call = None
    if match_id is not None:
        match = authz.get_owned(session, actor, Match, match_id, action="match.act")
        company, call = match.company, match.call
    else:
        if data.company_id is None:
            raise FieldError("company_id", _l("Choose the applicant company."))
        company = authz.get_company(session, actor, data.company_id)
        authz.require(actor, "match.act", company)
    checked, warnings = _values(session, actor, company, data, call)
    with committing(session):
        application = Application(company=company, match=match, call=call,
                                  created_by_id=actor.id, **checked["values"])
        application.partners = checked["partners"]
        session.add(application)
        session.flush()
        _move_match(application, actor)
        audit.record(session, actor, "application.create", entity="application",
                     entity_id=application.id, city_id=company.city_id,
                     after=_image(application))
    return Saved(application, warnings)


def _own_application(session: Session, actor: User, application_id: int) -> Application:
    row = session.get(Application, application_id) if 0 < application_id < 2**31 else None
    if row is None or not authz.can_see_company(actor, row.company):
        raise NotFound()
    return row


def update_application(session: Session, actor: User, application_id: int,
                       data: ApplicationInput) -> Saved:
    """Edit an application, including its outcome (awarded with amount and date, not awarded,
    withdrawn); its match follows. Only the applicant's towns may: a partner's town reads.
    Raises NotFound, Forbidden, FieldError."""
    application = _own_application(session, actor, application_id)
    authz.require(actor, "match.act", application.company)
    checked, warnings = _values(session, actor, application.company, data, application.call)
    before = _image(application)
    with committing(session):
        audit.assign(application, checked["values"])
        if [p.id for p in application.partners] != [p.id for p in checked["partners"]]:
            application.partners = checked["partners"]
        session.flush()
        _move_match(application, actor)
        after = _image(application)
        changes = audit.changed(before, after)
        if changes:
            audit.record(session, actor, "application.update", entity="application",
                         entity_id=application.id, city_id=application.company.city_id,
                         before={k: v[0] for k, v in changes.items()},
                         after={k: v[1] for k, v in changes.items()})
    return Saved(application, warnings)


def _visible_ids(session: Session, actor: User) -> set[int] | None:
    if authz.is_coordinator(actor):
        return None
    return set(session.scalars(authz.scope(actor, select(Company.id))))


def _row_for(application: Application, actor: User, visible: set[int] | None) -> ApplicationRow:
    if visible is None or application.company_id in visible:
        return full_row(application, visible)
    return partner_row(application, visible)


def get_application(session: Session, actor: User, application_id: int) -> ApplicationRow:
    """One application as the actor may see it (in full, or as a partner's town)."""
    row = session.get(Application, application_id) if 0 < application_id < 2**31 else None
    if row is None:
        raise NotFound()
    visible = _visible_ids(session, actor)
    partner_ids = {p.id for p in row.partners}
    if visible is not None and row.company_id not in visible and not partner_ids & visible:
        raise NotFound()
    return _row_for(row, actor, visible)


def list_applications(session: Session, actor: User, *, company_id: int | None = None,
                      outcome: str | None = None, limit: int = 500,
                      offset: int = 0) -> list[ApplicationRow]:
    """The applications the actor sees (own towns' in full, others' where a visible company is a
    partner), newest first; of one company when ``company_id`` is given."""
    stmt = select(Application).options(selectinload(Application.partners),
                                       selectinload(Application.company))
    partner_of = select(application_partner.c.application_id)
    if company_id is not None:
        authz.get_company(session, actor, company_id)
        stmt = stmt.where(or_(Application.company_id == company_id, Application.id.in_(
            partner_of.where(application_partner.c.company_id == company_id))))
    else:
        visible = authz.scope(actor, select(Company.id))
        if not authz.is_coordinator(actor):
            stmt = stmt.where(or_(Application.company_id.in_(visible), Application.id.in_(
                partner_of.where(application_partner.c.company_id.in_(visible)))))
    if outcome:
        try:
            stmt = stmt.where(Application.outcome == Outcome(outcome))
        except ValueError as exc:
            raise FieldError("outcome", _l("Choose one of the options.")) from exc
    stmt = stmt.order_by(Application.submitted_on.desc().nullsfirst(), Application.id.desc())
    rows = list(session.scalars(stmt.limit(limit).offset(offset)))
    ids = _visible_ids(session, actor)
    return [_row_for(r, actor, ids) for r in rows]
