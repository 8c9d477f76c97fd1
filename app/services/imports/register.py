"""The trade register (PRH/YTJ) in Veturi: looking a company up for the company form, and bringing
a town's register companies in as prospects (``flask import-register``).

``connectors.prh_ytj`` talks to the register and returns plain ``CompanyRecord`` values; this
module decides what they mean here. A look-up never writes; a failure of the register is a
``RegisterUnavailable`` with a message for the user, so the form keeps what was typed. The town
import validates every record by the company rules of ``services.companies``, never duplicates a
company (same business ID: its blanks are filled, nothing overwritten), leaves out companies
that have ceased or are in liquidation or bankruptcy, and commits once per batch with an audit
event per company and one for the batch. Register data © PRH, CC BY 4.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.errors import FieldError, ServiceError
from app.i18n import lazy_gettext as _l
from app.models import City, Company, User
from app.names import normalize_name
from app.services import _rematch, audit, companies
from app.services._tx import committing
from app.services.inputs import CompanyInput
from app.services.validation import normalise_business_id
from connectors import prh_ytj, prh_ytj_records
from connectors.errors import SourceError, SourceFormatError
from connectors.records import CompanyRecord

# register situations that make a company no prospect
SKIPPED_WARNINGS = ("dissolved", "liquidation", "bankruptcy")
# what "fill blanks" may fill on a company that is already there
FILLABLE = ("auxiliary_names", "industry_code", "industry_code_set", "industry_text",
            "municipality_code", "website")


class RegisterUnavailable(ServiceError):
    """The register could not be reached or its answer could not be read; try again later."""


def look_up_company(
    actor: User, business_id: str | None, *, http: requests.Session, base_url: str
) -> CompanyRecord:
    """The register's record of one company, to fill the company form. Writes nothing.

    Raises FieldError on ``business_id`` (empty, invalid, unknown to the register),
    RegisterUnavailable when the register fails, Forbidden for a role that may not edit.
    """
    authz.require(actor, "company.edit")
    if not (business_id or "").strip():
        raise FieldError("business_id", _l("Enter the business ID to look up."))
    wanted = normalise_business_id(business_id)
    try:
        record = prh_ytj.fetch_company(http, base_url, str(wanted))
    except prh_ytj_records.InvalidBusinessId as exc:  # 0000000-0 passes the check digit
        raise FieldError(
            "business_id",
            _l("%(value)s is not a valid business ID (Y-tunnus).", value=business_id),
        ) from exc
    except SourceFormatError as exc:
        raise RegisterUnavailable(_l(
            "The trade register answered, but its answer could not be read. Nothing was "
            "changed; try again later."
        )) from exc
    except SourceError as exc:
        raise RegisterUnavailable(_l(
            "The trade register could not be reached. Nothing was changed; try again later."
        )) from exc
    if record is None:
        raise FieldError(
            "business_id",
            _l("The trade register has no company with the business ID %(id)s.", id=wanted),
        )
    return record


def form_values(record: CompanyRecord) -> dict[str, Any]:
    """The company form's fields the register fills, by field name (only what it knows)."""
    values = {
        "business_id": record.business_id,
        "name": record.name,
        "auxiliary_names": "\n".join(record.auxiliary_names) if record.auxiliary_names else None,
        "industry_code": record.industry_code,
        "industry_code_set": record.industry_code_set if record.industry_code else None,
        "industry_text": record.industry_text,
        "municipality_code": record.municipality_code,
        "website": record.website,
    }
    return {k: v for k, v in values.items() if v}


# --- bringing a town's register companies in -------------------------------------------------


@dataclass(slots=True)
class RegisterImportCounts:
    """What one or more batches did; ``skipped`` counts reasons, ``landed`` committed batches."""

    created: int = 0
    already_there: int = 0
    filled: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    landed: int = 0

    def add(self, other: RegisterImportCounts) -> None:
        self.created += other.created
        self.already_there += other.already_there
        self.filled += other.filled
        self.skipped.update(other.skipped)
        self.landed += other.landed

    @property
    def seen(self) -> int:
        return self.created + self.already_there + sum(self.skipped.values())


