"""The matcher's reasons (codes with parameters), statuses and deadlines in the reader's language.

``matching`` stays language-neutral; here each code becomes a short Finnish or English sentence.
Shared terms carry both language forms, so the reader sees the term in their own language
whatever the languages of the company's profile and the call. Days left are counted from the
``today`` given (the stored reason's count is from the day it was made). ``one_line`` is the
one-line summary of the lists, the API and the weekly digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import format_decimal, get_locale

from app.i18n import gettext as _
from app.i18n import ngettext
from app.models.matches import MatchStatus
from app.presentation.formatting import fmt_date
from matching import Reason


def _lang() -> str:
    return str(get_locale() or "fi")[:2]


def days_left_text(days: int) -> str:
    """"today", "tomorrow", "in N days" (or "N days ago")."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 0:
        return ngettext("%(num)d day ago", "%(num)d days ago", -days)
    return ngettext("in %(num)d day", "in %(num)d days", days)


def deadline_when(deadline: datetime | None, *, today: date) -> str:
    """The next deadline in Helsinki time (the app's time zone: an EU deadline of 17.00
    Brussels time reads 18.00) with the days left, or that the call is continuous."""
    if deadline is None:
        return _("No deadline: apply at any time")
    return _("%(when)s Helsinki time, %(left)s", when=fmt_date(deadline),
             left=days_left_text((deadline.date() - today).days))


def deadline_text(deadline: datetime | None, *, today: date) -> str:
    """``deadline_when`` as a sentence of its own ("Deadline ...")."""
    if deadline is None:
        return deadline_when(None, today=today)
    return _("Deadline %(date)s", date=deadline_when(deadline, today=today))


def status_text(status: MatchStatus) -> str:
    """A workflow status in the reader's language."""
    names = {
        MatchStatus.NEW: _("New, not reviewed"),
        MatchStatus.REVIEWED: _("Reviewed"),
        MatchStatus.PROPOSED: _("Proposed to the company"),
        MatchStatus.APPLYING: _("Application started"),
        MatchStatus.SUBMITTED: _("Application submitted"),
        MatchStatus.AWARDED: _("Funding awarded"),
        MatchStatus.NOT_AWARDED: _("Not awarded"),
        MatchStatus.NOT_RELEVANT: _("Not relevant"),
    }
    return str(names[status])


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


def _listing(value: str | None) -> str:
    """A reason's comma-separated list ("Lappi,Kainuu") as words ("Lappi, Kainuu")."""
    return ", ".join(v.strip() for v in (value or "").split(",") if v.strip())


def _applicants(value: str | None) -> str:
    """Applicant type codes ("research,public") in words, in the reader's language."""
    labels = {
        "company": _("companies"),
        "research": _("research organisations"),
        "public": _("public bodies"),
        "ngo": _("associations and foundations"),
    }
    return ", ".join(str(labels.get(v, v)) for v in (value or "").split(",") if v)


def _sector(value: str | None) -> str:
    """A sector group of ``matching.sectors`` in words."""
    labels = {
        "primary_agri": _("agriculture (primary production)"),
        "primary_fish": _("fishing and aquaculture (primary production)"),
        "primary_forest": _("forestry (primary production)"),
        "fish_processing": _("fish processing"),
        "annex_i_processing": _("processing of farm products (Annex I)"),
        "food_other": _("other food and drink manufacturing"),
        "other": _("an industry outside farming and food"),
    }
    return labels.get(value or "", value or "")


def _target(value: str | None, allowed: str | None, max_staff: str | None = None) -> str:
    """The size group a call's text names (``matching.conditions``)."""
    if value == "staff" and max_staff and max_staff.isdigit():
        return ngettext("companies with at most %(num)d person on staff",
                        "companies with at most %(num)d people on staff", int(max_staff))
    labels = {
        "sme": _("SMEs"),
        "sme_midcap": _("SMEs and midcaps"),
        "small": _("small enterprises"),
        "micro": _("micro enterprises"),
        "young": _("start-ups and young companies"),
        "not_large": _("companies that are not large"),
    }
    if value in labels:
        return str(labels[value])
    return ", ".join(_size(s) for s in (allowed or "").split(",") if s)




def _term(reason: Reason) -> str:
    """A shared term in the reader's language (the reason carries both)."""
    p = dict(reason.params)
    return p.get(_lang()) or p.get("en") or p.get("fi") or p.get("concept", "")


