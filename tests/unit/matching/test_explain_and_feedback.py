"""Explanations (reason codes and parameters) and the feedback model."""

from __future__ import annotations

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

from matching import COMPONENTS, CallProfile, CompanyProfile, Weights
from matching.feedback import MIN_LABELS, FeedbackExample, train

TODAY = date(2026, 11, 28)


def reasons_by_code(reasons):
    out = {}
    for r in reasons:
        out.setdefault(r.code, []).append(dict(r.params))
    return out


def test_explanation_of_a_cross_lingual_match_names_terms_in_both_languages(dev_data,
                                                                             dev_matcher):
    company = next(c for c in dev_data.companies if c.id == "c22")  # Finnish shipbuilder
    call = dev_matcher.call("HORIZON-CL5-2027-03-D5-18")  # English EU topic
    explanation = dev_matcher.explain(company, call, dev_data.today)
    assert explanation.eligible and explanation.failed == ()
    assert explanation.score is not None and explanation.score.score > 0
    codes = reasons_by_code(explanation.relevance)
    terms = {t["concept"]: t for t in codes["shared_term"]}
    assert "battery" in terms or "ships" in terms
    assert all(t["fi"] and t["en"] for t in terms.values())
    assert codes["deadline"][0]["date"] == "2027-04-14"
    assert codes["deadline"][0]["days_left"] == "137"
    assert "industry_fit" in codes and codes["industry_fit"][0]["code"] == "30110"
    passed = {r.code for r in explanation.passed}
    assert {"status_ok", "deadline_ok", "applicant_type_ok"} <= passed


def test_why_not_lists_every_failing_rule(dev_data, dev_matcher):
    company = next(c for c in dev_data.companies if c.id == "c01")  # large brewery
    call = dev_matcher.call("bf-tutkimus-kehitys-pilotointi")  # SME-only
    explanation = dev_matcher.explain(company, call, dev_data.today)
    assert not explanation.eligible and explanation.score is None
    assert [(r.code, dict(r.params)) for r in explanation.failed] == [
        ("sme_only", {"size": "large"})]
    assert "size_ok" not in {r.code for r in explanation.passed}
    assert explanation.relevance  # the topical fit is still explained


def test_ranked_scores_carry_reasons(dev_data, dev_matcher):
    company = next(c for c in dev_data.companies if c.id == "c26")  # peat contractor
    scores = dev_matcher.rank_company(company, dev_data.today, top_n=5)
    assert scores and all(s.reasons for s in scores)
    codes = {r.code for s in scores for r in s.reasons}
    assert "shared_term" in codes and "regional_call" in codes
    keyword_hits = [r for s in scores for r in s.reasons if r.code == "shared_keyword"]
    assert all(r.param("keyword") in company.keywords for r in keyword_hits)


def test_continuous_call_reason():
    from matching.score import deadline_reason

    assert deadline_reason(CallProfile(id="k", is_continuous=True), TODAY).code == "continuous"
    deadline = datetime(2026, 12, 1, 17, tzinfo=ZoneInfo("Europe/Brussels"))
    reason = deadline_reason(CallProfile(id="k", deadlines=(deadline,)), TODAY)
    assert (reason.code, reason.param("days_left")) == ("deadline", "3")


def examples(n: int, seed: int = 1) -> list[FeedbackExample]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        relevant = i % 2 == 0
        comps = {name: rng.random() * 0.3 for name in COMPONENTS}
        comps["concept"] += 0.5 if relevant else 0.0
        out.append(FeedbackExample(comps, "relevant" if relevant else "not_relevant"))
    return out


def test_feedback_needs_a_minimum_of_labels_of_both_classes():
    assert train(examples(MIN_LABELS - 1)) is None
    one_class = [FeedbackExample({"concept": 0.5}, "awarded")] * 100
    assert train(one_class) is None
    unknown = [FeedbackExample({"concept": 0.5}, "maybe")] * 100
    assert train(unknown) is None


def test_feedback_learns_weights_that_favour_the_informative_component():
    learned = train(examples(80))
    assert learned is not None
    assert learned.n_examples == 80 and learned.n_positive == 40
    w = learned.weights
    assert w.concept == max(getattr(w, name) for name in COMPONENTS)
    assert all(getattr(w, name) >= 0 for name in COMPONENTS)
    total = sum(getattr(Weights(), name) for name in COMPONENTS)
    assert sum(getattr(w, name) for name in COMPONENTS) == __import__("pytest").approx(total)


def test_workflow_outcomes_count_as_labels():
    rng = random.Random(3)
    outcomes = ["proposed", "applying", "submitted", "awarded", "not_awarded"]
    data = [FeedbackExample({"concept": 0.6 + rng.random() * 0.2, "word": rng.random()},
                            rng.choice(outcomes)) for _ in range(20)]
    data += [FeedbackExample({"concept": rng.random() * 0.2, "word": rng.random()},
                             "not_relevant") for _ in range(20)]
    learned = train(data)
    assert learned is not None and learned.n_positive == 20 and learned.n_negative == 20


def test_company_profile_defaults_are_plain():
    company = CompanyProfile(id="x")
    assert company.applicant_type == "company" and company.country == "FI"
