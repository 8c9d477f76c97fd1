"""Training the matcher's relevance weights on staff feedback, and measuring the effect.

``matching.feedback.train`` learns the weights (a logistic regression over the component scores)
and declines with too little feedback. This module decides which feedback counts and whether
the learned weights are adopted: each company-call pair counts once, with its latest label
(a match marked relevant, proposed, applied for and awarded is one good example, not four), and
the learned weights must rank the feedback at least as well as the weights in use. The ranking
quality is the ROC AUC of the weighted component sum, cross-validated over ``FOLDS`` folds when
every training part is large enough to train on, else measured on the feedback itself (noted as
``in-sample``). No clock, no writes: ``services.matching.train_feedback_weights`` stores.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.models.matches import MatcherState
from matching import Weights
from matching.feedback import OUTCOME_LABELS, FeedbackExample, train
from matching.relevance import COMPONENTS

FOLDS = 5
_SEED = 7


@dataclass(frozen=True, slots=True)
class TrainResult:
    """The outcome of a training: ``weights`` (by component) when adopted, else None with the
    ``reason`` ("too_little_feedback" or "no_better"); ``state`` is the stored row."""

    weights: dict[str, float] | None
    examples: int
    measured: dict[str, Any] | None
    reason: str
    state: MatcherState | None = None


def examples_from_rows(rows: Iterable[Any]) -> list[FeedbackExample]:
    """(company_id, call_id, label, components) rows, oldest first -> one example per pair,
    its latest known label with the component scores of that moment."""
    latest: dict[tuple[int, int], FeedbackExample] = {}
    for company_id, call_id, label, components in rows:
        if label in OUTCOME_LABELS:
            latest[(company_id, call_id)] = FeedbackExample(dict(components or {}), label)
    return list(latest.values())


def _arrays(examples: list[FeedbackExample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray([[float(dict(e.components).get(n, 0.0)) for n in COMPONENTS]
                    for e in examples], dtype=np.float64).reshape(-1, len(COMPONENTS))
    y = np.asarray([OUTCOME_LABELS[e.label][0] for e in examples], dtype=np.int64)
    w = np.asarray([OUTCOME_LABELS[e.label][1] for e in examples], dtype=np.float64)
    return x, y, w


def _auc(x: np.ndarray, y: np.ndarray, w: np.ndarray, weights: Weights) -> float | None:
    """ROC AUC of the weighted component sum (None when one class is missing)."""
    from sklearn.metrics import roc_auc_score

    if len(set(y.tolist())) < 2:
        return None
    return float(roc_auc_score(y, x @ weights.as_array().astype(np.float64), sample_weight=w))


def _folds(n: int) -> list[np.ndarray]:
    order = list(range(n))
    random.Random(_SEED).shuffle(order)
    return [np.asarray(order[i::FOLDS]) for i in range(FOLDS)]


def _cross_validated(examples: list[FeedbackExample], current: Weights) -> dict[str, Any] | None:
    """Mean held-out AUC of weights learned without each fold, against the current weights;
    None when some training part is too small to learn from."""
    x, y, w = _arrays(examples)
    learned_auc, current_auc = [], []
    for held in _folds(len(examples)):
        mask = np.ones(len(examples), dtype=bool)
        mask[held] = False
        learned = train([e for e, keep in zip(examples, mask, strict=True) if keep])
        if learned is None:
            return None
        a = _auc(x[held], y[held], w[held], learned.weights)
        b = _auc(x[held], y[held], w[held], current)
        if a is not None and b is not None:
            learned_auc.append(a)
            current_auc.append(b)
    if not learned_auc:
        return None
    return {"method": f"{FOLDS}-fold", "auc_learned": round(float(np.mean(learned_auc)), 4),
            "auc_current": round(float(np.mean(current_auc)), 4)}


def train_and_measure(examples: list[FeedbackExample], current: Weights) -> TrainResult:
    """Learn weights from the examples and measure them against ``current`` (see module)."""
    learned = train(examples)
    if learned is None:
        return TrainResult(None, len(examples), None, "too_little_feedback")
    measured = _cross_validated(examples, current)
    if measured is None:
        x, y, w = _arrays(examples)
        measured = {"method": "in-sample",
                    "auc_learned": round(_auc(x, y, w, learned.weights) or 0.0, 4),
                    "auc_current": round(_auc(x, y, w, current) or 0.0, 4)}
    measured |= {"positives": learned.n_positive, "negatives": learned.n_negative,
                 "coefficients": dict(learned.coefficients)}
    if measured["auc_learned"] < measured["auc_current"]:
        return TrainResult(None, learned.n_examples, measured, "no_better")
    weights = {name: round(float(getattr(learned.weights, name)), 4) for name in COMPONENTS}
    return TrainResult(weights, learned.n_examples, measured, "adopted")
