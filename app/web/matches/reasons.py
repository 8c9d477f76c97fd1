"""The matcher's reasons (codes with parameters) in the reader's language.

``matching`` stays language-neutral; here each code becomes a short Finnish or English sentence.
Shared terms carry both language forms, so the reader sees the term in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import get_locale

from app.i18n import fmt_date
from app.i18n import gettext as _
from matching import Reason

SIZE_NAMES = {
    "micro": "micro",
    "small": "small",
    "medium": "medium",
    "midcap": "midcap",
    "large": "large",
}


def _lang() -> str:
    return str(get_locale() or "fi")[:2]


def _day(value: str | None) -> str:
    if not value:
        return ""
    try:
        return fmt_date(date.fromisoformat(value[:10]))
    except ValueError:
        return value


def _size(value: str | None) -> str:
    labels = {
        "micro": _("micro enterprise"),
        "small": _("small enterprise"),
        "medium": _("medium-sized enterprise"),
        "midcap": _("midcap"),
        "large": _("large enterprise"),
    }
    return labels.get(value or "", value or "")


def text(reason: Reason) -> str:
    """One reason as a sentence in the reader's language."""
    p = dict(reason.params)
    code = reason.code
    lang = _lang()
    if code == "shared_term":
        term = p.get(lang) or p.get("en") or p.get("fi") or p.get("concept", "")
        return _("Shared theme: %(term)s", term=term)
    if code == "shared_keyword":
        return _("Keyword in common: %(keyword)s", keyword=p.get("keyword", ""))
    if code == "industry_fit":
        themes = p.get(lang) or p.get("themes") or ""
        return _(
            "Industry %(code)s fits the call's themes (%(themes)s)",
            code=p.get("code", ""),
            themes=themes,
        )
    if code == "regional_call":
        return _("A call for companies of %(region)s", region=p.get("region", ""))
    if code == "size_targeted":
        return _("Aimed at companies of this size (%(size)s)", size=_size(p.get("size")))
    if code == "applicant_targeted":
        return _("Aimed at companies")
    if code in ("deadline", "deadline_ok"):
        days = p.get("days_left")
        if days is not None:
            return _(
                "Deadline %(date)s, in %(days)s days",
                date=_day(p.get("deadline") or p.get("date")),
                days=days,
            )
        return _("Deadline %(date)s", date=_day(p.get("deadline") or p.get("date")))
    if code == "continuous":
        return _("Continuous: apply at any time")
    if code == "deadline_unknown":
        return _("The deadline is not known")
    if code == "eligible":
        return _("The company may apply")
    if code == "status_ok":
        return _("The call is open or opening")
    if code == "applicant_type_ok":
        return _("Companies may apply")
    if code == "applicant_type_unknown":
        return _("The call does not say who may apply")
    if code == "size_ok":
        return _("The company's size is allowed (%(size)s)", size=_size(p.get("size")))
    if code == "size_unknown":
        return _("The company's size is not known, so size rules were not checked")
    if code == "country_ok":
        return _("Companies established in Finland may apply")
    if code == "region_ok":
        return _("The company is in the call's region")
    # reasons a call is not a match
    if code == "announcement_not_matched":
        return _("An announcement: matched only once staff have completed it")
    if code == "call_closed":
        return _("The call is closed")
    if code == "deadline_passed":
        return _("The deadline passed on %(date)s", date=_day(p.get("deadline")))
    if code == "applicant_type":
        return _("Open to %(allowed)s, not to companies", allowed=p.get("allowed", ""))
    if code == "sme_only":
        return _("Only for SMEs; the company is a %(size)s", size=_size(p.get("size")))
    if code == "large_only":
        return _("Only for large companies; the company is a %(size)s", size=_size(p.get("size")))
    if code == "country":
        return _("Only for applicants established in %(allowed)s", allowed=p.get("allowed", ""))
    if code == "region":
        return _(
            "Only for %(allowed)s; the company is in %(region)s",
            allowed=p.get("allowed", ""),
            region=p.get("region", ""),
        )
    if code == "region_unknown":
        return _(
            "Only for %(allowed)s; the company's region is not known", allowed=p.get("allowed", "")
        )
    return code


def texts(reasons: Iterable[Reason]) -> list[str]:
    return [text(r) for r in reasons]


RELEVANCE_CODES = (
    "shared_term",
    "shared_keyword",
    "industry_fit",
    "regional_call",
    "size_targeted",
    "applicant_targeted",
)


def one_line(reasons: Iterable[Reason], *, limit: int = 3) -> str:
    """The digest's and the lists' one line: the strongest relevance reasons, then the deadline."""
    reasons = list(reasons)
    relevance = [r for r in reasons if r.code in RELEVANCE_CODES][:limit]
    deadline = [r for r in reasons if r.code in ("deadline", "continuous", "deadline_unknown")][:1]
    return "; ".join(texts(relevance + deadline))


def component_label(name: str) -> str:
    labels: dict[str, Any] = {
        "concept": _("Shared themes (Finnish–English term list)"),
        "word": _("Shared words"),
        "char": _("Similar wording"),
        "industry": _("Industry fit"),
        "targeting": _("How narrowly the call is aimed"),
    }
    return str(labels.get(name, name))
