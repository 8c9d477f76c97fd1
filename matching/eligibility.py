"""Hard eligibility: the rules that remove a call before any relevance is computed.

Every failing rule yields a ``Reason`` code so the app can say "why not". The rules follow the
evaluation README exactly: status open/forthcoming, a deadline whose own local date is today or
later, applicant type, SME/large restrictions (EU SME definition), country, region; items of
kind ``announcement`` are never matched automatically. Unknown values (``None``) never exclude,
except a regional call for a company whose region is unknown. Two more rules read conditions
that a call states only in its text (``matching.conditions``): a region restriction when the
structured region field is empty (``region_in_text``) and a company-size restriction
(``size_in_text``), the municipalities a Leader group or other local funder names
(``municipality_in_text``), a call only for farm-product (Annex I) businesses
(``sector_in_text``) and sectors a call excludes (``sector_excluded_in_text``); their reasons
quote the sentence as ``evidence``. A staff ceiling in numbers ("enintään 10 työntekijää",
"färre än 50 anställda") is applied through ``size_in_text`` as the size classes within it. Not
rules but doubts that lower the score (``matching.doubt``), shown with the match: a required
rural location (``rural_in_text``), a staff ceiling stated "as a rule" (``staff_in_text_soft``)
and a company age limit (``age_in_text_unknown``: no founding date is known). Shown only: de
minimis aid (``de_minimis_in_text``). An unknown municipality or industry never
excludes.

Checks are split into a call-only part (status, deadline, kind: depends on ``today``) and a
company-key part (applicant type, size, country, region), so the matcher can evaluate them for
groups of identical keys instead of every pair.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from matching import municipalities
from matching.conditions import text_conditions
from matching.limits import above_soft_ceiling
from matching.records import SME_CLASSES, CallProfile, CompanyProfile, Reason
from matching.sectors import sector_group

OPEN_STATUSES = ("open", "forthcoming")

# EU SME definition (Recommendation 2003/361/EC): staff headcount and either ceiling.
_SIZE_LIMITS = (  # (class, staff below, turnover at most, balance sheet at most)
    ("micro", 10, 2_000_000, 2_000_000),
    ("small", 50, 10_000_000, 10_000_000),
    ("medium", 250, 50_000_000, 43_000_000),
)

class CompanyKey(NamedTuple):
    """The company attributes the hard rules read; companies with equal keys share results.
    ``municipality`` (code) and ``sector`` (``matching.sectors``) serve the conditions read
    from call texts."""

    applicant_type: str
    size: str | None
    country: str
    region: str | None
    municipality: str | None = None
    sector: str | None = None


def size_class(company: CompanyProfile) -> str | None:
    """The company's size class: as given, else derived from staff and money (EU SME rule).

    Staff decides the class when turnover and balance sheet are unknown; ``None`` when even
    the staff count is missing, because unknown is never guessed.
    """
    if company.size_class:
        return company.size_class
    staff = company.employees
    if staff is None:
        return None
    money = [m for m in (company.turnover_eur, company.balance_sheet_eur) if m is not None]
    for name, staff_below, turnover_max, balance_max in _SIZE_LIMITS:
        if staff >= staff_below:
            continue
        if not money:
            return name
        turnover_ok = company.turnover_eur is not None and company.turnover_eur <= turnover_max
        balance_ok = (company.balance_sheet_eur is not None
                      and company.balance_sheet_eur <= balance_max)
        if turnover_ok or balance_ok:
            return name
    return "large"


def company_key(company: CompanyProfile) -> CompanyKey:
    """The attributes the company-side rules read; companies with equal keys share results."""
    return CompanyKey(company.applicant_type, size_class(company), company.country,
                      company.region, company.municipality_code or None,
                      sector_group(company.industry_code))


def local_deadline_date(deadline: datetime) -> date:
    """The deadline's date in its own time zone (Brussels for EU topics, Helsinki for Finnish
    calls): the README rule compares this date, not a UTC instant, with today."""
    return deadline.date()


def next_deadline(call: CallProfile, today: date) -> datetime | None:
    """The first deadline whose local date is today or later (multi-cut-off calls), else None."""
    upcoming = [d for d in call.deadlines if local_deadline_date(d) >= today]
    return min(upcoming, key=lambda d: d.timestamp()) if upcoming else None


def call_failures(call: CallProfile, today: date) -> list[Reason]:
    """Rules that depend on the call and today only: kind, status and deadline."""
    failures: list[Reason] = []
    if call.kind == "announcement":
        failures.append(Reason("announcement_not_matched"))
    if call.status is not None and call.status not in OPEN_STATUSES:
        failures.append(Reason("call_closed", (("status", call.status),)))
    if call.deadlines and next_deadline(call, today) is None:
        last = max(call.deadlines, key=lambda d: d.timestamp())
        failures.append(Reason("deadline_passed",
                               (("deadline", local_deadline_date(last).isoformat()),)))
    return failures


def call_passes(call: CallProfile, today: date) -> list[Reason]:
    """The call-only checks that passed, as reasons for the explanation."""
    passed: list[Reason] = []
    if call.status in OPEN_STATUSES:
        passed.append(Reason("status_ok", (("status", call.status or ""),)))
    upcoming = next_deadline(call, today)
    if upcoming is not None:
        passed.append(Reason("deadline_ok", (
            ("deadline", upcoming.isoformat()),
            ("date", local_deadline_date(upcoming).isoformat()),
            ("days_left", str((local_deadline_date(upcoming) - today).days)),
        )))
    elif not call.deadlines:
        passed.append(Reason("continuous" if call.is_continuous else "deadline_unknown"))
    return passed


def key_failures(key: CompanyKey, call: CallProfile) -> list[Reason]:
    """Rules that compare the company's key with the call's restrictions."""
    applicant_type, size, country, region = key[:4]
    failures: list[Reason] = []
    if call.applicant_types and applicant_type not in call.applicant_types:
        failures.append(Reason("applicant_type", (
            ("applicant_type", applicant_type), ("allowed", ",".join(call.applicant_types)))))
    if call.sme_only and size is not None and size not in SME_CLASSES and not (
            size == "midcap" and call.midcap_allowed):
        failures.append(Reason("sme_only", (("size", size),)))
    if call.large_only and size is not None and size != "large":
        failures.append(Reason("large_only", (("size", size),)))
    if call.countries and country not in call.countries:
        failures.append(Reason("country", (
            ("country", country), ("allowed", ",".join(call.countries)))))
    if call.regions:
        if region is None:
            failures.append(Reason("region_unknown", (("allowed", ",".join(call.regions)),)))
        elif region not in call.regions:
            failures.append(Reason("region", (
                ("region", region), ("allowed", ",".join(call.regions)))))
    size_failed = any(r.code in ("sme_only", "large_only") for r in failures)
    return failures + text_failures(key, call, size=not size_failed)


def text_failures(key: CompanyKey, call: CallProfile, size: bool = True) -> list[Reason]:
    """The conditions stated only in the call's text: a region (when the structured region
    field is empty) and a company size (``size=False`` when a structured size rule already
    failed: one reason is enough). An unknown size never excludes; an unknown region fails a
    regional call, as the structured rule does."""
    size_class_, region = key.size, key.region
    found = text_conditions(call)
    failures: list[Reason] = []
    if found.regions and not call.regions:
        allowed = ("allowed", ",".join(found.regions))
        evidence = ("evidence", found.region_evidence)
        if region is None:
            failures.append(Reason("region_in_text_unknown", (allowed, evidence)))
        elif region not in found.regions:
            failures.append(Reason("region_in_text", (("region", region), allowed, evidence)))
    if size and found.sizes and size_class_ is not None and size_class_ not in found.sizes:
        failures.append(Reason("size_in_text", (
            ("size", size_class_), ("allowed", ",".join(found.sizes)),
            ("target", found.size_target), ("evidence", found.size_evidence))
            + ((("max_staff", str(found.max_staff)),) if found.size_target == "staff" else ())))
    if found.municipalities and key.municipality is not None \
            and key.municipality not in found.municipalities:
        failures.append(Reason("municipality_in_text", (
            ("municipality", municipalities.names().get(key.municipality, key.municipality)),
            ("allowed", ",".join(municipalities.names().get(c, c)
                                 for c in found.municipalities)),
            ("evidence", found.municipality_evidence))))
    if found.sectors and key.sector is not None and key.sector not in found.sectors:
        failures.append(Reason("sector_in_text", (
            ("sector", key.sector), ("allowed", ",".join(found.sectors)),
            ("evidence", found.sector_evidence))))
    if key.sector is not None and key.sector in found.excluded_sectors:
        failures.append(Reason("sector_excluded_in_text", (
            ("sector", key.sector), ("evidence", found.excluded_evidence))))
    return failures


def key_passes(key: CompanyKey, call: CallProfile) -> list[Reason]:
    """The company-side checks that passed (or could not be applied), for explanations."""
    applicant_type, size, country, region = key[:4]
    failed = {r.code for r in key_failures(key, call)}
    passed: list[Reason] = []
    if call.applicant_types is None:
        passed.append(Reason("applicant_type_unknown"))
    elif "applicant_type" not in failed:
        passed.append(Reason("applicant_type_ok", (("applicant_type", applicant_type),)))
    if (call.sme_only or call.large_only) and not failed & {"sme_only", "large_only"}:
        passed.append(Reason("size_ok" if size else "size_unknown", (("size", size or ""),)))
    if call.countries and "country" not in failed:
        passed.append(Reason("country_ok", (("country", country),)))
    if call.regions and not failed & {"region", "region_unknown"}:
        passed.append(Reason("region_ok", (("region", region or ""),)))
    found = text_conditions(call)
    if found.regions and not call.regions and not failed & {"region_in_text",
                                                            "region_in_text_unknown"}:
        passed.append(Reason("region_in_text_ok", (("region", region or ""),
                                                   ("evidence", found.region_evidence))))
    if found.sizes and size and not failed & {"size_in_text", "sme_only", "large_only"}:
        passed.append(Reason("size_in_text_ok", (
            ("size", size), ("target", found.size_target), ("evidence", found.size_evidence))))
    elif found.sizes and not size and not any(r.code == "size_unknown" for r in passed):
        passed.append(Reason("size_unknown", (("size", ""),)))
    if found.municipalities and "municipality_in_text" not in failed:
        allowed = ("allowed", ",".join(municipalities.names().get(c, c)
                                       for c in found.municipalities))
        evidence = ("evidence", found.municipality_evidence)
        passed.append(Reason("municipality_in_text_ok" if key.municipality
                             else "municipality_in_text_unknown", (allowed, evidence)))
    if (found.sectors or found.excluded_sectors) and not failed & {
            "sector_in_text", "sector_excluded_in_text"}:
        evidence = ("evidence", found.sector_evidence or found.excluded_evidence)
        passed.append(Reason("sector_in_text_ok" if key.sector else "sector_in_text_unknown",
                             (evidence,)))
    if found.rural:
        passed.append(Reason("rural_in_text", (("evidence", found.rural_evidence),)))
    # not rules: a ceiling "as a rule" and an age limit (Veturi keeps no founding date) lower
    # the score (``matching.doubt``); de minimis aid (the aid a company has received is not
    # known) is information only
    if found.staff_soft_evidence:
        above = above_soft_ceiling(size, found.soft_max_staff)
        passed.append(Reason("staff_in_text_soft", (("evidence", found.staff_soft_evidence),
                                                    ("above", "1" if above else "0"))))
    if found.max_age_years is not None:
        passed.append(Reason("age_in_text_unknown", (("years", str(found.max_age_years)),
                                                     ("evidence", found.age_evidence))))
    if found.de_minimis:
        passed.append(Reason("de_minimis_in_text", (("evidence", found.de_minimis_evidence),)))
    return passed


def check(company: CompanyProfile, call: CallProfile,
          today: date) -> tuple[list[Reason], list[Reason]]:
    """(passed, failed) checks for one pair; eligible when ``failed`` is empty."""
    key = company_key(company)
    failed = call_failures(call, today) + key_failures(key, call)
    passed = call_passes(call, today) + key_passes(key, call)
    return passed, failed


def is_eligible(company: CompanyProfile, call: CallProfile, today: date) -> bool:
    """True when no hard rule excludes the pair."""
    return not call_failures(call, today) and not key_failures(company_key(company), call)
