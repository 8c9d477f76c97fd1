"""When a digest is due: computed in the network's time zone (Europe/Helsinki) with zoneinfo, so
daylight-saving changes move nothing: a digest due Monday 07:00 is due at 07:00 local time in
the weeks of both the March and the October change (05:00 UTC in winter, 04:00 UTC in summer).

A period is an ISO week, named by its Monday's date in local time. A user's digest of a period is
due from their weekday and hour in that week onwards, so a check that runs late (the scheduler was
down at the due time) still finds it due, and the unique (user, period) row makes it happen once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_now(now: datetime, tz: ZoneInfo) -> datetime:
    """``now`` (aware, any zone) as wall-clock time in ``tz``."""
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    return now.astimezone(tz)


def period_of(now: datetime, tz: ZoneInfo) -> date:
    """The period (the Monday of the local ISO week) that ``now`` falls in."""
    day = local_now(now, tz).date()
    return day - timedelta(days=day.weekday())


def due_at(period: date, weekday: int, hour: int, tz: ZoneInfo) -> datetime:
    """The moment (in UTC) a digest of ``period`` is due: ``weekday`` (0 = Monday) at ``hour``
    local time. An hour the spring change skips (03:00 on its Sunday) is read with winter time,
    i.e. 04:00 summer time."""
    local = datetime.combine(period + timedelta(days=weekday), time(hour), tzinfo=tz)
    return local.astimezone(UTC)  # a skipped wall-clock time takes the pre-change offset


def is_due(now: datetime, weekday: int, hour: int, tz: ZoneInfo) -> bool:
    """Has this week's due time passed?"""
    return now >= due_at(period_of(now, tz), weekday, hour, tz)
