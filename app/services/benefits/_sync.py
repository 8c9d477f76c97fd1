"""The match's status and its application's state follow each other.

An application's changes move its match (done by the use cases, ``match_status_for``). A match
moved on its own (``matching.set_status``) moves its application: a listener on every flush
looks for matches whose status changed and brings their applications along, with an audit event,
so no entry point of the match workflow has to remember it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.models import AuditEvent
from app.models.base import utcnow
from app.models.benefits import Application, Outcome
from app.models.matches import Match, MatchStatus


def match_status_for(application: Application) -> MatchStatus:
    """The match status an application stands for."""
    if application.outcome is Outcome.AWARDED:
        return MatchStatus.AWARDED
    if application.outcome is Outcome.NOT_AWARDED:
        return MatchStatus.NOT_AWARDED
    if application.outcome is Outcome.WITHDRAWN:
        return MatchStatus.NOT_RELEVANT
    return MatchStatus.SUBMITTED if application.submitted_on else MatchStatus.APPLYING


_OUTCOME_FOR = {
    MatchStatus.AWARDED: Outcome.AWARDED,
    MatchStatus.NOT_AWARDED: Outcome.NOT_AWARDED,
    MatchStatus.NOT_RELEVANT: Outcome.WITHDRAWN,
}


def _changed_matches(session: Session) -> list[Match]:
    found = []
    for row in session.dirty:
        if isinstance(row, Match) and inspect(row).attrs.status.history.has_changes():
            found.append(row)
    return found


def _follow(session: Session, flush_context: Any, instances: Any) -> None:
    matches = _changed_matches(session)
    if not matches:
        return
    by_id = {m.id: m for m in matches}
    with session.no_autoflush:
        rows = session.scalars(select(Application).where(Application.match_id.in_(by_id)))
        for application in rows:
            match = by_id[application.match_id]  # type: ignore[index]
            wanted = _OUTCOME_FOR.get(match.status, Outcome.PENDING)
            if wanted is application.outcome or match_status_for(application) is match.status:
                continue
            before = application.outcome.value
            application.outcome = wanted
            session.add(AuditEvent(
                at=utcnow(), actor_id=match.status_changed_by_id, action="application.outcome",
                entity="application", entity_id=application.id,
                city_id=match.company.city_id, before={"outcome": before},
                after={"outcome": wanted.value, "from_match": match.id}))


def install() -> None:
    """Listen on every session's flush (once)."""
    if not event.contains(Session, "before_flush", _follow):
        event.listen(Session, "before_flush", _follow)
