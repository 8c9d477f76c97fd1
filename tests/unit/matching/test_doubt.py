"""Doubtful conditions: a call's text states something the company's record cannot settle (a
rural location, an age limit, a staff ceiling waived only "in special cases"); the pair stays
eligible and ranks lower, the same way in every path that ranks."""

from __future__ import annotations

from datetime import date

import pytest

from matching import CallProfile, CompanyProfile, Matcher
from matching.conditions import conditions_of_text
from matching.doubt import ABOVE_SOFT_CEILING, UNCHECKED, key_doubt
from matching.eligibility import company_key
from matching.limits import staff_ceiling

TODAY = date(2026, 11, 28)
TOPIC = "Sahateollisuuden investoinnit, puutuotteet ja koneiden hankinta tuotantoon."


def company(cid: str, employees: int | None, language: str = "fi") -> CompanyProfile:
    return CompanyProfile(id=cid, language=language, region="Pohjois-Pohjanmaa",
                          employees=employees, description="Saha ja puutuotteet. " + TOPIC,
                          keywords=("sahatavara", "investointi"))


def call(cid: str, extra: str = "") -> CallProfile:
    return CallProfile(id=cid, language="fi", status="open", applicant_types=("company",),
                       title="Yritystuki", description=TOPIC + " " + extra)


SOFT = "Yli 5 henkilötyövuotta työllistäviä yrityksiä tuetaan erityistapauksissa."
RURAL = "Tukea voivat hakea maaseudulla sijaitsevat yritykset."


@pytest.mark.parametrize(("sentence", "most"), [
    ("yli 5 henkilötyövuotta työllistäviä yrityksiä tuetaan erityistapauksissa.", 5),
    ("företag med fler än 10 anställda stöds endast i undantagsfall.", 10),
    ("companies with more than 20 employees are funded only in exceptional cases.", 20),
])
def test_a_ceiling_waived_in_special_cases_is_soft(sentence, most):
    assert staff_ceiling(sentence) == (most, True)


@pytest.mark.parametrize("text", [
    "Yli 50 henkilöä työllistävät yritykset voivat hakea tukea.",  # a floor, not a ceiling
    "Companies with more than 250 employees are eligible.",
])
def test_over_n_without_an_exception_is_no_ceiling(text):
    found = conditions_of_text(text)
    assert found.soft_max_staff is None and found.max_staff is None


def test_doubt_of_each_condition():
    soft, rural, plain = call("k1", SOFT), call("k2", RURAL), call("k3")
    assert conditions_of_text(soft.title + ".\n" + soft.description).soft_max_staff == 5
    assert key_doubt(company_key(company("a", 26)), soft) == ABOVE_SOFT_CEILING
    assert key_doubt(company_key(company("b", 4)), soft) == 0.0  # micro: within the ceiling
    assert key_doubt(company_key(company("c", None)), soft) == UNCHECKED  # size unknown
    assert key_doubt(company_key(company("b", 4)), rural) == UNCHECKED
    assert key_doubt(company_key(company("a", 26)), plain) == 0.0


def test_a_doubtful_call_ranks_below_the_same_call_without_the_doubt_in_every_path():
    calls = [call("k-plain"), call("k-soft", SOFT), call("k-rural", RURAL)]
    companies = [company("big", 26), company("tiny", 3), company("en", 30, "en")]
    matcher = Matcher.fit(calls, companies)
    ranked = matcher.rank_all(TODAY, top_n=10, threshold=0.0)
    big = {s.call_id: s for s in ranked["big"]}
    tiny = {s.call_id: s for s in ranked["tiny"]}
    assert set(big) == set(calls_ids := [k.id for k in calls])  # all stay eligible
    assert big["k-plain"].score > big["k-rural"].score > big["k-soft"].score
    assert tiny["k-soft"].score > tiny["k-rural"].score  # within the ceiling: no doubt
    assert {s.score for s in ranked["en"]} == {0.0}  # no overlap: all ranked, at 0
    for who in companies[:2]:
        mine = {s.call_id: s for s in ranked[who.id]}
        alone = {s.call_id: s for s in matcher.rank_company(who, TODAY, top_n=10,
                                                            threshold=0.0, reasons=False)}
        for k in calls:
            by_call = {s.company_id: s for s in matcher.rank_call(k, TODAY, threshold=0.0)}
            pair = matcher.pair_components(who, k)
            assert alone[k.id].score == pytest.approx(mine[k.id].score, abs=0.01)
            assert by_call[who.id].score == pytest.approx(mine[k.id].score, abs=0.01)
            assert dict(mine[k.id].components)["targeting"] == pytest.approx(
                pair["targeting"], abs=1e-3)
            explained = matcher.explain(who, k, TODAY).score
            assert explained is not None
            assert explained.score == pytest.approx(mine[k.id].score, abs=0.01)
    assert len(calls_ids) == 3


def test_a_new_size_class_in_a_warm_view_gets_its_doubt():
    calls = [call("k-plain"), call("k-soft", SOFT)]
    matcher = Matcher.fit(calls, [company("tiny", 3)])
    matcher.rank_all(TODAY, top_n=10, threshold=0.0)  # the day's view, micro key only
    newcomer = company("big", 120)
    scores = {s.call_id: s for s in matcher.rank_company(newcomer, TODAY, top_n=10,
                                                          threshold=0.0, reasons=False)}
    fresh = Matcher.fit(calls, [company("tiny", 3), newcomer])
    again = {s.call_id: s for s in fresh.rank_all(TODAY, top_n=10, threshold=0.0)["big"]}
    assert scores["k-soft"].score < scores["k-plain"].score
    assert scores["k-soft"].score == pytest.approx(again["k-soft"].score, abs=0.01)
