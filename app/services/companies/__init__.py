"""Use cases of companies: create, edit, read. Finding them is ``companies.search``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import authz
from app.errors import ErrorCollector, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import City, Company, Contact, IndustryCodeSet, Interaction, SizeClass, Task, User
from app.services import _rematch, audit
from app.services._tx import committing
from app.services.companies import search as company_search
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


def _duplicate_error(
    session: Session, existing_id: int | None, actor: User | None = None
) -> FieldError:
    """The business ID is taken. The error names the existing company (for a link to it) only
    when the actor may see it: another town's company is not even hinted at by its id."""
    existing = session.get(Company, existing_id) if existing_id else None
    if existing is None or actor is None or authz.can_see_company(actor, existing):
        params = {"existing_id": existing.id} if existing is not None else {}
        return FieldError(
            "business_id", _l("A company with this business ID already exists."), **params
        )
    return FieldError(
        "business_id",
        _l(
            "A company with this business ID is already in Veturi, outside your list; "
            "the network coordinator can help."
        ),
    )


def _owner_id(
    session: Session,
    actor: User,
    owner_id: int | None,
    *,
    company: Company | None = None,
    city_id: int | None = None,
) -> int | None:
    """The owner the actor chose, if ``authz`` lets the actor assign that user; keeping the
    current owner is no choice and always allowed. Any other id is an unknown staff member."""
    if owner_id is None or (company is not None and owner_id == company.owner_id):
        return owner_id
    if not authz.get_assignable(session, actor, (owner_id,), company=company, city_id=city_id):
        raise FieldError("owner_id", _l("Unknown staff member."))
    return owner_id


def _current_values(company: Company) -> dict[str, object]:
    """A company's fields in input form: what an input that does not carry a field keeps."""
    enum_value = lambda member: member.value if member is not None else None  # noqa: E731
    return {
        "name": company.name,
        "business_id": company.business_id,
        "auxiliary_names": tuple(company.auxiliary_names or ()),
        "industry_code": company.industry_code,
        "industry_code_set": enum_value(company.industry_code_set),
        "industry_text": company.industry_text,
        "municipality_code": company.municipality_code,
        "website": company.website,
        "description": company.description,
        "keywords": tuple(company.keywords or ()),
        "employees": company.employees,
        "turnover_eur": company.turnover_eur,
        "size_class": enum_value(company.size_class),
        "is_growth_seeking": company.is_growth_seeking,
        "is_anchor": company.is_anchor,
        "owner_id": company.owner_id,
        "city_id": company.city_id,
    }


def _clean(
    session: Session,
    data: CompanyInput,
    *,
    exclude_id: int | None = None,
    check_unique: bool = True,
    actor: User | None = None,
) -> dict:
    """Validate every field of the input; return column values or raise every FieldError.

    ``data`` is complete (``CompanyInput.completed``); the owner is checked by the use case.
    """
    errors = ErrorCollector()
    values: dict[str, object] = {
        "name": errors.check(require_text, data.name, "name", max_length=200),
        "business_id": errors.check(normalise_business_id, data.business_id),
        "website": errors.check(
            require_text, data.website, "website", max_length=300, required=False
        )
        or None,
        "description": errors.check(
            require_text, data.description, "description", max_length=MAX_DESCRIPTION,
            required=False,
        )
        or None,
    }
    if values["website"] and not str(values["website"]).startswith(("http://", "https://")):
        values["website"] = "https://" + str(values["website"])
    names = tuple(n.strip() for n in data.auxiliary_names if n and n.strip())
    for n in names:
        errors.check(require_text, n, "auxiliary_names", max_length=200)
    values["auxiliary_names"] = list(names)
    keywords = [k.strip() for k in data.keywords if k and k.strip()]
    if len(keywords) > MAX_KEYWORDS:
        errors.add("keywords", _l("At most %(n)d keywords.", n=MAX_KEYWORDS))
    for k in keywords:
        errors.check(require_text, k, "keywords", max_length=100)
    values["keywords"] = keywords
    code = (data.industry_code or "").strip().replace(".", "") or None
    if code is not None and not (code.isdigit() and 2 <= len(code) <= 5):
        errors.add("industry_code", _l("An industry code has 2 to 5 digits."))
    values["industry_code"] = code
    values["industry_text"] = (
        errors.check(
            require_text, data.industry_text, "industry_text", max_length=200, required=False
        )
        or None
    )
    code_set = data.industry_code_set or ("TOL2025" if code else None)
    try:
        values["industry_code_set"] = IndustryCodeSet(code_set) if code_set else None
    except ValueError:
        errors.add("industry_code_set", _l("Unknown industry code set."))
    municipality = (data.municipality_code or "").strip() or None
    if municipality is not None and not (municipality.isdigit() and len(municipality) == 3):
        errors.add("municipality_code", _l("A municipality code has three digits."))
    values["municipality_code"] = municipality
    if data.employees is not None and not 0 <= data.employees <= 1_000_000:
        errors.add("employees", _l("Enter a number between 0 and 1,000,000."))
    values["employees"] = data.employees
    if data.turnover_eur is not None and not Decimal(0) <= data.turnover_eur < Decimal(10) ** 13:
        errors.add("turnover_eur", _l("Enter a turnover of zero or more euros."))
    values["turnover_eur"] = data.turnover_eur
    try:
        values["size_class"] = SizeClass(data.size_class) if data.size_class else None
    except ValueError:
        errors.add("size_class", _l("Unknown size class."))
    values["is_growth_seeking"] = bool(data.is_growth_seeking)
    values["is_anchor"] = bool(data.is_anchor)
    if check_unique and values["business_id"]:
        existing = _existing_with_business_id(session, str(values["business_id"]), exclude_id)
        if existing is not None:
            errors.extend(_duplicate_error(session, existing, actor))
    errors.raise_if_any()
    return values


