"""Matching: pure scoring of companies against funding calls.

Plain records in (company profiles, calls and today's date), ranked matches out, each with a 0-100
score, its component scores and the reasons behind it. Hard eligibility rules run first; relevance
combines character n-gram TF-IDF, Finnish-aware word analysis, a bilingual Finnish-English term
list, fuzzy keywords and industry fit; learned weights from staff feedback adjust relevance but
never admit an ineligible call. Nothing here imports Flask, SQLAlchemy or ``app``, reads the clock
or does I/O: ``app/services/matching.py`` loads the rows, calls this package and stores the result.

The API the app uses::

    matcher = Matcher.fit(calls, companies, workers=1)        # CallProfile, CompanyProfile
    ranking = matcher.rank_all(today, top_n=20, threshold=10.0)   # {company_id: [Score]}
    scores = matcher.rank_company(company, today)            # one new/changed company
    scores = matcher.rank_call(call, today)                  # one new/changed call
    matcher.upsert_companies([...]); matcher.upsert_calls([...]); matcher.remove_...([...])
    explanation = matcher.explain(company, call, today)      # passed / failed checks, reasons
    scores = matcher.with_reasons(ranking[company_id], today)    # reasons on demand
    learned = feedback.train(examples)                       # LearnedWeights or None
    matcher = matcher.with_weights(learned.weights)

Reasons are ``Reason(code, params)``; the codes are listed in ``matching.eligibility`` (checks,
including the region and size conditions read from call texts by ``matching.conditions``) and
``matching.explain`` (relevance). The matcher pickles; it holds sparse vectors only.
"""

from matching.conditions import TextConditions, text_conditions
from matching.eligibility import check, is_eligible, size_class
from matching.matcher import Matcher
from matching.ranking import Ranking
from matching.records import CallProfile, CompanyProfile, Explanation, Reason, Score
from matching.relevance import COMPONENTS, FeatureConfig
from matching.score import DEFAULT_THRESHOLD, DEFAULT_TOP_N, Weights

__all__ = [
    "COMPONENTS", "DEFAULT_THRESHOLD", "DEFAULT_TOP_N", "CallProfile", "CompanyProfile",
    "Explanation", "FeatureConfig", "Matcher", "Ranking", "Reason", "Score", "TextConditions",
    "Weights", "check", "is_eligible", "size_class", "text_conditions",
]
