"""The demo's calls (the evaluation pool) are stored as a harvest would store them: EU topics
with their topic identifier, keywords without the portal's round and stage phrases."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models.funding_calls import FundingCall
from app.services.demo.calls import seed_demo_calls
from config import BASE_DIR

POOL = BASE_DIR / "eval" / "dev" / "calls.jsonl"


def test_demo_calls_carry_topic_ids_and_clean_keywords(session):
    assert seed_demo_calls(session, POOL) > 50
    calls = list(session.scalars(select(FundingCall)))
    eu = [c for c in calls if c.source_id.startswith("HORIZON-")]
    assert eu and all(c.topic_identifier == c.source_id for c in eu)
    national = [c for c in calls if c.source_id.startswith("bf-")]
    assert national and all(c.topic_identifier is None for c in national)
    keywords = [k for c in calls for k in c.keywords]
    assert keywords
    assert not [k for k in keywords if re.search(r"single.stage|two.stage|\(20\d\d", k, re.I)]
    assert "Circular economy and biobased sectors" in keywords


def test_demo_calls_are_found_by_the_calls_search(session, make_user):
    from app.models import Role
    from app.services.funding.calls import CallFilters, list_calls

    seed_demo_calls(session, POOL)
    viewer = make_user(Role.VIEWER)
    for text in ("HORIZON-CL6-2027-02-CLIMATE-03", "carbon farming"):
        found = list_calls(session, viewer, CallFilters(text=text))
        assert [c.source_id for c in found.items] == ["HORIZON-CL6-2027-02-CLIMATE-03"], text