def company_values(session: Session, data: CompanyInput, *, check_unique: bool = True) -> dict:
    """The validated column values of a company input, under the same rules as the forms.

    For use cases that write many companies at once (list imports, the register import). Reads
    only, never writes; raises FieldError. With ``check_unique=False`` the caller checks that the
    business ID is free (an import looks up a whole batch in one query).
    """
    return _clean(session, data.completed(), check_unique=check_unique)


def _new_company_values(session: Session, actor: User, data: CompanyInput) -> tuple[int, dict]:
    """The owning town and the column values of a new company; every FieldError at once."""
    authz.require(actor, "company.create")
    data = data.completed()
    city_id = authz.city_for_new_company(actor, data.city_id)  # type: ignore[arg-type]
    errors = ErrorCollector()
    if city_id is None or session.get(City, city_id) is None:
        errors.add("city_id", _l("Choose the town that owns the company."))
    values = errors.check(_clean, session, data, actor=actor)
    owner_id = errors.check(_owner_id, session, actor, data.owner_id, city_id=city_id)  # type: ignore[arg-type]
    errors.raise_if_any()
    assert city_id is not None and values is not None
    values["owner_id"] = owner_id
    return city_id, values


def _changed_values(session: Session, actor: User, company: Company, data: CompanyInput) -> dict:
    """The column values of an edit (a field the input does not carry keeps its value)."""
    data = data.completed(_current_values(company))
    errors = ErrorCollector()
    values = errors.check(_clean, session, data, exclude_id=company.id, actor=actor)
    owner_id = errors.check(_owner_id, session, actor, data.owner_id, company=company)  # type: ignore[arg-type]
    errors.raise_if_any()
    assert values is not None
    values["owner_id"] = owner_id
    return values


def check_company(
    session: Session, actor: User, data: CompanyInput, *, company_id: int | None = None
) -> None:
    """Raise every FieldError that creating (or, with ``company_id``, updating) the company from
    this input would raise, and write nothing: a form shows them next to its own errors."""
    if company_id is None:
        _new_company_values(session, actor, data)
    else:
        company = authz.get_company(session, actor, company_id, for_write=True)
        _changed_values(session, actor, company, data)


def create_company(session: Session, actor: User, data: CompanyInput) -> Company:
    """Add a company to the actor's town (a coordinator picks the town). Commits; its matches
    are computed right after (a follow-up of the commit).

    Raises FieldError (with ``existing_id`` when the business ID is taken), Forbidden for a role
    that may not create, NotFound for a town outside the actor's scope.
    """
    city_id, values = _new_company_values(session, actor, data)
    company = Company(city_id=city_id, **values)
    with committing(session):
        session.add(company)
        try:
            session.flush()
        except IntegrityError as exc:  # a concurrent insert won the race
            session.rollback()
            existing = _existing_with_business_id(session, str(values["business_id"]))
            raise _duplicate_error(session, existing, actor) from exc
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
    """Change what the input carries of a company's profile; a field it does not carry (UNSET)
    keeps its value. Only real changes are written and audited (before and after images of the
    changed fields); an edit that changes nothing writes nothing. Commits; the company's matches
    are recomputed right after (a follow-up of the commit), also after a save that changed nothing,
    so saving a profile is how staff refresh its matches.

    Raises FieldError (an owner the actor may not assign is an unknown staff member), NotFound,
    Forbidden.
    """
    company = authz.get_company(session, actor, company_id, for_write=True)
    values = _changed_values(session, actor, company, data)
    before = audit.snapshot(company)
    with committing(session):
        if audit.assign(company, values):
            try:
                session.flush()
            except IntegrityError as exc:
                raise _duplicate_error(session, None, actor) from exc
            audit.record_changes(
                session, actor, company, before, entity="company", city_id=company.city_id
            )
        _rematch.companies_changed(session, [company.id])
    return company


def assign_owner(
    session: Session, actor: User, company_ids: Sequence[int], owner_id: int | None
) -> int:
    """Give several companies one owner, or none (the list's bulk action). Commits once.

    Each company goes through ``authz`` (NotFound outside the actor's scope, Forbidden for a role
    that may not edit) and the owner must be assignable on each (FieldError ``owner_id``
    otherwise, as for an unknown id); if any fails, nothing changes. Every company whose owner
    really changes gets its own audit event. Returns how many changed.
    """
    if not company_ids:
        raise FieldError("company_ids", _l("Choose at least one company."))
    if not all(0 < i < 2**31 for i in company_ids):
        raise NotFound()
    targets = [
        authz.get_company(session, actor, company_id, for_write=True)
        for company_id in dict.fromkeys(company_ids)
    ]
    owners = [_owner_id(session, actor, owner_id, company=c) for c in targets]
    changed = 0
    with committing(session):
        for company, owner in zip(targets, owners, strict=True):
            before = audit.snapshot(company)
            if audit.assign(company, {"owner_id": owner}):
                session.flush()
                audit.record_changes(
                    session, actor, company, before, entity="company", city_id=company.city_id
                )
                changed += 1
    return changed


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
    """The active users of the actor's town (all towns' for a coordinator), for "who did it"
    filters; whom one may assign is ``authz.assignable_users``."""
    stmt = select(User).where(User.is_active_account.is_(True)).order_by(User.name)
    return list(session.scalars(authz.scope(actor, stmt, User)))


# the list and the API search through this module's namespace
search_companies = company_search.search_companies
