"""How near a deadline is, in the network's day: what the deadline chips on call and match
lists say (days left, in words and in colour; colour is never the only sign)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app import clock

URGENT_DAYS = 7
SOON_DAYS = 30


@dataclass(frozen=True, slots=True)
class Deadline:
    when: datetime | date
    days_left: int

    @property
    def urgency(self) -> str:
        """closed, urgent (a week or less), soon (a month or less) or later: the chip's class."""
        if self.days_left < 0:
            return "closed"
        if self.days_left <= URGENT_DAYS:
            return "urgent"
        return "soon" if self.days_left <= SOON_DAYS else "later"


def deadline(when: datetime | date | None, today: date | None = None) -> Deadline | None:
    """The deadline with the whole days left until its local date (0: closes today)."""
    if when is None:
        return None
    local = when.astimezone(clock.zone()).date() if isinstance(when, datetime) else when
    return Deadline(when, (local - (today or clock.today())).days)
