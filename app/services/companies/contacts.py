"""Use cases of the people at companies. They are personal data under the GDPR: a person's data
can be exported, consent to marketing is recorded with its date, and erasure anonymises the person
everywhere (also in the audit trail and in summaries that name them) while the interactions and
their counts stay."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.clock import utcnow
from app.errors import ErrorCollector, NotFound
from app.i18n import lazy_gettext as _l
from app.models import AuditEvent, Company, Contact, Interaction, User
from app.models.engagement import interaction_contact
from app.services import audit
from app.services._tx import committing
from app.services.inputs import ContactInput
from app.services.validation import require_text

ERASED_NAME = ("Poistettu", "henkilö")
ERASED_MARK = "[poistettu]"
PERSONAL_FIELDS = ("first_name", "last_name", "title", "email", "phone")
STALE_MONTHS = 36


def _clean(data: ContactInput) -> dict[str, Any]:
    """The person's column values, or every FieldError of the input at once."""
    errors = ErrorCollector()
    values: dict[str, Any] = {
        "first_name": errors.check(require_text, data.first_name, "first_name", max_length=100),
        "last_name": errors.check(require_text, data.last_name, "last_name", max_length=100),
        "title": errors.check(require_text, data.title, "title", max_length=200, required=False)
        or None,
        "email": (
            errors.check(require_text, data.email, "email", max_length=320, required=False) or ""
        ).lower()
        or None,
        "phone": errors.check(require_text, data.phone, "phone", max_length=50, required=False)
        or None,
    }
    if values["email"] and ("@" not in values["email"] or " " in values["email"]):
        errors.add("email", _l("Enter a valid e-mail address."))
    errors.raise_if_any()
    return values


def check_contact(data: ContactInput) -> None:
    """Raise every FieldError saving this person would raise; writes nothing (for forms)."""
    _clean(data)


def _consent(contact: Contact, wanted: bool, now: datetime) -> None:
    if wanted and not contact.has_marketing_consent:
        contact.has_marketing_consent, contact.marketing_consent_at = True, now
    elif not wanted and contact.has_marketing_consent:
        contact.has_marketing_consent, contact.marketing_consent_at = False, now


def _get(session: Session, actor: User, contact_id: int, action: str | None = None) -> Contact:
    contact = authz.get_owned(session, actor, Contact, contact_id, action=action)
    if contact.erased_at is not None and action is not None:
        raise NotFound()
    return contact


def create_contact(session: Session, actor: User, company_id: int, data: ContactInput) -> Contact:
    """Add a person to a company. Commits; raises FieldError, NotFound, Forbidden."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "contact.edit", company)
    values = _clean(data)
    contact = Contact(company=company, **values)
    _consent(contact, data.has_marketing_consent, utcnow())
    with committing(session):
        audit.record_created(session, actor, contact, entity="contact", city_id=company.city_id)
    return contact


def update_contact(session: Session, actor: User, contact_id: int, data: ContactInput) -> Contact:
    """Change a person's details or marketing consent (dated). Commits with an audit event."""
    contact = _get(session, actor, contact_id, "contact.edit")
    values = _clean(data)
    before = audit.snapshot(contact)
    for key, value in values.items():
        setattr(contact, key, value)
    _consent(contact, data.has_marketing_consent, utcnow())
    consent_only = set(audit.changed(before, audit.snapshot(contact))) <= {
        "has_marketing_consent",
        "marketing_consent_at",
    }
    with committing(session):
        audit.record_changes(
            session,
            actor,
            contact,
            before,
            entity="contact",
            city_id=contact.company.city_id,
            action="contact.consent" if consent_only else "contact.update",
        )
    return contact