def text(reason: Reason, *, today: date | None = None) -> str:
    """One reason as a sentence in the reader's language (days left counted from ``today``)."""
    p = dict(reason.params)
    code = reason.code
    lang = _lang()
    if code == "shared_term":
        return _("Shared theme: %(term)s", term=_term(reason))
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
        day = p.get("date") or (p.get("deadline") or "")[:10]
        days = p.get("days_left")
        if today is not None and day:
            days = str((date.fromisoformat(day) - today).days)
        if days is not None and days.lstrip("-").isdigit():
            return _("Deadline %(date)s, %(left)s", date=_day(day),
                     left=days_left_text(int(days)))
        return _("Deadline %(date)s", date=_day(day))
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
    if code == "region_in_text_ok":
        return _("The company is in the region the call's text names (%(region)s)",
                 region=p.get("region", ""))
    if code == "size_in_text_ok":
        return _("The company's size fits the call text's target group (%(target)s)",
                 target=_target(p.get("target"), p.get("allowed"), p.get("max_staff")))
    if code == "municipality_in_text_ok":
        return _("The company is in a municipality the call's text names (%(allowed)s)",
                 allowed=_listing(p.get("allowed")))
    if code == "municipality_in_text_unknown":
        return _("The call's text limits it to %(allowed)s; the company's municipality is not "
                 "known, so check it. The call says: “%(evidence)s”",
                 allowed=_listing(p.get("allowed")), evidence=p.get("evidence", ""))
    if code == "sector_in_text_ok":
        return _("The company's industry fits the sector the call's text names. "
                 "The call says: “%(evidence)s”", evidence=p.get("evidence", ""))
    if code == "sector_in_text_unknown":
        return _("The call's text limits its sectors; the company's industry code is not "
                 "known, so check it. The call says: “%(evidence)s”",
                 evidence=p.get("evidence", ""))
    if code == "rural_in_text":
        return _("The call requires a rural location, which Veturi cannot check, so the "
                 "score is a little lower. The call says: “%(evidence)s”",
                 evidence=p.get("evidence", ""))
    if code == "staff_in_text_soft" and p.get("above") == "1":
        return _("The call funds companies of this size only as an exception, so the score "
                 "is lower. The call says: “%(evidence)s”", evidence=p.get("evidence", ""))
    if code == "staff_in_text_soft":
        return _("The call's text gives a staff limit that applies as a rule, so it was not "
                 "checked. The call says: “%(evidence)s”", evidence=p.get("evidence", ""))
    if code == "age_in_text_unknown":
        return ngettext(
            "The call's text limits it to companies up to %(num)d year old; the company's age "
            "is not recorded in Veturi, so check it (the score is a little lower). The call "
            "says: “%(evidence)s”",
            "The call's text limits it to companies up to %(num)d years old; the company's "
            "age is not recorded in Veturi, so check it (the score is a little lower). The "
            "call says: “%(evidence)s”",
            int(p.get("years") or 0), evidence=p.get("evidence", ""))
    if code == "de_minimis_in_text":
        return _("The call is granted as de minimis aid: a company may receive at most "
                 "EUR 300,000 of such aid over three years, and Veturi does not know what this "
                 "company has received, so check it. The call says: “%(evidence)s”",
                 evidence=p.get("evidence", ""))
    # reasons a call is not a match
    if code == "announcement_not_matched":
        return _("An announcement: matched only once staff have completed it")
    if code == "call_closed":
        if p.get("status") == "withdrawn":
            return _("The call was withdrawn from its source")
        return _("The call is closed")
    if code == "deadline_passed":
        return _("The deadline passed on %(date)s", date=_day(p.get("deadline")))
    if code == "applicant_type":
        return _("Open to %(allowed)s, not to companies", allowed=_applicants(p.get("allowed")))
    if code == "sme_only":
        return _("Only for SMEs; the company is a %(size)s", size=_size(p.get("size")))
    if code == "large_only":
        return _("Only for large companies; the company is a %(size)s", size=_size(p.get("size")))
    if code == "country":
        return _("Only for applicants established in %(allowed)s",
                 allowed=_listing(p.get("allowed")))
    if code == "region":
        return _(
            "Only for %(allowed)s; the company is in %(region)s",
            allowed=_listing(p.get("allowed")),
            region=p.get("region", ""),
        )
    if code == "region_unknown":
        return _(
            "Only for %(allowed)s; the company's region is not known",
            allowed=_listing(p.get("allowed")),
        )
    if code == "region_in_text":
        return _(
            "The call's text limits it to %(allowed)s; the company is in %(region)s. "
            "The call says: “%(evidence)s”",
            allowed=_listing(p.get("allowed")), region=p.get("region", ""),
            evidence=p.get("evidence", ""),
        )
    if code == "region_in_text_unknown":
        return _(
            "The call's text limits it to %(allowed)s; the company's region is not known. "
            "The call says: “%(evidence)s”",
            allowed=_listing(p.get("allowed")), evidence=p.get("evidence", ""),
        )
    if code == "municipality_in_text":
        return _(
            "The call's text limits it to %(allowed)s; the company is in %(municipality)s. "
            "The call says: “%(evidence)s”",
            allowed=_listing(p.get("allowed")), municipality=p.get("municipality", ""),
            evidence=p.get("evidence", ""),
        )
    if code == "sector_in_text":
        return _(
            "The call's text limits it to companies that produce, process or sell farm "
            "products; the company's industry is %(sector)s. The call says: “%(evidence)s”",
            sector=_sector(p.get("sector")), evidence=p.get("evidence", ""),
        )
    if code == "sector_excluded_in_text":
        return _(
            "The call's text excludes %(sector)s. The call says: “%(evidence)s”",
            sector=_sector(p.get("sector")), evidence=p.get("evidence", ""),
        )
    if code == "size_in_text":
        return _(
            "The call's text limits it to %(target)s; the company is a %(size)s. "
            "The call says: “%(evidence)s”",
            target=_target(p.get("target"), p.get("allowed"), p.get("max_staff")),
            size=_size(p.get("size")), evidence=p.get("evidence", ""),
        )
    return code


