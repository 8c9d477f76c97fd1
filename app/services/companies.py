"""Use cases of companies: create, edit, read. Finding them is ``company_search``."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import authz
from app.i18n import lazy_gettext as _l
from app.models import City, Company, Contact, IndustryCodeSet, Interaction, SizeClass, Task, User
from app.services import _rematch, audit, company_search
from app.services._tx import committing
from app.services.errors import FieldError
from app.services.inputs import CompanyInput
from app.services.validation import normalise_business_id, require_text

MAX_DESCRIPTION = 5000
MAX_KEYWORDS = 30


def _existing_with_business_id(
    session: Session, business_id: str, exclude_id: int | None = None
) -> int | None:
    stmt = select(Company.id).where(Company.business_id == business_id)
    if exclude_id is not None:
        stmt = stmt.where(Company.id != exclude_id)
    return session.scalars(stmt).first()


def _duplicate_error(existing_id: int) -> FieldError:
    return FieldError(
        "business_id",
        _l("A company with this business ID already exists."),
        existing_id=existing_id,
    )


def _clean(
    session: Session,
    data: CompanyInput,
    *,
    exclude_id: int | None = None,
    check_unique: bool = True,
) -> dict:
    """Validate every field of the input; return column values or raise the first FieldError."""
    values: dict[str, object] = {
        "name": require_text(data.name, "name", max_length=200),
        "business_id": normalise_business_id(data.business_id),
        "website": require_text(data.website, "website", max_length=300, required=False) or None,
        "description": require_text(
            data.description, "description", max_length=MAX_DESCRIPTION, required=False
        )
        or None,
    }
    if values["website"] and not str(values["website"]).startswith(("http://", "https://")):
        values["website"] = "https://" + str(values["website"])
    names = tuple(n.strip() for n in data.auxiliary_names if n and n.strip())
    for n in names:
        require_text(n, "auxiliary_names", max_length=200)
    values["auxiliary_names"] = list(names)
    keywords = [k.strip() for k in data.keywords if k and k.strip()]
    if len(keywords) > MAX_KEYWORDS:
        raise FieldError("keywords", _l("At most %(n)d keywords.", n=MAX_KEYWORDS))
    for k in keywords:
        require_text(k, "keywords", max_length=100)
    values["keywords"] = keywords
    code = (data.industry_code or "").strip().replace(".", "") or None
    if code is not None and not (code.isdigit() and 2 <= len(code) <= 5):
        raise FieldError("industry_code", _l("An industry code has 2 to 5 digits."))
    values["industry_code"] = code
    values["industry_text"] = (
        require_text(data.industry_text, "industry_text", max_length=200, required=False) or None
    )
    code_set = data.industry_code_set or ("TOL2025" if code else None)
    try:
        values["industry_code_set"] = IndustryCodeSet(code_set) if code_set else None
    except ValueError as exc:
        raise FieldError("industry_code_set", _l("Unknown industry code set.")) from exc
    municipality = (data.municipality_code or "").strip() or None
    if municipality is not None and not (municipality.isdigit() and len(municipality) == 3):
        raise FieldError("municipality_code", _l("A municipality code has three digits."))
    values["municipality_code"] = municipality
    if data.employees is not None and not 0 <= data.employees <= 1_000_000:
        raise FieldError("employees", _l("Enter a number between 0 and 1,000,000."))
    values["employees"] = data.employees
    if data.turnover_eur is not None and not Decimal(0) <= data.turnover_eur < Decimal(10) ** 13:
        raise FieldError("turnover_eur", _l("Enter a turnover of zero or more euros."))
    values["turnover_eur"] = data.turnover_eur
    try:
        values["size_class"] = SizeClass(data.size_class) if data.size_class else None
    except ValueError as exc:
        raise FieldError("size_class", _l("Unknown size class.")) from exc
    values["is_growth_seeking"] = bool(data.is_growth_seeking)
    values["is_anchor"] = bool(data.is_anchor)
    if data.owner_id is not None:
        owner = session.get(User, data.owner_id)
        if owner is None or not owner.is_active:
            raise FieldError("owner_id", _l("Unknown staff member."))
        values["owner_id"] = owner.id
    else:
        values["owner_id"] = None
    if check_unique and values["business_id"]:
        existing = _existing_with_business_id(session, str(values["business_id"]), exclude_id)
        if existing is not None:
            raise _duplicate_error(existing)
    return values


def company_values(session: Session, data: CompanyInput, *, check_unique: bool = True) -> dict:
    """The validated column values of a company input, under the same rules as the forms.

    For use cases that write many companies at once (list imports, the register import). Reads
    only, never writes; raises FieldError. With ``check_unique=False`` the caller checks that the
    business ID is free (an import looks up a whole batch in one query).
    """
    return _clean(session, data, check_unique=check_unique)


def create_company(session: Session, actor: User, data: CompanyInput) -> Company:
    """Add a company to the actor's town (a coordinator picks the town). Commits; its matches
    are computed right after (a follow-up of the commit).

    Raises FieldError (with ``existing_id`` when the business ID is taken), Forbidden for a role
    that may not create, NotFound for a town outside the actor's scope.
    """
    authz.require(actor, "company.create")
    city_id = authz.city_for_new_company(actor, data.city_id)
    if city_id is None or session.get(City, city_id) is None:
        raise FieldError("city_id", _l("Choose the town that owns the company."))
    values = _clean(session, data)
    company = Company(city_id=city_id, **values)
    with committing(session):
        session.add(company)
        try:
            session.flush()
        except IntegrityError as exc:  # a concurrent insert won the race
            session.rollback()
            existing = _existing_with_business_id(session, str(values["business_id"]))
            raise _duplicate_error(existing or 0) from exc
        audit.record(
            session,
            actor,
            "company.create",
            entity="company",
            entity_id=company.id,
            city_id=city_id,
            after=audit.snapshot(company),
        )
        _rematch.companies_changed(session, [company.id])
    return company


def update_company(session: Session, actor: User, company_id: int, data: CompanyInput) -> Company:
    """Change a company's profile; the audit event keeps the before and after images. Commits;
    its matches are recomputed right after (a follow-up of the commit)."""
    company = authz.get_company(session, actor, company_id, for_write=True)
    values = _clean(session, data, exclude_id=company.id)
    before = audit.snapshot(company)
    for key, value in values.items():
        setattr(company, key, value)
    with committing(session):
        try:
            session.flush()
        except IntegrityError as exc:
            raise _duplicate_error(0) from exc
        audit.record_changes(
            session, actor, company, before, entity="company", city_id=company.city_id
        )
        _rematch.companies_changed(session, [company.id])
    return company


def get_company(session: Session, actor: User, company_id: int) -> Company:
    """A company the actor may see; NotFound otherwise (also for other towns' companies)."""
    return authz.get_company(session, actor, company_id)


def related_counts(session: Session, company: Company) -> dict[str, int]:
    """How many contacts, interactions and tasks hang on the company (shown before a merge)."""
    return {
        name: session.scalar(
            select(func.count()).select_from(model).where(model.company_id == company.id)
        )
        or 0
        for name, model in (("contacts", Contact), ("interactions", Interaction), ("tasks", Task))
    }


def town_staff(session: Session, actor: User) -> list[User]:
    """The active staff of the actor's town (all towns' for a coordinator), for owner choices."""
    stmt = select(User).where(User.is_active_account.is_(True)).order_by(User.name)
    return list(session.scalars(authz.scope(actor, stmt, User)))


# the list and the API search through this module's namespace
search_companies = company_search.search_companies
