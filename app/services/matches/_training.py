"""Training the matcher's relevance weights on staff feedback, and measuring the effect.

This module decides which feedback counts: each company-call pair counts once, with its latest
label (a match marked relevant, proposed, applied for and awarded is one good example, not
four), ordered by the time of that label. ``matching.feedback.train_held_back`` then holds the
newest quarter back from training and adopts the learned weights only when they rank that
held-back part better than the weights in use. ``train_feedback_weights`` stores every
training (adopted or not) and ``learning_state`` reads what the coordinators' page shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.models import User
from app.models.matches import MatcherState, MatchFeedback
from app.services import audit
from app.services._tx import committing
from app.services.matches import _cache as cache
from matching import Weights
from matching.feedback import OUTCOME_LABELS, FeedbackExample, train_held_back
from matching.relevance import COMPONENTS


@dataclass(frozen=True, slots=True)
class TrainResult:
    """The outcome of a training: ``weights`` (by component) when adopted, else None with the
    ``reason`` ("too_little_feedback", "too_little_held_back" or "no_better"); ``state`` is the
    stored row (stored whether adopted or not, so the page can show the last measurement)."""

    weights: dict[str, float] | None
    examples: int
    measured: dict[str, Any] | None
    reason: str
    state: MatcherState | None = None
    learned: dict[str, float] | None = None  # the learned weights, adopted or not


def examples_from_rows(rows: Iterable[Any]) -> list[FeedbackExample]:
    """(company_id, call_id, label, components) rows, oldest first -> one example per pair,
    its latest known label with the component scores of that moment, ordered by the time of
    that latest label (oldest first)."""
    latest: dict[tuple[int, int], FeedbackExample] = {}
    for company_id, call_id, label, components in rows:
        if label in OUTCOME_LABELS:
            latest.pop((company_id, call_id), None)  # re-inserted: the order follows the label
            latest[(company_id, call_id)] = FeedbackExample(dict(components or {}), label,
                                                            company_id)
    return list(latest.values())


def train_and_measure(examples: list[FeedbackExample], current: Weights) -> TrainResult:
    """Learn weights on the older feedback and measure them on the held-back newest part
    against ``current`` (see ``matching.feedback.train_held_back``)."""
    outcome = train_held_back(examples, current)
    learned = None if outcome.learned is None else {
        name: round(float(getattr(outcome.learned.weights, name)), 4) for name in COMPONENTS}
    measured = dict(outcome.measured) | {"adopted": outcome.adopted, "reason": outcome.reason}
    return TrainResult(learned if outcome.adopted else None, len(examples), measured,
                       outcome.reason, learned=learned)


def train_feedback_weights(session: Session) -> TrainResult:
    """Retrain the relevance weights on staff feedback (each company-call pair's latest label).

    The newest quarter of the feedback is held back from training; the learned weights are
    used from the next ranking on only when they rank that held-back part better than the
    weights in use (``matching.feedback.train_held_back``). Every training is stored as a
    ``MatcherState`` with its measurement, ``adopted`` or not, so the learning page can say
    why the weights stand; an audit event records it. Weights only reorder eligible calls: no
    feedback can let an ineligible call through. Commits.
    """
    rows = session.execute(
        select(MatchFeedback.company_id, MatchFeedback.call_id, MatchFeedback.label,
               MatchFeedback.components).order_by(MatchFeedback.created_at, MatchFeedback.id))
    _state_id, current = cache.learned_weights(session)
    result = train_and_measure(examples_from_rows(rows), current)
    with committing(session):
        state = MatcherState(weights=result.learned or {}, examples=result.examples,
                             measured=result.measured, adopted=result.weights is not None)
        session.add(state)
        session.flush()
        audit.record(session, None, "matcher.train", entity="matcher_state", entity_id=state.id,
                     city_id=None, after={"weights": result.learned,
                                          "adopted": state.adopted,
                                          "examples": result.examples,
                                          "measured": result.measured})
    return TrainResult(result.weights, result.examples, result.measured, result.reason, state,
                       result.learned)


@dataclass(frozen=True, slots=True)
class LearningState:
    """What the learning page shows: the adopted row in use (None: the defaults), the last
    training (None: never trained) and the default weights."""

    in_use: MatcherState | None
    last: MatcherState | None
    defaults: dict[str, float]


def learning_state(session: Session, actor: User) -> LearningState:
    """The weights in use and the last training, for the coordinators' learning page."""
    authz.require(actor, "network.settings")
    newest = select(MatcherState).order_by(MatcherState.id.desc())
    defaults = {name: float(getattr(Weights(), name)) for name in COMPONENTS}
    return LearningState(session.scalars(newest.where(MatcherState.adopted.is_(True))).first(),
                         session.scalars(newest).first(), defaults)
