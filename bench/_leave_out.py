"""The leave-out figure: what the term list and the industry overrides do for a company they
were not written for (issue 15, point 8).

An entry was plausibly written for a development company when that company is the only one
whose profile it matches. For each development company, the leave-out switches off

* every term-list pattern found in that company's profile and in no other development
  company's profile (whether or not calls contain it), and
* the finer TOL class override (``matching.industry``) when no other development company's
  code falls in the same class (the company then gets its division's themes only),

fits the matcher again on the same calls and companies, and keeps that company's ranking. The
figures over all companies ranked this way estimate the quality on unseen companies better than
the development figures do; they are still not held-out figures.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from _matching_data import EvalData

from matching import Matcher, Weights
from matching.embedding import Embeddings
from matching.industry import _CLASSES
from matching.relevance import company_text
from matching.terms import TermList, load_terms, term_rows


def _class_key(code: str | None) -> str | None:
    digits = "".join(ch for ch in code or "" if ch.isdigit())
    for length in (4, 3):
        if digits[:length] in _CLASSES:
            return digits[:length]
    return None


def own_entries(data: EvalData) -> tuple[dict[str, set[tuple[str, str, str]]], dict[str, str]]:
    """Per company: the patterns (concept, language, pattern) only its profile matches, and
    the class override only it uses (company id -> class prefix)."""
    terms = load_terms()
    matched: dict[int, set[str]] = defaultdict(set)
    for company in data.companies:
        for i in terms.used_patterns([(company_text(company), company.language)]):
            matched[i].add(company.id)
    patterns: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for i, companies in matched.items():
        if len(companies) == 1:
            concept, language, pattern, _ids = terms.patterns[i]
            patterns[next(iter(companies))].add((terms.concepts[concept].id, language, pattern))
    users: dict[str, set[str]] = defaultdict(set)
    for company in data.companies:
        key = _class_key(company.industry_code)
        if key:
            users[key].add(company.id)
    classes = {next(iter(ids)): key for key, ids in users.items() if len(ids) == 1}
    return patterns, classes


def _without(drop: set[tuple[str, str, str]]) -> TermList:
    rows, sv_rows = term_rows()
    out = []
    for row in rows:
        row = list(row)
        for col, language in ((4, "fi"), (5, "en")):
            row[col] = "|".join(p for p in (x.strip() for x in row[col].split("|"))
                                if p and (row[0], language, p) not in drop)
        out.append(row)
    sv = [[cid, "|".join(p for p in (x.strip() for x in pats.split("|"))
                         if p and (cid, "sv", p) not in drop), *rest]
          for cid, pats, *rest in sv_rows]
    return TermList(out, sv)


def leave_out_rankings(data: EvalData, depth: int = 10, embeddings: Embeddings | None = None,
                       weights: Sequence[Weights] = ()) -> tuple[dict[str, list[str]], dict]:
    """Each company's top ``depth`` with its own entries switched off, and what was switched
    off (counts). ``embeddings``: the text vectors (no term list is involved in them, so they
    stay on). With ``weights``, the same 30 fits also rank with each of those weights:
    ``switched["by_weights"]`` holds one rankings mapping per entry (the grid)."""
    patterns, classes = own_entries(data)
    rankings: dict[str, list[str]] = {}
    by_weights: list[dict[str, list[str]]] = [{} for _ in weights]
    base = None
    for company in data.companies:
        drop = patterns.get(company.id, set())
        companies = data.companies
        if company.id in classes:
            division = "".join(ch for ch in company.industry_code if ch.isdigit())[:2]
            changed = dataclasses.replace(company, industry_code=division)
            companies = [changed if c.id == company.id else c for c in data.companies]
        if not drop and companies is data.companies:
            base = base or Matcher.fit(data.calls, data.companies, embeddings=embeddings)
            matcher = base
        else:
            matcher = Matcher.fit(data.calls, companies, terms=_without(drop),
                                  embeddings=embeddings)
        ranked = matcher.rank_all(data.today, top_n=depth, threshold=0.0)
        rankings[company.id] = [s.call_id for s in ranked[company.id]]
        for out, w in zip(by_weights, weights, strict=True):
            other = matcher.with_weights(w).rank_all(data.today, top_n=depth, threshold=0.0)
            out[company.id] = [s.call_id for s in other[company.id]]
    switched = {"patterns": sum(len(v) for v in patterns.values()),
                "companies_with_patterns": sum(1 for v in patterns.values() if v),
                "class_overrides": len(classes), "by_weights": by_weights}
    return rankings, switched
