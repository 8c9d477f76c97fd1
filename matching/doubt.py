"""Doubt: conditions a call's text states that a company's record cannot settle.

Some conditions cannot be applied as hard rules, yet they make a match less likely to hold
(issue: "applied like the other hard rules or as a penalty where uncertain"):

* a required **rural location** (``rural_in_text``): rural areas are drawn within
  municipalities (SYKE's urban-rural classification), so no record says whether a company is
  in one;
* a **company age limit** (``age_in_text_unknown``): no founding date is kept;
* a **staff ceiling stated "as a rule"** or waived "in special cases" (``staff_in_text_soft``),
  for a company whose size class is above it, or whose size is unknown.

Each lowers the pair's targeting component (``score.Weights.targeting`` times the doubt):
``UNCHECKED`` for a condition the record cannot show, ``ABOVE_SOFT_CEILING`` for a company the
call funds only by exception. Both were sized on a grid by the sum of the development and the
leave-out nDCG@10 (docs/matching.md, "Doubtful conditions"); the pair stays eligible and the
reason is shown with the match.
"""

from __future__ import annotations

import numpy as np

from matching.conditions import TextConditions, text_conditions
from matching.eligibility import CompanyKey
from matching.limits import above_soft_ceiling
from matching.records import CallProfile

UNCHECKED = 1 / 3
ABOVE_SOFT_CEILING = 1.0


def has_doubt(found: TextConditions) -> bool:
    """Whether the text states any condition that can make a pair doubtful."""
    return found.rural or found.max_age_years is not None or found.soft_max_staff is not None


def key_doubt(key: CompanyKey, call: CallProfile) -> float:
    """The doubt of a company key's match with a call: the largest of its doubtful
    conditions (one unsettled condition is enough to question the match)."""
    found = text_conditions(call)
    doubt = 0.0
    if found.rural or found.max_age_years is not None:
        doubt = UNCHECKED
    if found.soft_max_staff is not None:
        if key.size is None:
            doubt = max(doubt, UNCHECKED)
        elif above_soft_ceiling(key.size, found.soft_max_staff):
            doubt = ABOVE_SOFT_CEILING
    return doubt


def doubt_at(doubt_cols: np.ndarray, key_doubt_rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The doubt of pairs given by their rows of ``key_doubt_rows`` (one per pair) and their
    columns among the active calls; ``doubt_cols`` are the (sorted) columns that have any."""
    out = np.zeros(len(cols), dtype=np.float32)
    if not len(doubt_cols) or not len(cols):
        return out
    pos = np.searchsorted(doubt_cols, cols)
    pos = np.minimum(pos, len(doubt_cols) - 1)
    hit = doubt_cols[pos] == cols
    out[hit] = key_doubt_rows[hit, pos[hit]]
    return out
