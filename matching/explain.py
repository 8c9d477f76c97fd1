"""Reasons behind a match, and "why not" for a call that is not one.

Reasons are codes with string parameters (``records.Reason``) that the app translates:

* ``shared_term``: a concept both texts mention, with its Finnish and English label (``fi``,
  ``en``), ``concept`` id and ``domain``, so the reader's language can be shown whatever the
  languages of the two texts; never a concept too common in calls ("company", "growth":
  ``matching.common``);
* ``shared_keyword``: a company keyword found (fuzzily, rapidfuzz) in the call text, unless
  all its words are too common in calls;
* ``industry_fit``: the company's TOL code and the themes of it the call mentions;
* ``regional_call`` / ``size_targeted`` / ``applicant_targeted``: the call is aimed at the
  company's region, size class or applicant type;
* ``deadline`` (``deadline`` ISO datetime, ``date`` local date, ``days_left``) or
  ``continuous`` / ``deadline_unknown``;
* ``eligible``: the eligibility checks the pair passed (``checks``, comma-separated codes).

Fuzzy keyword matching is used here, not in the ranking: as a ranking component it moved the
development nDCG@10 by +0.02 at best (inside the set's noise) and cannot be afforded for 10^9
pairs; character n-grams carry the same spelling-tolerant matching at scale.

Eligibility reasons (passed and failed) come from ``matching.eligibility``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import scipy.sparse as sp
from rapidfuzz import fuzz

from matching.common import only_common
from matching.eligibility import check
from matching.index import row_dict
from matching.records import CallProfile, CompanyProfile, Explanation, Reason, Score
from matching.relevance import Featurizer, call_text
from matching.score import (
    Weights,
    deadline_reason,
    industry_reason,
    relevance_of,
    shared_term_reasons,
    targeting_reasons,
    to_score,
)
from matching.text import normalise


class Matcher(Protocol):
    """What an explanation reads of a matcher: the public side of ``matching.matcher.Matcher``
    (explain never imports the matcher, so the two modules form no cycle)."""

    weights: Weights
    featurizer: Featurizer

    @property
    def terms(self) -> Any: ...

    def company(self, company_id: str) -> CompanyProfile: ...

    def call(self, call_id: str) -> CallProfile: ...

    def company_concepts(self, company: CompanyProfile) -> dict[int, float]: ...

    def call_concepts(self, call: CallProfile) -> dict[int, float]: ...

    def pair_components(self, company: CompanyProfile, call: CallProfile) -> dict[str, float]: ...


KEYWORD_MIN_RATIO = 85.0


def shared_keywords(company: CompanyProfile, call: CallProfile,
                    featurizer: Featurizer | None = None) -> list[Reason]:
    """Company keywords that (fuzzily) occur in the call's text: spelling and inflection
    differences ("sivuvirrat" ~ "sivuvirtojen") still count. With the fitted ``featurizer``,
    a keyword made only of words common in calls ("kasvu", "growth") is not one."""
    text = normalise(call_text(call, 1))
    out = []
    for keyword in company.keywords:
        key = normalise(keyword)
        if len(key) < 4:
            continue
        if featurizer is not None and only_common(featurizer, keyword, company.language):
            continue
        ratio = fuzz.partial_ratio(key, text)
        if ratio >= KEYWORD_MIN_RATIO:
            out.append(Reason("shared_keyword", (("keyword", keyword),
                                                 ("similarity", f"{ratio:.0f}"))))
    return out


def relevance_reasons(matcher: Matcher, company: CompanyProfile, call: CallProfile,
                      today: date, company_concepts: dict[int, float] | None = None,
                      call_concepts: dict[int, float] | None = None) -> list[Reason]:
    """Shared terms, keywords, industry fit, targeting and deadline for one pair."""
    terms = matcher.terms
    if company_concepts is None:
        company_concepts = matcher.company_concepts(company)
    if call_concepts is None:
        call_concepts = matcher.call_concepts(call)
    reasons = shared_term_reasons(terms, company_concepts, call_concepts,
                                  common=matcher.featurizer.common_mask("concept"))
    reasons += shared_keywords(company, call, matcher.featurizer)
    industry = industry_reason(terms, company, call_concepts)
    if industry is not None:
        reasons.append(industry)
    reasons += targeting_reasons(company, call)
    reasons.append(deadline_reason(call, today))
    passed, failed = check(company, call, today)
    if not failed:
        reasons.append(Reason("eligible", (("checks", ",".join(r.code for r in passed)),)))
    return reasons


def with_reasons(matcher: Matcher, scores: list[Score], today: date,
                 company: CompanyProfile | None = None, call: CallProfile | None = None,
                 company_rows: dict[str, sp.csr_matrix] | None = None) -> list[Score]:
    """The same scores with their reasons filled in (a full ranking omits them).

    ``company`` / ``call`` name a record that is not (or not yet) stored in the matcher;
    ``company_rows`` are that company's vectors when the caller has them already.
    """
    concept_cache: dict[str, dict[int, float]] = {}
    if company is not None and company_rows is not None:
        concept_cache["c:" + company.id] = row_dict(company_rows["concept"])
    out = []
    for s in scores:
        who = company if company is not None and company.id == s.company_id \
            else matcher.company(s.company_id)
        what = call if call is not None and call.id == s.call_id else matcher.call(s.call_id)
        if "c:" + who.id not in concept_cache:
            concept_cache["c:" + who.id] = matcher.company_concepts(who)
        if "k:" + what.id not in concept_cache:
            concept_cache["k:" + what.id] = matcher.call_concepts(what)
        reasons = relevance_reasons(matcher, who, what, today, concept_cache["c:" + who.id],
                                    concept_cache["k:" + what.id])
        out.append(Score(s.company_id, s.call_id, s.score, s.components, tuple(reasons)))
    return out


def explain(matcher: Matcher, company: CompanyProfile, call: CallProfile,
            today: date) -> Explanation:
    """Passed and failed checks, components and reasons for one pair, eligible or not."""
    passed, failed = check(company, call, today)
    components = matcher.pair_components(company, call)
    relevance = relevance_of(matcher.scoring_weights(), components,
                             company.language == call.language)
    reasons = tuple(relevance_reasons(matcher, company, call, today))
    score = Score(company.id, call.id, round(float(to_score(relevance)), 2),
                  tuple(components.items()), reasons)
    return Explanation(company_id=company.id, call_id=call.id, eligible=not failed,
                       passed=tuple(passed), failed=tuple(failed),
                       score=score if not failed else None, relevance=reasons)
