"""The values in a table's cells, read the way Finnish offices write them: decimals with a comma
and spaces (1 234,50), dates as 31.12.2026, ISO or an Excel serial day. Used by the readers of
company lists and call tables; connectors/tabular.py reads the table itself."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0 of the 1900 date system (with Excel's leap bug)
SERIAL_RANGE = (25_569, 73_050)  # 1.1.1970 - 31.12.2099: plausible dates, not years or amounts
# the dates any table may hold (app.limits has the same bounds): 0001-01-01 or 9999-12-31 are
# typing errors, and a deadline on them overflows when it is converted to UTC
DATE_RANGE = (date(1900, 1, 1), date(2999, 12, 31))
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def parse_decimal(text: str | None) -> Decimal | None:
    """A number written the Finnish or the English way, or None when it is not a number.

    Spaces (also no-break and thin) and apostrophes group thousands; a lone comma is the
    decimal comma ("1 234,50"); with both "." and ",", the last one is the decimal point
    ("1.234,50", "1,234.50"); repeated separators group thousands ("1.234.567").
    "12 %", "€ 1 200" and "1 200 EUR" give the number alone; "−" (minus sign) is a minus.
    """
    if text is None:
        return None
    value = str(text).strip().replace("\u2212", "-")
    value = re.sub(r"(?i)^(€|eur)\s*|\s*(€|eur|%)$", "", value)
    value = _SPACES.sub("", value)
    if not value:
        return None
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        value = value.replace(thousands, "")
    elif value.count(",") > 1:
        value = value.replace(",", "")
    elif value.count(".") > 1:
        value = value.replace(".", "")
    value = value.replace(",", ".")
    if not _NUMBER.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


_FI_DATE = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4}|\d{2})\.?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")


def parse_date(text: str | None) -> date | None:
    """A date from "28.11.2026", "28.11.26", "2026-11-28" (a time after it is ignored) or an
    Excel serial day number such as "46354"; None when it is none of these or no real date.

    Two-digit years are 2000-2069 and 1970-1999. Serial numbers count only between 1970 and
    2099, so a year ("2026") or an amount is never read as a date. Dates outside ``DATE_RANGE``
    (1900-2999) are None.
    """
    if text is None:
        return None
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match and _date_end(value, match.end()):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    match = _FI_DATE.match(value)
    if match and _date_end(value, match.end()):
        year = int(match[3])
        if len(match[3]) == 2:
            year += 2000 if year < 70 else 1900
        return _safe_date(year, int(match[2]), int(match[1]))
    match = _SERIAL.fullmatch(value)
    if match and SERIAL_RANGE[0] <= int(match[1]) <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + timedelta(days=int(match[1]))
    return None


def _date_end(value: str, end: int) -> bool:
    """A date must end the text or be followed by a time ("T16:15", " klo 16.15")."""
    return end == len(value) or value[end] in "T \t"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if DATE_RANGE[0] <= value <= DATE_RANGE[1] else None
