"""The funding calls an ecosystem's themes meet: the same concept ids the matcher finds in
calls, read from the calls' titles, summaries and keywords."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.models import User
from app.models.ecosystems import Ecosystem
from app.models.funding_calls import CallStatus, FundingCall
from app.services.ecosystems.themes import themes_in_text


def calls_on_themes(session: Session, actor: User, ecosystem: Ecosystem, *, limit: int = 10,
                    scan: int = 500) -> list[tuple[FundingCall, list[str]]]:
    """Open and forthcoming calls whose texts mention the ecosystem's themes (the matcher's
    concepts), most shared themes first, with the themes they share. Reads the ``scan`` calls
    closing soonest (continuous ones after them)."""
    authz.require(actor, "call.view")
    wanted = set(ecosystem.themes)
    if not wanted:
        return []
    stmt = (select(FundingCall)
            .where(FundingCall.status.in_([CallStatus.OPEN, CallStatus.FORTHCOMING]),
                   FundingCall.canonical_id.is_(None))
            .order_by(FundingCall.next_deadline_at.is_(None), FundingCall.next_deadline_at,
                      FundingCall.id).limit(scan))
    found = []
    for call in session.scalars(stmt):
        text = " ".join(filter(None, (call.title, call.summary, " ".join(call.keywords or []))))
        shared = sorted(wanted & set(themes_in_text(text, call.language or "en")))
        if shared:
            found.append((call, shared))
    found.sort(key=lambda pair: -len(pair[1]))
    return found[:limit]
