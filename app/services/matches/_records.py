"""Database rows as the matcher's plain records (the only place that knows both shapes).

Mirrors ``bench/_matching_data.py``, which does the same for the evaluation's JSON: a company's
region comes from its municipality (else its town's), its size class from the register's or
staff's value (else from staff and turnover, by the matcher's EU SME rule); a withdrawn call is
a closed one to the matcher; lists a call does not state stay ``None`` (unknown never excludes).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from app.models import City, Company
from app.models.funding_calls import CallStatus, FundingCall
from matching import CallProfile, CompanyProfile, Reason

_ENGLISH = re.compile(r"\b(the|and|of|for|with|our|we|is|are)\b", re.IGNORECASE)
_FINNISH = re.compile(r"\b(ja|sekä|on|ovat|joka|yritys|yrityksen|kanssa|myös)\b|[äö]",
                      re.IGNORECASE)


def guess_language(text: str) -> str:
    """Finnish or English, by a count of their commonest little words (profiles carry no tag)."""
    return "en" if len(_ENGLISH.findall(text)) > len(_FINNISH.findall(text)) else "fi"


def company_profile(company: Company, regions: dict[str, str]) -> CompanyProfile:
    """``regions`` maps municipality codes to maakunta names (the network's towns)."""
    text = " ".join([company.description or "", *(company.keywords or [])])
    region = regions.get(company.municipality_code or "") or company.city.region
    return CompanyProfile(
        id=str(company.id),
        language=guess_language(text),
        name=company.name,
        description=company.description or "",
        keywords=tuple(company.keywords or ()),
        industry_code=company.industry_code,
        industry_code_set=company.industry_code_set.value if company.industry_code_set else None,
        municipality_code=company.municipality_code or company.city.code,
        region=region,
        size_class=company.size_class.value if company.size_class else None,
        employees=company.employees,
        turnover_eur=float(company.turnover_eur) if company.turnover_eur is not None else None,
    )


def region_map(cities: list[City]) -> dict[str, str]:
    """Municipality code -> region of the network's towns."""
    return {c.code: c.region for c in cities}


def _tuple(value: list[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _status(status: CallStatus | None) -> str | None:
    """A withdrawn call is a closed one to the matcher."""
    return "closed" if status is CallStatus.WITHDRAWN else status.value if status else None


def call_rules(call_id: int, kind: Any, status: CallStatus | None,
               deadlines: list[str] | None) -> CallProfile:
    """What ``matching.eligibility.call_failures`` reads of a call (kind, status, deadlines),
    from those columns alone: expiry is checked without loading whole calls."""
    return CallProfile(id=str(call_id), kind=kind.value, status=_status(status),
                       deadlines=tuple(datetime.fromisoformat(d) for d in deadlines or ()))


def call_profile(call: FundingCall) -> CallProfile:
    """A call row as the matcher's record (its id is the row's id, as a string)."""
    status = _status(call.status)
    return CallProfile(
        id=str(call.id),
        language=call.language or "fi",
        title=call.title,
        description=call.description or call.summary or "",
        keywords=tuple(call.keywords or ()),
        programme=call.programme,
        type_of_action=call.type_of_action,
        status=status,
        deadlines=tuple(datetime.fromisoformat(d) for d in call.deadlines or ()),
        is_continuous=call.is_continuous,
        applicant_types=_tuple(call.applicant_types),
        sme_only=call.sme_only,
        large_only=call.large_only,
        countries=_tuple(call.countries),
        regions=_tuple(call.regions),
        kind=call.kind.value,
        midcap_allowed=bool((call.extra or {}).get("midcap_allowed")),
    )


def reasons_to_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    """Reasons as stored on a match: ``[{"code": ..., "params": {...}}]``."""
    return [{"code": r.code, "params": dict(r.params)} for r in reasons]


def reasons_from_json(data: list[dict[str, Any]] | None) -> tuple[Reason, ...]:
    """Stored reasons back as ``matching.Reason`` records."""
    return tuple(Reason(d["code"], tuple((d.get("params") or {}).items())) for d in data or ())
