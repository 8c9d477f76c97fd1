"""The development-set evaluation as a test: Veturi must beat BM25 by 20 % in nDCG@10 and
put no ineligible call in any top 10 (bench/eval_matcher.py, README rules)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_dev_eval_beats_bm25_and_ranks_nothing_ineligible(dev_data, dev_matcher):
    pytest.importorskip("bm25s")
    from eval_matcher import bm25_rankings, evaluate, veturi_rankings

    veturi = evaluate(veturi_rankings(dev_data, dev_matcher)[0], dev_data)
    bm25 = evaluate(bm25_rankings(dev_data), dev_data)
    assert veturi["ineligible_in_top10"] == 0
    assert veturi["overall"]["ndcg@10"] >= 1.2 * bm25["overall"]["ndcg@10"]
    assert veturi["fi-en"]["r@10"] >= 0.6


def test_run_file_format(tmp_path, dev_data, dev_matcher):
    from eval_matcher import veturi_rankings, write_run

    rankings, scores = veturi_rankings(dev_data, dev_matcher)
    path = tmp_path / "run.tsv"
    write_run(str(path), rankings, scores)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "company_id\tcall_id\trank\tscore"
    rows = [line.split("\t") for line in lines[1:]]
    assert {r[0] for r in rows} == {c.id for c in dev_data.companies}
    assert all(1 <= int(r[2]) <= 10 for r in rows)


def test_the_feedback_experiments_defaults_are_the_main_figures(dev_data):
    """The feedback experiment ranks with the main evaluation's matcher (its text vectors and
    weights), so its default column is the main figure, embedding component included."""
    from _embeddings import eval_embeddings
    from _matching_feedback import feedback_experiment
    from eval_matcher import evaluate, veturi_rankings

    from app.embedding import MODEL_ID
    from matching import Matcher

    vectors = eval_embeddings(dev_data, str(ROOT / "eval" / "dev"), model_id=MODEL_ID)
    if vectors is None:
        pytest.skip("the development vectors are neither cached nor can be made here")
    matcher = Matcher.fit(dev_data.calls, dev_data.companies, embeddings=vectors)
    main = evaluate(veturi_rankings(dev_data, matcher)[0], dev_data)
    without = evaluate(veturi_rankings(dev_data, matcher.with_weights(
        dataclasses.replace(matcher.weights, embedding=0.0, cross_embedding=0.0)))[0], dev_data)
    assert main["overall"] != without["overall"]  # the vectors move the figures here
    assert feedback_experiment(dev_data, matcher)["default"] == main
