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

_WORD = re.compile(r"\w+")
_ENGLISH = frozenset(("the", "and", "of", "for", "with", "our", "we", "is", "are"))
_FINNISH = frozenset(("ja", "sekä", "on", "ovat", "joka", "yritys", "yrityksen", "kanssa", "myös"))
_SWEDISH = frozenset(("och", "att", "för", "med", "av", "som", "är", "på", "till", "samt", "inom",
                      "vi", "våra"))


def guess_language(text: str) -> str:
    """Finnish, Swedish or English, by a count of their commonest little words and of the
    letters ä and ö (Finnish) or å (Swedish) (profiles carry no tag). Swedish only when its
    little words outnumber the others': Swedish text is full of ä and ö too, so those letters
    tell Finnish from English, not from Swedish. One pass over the words: a fit guesses for
    every company."""
    low = text.lower()
    english = finnish = swedish = 0
    for word in _WORD.findall(low):
        if word in _ENGLISH:
            english += 1
        elif word in _FINNISH:
            finnish += 1
        elif word in _SWEDISH:
            swedish += 1
    if swedish > max(english, finnish):
        return "sv"
    letters = low.count("ä") + low.count("ö")
    if not (english or finnish or swedish or letters) and "å" in low:
        return "sv"
    return "en" if english > finnish + letters else "fi"


def company_profile(company: Company, regions: dict[str, str]) -> CompanyProfile:
    """``regions`` maps municipality codes to maakunta names (the network's towns)."""
    return _profile(company.id, company.name, company.description, company.keywords,
                    company.industry_code, company.industry_code_set, company.municipality_code,
                    company.size_class, company.employees, company.turnover_eur,
                    company.city.code, company.city.region, regions)


# the columns ``profile_from_row`` reads, in its order (a query of them needs no ORM objects)
PROFILE_COLUMNS = (Company.id, Company.name, Company.description, Company.keywords,
                   Company.industry_code, Company.industry_code_set, Company.municipality_code,
                   Company.size_class, Company.employees, Company.turnover_eur, City.code,
                   City.region)


def profile_from_row(row: Any, regions: dict[str, str]) -> CompanyProfile:
    """A row of ``PROFILE_COLUMNS`` (joined to the company's town) as the matcher's record:
    what a fit reads for every company, without building a hundred thousand ORM objects."""
    return _profile(*row, regions)


def _profile(company_id: int, name: str, description: str | None, keywords: list[str] | None,
             industry_code: str | None, code_set: Any, municipality_code: str | None,
             size_class: Any, employees: int | None, turnover: Any, city_code: str,
             city_region: str | None, regions: dict[str, str]) -> CompanyProfile:
    text = " ".join([description or "", *(keywords or [])])
    return CompanyProfile(
        id=str(company_id),
        language=guess_language(text),
        name=name,
        description=description or "",
        keywords=tuple(keywords or ()),
        industry_code=industry_code,
        industry_code_set=code_set.value if code_set else None,
        municipality_code=municipality_code or city_code,
        region=regions.get(municipality_code or "") or city_region,
        size_class=size_class.value if size_class else None,
        employees=employees,
        turnover_eur=float(turnover) if turnover is not None else None,
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