def export_contact(session: Session, actor: User, contact_id: int) -> dict[str, Any]:
    """Everything Veturi holds about a person, as JSON-ready data (a GDPR access request).

    The export itself is audited (who exported whose data, when). Commits that event.
    """
    contact = _get(session, actor, contact_id, "contact.edit")
    interactions = list(
        session.scalars(
            select(Interaction)
            .join(interaction_contact)
            .where(interaction_contact.c.contact_id == contact.id)
            .order_by(Interaction.occurred_on)
        )
    )
    data = {
        "person": {k: v for k, v in audit.snapshot(contact).items() if k != "company_id"},
        "company": {
            "id": contact.company.id,
            "name": contact.company.name,
            "business_id": contact.company.business_id,
        },
        "interactions": [
            {
                "date": i.occurred_on.isoformat(),
                "kind": i.kind.value,
                "summary": i.summary,
                "topics": i.topics,
            }
            for i in interactions
        ],
        "exported_at": utcnow().isoformat(),
        "controller": contact.company.city.name_fi,
    }
    with committing(session):
        audit.record(
            session,
            actor,
            "contact.export",
            entity="contact",
            entity_id=contact.id,
            city_id=contact.company.city_id,
            after={"interactions": len(interactions)},
        )
    return data


def _scrub(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: (ERASED_MARK if k in PERSONAL_FIELDS and v else v) for k, v in value.items()}


def erase_contact(session: Session, actor: User, contact_id: int) -> Contact:
    """Anonymise a person everywhere; their interactions (and so the counts) stay. Commits.

    The person's name is blanked, contact details removed, the audit trail's images of them
    scrubbed and their full name replaced in the summaries of the company's interactions.
    """
    contact = _get(session, actor, contact_id, "contact.erase")
    full_name = contact.full_name
    count = (
        session.scalar(
            select(func.count())
            .select_from(interaction_contact)
            .where(interaction_contact.c.contact_id == contact.id)
        )
        or 0
    )
    with committing(session):
        if len(full_name) >= 5:
            for interaction in session.scalars(
                select(Interaction).where(
                    Interaction.company_id == contact.company_id,
                    Interaction.summary.contains(full_name),
                )
            ):
                interaction.summary = interaction.summary.replace(full_name, ERASED_MARK)
        for event in session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "contact", AuditEvent.entity_id == contact.id
            )
        ):
            event.before, event.after = _scrub(event.before), _scrub(event.after)
        contact.first_name, contact.last_name = ERASED_NAME
        contact.title = contact.email = contact.phone = None
        contact.has_marketing_consent = False
        contact.marketing_consent_at = None
        contact.erased_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor,
            "contact.erase",
            entity="contact",
            entity_id=contact.id,
            city_id=contact.company.city_id,
            after={"interactions_kept": count},
        )
    return contact


def stale_contacts(
    session: Session, actor: User, *, today: date, months: int = STALE_MONTHS, limit: int = 1000
) -> list[tuple[Contact, date | None]]:
    """People with no interaction for ``months`` (and known that long), for review and erasure.

    Returns each with the date of their last interaction (None when they never had one).
    """
    cutoff = today - timedelta(days=round(months * 30.44))
    last = (
        select(func.max(Interaction.occurred_on))
        .join(interaction_contact, interaction_contact.c.interaction_id == Interaction.id)
        .where(interaction_contact.c.contact_id == Contact.id)
        .scalar_subquery()
    )
    recent = exists().where(
        interaction_contact.c.contact_id == Contact.id,
        interaction_contact.c.interaction_id == Interaction.id,
        Interaction.occurred_on >= cutoff,
    )
    cutoff_at = datetime.combine(cutoff, datetime.min.time()).astimezone()
    stmt = (
        authz.scope(actor, select(Contact, last), Contact)
        .join(Company, Company.id == Contact.company_id)
        .where(
            Contact.erased_at.is_(None),
            ~recent,
            or_(Contact.created_at < cutoff_at, last.is_not(None)),
        )
        .options(selectinload(Contact.company))
        .order_by(last.is_not(None), last, Contact.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in session.execute(stmt)]
