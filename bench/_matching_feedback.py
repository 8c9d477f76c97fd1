"""The feedback experiment of bench/eval_matcher.py: does learning weights from labels help?

5-fold cross-validation by company. For the training folds we simulate what staff would give
the feedback model: each training company's top-20 eligible matches (the main evaluation's
matcher: its default weights and text vectors), labelled relevant when the qrels grade them
>= 1 and not relevant otherwise, company after company in a seeded order (the stand-in for
time: there is no labelling time here). The app's rule then decides
(``feedback.train_held_back``): the newest quarter of that feedback is held back from training,
and the learned weights are adopted only when they rank it better than the defaults. The
adopted weights (or the defaults) rank the held-out fold's companies. Printed: each fold's
held-back AUC and nDCG, learned vs default, and whether the weights were adopted; then the
held-out companies' figures with the weights the app would use, beside the defaults.
"""

from __future__ import annotations

import random

from _matching_data import EvalData

from matching import Matcher
from matching.feedback import FeedbackExample, train_held_back

FOLDS = 5
SIMULATED_DEPTH = 20


def _folds(company_ids: list[str], seed: int = 7) -> list[list[str]]:
    ids = sorted(company_ids)
    random.Random(seed).shuffle(ids)
    return [ids[i::FOLDS] for i in range(FOLDS)]


def feedback_experiment(data: EvalData, matcher: Matcher | None = None) -> dict:
    """Run the cross-validation; print and return default vs learned figures. ``matcher``: the
    main evaluation's fitted matcher, so the experiment ranks with the same text vectors and
    weights and its default column is the main figure (without it: fitted here, no vectors)."""
    from eval_matcher import evaluate

    matcher = matcher or Matcher.fit(data.calls, data.companies)
    default_ranked = matcher.rank_all(data.today, top_n=SIMULATED_DEPTH, threshold=0.0)
    learned_rankings: dict[str, list[str]] = {}
    notes = []
    labelling_order = sorted(default_ranked)  # the order staff label companies in, seeded
    random.Random(11).shuffle(labelling_order)
    for fold in _folds([c.id for c in data.companies]):
        held_out = set(fold)
        training_ids = [cid for cid in labelling_order if cid not in held_out]
        examples = [
            FeedbackExample(s.components,
                            "relevant" if data.qrels.get(cid, {}).get(s.call_id, 0) >= 1
                            else "not_relevant", cid)
            for cid in training_ids for s in default_ranked[cid]
        ]
        outcome = train_held_back(examples, matcher.weights)
        m = outcome.measured
        figures = (f"held-back AUC {m.get('auc_learned')} vs {m.get('auc_current')}, "
                   f"nDCG {m.get('ndcg_learned')} vs {m.get('ndcg_current')} "
                   f"({m['training']} trained on, {m['held_back']} held back)")
        if outcome.adopted:
            model = matcher.with_weights(outcome.learned.weights)
            notes.append("adopted " + " ".join(f"{k}={getattr(outcome.learned.weights, k):.2f}"
                                               for k, _ in outcome.learned.coefficients)
                         + "; " + figures)
        else:
            model = matcher
            notes.append(f"defaults ({outcome.reason}); {figures}")
        ranked = model.rank_all(data.today, top_n=10, threshold=0.0)
        for cid in held_out:
            learned_rankings[cid] = [s.call_id for s in ranked[cid]]
    default_rankings = {cid: [s.call_id for s in scores[:10]]
                        for cid, scores in default_ranked.items()}
    base = evaluate(default_rankings, data)
    learned_result = evaluate(learned_rankings, data)
    print(f"\nFeedback experiment: {FOLDS}-fold by company, simulated labels on each training "
          f"company's top {SIMULATED_DEPTH}, newest quarter held back from training")
    for i, note in enumerate(notes, start=1):
        print(f"  fold {i}: {note}")
    print(f"  {'subset':8} {'default nDCG@10':>16} {'in use nDCG@10':>16} "
          f"{'default R@10':>13} {'in use R@10':>13}")
    for subset in ("overall", "fi-fi", "fi-en", "en-en"):
        print(f"  {subset:8} {base[subset]['ndcg@10']:16.3f} "
              f"{learned_result[subset]['ndcg@10']:16.3f} {base[subset]['r@10']:13.3f} "
              f"{learned_result[subset]['r@10']:13.3f}")
    print(f"  ineligible in top 10: default {base['ineligible_in_top10']}, "
          f"in use {learned_result['ineligible_in_top10']}")
    return {"default": base, "learned": learned_result, "weights": notes}
