"""The one clock of Veturi: every "today" and "now" in app/ comes from here.

Dates the staff see and deadlines are checked on are local to the network (config ``TIMEZONE``,
Europe/Helsinki by default): ``today()`` and ``now()``. Stored timestamps are UTC (``utcnow()``,
also the models' default), shown in the network's zone by the presentation layer. Nothing else
in app/ reads the system time (tests/test_architecture.py enforces it), so a test can pin the
time in one place. ``matching/`` and ``connectors/`` stay pure: they take ``today`` as an
argument, which the services get here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/Helsinki"


def zone() -> ZoneInfo:
    """The network's time zone: config ``TIMEZONE`` inside an app, else Europe/Helsinki."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC: what timestamps are stored as."""
    return datetime.now(UTC)


def now() -> datetime:
    """The current instant in the network's time zone."""
    return utcnow().astimezone(zone())


def today() -> date:
    """Today's date in the network's time zone (the date deadlines and due dates are checked on)."""
    return now().date()