def _input(record: CompanyRecord) -> CompanyInput:
    return CompanyInput(
        name=record.name,
        business_id=record.business_id,
        auxiliary_names=record.auxiliary_names,
        industry_code=record.industry_code,
        industry_code_set=record.industry_code_set if record.industry_code else None,
        industry_text=record.industry_text,
        municipality_code=record.municipality_code,
        website=record.website,
    )


def _fill_blanks(company: Company, values: dict[str, Any], *, with_id: bool) -> dict[str, Any]:
    """Set what the company lacks; returns the changes. The industry moves as one piece."""
    changes: dict[str, Any] = {}
    keys = list(FILLABLE)
    if company.industry_code:
        keys = [k for k in keys if k not in ("industry_code", "industry_code_set")]
    if with_id:
        keys.append("business_id")
    for key in keys:
        value = values.get(key)
        if value and not getattr(company, key):
            setattr(company, key, value)
            changes[key] = value
    return changes


def import_register_batch(
    session: Session, city: City, records: Sequence[CompanyRecord], *, actor: User | None = None
) -> RegisterImportCounts:
    """Bring one batch of register companies into ``city`` as prospects. Commits once; the
    companies created or filled in get their matches right after (a follow-up of the commit).

    ``actor`` is None for the operator's CLI; given, it must be allowed to import into the
    town (Forbidden, NotFound).
    """
    if actor is not None:
        authz.require(actor, "company.import", city)
    counts = RegisterImportCounts(landed=1)
    ids = [r.business_id for r in records]
    by_id = {c.business_id: c for c in session.scalars(
        select(Company).where(Company.business_id.in_(ids)))} if ids else {}
    unregistered = {}
    for company in session.scalars(select(Company).where(
            Company.city_id == city.id, Company.business_id.is_(None),
            Company.merged_into_id.is_(None))):
        unregistered.setdefault(company.name_normalized, company)
    changed: list[int] = []  # created or filled in: rematched after the commit
    with committing(session):
        for record in records:
            warning = next((c for c, _text in record.warnings if c in SKIPPED_WARNINGS), None)
            if warning is not None:
                counts.skipped[warning] += 1
                continue
            try:
                values = companies.company_values(session, _input(record), check_unique=False)
            except FieldError:
                counts.skipped["invalid"] += 1
                continue
            values.pop("owner_id", None)
            existing = by_id.get(record.business_id)
            if existing is not None and (existing.city_id != city.id or existing.merged_into_id):
                counts.skipped["other_town" if existing.city_id != city.id else "merged"] += 1
                continue
            with_id = existing is None
            existing = existing or unregistered.pop(normalize_name(record.name), None)
            if existing is not None:
                counts.already_there += 1
                before = audit.snapshot(existing)
                changes = _fill_blanks(existing, values, with_id=with_id)
                if changes:
                    counts.filled += 1
                    changed.append(existing.id)
                    after = audit.snapshot(existing)
                    audit.record(session, actor, "company.update", entity="company",
                                 entity_id=existing.id, city_id=city.id,
                                 before={k: before[k] for k in changes},
                                 after={k: after[k] for k in changes})
                continue
            company = Company(city_id=city.id, is_prospect=True, **values)
            session.add(company)
            session.flush()
            by_id[record.business_id] = company
            counts.created += 1
            changed.append(company.id)
            audit.record(session, actor, "company.create", entity="company",
                         entity_id=company.id, city_id=city.id, after=audit.snapshot(company))
        audit.record(session, actor, "company.register_import", entity="city",
                     entity_id=city.id, city_id=city.id,
                     after={"created": counts.created, "already_there": counts.already_there,
                            "filled": counts.filled, "skipped": dict(counts.skipped)})
        _rematch.companies_changed(session, changed)
    return counts
