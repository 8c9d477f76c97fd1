"""Top-N selection over score blocks, and the compact result of a full ranking.

A full run produces 100,000 x 20 matches: building two million ``Score`` objects (with their
reasons) would cost more than the scoring itself. ``Ranking`` therefore keeps the result as
flat arrays and builds ``Score`` objects only when a company's list is read; it behaves as a
read-only mapping company id -> list of scores.

Top-N per row avoids a full sort or partition of every row: the N-th best value of a column
sample is a lower bound of the row's true N-th best, so only the few columns at or above it
are sorted. Ties are broken by call id so the order never depends on insertion order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from matching.records import Score

_SAMPLE = 2048


def top_n_rows(total: np.ndarray, top_n: int | None, floor: float,
               id_order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of each row's best values >= floor, best first, at most top_n per row.

    ``total`` may hold -inf for ineligible pairs; ``id_order`` ranks columns by call id
    for deterministic tie-breaking.
    """
    n_rows, n_cols = total.shape
    bound = np.full(n_rows, floor, dtype=np.float64)
    if top_n is not None and n_cols > top_n:
        sample = total[:, ::max(1, n_cols // _SAMPLE)] if n_cols > 2 * _SAMPLE else total
        if sample.shape[1] >= top_n:
            kth = np.partition(sample, -top_n, axis=1)[:, -top_n]
            bound = np.maximum(bound, kth)
    rows, cols = np.nonzero(total >= bound[:, None])
    values = total[rows, cols]
    order = np.lexsort((id_order[cols], -values, rows))
    rows, cols = rows[order], cols[order]
    if top_n is not None and len(rows):
        starts = np.searchsorted(rows, np.arange(n_rows))
        position = np.arange(len(rows)) - starts[rows]
        keep = position < top_n
        rows, cols = rows[keep], cols[keep]
    return rows, cols


class Ranking(Mapping[str, list[Score]]):
    """Company id -> its ranked scores, stored as arrays and materialised on access."""

    def __init__(self, company_ids: Sequence[str], call_ids: Sequence[str],
                 components: Sequence[str]) -> None:
        self.company_ids = list(company_ids)
        self.call_ids = list(call_ids)
        self.component_names = tuple(components)
        self._position = {cid: i for i, cid in enumerate(self.company_ids)}
        self._parts: list[tuple[np.ndarray, ...]] = []
        self._arrays: tuple[np.ndarray, ...] | None = None

    def add(self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray,
            components: np.ndarray) -> None:
        """Append matches (rows are company positions, already ordered best first)."""
        self._parts.append((rows.astype(np.int32), cols.astype(np.int32),
                            scores.astype(np.float32), components.astype(np.float32)))
        self._arrays = None

    def _flat(self) -> tuple[np.ndarray, ...]:
        if self._arrays is None:
            if self._parts:
                rows, cols, scores, comps = (np.concatenate(p) for p in zip(*self._parts,
                                                                          strict=True))
            else:
                rows = cols = np.zeros(0, dtype=np.int32)
                scores = np.zeros(0, dtype=np.float32)
                comps = np.zeros((0, len(self.component_names)), dtype=np.float32)
            order = np.argsort(rows, kind="stable")
            rows, cols, scores, comps = rows[order], cols[order], scores[order], comps[order]
            starts = np.searchsorted(rows, np.arange(len(self.company_ids) + 1))
            self._arrays = (starts, cols, scores, comps)
            self._parts = [(rows, cols, scores, comps)]
        return self._arrays

    def __getitem__(self, company_id: str) -> list[Score]:
        i = self._position[company_id]
        starts, cols, scores, comps = self._flat()
        part = slice(starts[i], starts[i + 1])
        rounded_scores = np.round(scores[part].astype(np.float64), 2).tolist()
        rounded_comps = np.round(comps[part].astype(np.float64), 4).tolist()
        return [Score(company_id=company_id, call_id=self.call_ids[col], score=score,
                      components=tuple(zip(self.component_names, values, strict=True)))
                for col, score, values in zip(cols[part].tolist(), rounded_scores,
                                              rounded_comps, strict=True)]

    def flat(self, company_id: str) -> tuple[list[str], list[float], list[list[float]]]:
        """A company's list as plain lists (call ids, scores, component values), rounded as
        ``self[company_id]`` rounds them: for storing millions of matches without building a
        ``Score`` for each."""
        i = self._position[company_id]
        starts, cols, scores, comps = self._flat()
        part = slice(starts[i], starts[i + 1])
        return ([self.call_ids[col] for col in cols[part].tolist()],
                np.round(scores[part].astype(np.float64), 2).tolist(),
                np.round(comps[part].astype(np.float64), 4).tolist())

    def flat_arrays(self, company_ids: Sequence[str]
                    ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """These companies' lists (those it holds) as arrays, rounded as ``self[company_id]``
        rounds them: (companies held, each one's length, call positions in ``call_ids``, scores,
        component values one row per match), the lists one after another. For storing millions
        of matches with numpy, without a Python object per match."""
        starts, cols, scores, comps = self._flat()
        held = [c for c in company_ids if c in self._position]
        positions = np.asarray([self._position[c] for c in held], dtype=np.int64)
        lengths = starts[positions + 1] - starts[positions]
        # the rows of each company in turn: its start repeated, plus 0, 1, ... within it
        offsets = np.cumsum(lengths) - lengths
        rows = (np.repeat(starts[positions], lengths)
                + np.arange(int(lengths.sum())) - np.repeat(offsets, lengths))
        return (held, lengths, cols[rows], np.round(scores[rows].astype(np.float64), 2),
                np.round(comps[rows].astype(np.float64), 4))

    def flat_lists(self, company_ids: Sequence[str]
                   ) -> Iterator[tuple[str, list[str], list[float], list[list[float]]]]:
        """``flat`` of these companies (those it holds), in one pass over their rows: for
        thousands of companies, without a round of numpy calls per company."""
        held, lengths, cols, scores, comps = self.flat_arrays(company_ids)
        call_ids = [self.call_ids[c] for c in cols.tolist()]
        rounded_scores, rounded_comps = scores.tolist(), comps.tolist()
        offset = 0
        for company_id, n in zip(held, lengths.tolist(), strict=True):
            yield (company_id, call_ids[offset:offset + n], rounded_scores[offset:offset + n],
                   rounded_comps[offset:offset + n])
            offset += n

    def __contains__(self, company_id: object) -> bool:
        return company_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self.company_ids)

    def __len__(self) -> int:
        return len(self.company_ids)

    @property
    def n_matches(self) -> int:
        """Number of (company, call) matches in the ranking."""
        return int(len(self._flat()[1]))

    def __getstate__(self) -> dict:
        self._flat()
        return {k: v for k, v in self.__dict__.items() if k != "_arrays"} | {"_arrays": None}
