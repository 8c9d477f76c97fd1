"""The lists of companies with no stored match rows, kept as arrays from the ranking to the
``COPY`` text: a first full rematch writes two million such rows, and a Python dict and a
formatted line per row cost this process more than the database's whole work on them.

Every such row is an insert with its place on the list (nothing staff decided can be in the
way), so a block of them is a few numpy arrays (``FreshRows``). Their ``COPY`` lines are
built by numpy too (``copy_text``): each field is laid out in a column of a byte matrix wide
enough for its longest value, padded with NUL bytes, which are dropped at the end. The text is
exactly what the row-by-row path writes (``_bulk._inserted``): numbers as ``repr`` writes
them, the components' JSON as ``components_template`` does (the text a later rematch compares
with). Values that path would not write alike (not finite, very large) are left to it.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np

from app.services.matches._components import components_template
from matching import Ranking

_NUL, _DIGIT_0 = 0, ord("0")
# at most this many integer digits in a score or component written here (repr switches to
# exponents at 16; 10 covers any score by far)
_INT_DIGITS = 10
# integers below this (ids, places; scores and components times 10**decimals) are looked up in
# a table of their text, made once per process that writes such rows (0.6 s, 22 MB for the
# three), not spelt digit by digit
_TABLE = 1_000_000


@dataclass(frozen=True)
class FreshRows:
    """New rows, one per array element: company and call ids, score (2 decimals), place,
    component values (one row each, 4 decimals, in ``names``' order), call version."""

    company: np.ndarray
    call: np.ndarray
    score: np.ndarray
    rank: np.ndarray
    comps: np.ndarray
    version: np.ndarray
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.company)

    def cutoffs(self) -> dict[int, tuple[int, float]]:
        """company id -> (places listed, the last one's score), for the companies listing any."""
        if not len(self):
            return {}
        last = np.flatnonzero(np.r_[self.company[1:] != self.company[:-1], True])
        return dict(zip(self.company[last].tolist(),
                        zip(self.rank[last].tolist(), self.score[last].tolist(), strict=True),
                        strict=True))

    def versioned(self, versions: Mapping[int, int]) -> FreshRows:
        """The same rows with their calls' versions (1 for a call not in ``versions``)."""
        unique, inverse = np.unique(self.call, return_inverse=True)
        version = np.fromiter((versions.get(c, 1) for c in unique.tolist()), np.int64,
                              len(unique))
        return replace(self, version=version[inverse])

    def as_inserts(self, now: datetime, status: str) -> list[dict[str, Any]]:
        """The rows as ``_bulk.Diff.inserts`` holds them (for the row-by-row writes)."""
        template = components_template(self.names)
        return [{"company_id": c, "call_id": k, "score": s, "rank": r,
                 "components": template % tuple(v), "call_version": n, "is_current": True,
                 "reasons": "[]", "status": status, "computed_at": now}
                for c, k, s, r, v, n in zip(
                    self.company.tolist(), self.call.tolist(), self.score.tolist(),
                    self.rank.tolist(), self.comps.tolist(), self.version.tolist(),
                    strict=True)]


def fresh_rows(ranking: Ranking, company_ids: list[int], known: Container[str],
               top_n: int) -> FreshRows:
    """The new lists of these companies (all held by ``ranking``, none with stored rows): the
    best ``top_n`` of each one's ranked calls that the matcher still knows, best first. Their
    calls' versions are 1 until given (``versioned``)."""
    held, lengths, cols, scores, comps = ranking.flat_arrays([str(c) for c in company_ids])
    company = np.repeat(np.asarray([int(c) for c in held], dtype=np.int64), lengths)
    keep_col = np.fromiter((c in known for c in ranking.call_ids), bool, len(ranking.call_ids))
    call_of_col = np.fromiter((int(c) for c in ranking.call_ids), np.int64,
                              len(ranking.call_ids))
    keep = keep_col[cols]
    company, cols, scores, comps = company[keep], cols[keep], scores[keep], comps[keep]
    # places: 1, 2, ... within each company (its rows are consecutive, best first)
    starts = np.flatnonzero(np.r_[True, company[1:] != company[:-1]])
    firsts = np.repeat(starts, np.diff(np.r_[starts, len(company)]))
    rank = np.arange(len(company)) - firsts + 1
    keep = rank <= top_n
    calls = call_of_col[cols[keep]]
    return FreshRows(company[keep], calls, scores[keep], rank[keep], comps[keep],
                     np.ones(len(calls), dtype=np.int64), ranking.component_names)


