# ruff: noqa: F811  (the fixtures imported from test_matches)
"""Calls whose deadline passed leave the lists at the next call-driven rematch: a deadline
counts on its own local date, and the candidates are read with a bound in the network's time
zone, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from app.services import matches
from tests.services.test_matches import (  # noqa: F401  (fixtures)
    TODAY,
    _fresh_matcher,
    make_call,
    stored,
    town,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = TODAY + timedelta(days=10)  # the day the rematch runs on


def _at(day, hour, minute, zone):
    return datetime.combine(day, datetime.min.time(), zone).replace(hour=hour, minute=minute)


def _deadline_calls(session, make_call):
    """Robotics calls (on the metal shop's list today) whose deadlines fall around ``DAY``."""
    def call(title, deadline):
        return make_call(title, "Tuki pk-yritysten automaatio- ja robotiikkainvestointeihin.",
                         keywords=["automaatio", "robotiikka"], deadline=deadline)

    return {
        # 23.30 Brussels the day before: already DAY in Helsinki, yet its own date has passed
        "late_brussels": call("Robotiikka EU", _at(DAY - timedelta(days=1), 23, 30, BRUSSELS)),
        "this_evening": call("Robotiikka tänään", _at(DAY, 23, 30, HELSINKI)),
        "tomorrow": call("Robotiikka huomenna", _at(DAY + timedelta(days=1), 0, 30, HELSINKI)),
    }


def test_a_deadline_passed_on_its_own_date_leaves_the_lists(session, town, make_call):
    _staff, metal, _bakery, _calls = town
    calls = _deadline_calls(session, make_call)
    matches.rematch(session, today=TODAY, full=True)
    assert all(stored(session, metal, c) is not None for c in calls.values())
    assert calls["late_brussels"].id in matches._expired_calls(session, DAY)
    assert {calls["this_evening"].id, calls["tomorrow"].id}.isdisjoint(
        matches._expired_calls(session, DAY))
    matches.after_harvest(session, datetime.now(UTC), today=DAY)
    assert stored(session, metal, calls["late_brussels"]) is None
    assert stored(session, metal, calls["this_evening"]) is not None
    assert stored(session, metal, calls["tomorrow"]) is not None


def test_the_candidates_are_the_calls_due_before_tomorrow_begins_in_helsinki(
        session, town, make_call, monkeypatch):
    _staff, _metal, _bakery, _calls = town
    calls = _deadline_calls(session, make_call)
    matches.rematch(session, today=TODAY, full=True)
    assert matches._expiry_bound(DAY) == _at(DAY + timedelta(days=1), 0, 0, HELSINKI)
    monkeypatch.setattr(matches, "call_failures", lambda call, today: ["read"])
    read = set(matches._expired_calls(session, DAY))  # every call the query let through
    assert {calls["late_brussels"].id, calls["this_evening"].id} <= read
    assert calls["tomorrow"].id not in read  # due after the bound: not even read
