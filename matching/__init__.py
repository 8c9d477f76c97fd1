"""Matching: pure scoring of companies against funding calls.

Plain records in (company profiles, calls and today's date), ranked matches out, each with a 0-100
score, its component scores and the reasons behind it. Hard eligibility rules run first; relevance
combines character n-gram TF-IDF, Finnish-aware word analysis, a bilingual Finnish-English term
list, fuzzy keywords and industry fit; learned weights from staff feedback adjust relevance but
never admit an ineligible call. Nothing here imports Flask, SQLAlchemy or ``app``, reads the clock
or does I/O: ``app/services/matching.py`` loads the rows, calls this package and stores the result.
"""

from matching.eligibility import check, is_eligible, size_class
from matching.matcher import Matcher
from matching.records import CallProfile, CompanyProfile, Explanation, Reason, Score
from matching.relevance import COMPONENTS, FeatureConfig
from matching.score import DEFAULT_THRESHOLD, DEFAULT_TOP_N, Weights

__all__ = [
    "COMPONENTS", "DEFAULT_THRESHOLD", "DEFAULT_TOP_N", "CallProfile", "CompanyProfile",
    "Explanation", "FeatureConfig", "Matcher", "Reason", "Score", "Weights", "check",
    "is_eligible", "size_class",
]