def copy_text(rows: FreshRows, now: str, status: str) -> bytes | None:
    """The rows as lines of ``COPY match (company_id, call_id, score, rank, components,
    reasons, call_version, is_current, status, computed_at)`` in text format; None when a
    value is one this does not write as ``repr`` would (then the caller formats row by row)."""
    if not len(rows):
        return b""
    if min(int(a.min()) for a in (rows.company, rows.call, rows.rank, rows.version)) < 0:
        return None
    score = _decimals(rows.score, 2)
    comps = [_decimals(rows.comps[:, j], 4) for j in range(rows.comps.shape[1])]
    if score is None or any(c is None for c in comps):
        return None
    n = len(rows)
    pieces = components_template(rows.names).split("%r")
    columns: list[np.ndarray] = [_digits(rows.company), _tab(n), _digits(rows.call), _tab(n),
                                 score, _tab(n), _digits(rows.rank), _tab(n)]
    for constant, values in zip(pieces, comps, strict=False):
        columns += [_constant(constant, n), values]  # type: ignore[list-item]
    columns += [_constant(pieces[-1] + "\t[]\t", n), _digits(rows.version),
                _constant(f"\tt\t{status}\t{now}\n", n)]
    matrix = np.hstack(columns)
    return matrix[matrix != _NUL].tobytes()


def _tab(n: int) -> np.ndarray:
    return _constant("\t", n)


def _constant(text: str, n: int) -> np.ndarray:
    return np.broadcast_to(np.frombuffer(text.encode(), dtype=np.uint8), (n, len(text)))


def _digits(values: np.ndarray, width: int | None = None) -> np.ndarray:
    """Non-negative integers as their decimal digits, right-aligned in ``width`` columns
    (default: the widest value's), the unused columns NUL."""
    values = values.astype(np.int64)
    if width is None:
        top = int(values.max()) if len(values) else 0
        if top < _TABLE:
            return _table(0)[values]
        width = len(str(top))
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = ((values[:, None] // powers) % 10 + _DIGIT_0).astype(np.uint8)
    unused = values[:, None] < powers
    unused[:, -1] = False  # the units digit shows, 0 included
    digits[unused] = _NUL
    return digits


def _decimals(values: np.ndarray, places: int) -> np.ndarray | None:
    """Floats already rounded to ``places`` decimals as ``repr`` writes them: an optional
    minus, the integer part, a point and the decimals without trailing zeros (at least one).
    None when a value is not finite or too large for plain notation here."""
    scaled = np.rint(values * 10**places)  # the integer ``np.round`` divided by 10**places
    if not np.isfinite(scaled).all() or (np.abs(scaled) >= 10 ** (_INT_DIGITS + places)).any():
        return None
    if len(scaled) and scaled.min() >= 0 and scaled.max() < _TABLE and not np.signbit(
            scaled).any():
        return _table(places)[scaled.astype(np.int64)]
    return _spelt(scaled, places)


def _spelt(scaled: np.ndarray, places: int) -> np.ndarray:
    """``_decimals`` of ``scaled`` = the values times 10**places (> 0), digit by digit."""
    whole, fraction = np.divmod(np.abs(scaled).astype(np.int64), 10**places)
    # -0.0 too has its minus, as repr writes it
    sign = np.where(np.signbit(scaled), ord("-"), _NUL).astype(np.uint8)[:, None]
    widest = int(whole.max()) if len(whole) else 0
    decimals = _digits(fraction, places)
    decimals[decimals == _NUL] = _DIGIT_0  # leading zeros of the fraction show: .05
    trailing = np.zeros((len(scaled), places), dtype=bool)
    rest = fraction.copy()
    for j in range(places - 1, 0, -1):  # a zero last decimal goes while one is left
        trailing[:, j] = rest % 10 == 0
        rest = np.where(trailing[:, j], rest // 10, -1)
    decimals[trailing] = _NUL
    point = np.full((len(scaled), 1), ord("."), dtype=np.uint8)
    return np.hstack([sign, _digits(whole, len(str(widest))), point, decimals])


@lru_cache(maxsize=4)
def _table(places: int) -> np.ndarray:
    """The text of 0, 1, ... ``_TABLE`` - 1 divided by 10**places (the usual values: looked
    up, not spelt), one row each."""
    values = np.arange(_TABLE, dtype=np.int64)
    if not places:
        return _digits(values, len(str(_TABLE - 1)))
    return _spelt(values.astype(np.float64), places)