def texts(reasons: Iterable[Reason], *, today: date | None = None) -> list[str]:
    """Each reason as a sentence."""
    return [text(r, today=today) for r in reasons]


RELEVANCE_CODES = (
    "shared_term",
    "shared_keyword",
    "industry_fit",
    "regional_call",
    "size_targeted",
    "applicant_targeted",
)


def one_line(reasons: Iterable[Reason], *, limit: int = 3, today: date | None = None,
             deadline: str | None = None) -> str:
    """The lists', the API's and the digest's one line: the strongest relevance reasons, then
    the deadline (``deadline`` replaces the stored deadline reason when the caller knows
    better, e.g. the call's next cut-off today)."""
    reasons = list(reasons)
    strongest = [r for r in reasons if r.code in RELEVANCE_CODES][:limit]
    terms = [_term(r) for r in strongest if r.code == "shared_term"]
    parts = [_("Shared themes: %(terms)s", terms=", ".join(terms))] if len(terms) > 1 else []
    parts += texts([r for r in strongest if len(terms) < 2 or r.code != "shared_term"],
                   today=today)
    if deadline is not None:
        parts.append(deadline)
    else:
        parts += texts([r for r in reasons
                        if r.code in ("deadline", "continuous", "deadline_unknown")][:1],
                       today=today)
    return "; ".join(parts)


def score_text(value: float | None) -> str:
    """A 0-100 score with one decimal in the reader's locale ("12,4"), so that two close
    scores compared in one sentence never read the same."""
    return "" if value is None else format_decimal(round(value, 1), format="#,##0.0")


def component_label(name: str) -> str:
    """A component score's name in the reader's language."""
    labels: dict[str, Any] = {
        "concept": _("Shared themes (Finnish–English term list)"),
        "word": _("Shared words"),
        "char": _("Similar wording"),
        "industry": _("Industry fit"),
        "targeting": _("How narrowly the call is aimed"),
        "embedding": _("Similar meaning (language model, across languages)"),
    }
    return str(labels.get(name, name))


def short_line(reasons: Any, today: date) -> str:
    """A match's reasons in one line without the deadline, for a place that shows the deadline
    on its own (the weekly digest)."""
    kept = [r for r in reasons if r.code not in ("deadline", "continuous", "deadline_unknown")]
    return one_line(kept, today=today, deadline="").rstrip("; ")
