"""The feedback experiment of bench/eval_matcher.py: does learning weights from labels help?

5-fold cross-validation by company. For the training folds we simulate what staff would give
the feedback model: each training company's top-20 eligible matches (default weights),
labelled relevant when the qrels grade them >= 1 and not relevant otherwise. The learned
weights (or the defaults, when ``feedback.train`` says there is too little) then rank the
held-out fold's companies. Figures for default and learned weights are printed side by side
over the same companies; they are reported, not assumed to improve anything.
"""

from __future__ import annotations

import random

from _matching_data import EvalData

from matching import Matcher
from matching.feedback import FeedbackExample, train

FOLDS = 5
SIMULATED_DEPTH = 20


def _folds(company_ids: list[str], seed: int = 7) -> list[list[str]]:
    ids = sorted(company_ids)
    random.Random(seed).shuffle(ids)
    return [ids[i::FOLDS] for i in range(FOLDS)]


def feedback_experiment(data: EvalData) -> dict:
    """Run the cross-validation; print and return default vs learned figures."""
    from eval_matcher import evaluate

    matcher = Matcher.fit(data.calls, data.companies)
    default_ranked = matcher.rank_all(data.today, top_n=SIMULATED_DEPTH, threshold=0.0)
    learned_rankings: dict[str, list[str]] = {}
    notes = []
    for fold in _folds([c.id for c in data.companies]):
        held_out = set(fold)
        examples = [
            FeedbackExample(s.components,
                            "relevant" if data.qrels.get(cid, {}).get(s.call_id, 0) >= 1
                            else "not_relevant")
            for cid, scores in default_ranked.items() if cid not in held_out
            for s in scores
        ]
        learned = train(examples)
        model = matcher if learned is None else matcher.with_weights(learned.weights)
        notes.append("defaults (too little feedback)" if learned is None else
                     " ".join(f"{k}={getattr(learned.weights, k):.2f}"
                              for k, _ in learned.coefficients))
        ranked = model.rank_all(data.today, top_n=10, threshold=0.0)
        for cid in held_out:
            learned_rankings[cid] = [s.call_id for s in ranked[cid]]
    default_rankings = {cid: [s.call_id for s in scores[:10]]
                        for cid, scores in default_ranked.items()}
    base = evaluate(default_rankings, data)
    learned_result = evaluate(learned_rankings, data)
    print(f"\nFeedback experiment: {FOLDS}-fold by company, simulated labels on each training "
          f"company's top {SIMULATED_DEPTH}")
    for i, note in enumerate(notes, start=1):
        print(f"  fold {i} weights: {note}")
    print(f"  {'subset':8} {'default nDCG@10':>16} {'learned nDCG@10':>16} "
          f"{'default R@10':>13} {'learned R@10':>13}")
    for subset in ("overall", "fi-fi", "fi-en", "en-en"):
        print(f"  {subset:8} {base[subset]['ndcg@10']:16.3f} "
              f"{learned_result[subset]['ndcg@10']:16.3f} {base[subset]['r@10']:13.3f} "
              f"{learned_result[subset]['r@10']:13.3f}")
    print(f"  ineligible in top 10: default {base['ineligible_in_top10']}, "
          f"learned {learned_result['ineligible_in_top10']}")
    return {"default": base, "learned": learned_result, "weights": notes}
