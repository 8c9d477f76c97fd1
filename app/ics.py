"""Calendar files (.ics) for follow-up tasks and call deadlines, built with ``icalendar``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from app import clock


@dataclass(frozen=True, slots=True)
class IcsEvent:
    """One calendar entry: an all-day date or a point in time (a deadline)."""

    uid: str
    summary: str
    start: date | datetime
    description: str | None = None
    url: str | None = None
    remind_before: timedelta | None = None
    end: datetime | None = None  # a meeting's end; a point in time ends where it starts
    location: str | None = None


def calendar_bytes(events: list[IcsEvent], *, name: str = "Veturi") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Veturi//veturi//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = clock.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        if isinstance(item.start, datetime):
            event.add("dtend", item.end or item.start)
        else:
            event.add("dtend", item.start + timedelta(days=1))
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        if item.remind_before is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", -item.remind_before)
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
