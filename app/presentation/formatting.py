"""Dates, numbers and money in the reader's language and the network's time zone: the one
formatting used by the pages, the API and the e-mails (and the templates' ``date``, ``time``,
``number`` and ``money`` filters).

One style per language, so that a page never mixes date formats: Finnish and Finland-Swedish
write ``3.12.2026`` and ``14.05``; English is written the British way, day before month
(``3 Dec 2026``, ``14:05``), never the American ``Dec 3, 2026`` or ``2:05 PM``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal as _format_decimal
from flask import has_app_context
from flask_babel import get_locale, get_timezone

from app import clock

# the UI language -> the Babel locale its dates and numbers follow
FORMAT_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
DATE_PATTERNS = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMM yyyy"}
TIME_PATTERNS = {"fi": "H.mm", "sv": "HH.mm", "en": "HH:mm"}
DATETIME_PATTERNS = {"fi": "d.M.yyyy H.mm", "sv": "d.M.yyyy 'kl.' HH.mm",
                     "en": "d MMM yyyy, HH:mm"}
MONEY_PATTERNS = {"fi": "#,##0 ¤", "sv": "#,##0 ¤", "en": "¤#,##0"}


def language(locale: object = None) -> str:
    """The UI language (fi, sv or en) of ``locale``, else of the request; Finnish by default."""
    code = str(locale or (get_locale() if has_app_context() else None) or "fi")[:2]
    return code if code in FORMAT_LOCALES else "fi"


def format_locale(locale: object = None) -> str:
    """The Babel locale for dates and numbers: fi_FI, sv_FI or en_GB."""
    return FORMAT_LOCALES[language(locale)]


def _zone() -> tzinfo:
    return get_timezone() if has_app_context() else clock.zone()


def fmt_date(value: date | datetime | None, fmt: str = "medium",
             locale: object = None) -> str:
    """A date, or a moment in the network's time zone, in the reader's one style.

    ``fmt`` other than "medium" is a Babel pattern or width, for the rare place that needs one.
    """
    if value is None:
        return ""
    lang = language(locale)
    if isinstance(value, datetime):
        pattern = DATETIME_PATTERNS[lang] if fmt == "medium" else fmt
        return _format_datetime(value, pattern, tzinfo=_zone(), locale=FORMAT_LOCALES[lang])
    return _format_date(value, DATE_PATTERNS[lang] if fmt == "medium" else fmt,
                        locale=FORMAT_LOCALES[lang])


def fmt_time(value: datetime | None, locale: object = None) -> str:
    """The clock time of a moment in the network's time zone: 14.05, or 14:05 in English."""
    if value is None:
        return ""
    lang = language(locale)
    return _format_datetime(value, TIME_PATTERNS[lang], tzinfo=_zone(),
                            locale=FORMAT_LOCALES[lang])


def fmt_number(value: int | float | Decimal | None, locale: object = None) -> str:
    """1 234,5 in Finnish and Swedish, 1,234.5 in English."""
    return "" if value is None else _format_decimal(value, locale=format_locale(locale))


def fmt_money(value: int | float | Decimal | None, locale: object = None) -> str:
    """Whole euros: 125 000 € in Finnish and Swedish, €125,000 in English."""
    if value is None:
        return ""
    lang = language(locale)
    return _format_decimal(value, format=MONEY_PATTERNS[lang],
                           locale=FORMAT_LOCALES[lang]).replace("¤", "€")
