"""Plain records that connectors return: the only shape the rest of Veturi sees of a source.

Frozen, slotted dataclasses with normalised types (``date``, timezone-aware ``datetime``,
``Decimal`` for euros, tuples rather than lists). A value the source does not state is ``None``:
unknown is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

CALL_STATUSES = ("forthcoming", "open", "closed")
APPLICANT_TYPES = ("company", "research", "public", "ngo")


@dataclass(frozen=True, slots=True)
class FundingCall:
    """One funding call, topic or standing instrument, whatever the source.

    ``kind`` is ``"call"`` for a call that can be matched automatically, or ``"announcement"`` for
    an item (an RSS entry) that staff must review and complete before it is matched.
    ``applicant_types``, ``countries`` and ``regions`` are ``None`` when unknown and ``()`` when the
    source says "anyone"; ``deadlines`` is empty for a continuous call (``is_continuous``) or when
    the source gives none.
    """

    source: str
    source_id: str
    title: str
    url: str | None = None
    summary: str | None = None
    description: str | None = None
    programme: str | None = None
    call_identifier: str | None = None
    topic_identifier: str | None = None
    type_of_action: str | None = None
    opening_date: date | None = None
    deadlines: tuple[datetime, ...] = ()
    is_continuous: bool = False
    status: str | None = None
    budget_eur: Decimal | None = None
    funding_rate_pct: Decimal | None = None
    applicant_types: tuple[str, ...] | None = None
    sme_only: bool | None = None
    large_only: bool | None = None
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None
    kind: str = "call"
    funder: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CompanyRecord:
    """A company as the trade register (PRH/YTJ) or an imported list describes it.

    ``industry_code_set`` is ``"TOL2025"`` or ``"TOL2008"``; ``warnings`` holds register
    situations staff must notice (liquidation, bankruptcy, restructuring, dissolved) as short
    machine codes with the register's own text, e.g. ``("bankruptcy", "Konkurssissa")``.
    """

    business_id: str
    name: str
    auxiliary_names: tuple[str, ...] = ()
    industry_code: str | None = None
    industry_code_set: str | None = None
    industry_text: str | None = None
    company_form: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    post_office: str | None = None
    municipality_code: str | None = None
    website: str | None = None
    registration_date: date | None = None
    end_date: date | None = None
    warnings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one harvest of one source brought back.

    ``complete`` is ``False`` when some pages or items could not be read (``problems`` says
    which): the harvest keeps what it got but must not treat missing calls as withdrawn.
    A source that yields nothing usable raises ``SourceError`` instead.
    """

    calls: tuple[FundingCall, ...]
    problems: tuple[str, ...] = ()
    complete: bool = True
