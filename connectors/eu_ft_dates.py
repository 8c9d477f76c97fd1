"""EU Funding & Tenders dates: Brussels deadlines and a call's state derived from its dates.

The portal's own rule is that a deadline falls at 17:00 Brussels time unless stated otherwise, but
the search API writes deadlines in several inconsistent ways (NOTES.md §1.6 item 6):

* current rows: ``"2027-04-08T00:00:00.000+0000"``: midnight "UTC" standing for a *date* only,
  so the deadline is 17:00 Europe/Brussels on that date;
* legacy rows: ``"2024-02-07T17:00:00.000+0000"``: Brussels wall-clock time mislabelled as UTC,
  so 17:00 is read as Brussels time, not UTC;
* a real, non-zero offset (``...T19:00:00.000+0200``) is a genuine instant and is only converted;
* the embedded ``actions`` JSON gives plain ``"2026-11-26"`` dates (17:00 Brussels);
* the portal's RSS writes ``"Thu, 26 Sep 2024 17:00:00 (Brussels local time)"``;
* ``grantsTenders.json`` gives epoch milliseconds (a genuine instant).

Every form becomes a timezone-aware ``datetime`` in ``Europe/Brussels`` (zoneinfo), so the UI can
show it in Helsinki time (17:00 Brussels = 18:00 Helsinki).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from connectors.call_dates import status_on

BRUSSELS = ZoneInfo("Europe/Brussels")
EU_CUTOFF = time(17, 0)

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
_RSS = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?(\d{1,2}\s+[A-Za-z]{3}\s+\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*\(Brussels local time\)$",
    re.IGNORECASE,
)


def parse_eu_deadline(value: str | int | float) -> datetime:
    """A deadline in any of the portal's forms, as an aware Europe/Brussels datetime.

    Raises ``ValueError`` for anything else, so a changed format is noticed, not guessed.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC).astimezone(BRUSSELS)
    text = str(value).strip()
    if text.isdigit() and len(text) >= 12:
        return datetime.fromtimestamp(int(text) / 1000, UTC).astimezone(BRUSSELS)
    rss = _RSS.match(text)
    if rss:
        day = datetime.strptime(rss.group(1), "%d %b %Y").date()
        clock = time(int(rss.group(2)), int(rss.group(3)), int(rss.group(4) or 0))
        return datetime.combine(day, clock, BRUSSELS)
    iso = _ISO.match(text)
    if not iso:
        raise ValueError(f"unknown EU deadline format: {text!r}")
    year, month, day_, hour, minute, second, offset = iso.groups()
    day = date(int(year), int(month), int(day_))
    if hour is None:
        return datetime.combine(day, EU_CUTOFF, BRUSSELS)
    clock = time(int(hour), int(minute), int(second or 0))
    delta = _offset(offset)
    if delta is None or delta == timedelta(0):
        if clock == time(0, 0):
            return datetime.combine(day, EU_CUTOFF, BRUSSELS)
        return datetime.combine(day, clock, BRUSSELS)
    return datetime.combine(day, clock, timezone(delta)).astimezone(BRUSSELS)


def parse_eu_date(value: str) -> date:
    """The calendar date of an opening date such as ``"2026-08-25T00:00:00.000+0000"``."""
    iso = _ISO.match(str(value).strip())
    if not iso:
        raise ValueError(f"unknown EU date format: {value!r}")
    year, month, day, *_ = iso.groups()
    return date(int(year), int(month), int(day))


def _offset(text: str | None) -> timedelta | None:
    if text is None:
        return None
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def effective_status(
    *,
    today: date,
    opening: date | None,
    deadlines: Sequence[datetime],
    api_status: str | None,
) -> str | None:
    """The call's state on ``today``, from its dates where they decide it.

    The API's status code lags (legacy rows stay "open" years after their deadline), so dates
    win whenever they disagree with it: before the opening date the call is forthcoming; after
    the day of its last deadline (Brussels calendar date) it is closed; between the two it is
    open. Only when the dates cannot decide (no opening date, or no dates at all) is the API's
    status code used, and an unknown code gives ``None``.
    """
    last = max(deadlines).astimezone(BRUSSELS).date() if deadlines else None
    return status_on(today, opening=opening, closing=last, fallback=api_status)
