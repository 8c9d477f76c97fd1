"""Plain records the matcher reads and returns.

The app converts its rows (and the connectors' ``FundingCall``) into these frozen dataclasses, so
the matcher never depends on the database schema. Reasons are machine codes with string
parameters: the app translates them, the matcher stays language-neutral.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SIZE_CLASSES = ("micro", "small", "medium", "midcap", "large")
SME_CLASSES = ("micro", "small", "medium")


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """What the matcher knows of one company.

    ``size_class`` may be ``None``: it is then derived from ``employees``, ``turnover_eur`` and
    ``balance_sheet_eur`` (EU SME definition); when those are missing too, size rules cannot
    exclude the company. ``industry_code_set`` is ``"TOL2008"``, ``"TOL2025"`` or ``None``.
    """

    id: str
    language: str = "fi"
    name: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    industry_code: str | None = None
    industry_code_set: str | None = None
    municipality_code: str | None = None
    region: str | None = None
    size_class: str | None = None
    employees: int | None = None
    turnover_eur: float | None = None
    balance_sheet_eur: float | None = None
    applicant_type: str = "company"
    country: str = "FI"


@dataclass(frozen=True, slots=True)
class CallProfile:
    """What the matcher knows of one funding call.

    ``applicant_types``, ``countries`` and ``regions``: ``None`` = unknown (never excludes),
    ``()`` = anyone. ``deadlines`` are timezone-aware; empty with ``is_continuous`` for a
    standing instrument. ``kind == "announcement"`` items wait for staff and are never matched.
    ``midcap_allowed`` lets a midcap through an ``sme_only`` call (Business Finland's
    SME-and-midcap instruments).
    """

    id: str
    language: str = "en"
    title: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    programme: str | None = None
    type_of_action: str | None = None
    status: str | None = None
    deadlines: tuple[datetime, ...] = ()
    is_continuous: bool = False
    applicant_types: tuple[str, ...] | None = None
    sme_only: bool | None = None
    large_only: bool | None = None
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    kind: str = "call"
    midcap_allowed: bool = False


def call_from_record(record: object, call_id: str | None = None) -> CallProfile:
    """A CallProfile from any record shaped like ``connectors.records.FundingCall``.

    Duck-typed (no import of connectors): the app may pass its own row object too. The id
    defaults to ``source:source_id``; a missing description falls back to the summary.
    """
    def get(name: str, default: object = None) -> object:
        return getattr(record, name, default)

    keywords = get("keywords") or ()
    return CallProfile(
        id=call_id or f"{get('source', '')}:{get('source_id', '')}",
        language=get("language") or "fi", title=get("title") or "",
        description=get("description") or get("summary") or "",
        keywords=tuple(keywords), programme=get("programme"),
        type_of_action=get("type_of_action"), status=get("status"),
        deadlines=tuple(get("deadlines") or ()), is_continuous=bool(get("is_continuous")),
        applicant_types=get("applicant_types"), sme_only=get("sme_only"),
        large_only=get("large_only"), countries=get("countries"), regions=get("regions"),
        kind=get("kind") or "call",
    )


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason as a code and ordered string parameters, e.g.
    ``Reason("deadline_passed", (("deadline", "2026-11-01"),))``."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str, default: str | None = None) -> str | None:
        """The value of one parameter (reasons are small: a scan is enough)."""
        for key, value in self.params:
            if key == name:
                return value
        return default


@dataclass(frozen=True, slots=True)
class Score:
    """One eligible (company, call) match: 0-100 score, component scores (0-1) and reasons."""

    company_id: str
    call_id: str
    score: float
    components: tuple[tuple[str, float], ...] = ()
    reasons: tuple[Reason, ...] = ()

    def component(self, name: str) -> float:
        """One component score by name (0.0 when absent)."""
        return dict(self.components).get(name, 0.0)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a call is or is not a match: passed checks, failing checks and relevance reasons."""

    company_id: str
    call_id: str
    eligible: bool
    passed: tuple[Reason, ...] = ()
    failed: tuple[Reason, ...] = ()
    score: Score | None = None
    relevance: tuple[Reason, ...] = field(default=())
