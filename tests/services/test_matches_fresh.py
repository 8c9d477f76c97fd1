"""The lists of companies with no stored rows, built and formatted as arrays
(``app/services/matches/_fresh.py``), are exactly what the row-by-row path builds and writes."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from app.services.matches import _bulk
from app.services.matches._fresh import FreshRows, copy_text, fresh_rows
from matching import Ranking

NAMES = ("concept", "word", "char", "industry", "targeting", "embedding")
NOW = datetime(2026, 12, 4, 17, 30, 1, 123456, tzinfo=UTC)


def _rows(scores: list[float], comps: list[list[float]], company: list[int] | None = None,
          ) -> FreshRows:
    n = len(scores)
    return FreshRows(np.asarray(company or [7] * n, dtype=np.int64),
                     np.arange(100, 100 + n, dtype=np.int64) * 997,
                     np.asarray(scores, dtype=np.float64), np.arange(1, n + 1),
                     np.asarray(comps, dtype=np.float64).reshape(n, len(NAMES)),
                     np.arange(1, n + 1) % 3 + 1, NAMES)


def _row_by_row(rows: FreshRows) -> bytes:
    stamp = NOW.isoformat()
    return "".join(_bulk._inserted(r, stamp) for r in rows.as_inserts(NOW, "new")).encode()


def test_the_lines_built_as_arrays_are_the_row_by_row_lines():
    edge = [0.0, -0.0, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.1234, 0.5, 0.9999, 1.0, 10.0, 12.5,
            99.99, 100.0, -0.25, -3.0001, 1234567.8912, 0.3, 0.7, 2.675]
    companies = [0, 1, 9, 10, 99, 100, 12345, 2**31 - 1, *range(13)]
    # the usual values (looked up in a table) and, with a negative or large one among them,
    # the same spelt digit by digit
    for values in ([v for v in edge if 0 <= v < 100 and repr(v)[0] != "-"], edge):
        comps = [[round(v, 4)] * len(NAMES) for v in values]
        rows = _rows([round(v, 2) for v in values], comps, company=companies[:len(values)])
        assert copy_text(rows, NOW.isoformat(), "new") == _row_by_row(rows)
    random = np.random.default_rng(4)
    for scale in (1.0, 100.0, 1e6):
        n = 3000
        values = random.uniform(-scale, scale, (n, len(NAMES))).astype(np.float32)
        rows = _rows(np.round(random.uniform(0, scale, n).astype(np.float32).astype(np.float64),
                              2).tolist(),
                     np.round(values.astype(np.float64), 4).tolist(),
                     company=random.integers(1, 10**7, n).tolist())
        text = copy_text(rows, NOW.isoformat(), "new")
        assert text == _row_by_row(rows) and text.count(b"\n") == n


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), 1e17])
def test_values_the_arrays_cannot_write_as_repr_are_left_to_the_row_by_row_path(bad):
    rows = _rows([12.5, 13.0], [[0.5] * len(NAMES), [bad, *[0.5] * (len(NAMES) - 1)]])
    assert copy_text(rows, NOW.isoformat(), "new") is None
    assert copy_text(_rows([bad], [[0.5] * len(NAMES)]), NOW.isoformat(), "new") is None
    assert copy_text(_rows([12.5], [[0.5] * len(NAMES)], company=[-3]), NOW.isoformat(),
                     "new") is None  # ids are never negative; were one, it is not looked up


def test_fresh_lists_are_the_best_known_calls_with_their_places():
    ranking = Ranking(["1", "2", "3", "4"], ["10", "11", "12", "13"], NAMES)
    # company 1: calls 12, 11, 10, 13 best first; company 2: 13 only; 3: none; 4: 11, 12
    rows, cols = np.array([0, 0, 0, 0, 1, 3, 3]), np.array([2, 1, 0, 3, 3, 1, 2])
    scores = np.array([90.0, 80.123, 70.0, 60.0, 50.0, 40.0, 30.0])
    comps = np.tile(np.linspace(0.1, 0.6, len(NAMES)), (7, 1))
    ranking.add(rows, cols, scores, comps)
    known = {"10", "12", "13"}  # call 11 left the matcher since it was ranked
    fresh = fresh_rows(ranking, [4, 2, 1, 3, 99], known, top_n=2)
    assert list(zip(fresh.company.tolist(), fresh.call.tolist(), fresh.rank.tolist(),
                    fresh.score.tolist(), strict=True)) == [
        (4, 12, 1, 30.0), (2, 13, 1, 50.0), (1, 12, 1, 90.0), (1, 10, 2, 70.0)]
    assert fresh.cutoffs() == {4: (1, 30.0), 2: (1, 50.0), 1: (2, 70.0)}
    versioned = fresh.versioned({12: 3, 10: 2})
    assert versioned.version.tolist() == [3, 1, 3, 2] and fresh.version.tolist() == [1] * 4
    assert versioned.comps[0].tolist() == np.round(comps[0].astype(np.float32).astype(float),
                                                   4).tolist()


def test_a_fresh_block_counts_its_lists_in_the_difference():
    fresh = _rows([20.0, 15.5, 40.0], [[0.1] * len(NAMES)] * 3, company=[5, 5, 6])
    diff = _bulk.Diff(now=NOW)
    diff.add_fresh([5, 6, 8], fresh)
    assert diff.listed == 3 and diff.size == 3 and diff.due == 3
    assert diff.cutoffs == {5: (2, 15.5), 6: (3, 40.0), 8: None}
