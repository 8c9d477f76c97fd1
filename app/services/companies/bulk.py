"""The company list's bulk actions beyond the owner (which is ``companies.assign_owner``): mark the
ticked companies with a flag, and pick the ticked companies for an export."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import Company, User
from app.services import _rematch, audit
from app.services._tx import committing

# the flags staff set on many companies at once, by the name the list's form uses
FLAGS = {"anchor": "is_anchor", "growth": "is_growth_seeking"}
# more than the largest list page, so a whole page (or a few) can be exported at once
MAX_SELECTION = 500


def _ids(company_ids: Sequence[int]) -> list[int]:
    """The chosen ids once each; none is a FieldError, an impossible id a NotFound."""
    if not company_ids:
        raise FieldError("company_ids", _l("Choose at least one company."))
    ids = list(dict.fromkeys(company_ids))
    if len(ids) > MAX_SELECTION or not all(0 < i < 2**31 for i in ids):
        raise NotFound()
    return ids


def flag_companies(session: Session, actor: User, company_ids: Sequence[int], flag: str) -> int:
    """Mark the chosen companies as anchor or growth-seeking (the list's bulk action). Commits once.

    Each company goes through ``authz`` (NotFound outside the actor's scope, Forbidden for a role
    that may not edit); if any fails, nothing changes. A company that already has the flag is left
    as it is; each that gets it has its own audit event and its matches recomputed after the
    commit, as a profile edit would. Returns how many changed. FieldError for an unknown flag.
    """
    column = FLAGS.get(flag)
    if column is None:
        raise FieldError("flag", _l("Choose the flag to add."))
    targets = [
        authz.get_company(session, actor, company_id, for_write=True)
        for company_id in _ids(company_ids)
    ]
    changed: list[int] = []
    with committing(session):
        for company in targets:
            before = audit.snapshot(company)
            if audit.assign(company, {column: True}):
                session.flush()
                audit.record_changes(
                    session, actor, company, before, entity="company", city_id=company.city_id
                )
                changed.append(company.id)
        _rematch.companies_changed(session, changed)
    return len(changed)


def selected_companies(
    session: Session, actor: User, company_ids: Sequence[int]
) -> list[Company]:
    """The ticked companies, for exporting the selection, in name order. Reads through
    ``authz.scope``; if one is outside the actor's scope (or merged away) the whole request is a
    NotFound, so a hand-made link learns nothing of another town's companies."""
    ids = _ids(company_ids)
    stmt = authz.scope(
        actor,
        select(Company).where(Company.id.in_(ids), Company.merged_into_id.is_(None)),
    ).options(selectinload(Company.owner), selectinload(Company.city))
    rows = list(session.scalars(stmt.order_by(Company.name, Company.id)))
    if len(rows) != len(ids):
        raise NotFound()
    return rows
