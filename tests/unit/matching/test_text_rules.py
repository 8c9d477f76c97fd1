"""Conditions that live only in a call's text, read as rules: a Leader group's municipalities,
a call only for farm-product businesses (Annex I), sectors a call excludes, and a rural
location (shown, not applied). Municipality names are found through the analyser's base
forms, so inflected lists count; unknown municipality or industry never excludes."""

from __future__ import annotations

from datetime import date

import pytest

from matching import CallProfile, CompanyProfile, Matcher, check, morphology
from matching.conditions import conditions_of_text
from matching.sectors import sector_group

TODAY = date(2026, 11, 28)
LEADER = ("Paikallinen Leader tukee Kuusamon, Posion ja Taivalkosken alueen aloittavia ja "
          "toimivia pieniä yrityksiä. Tuki on 40 % hyväksyttävistä kustannuksista.")
ANNEX = ("Jos yrityksesi jalostaa ja/tai myy maataloustuotteita, voit saada investointitukea. "
         "Yrityksesi sijaitsee maaseudulla.")
EXCLUDES = ("Avustusta voidaan myöntää lähes kaikkien toimialojen yrityksille, poissuljettuja "
            "ovat maa-, metsä- ja kalatalouden alkutuotanto sekä maataloustuotteiden jalostus.")

needs_voikko = pytest.mark.skipif(morphology.backend("fi") != "voikko",
                                  reason="libvoikko with voikko-fi is installed by .ci/run")


def company(municipality: str | None = "832", tol: str | None = "25620",
            cid: str = "c") -> CompanyProfile:
    return CompanyProfile(id=cid, language="fi", region="Pohjois-Pohjanmaa",
                          municipality_code=municipality, industry_code=tol, size_class="micro",
                          description="Konepaja, koneistus ja hitsaus.")


def call(description: str, cid: str = "k") -> CallProfile:
    return CallProfile(id=cid, language="fi", status="open", applicant_types=("company",),
                       countries=(), regions=(), title="Yritystuki", description=description)


def failed(who: CompanyProfile, what: CallProfile) -> set[str]:
    return {r.code for r in check(who, what, TODAY)[1]}


def passed(who: CompanyProfile, what: CallProfile) -> set[str]:
    return {r.code for r in check(who, what, TODAY)[0]}


@needs_voikko
def test_a_municipality_list_in_inflected_form_is_the_calls_area() -> None:
    found = conditions_of_text(LEADER)
    assert found.municipalities == ("305", "614", "832")
    assert "Kuusamon, Posion ja Taivalkosken" in found.municipality_evidence
    assert "municipality_in_text" not in failed(company("832"), call(LEADER))
    assert "municipality_in_text_ok" in passed(company("832"), call(LEADER))
    raahe = check(company("678"), call(LEADER), TODAY)[1]
    reason = next(r for r in raahe if r.code == "municipality_in_text")
    assert dict(reason.params)["municipality"] == "Raahe"
    assert "Taivalkoski" in dict(reason.params)["allowed"]


@needs_voikko
def test_unknown_municipality_never_excludes_and_one_name_is_no_list() -> None:
    assert "municipality_in_text" not in failed(company(None), call(LEADER))
    assert "municipality_in_text_unknown" in passed(company(None), call(LEADER))
    one = "Yrityksiä neuvoo Kuusamon toimipiste. Tuki on tarkoitettu pienille yrityksille."
    assert conditions_of_text(one).municipalities == ()
    nationwide = LEADER + " Haku on valtakunnallinen."
    assert conditions_of_text(nationwide).municipalities == ()


def test_a_farm_product_call_admits_farms_and_food_only() -> None:
    found = conditions_of_text(ANNEX)
    assert "annex_i_processing" in found.sectors and "other" not in found.sectors
    assert "sector_in_text" in failed(company(tol="25620"), call(ANNEX))
    for tol in ("10510", "01110", "10710"):  # dairy, farm, bakery (buys Annex I grain)
        assert "sector_in_text" not in failed(company(tol=tol), call(ANNEX))
    assert "sector_in_text" not in failed(company(tol=None), call(ANNEX))
    assert "sector_in_text_unknown" in passed(company(tol=None), call(ANNEX))


def test_excluded_sectors_fail_only_the_sectors_named() -> None:
    found = conditions_of_text(EXCLUDES)
    assert set(found.excluded_sectors) == {"primary_agri", "primary_forest", "primary_fish",
                                           "annex_i_processing"}
    assert "sector_excluded_in_text" in failed(company(tol="10510"), call(EXCLUDES))
    assert "sector_excluded_in_text" in failed(company(tol="02200"), call(EXCLUDES))
    # fish processing is not "maataloustuotteiden jalostus"; metal work is not excluded
    assert "sector_excluded_in_text" not in failed(company(tol="10200"), call(EXCLUDES))
    assert "sector_excluded_in_text" not in failed(company(tol="25620"), call(EXCLUDES))


def test_a_rural_location_is_shown_not_applied() -> None:
    assert conditions_of_text(ANNEX).rural
    assert "rural_in_text" in passed(company(tol="10510"), call(ANNEX))
    assert not failed(company(tol="10510"), call(ANNEX))


def test_sector_groups_follow_tol_divisions() -> None:
    assert sector_group("01110") == "primary_agri"
    assert sector_group("03220") == "primary_fish"
    assert sector_group("10200") == "fish_processing"
    assert sector_group("10.51") == "annex_i_processing"
    assert sector_group("11050") == "food_other"
    assert sector_group("62010") == "other"
    assert sector_group(None) is None and sector_group("") is None


@needs_voikko
def test_the_matcher_ranks_a_municipality_call_only_for_its_municipalities() -> None:
    calls = [call(LEADER, "leader"), call("Kehittämisavustus pienille yrityksille "
                                          "koneistukseen ja hitsaukseen.", "ely")]
    inside, outside = company("832", cid="in"), company("678", cid="out")
    matcher = Matcher.fit(calls, [inside, outside])
    ranked = matcher.rank_all(TODAY, threshold=0.0)
    assert "leader" in {s.call_id for s in ranked["in"]}
    assert "leader" not in {s.call_id for s in ranked["out"]}
    assert [s.company_id for s in matcher.rank_call(calls[0], TODAY, threshold=0.0)] == ["in"]


def test_eligibility_tables_equal_the_rules_pair_by_pair(dev_data) -> None:
    """The matcher evaluates eligibility per key without municipality and applies the
    municipality lists as a vector test; the result must equal ``check`` for every pair."""
    import dataclasses

    codes = ["832", "305", "678", None, "614", "091"]
    tols = ["01110", "10510", "10200", "25620", None]
    companies = [dataclasses.replace(c, municipality_code=codes[i % len(codes)],
                                     industry_code=tols[i % len(tols)])
                 for i, c in enumerate(dev_data.companies)]
    matcher = Matcher.fit(dev_data.calls, companies)
    ranked = matcher.rank_all(dev_data.today, top_n=None, threshold=0.0)
    for who in companies:
        listed = {s.call_id for s in ranked[who.id]}
        for what in dev_data.calls:
            if what.id in listed:
                assert not check(who, what, dev_data.today)[1], (who.id, what.id)
            elif not check(who, what, dev_data.today)[1]:
                # eligible but missing: only possible with a zero relevance
                assert matcher.explain(who, what, dev_data.today).score.score == 0.0, \
                    (who.id, what.id)
