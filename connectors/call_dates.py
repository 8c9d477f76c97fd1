"""Date rules shared by the call connectors: a call's state from its dates, Finnish end of day.

Every source has a status field of its own (SEDIA codes, EURA ``tila``) and every one of them
lags behind the calendar somewhere, so the state is computed from the dates whenever they decide
it and the source's own status is only the fallback.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
END_OF_DAY = time(23, 59)


def status_on(
    today: date, *, opening: date | None, closing: date | None, fallback: str | None
) -> str | None:
    """``forthcoming`` before ``opening``, ``closed`` after the ``closing`` day, else ``open``.

    The closing day itself still counts as open (deadlines fall late in the day). Without an
    opening date the dates cannot tell forthcoming from open, so ``fallback`` (the source's own
    status, possibly None) is returned unless the closing day has passed.
    """
    if opening is not None and today < opening:
        return "forthcoming"
    if closing is not None and today > closing:
        return "closed"
    if opening is not None:
        return "open"
    return fallback


def end_of_day(day: date, tz: ZoneInfo = HELSINKI) -> datetime:
    """The last minute of ``day`` in ``tz``: how Finnish authorities' inclusive end dates read."""
    return datetime.combine(day, END_OF_DAY, tz)
