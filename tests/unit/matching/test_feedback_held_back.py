"""Learned weights earn their place on a held-back, newest part of the feedback."""

from __future__ import annotations

import random

import pytest

import matching.feedback as feedback
from matching import COMPONENTS, Weights
from matching.feedback import (
    HELD_BACK_SHARE,
    MIN_LABELS,
    FeedbackExample,
    auc,
    ndcg_per_company,
    split_held_back,
    train_held_back,
)


def _examples(n: int, informative: bool, seed: int = 1) -> list[FeedbackExample]:
    """n examples over 8 companies, oldest first. Informative: the label follows ``char`` (a
    component the default weights count little), the others are noise."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        good = rng.random() < 0.5
        comps = {name: rng.random() for name in COMPONENTS}
        if informative:
            comps["char"] = 0.7 + 0.3 * rng.random() if good else 0.3 * rng.random()
        out.append(FeedbackExample(comps, "relevant" if good else "not_relevant", i % 8))
    return out


def test_the_newest_quarter_is_held_back_and_never_trained_on(monkeypatch):
    examples = _examples(80, informative=True)
    training, held = split_held_back(examples)
    assert len(held) == int(80 * HELD_BACK_SHARE) and training + held == examples
    assert held == examples[-len(held):]  # the newest, by the order given
    seen: list[FeedbackExample] = []
    real_train = feedback.train

    def spy(batch, *args, **kwargs):
        batch = list(batch)
        seen.extend(batch)
        return real_train(batch, *args, **kwargs)

    monkeypatch.setattr(feedback, "train", spy)
    train_held_back(examples, Weights())
    assert seen == training and not {id(e) for e in seen} & {id(e) for e in held}


def test_weights_are_adopted_when_they_improve_the_held_back_part():
    result = train_held_back(_examples(120, informative=True), Weights())
    assert result.adopted and result.reason == "adopted"
    m = result.measured
    assert m["auc_learned"] >= m["auc_current"] + feedback.MARGIN
    assert m["ndcg_learned"] >= m["ndcg_current"]
    assert (m["training"], m["held_back"]) == (90, 30) and m["split"] == feedback.SPLIT_RULE
    assert result.learned.weights.char > Weights().char


def test_weights_are_rejected_when_labels_are_random():
    adopted = [train_held_back(_examples(120, informative=False, seed=s), Weights()).adopted
               for s in range(60)]
    assert sum(adopted) <= 6  # noise may win by the margin now and then (<= 10 %), not as a rule
    result = train_held_back(_examples(120, informative=False, seed=3), Weights())
    assert not result.adopted and result.reason == "no_better"
    m = result.measured
    assert (m["auc_learned"] < m["auc_current"] + feedback.MARGIN
            or m["bootstrap_wins"] < feedback.CONFIDENCE)


def test_too_little_feedback_trains_nothing():
    # enough labels overall, but not once the held-back quarter is taken away
    result = train_held_back(_examples(MIN_LABELS + 2, informative=True), Weights())
    assert not result.adopted and result.reason == "too_little_feedback"
    assert result.learned is None and result.measured["training"] < MIN_LABELS


def test_a_held_back_part_of_one_class_compares_nothing():
    examples = _examples(80, informative=True)
    newest = [FeedbackExample(e.components, "relevant", e.company) for e in examples[60:]]
    result = train_held_back(examples[:60] + newest, Weights())
    assert not result.adopted and result.reason == "too_little_held_back"


def test_auc_and_ndcg_measure_the_ranking():
    good = FeedbackExample({"concept": 0.9}, "relevant", 1)
    bad = FeedbackExample({"concept": 0.1}, "not_relevant", 1)
    assert auc([good, bad], Weights()) == pytest.approx(1.0)
    assert ndcg_per_company([good, bad], Weights()) == pytest.approx(1.0)
    flipped = [FeedbackExample({"concept": 0.1}, "relevant", 1),
               FeedbackExample({"concept": 0.9}, "not_relevant", 1)]
    assert auc(flipped, Weights()) == pytest.approx(0.0)
    assert ndcg_per_company(flipped, Weights()) == pytest.approx(1 / 1.5849625, rel=1e-4)
    assert ndcg_per_company([FeedbackExample({"concept": 0.5}, "relevant")], Weights()) is None


def test_the_fast_auc_agrees_with_scikit_learn():
    import numpy as np
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    score = np.round(rng.random(200), 1)  # ties included
    w = rng.choice([0.5, 1.0], 200)
    assert feedback._weighted_auc(y, score, w) == pytest.approx(
        roc_auc_score(y, score, sample_weight=w))
