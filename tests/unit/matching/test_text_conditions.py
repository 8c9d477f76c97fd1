"""Conditions stated only in a call's text: a region and a company size are hard rules with
reason codes, and a region or size group that is merely mentioned restricts nothing."""

from __future__ import annotations

from datetime import date

import pytest

from matching import CallProfile, CompanyProfile, Matcher, check, is_eligible

TODAY = date(2026, 11, 28)


def company(region: str = "Pohjois-Savo", size: str | None = "small",
            employees: int | None = None, cid: str = "c") -> CompanyProfile:
    return CompanyProfile(id=cid, language="fi", region=region, size_class=size,
                          employees=employees,
                          description="Metalliteollisuuden alihankkija, hitsaus ja koneistus.")


def call(description: str, title: str = "Yrityksen kehittämisavustus", **over) -> CallProfile:
    fields = {"id": "k", "language": "fi", "status": "open", "applicant_types": ("company",),
              "countries": (), "regions": (), "title": title, "description": description}
    fields.update(over)
    return CallProfile(**fields)


def failed(who: CompanyProfile, what: CallProfile) -> dict[str, dict[str, str]]:
    return {r.code: dict(r.params) for r in check(who, what, TODAY)[1]}


LAPPI_CALL = call("Avustusta myönnetään Lapin ELY-keskuksen alueella toimiville pk-yrityksille "
                  "investointeihin ja kehittämiseen.")


def test_region_in_text_excludes_a_company_elsewhere_with_the_sentence_as_evidence():
    reasons = failed(company("Pohjois-Savo"), LAPPI_CALL)
    assert set(reasons) == {"region_in_text"}
    assert reasons["region_in_text"]["allowed"] == "Lappi"
    assert reasons["region_in_text"]["region"] == "Pohjois-Savo"
    assert "Lapin ELY-keskuksen alueella" in reasons["region_in_text"]["evidence"]
    assert is_eligible(company("Lappi"), LAPPI_CALL, TODAY)


def test_region_in_text_is_passed_and_shown_for_a_company_inside():
    passed = {r.code: dict(r.params) for r in check(company("Lappi"), LAPPI_CALL, TODAY)[0]}
    assert passed["region_in_text_ok"]["region"] == "Lappi"


@pytest.mark.parametrize("text, inside, outside", [
    ("Haku on tarkoitettu Pohjois-Savon alueella sijaitseville yrityksille.",
     "Pohjois-Savo", "Kainuu"),
    ("Tukea voivat hakea Etelä-Pohjanmaalla toimivat yritykset.",
     "Etelä-Pohjanmaa", "Pohjanmaa"),
    ("Rahoitus on vain Kainuun yrityksille.", "Kainuu", "Lappi"),
    ("Tämä haku kohdistuu Pohjois-Savoon ja Pohjois-Karjalaan.", "Pohjois-Karjala", "Etelä-Savo"),
    ("Stödet riktar sig till företag i Österbotten.", "Pohjanmaa", "Etelä-Pohjanmaa"),
    ("Funding is available for SMEs located in North Karelia.", "Pohjois-Karjala", "Uusimaa"),
    ("The call is open in the region of Lapland only.", "Lappi", "Kainuu"),
    # an authority's area that is not one region of its name (public ELY / elinvoimakeskus areas)
    ("Avustusta myönnetään Hämeen ELY-keskuksen alueella toimiville yrityksille.",
     "Päijät-Häme", "Pirkanmaa"),
    ("Haku on avoinna Pohjanmaan elinvoimakeskuksen alueella toimiville yrityksille.",
     "Keski-Pohjanmaa", "Etelä-Pohjanmaa"),
])
def test_restricting_phrasings_in_finnish_swedish_and_english(text, inside, outside):
    what = call(text)
    assert is_eligible(company(inside), what, TODAY)
    assert "region_in_text" in failed(company(outside), what)


@pytest.mark.parametrize("text", [
    # a region as an example, as the funder's address, or where to send the application
    "Hankkeita voi olla esimerkiksi Lapin alueella tai muualla Suomessa.",
    "Tuen myöntää Lapin ELY-keskus.",
    "Hakemukset toimitetaan Lapin, Pohjois-Savon tai Varsinais-Suomen ELY-keskukseen.",
    # nationwide, although one authority's area is named
    "Hankehaku on valtakunnallinen. Haku on avoinna Lapin ELY-keskuksen alueella ja muualla.",
    "Keski-Suomen ELY-keskus toimii rahoittavana viranomaisena myös Keski-Pohjanmaalla.",
])
def test_a_region_merely_mentioned_restricts_nothing(text):
    assert is_eligible(company("Uusimaa"), call(text), TODAY)


def test_the_structured_region_field_wins_over_the_text():
    what = call("Haku on tarkoitettu Lapin alueella toimiville yrityksille.",
                regions=("Lappi", "Kainuu"))
    assert is_eligible(company("Kainuu"), what, TODAY)


def test_region_in_text_with_an_unknown_company_region_fails_like_the_structured_rule():
    who = CompanyProfile(id="c", region=None, size_class="small")
    assert "region_in_text_unknown" in failed(who, LAPPI_CALL)


# -- size and age -------------------------------------------------------------------------
TEMPO_2025 = ("Tempo funding is intended for startups under 5 years old that have a new product "
              "or service idea. With the funding, the company can prepare for international "
              "growth by obtaining feedback from potential customers.")


def test_an_instrument_for_young_companies_is_not_offered_to_a_262_person_midcap():
    # Business Finland marks Tempo "not SME-only"; its target group is in the text
    tempo = call(TEMPO_2025, title="Tempo funding", language="en", sme_only=False)
    midcap = company("Pohjois-Savo", size="midcap", employees=262)
    reasons = failed(midcap, tempo)
    assert set(reasons) == {"size_in_text"}
    assert reasons["size_in_text"]["target"] == "young"
    assert reasons["size_in_text"]["size"] == "midcap"
    assert "startups under 5 years old" in reasons["size_in_text"]["evidence"]
    assert is_eligible(company(size="micro"), tempo, TODAY)
    # derived size (262 staff, no size class) counts too
    assert "size_in_text" in failed(company(size=None, employees=262), tempo)


def test_young_companies_in_finnish_and_the_matcher_does_not_rank_it():
    tempo = call("Tempo on tarkoitettu alle 5-vuotiaille startup-yrityksille, joilla on uusi "
                 "tuote- tai palveluidea.", title="Tempo-rahoitus", sme_only=False)
    midcap = company(size="midcap", employees=262, cid="m")
    small = company(size="small", cid="s")
    matcher = Matcher.fit([tempo], [midcap, small])
    ranking = matcher.rank_all(TODAY, threshold=0.0)
    assert [s.call_id for s in ranking["m"]] == []
    assert [s.call_id for s in ranking["s"]] == ["k"]
    assert matcher.rank_company(midcap, TODAY, threshold=0.0) == []
    assert [s.company_id for s in matcher.rank_call(tempo, TODAY, threshold=0.0)] == ["s"]
    assert [r.code for r in matcher.explain(midcap, tempo, TODAY).failed] == ["size_in_text"]


@pytest.mark.parametrize("text, admitted, excluded", [
    ("Avustus on tarkoitettu pienille ja keskisuurille yrityksille.", "medium", "large"),
    ("Rahoitusta voivat hakea pk-yritykset.", "small", "midcap"),
    ("Tukea myönnetään alle 250 henkilöä työllistäville yrityksille.", "medium", "large"),
    ("The call is open to SMEs only.", "micro", "large"),
    ("Stödet riktar sig till små och medelstora företag.", "small", "large"),
    ("Innovaatioseteliä voivat hakea pienyritykset.", "small", "medium"),
    ("Tukea voivat saada kalanjalostuksen yritykset lukuun ottamatta suuryrityksiä.",
     "medium", "large"),
])
def test_size_restrictions_stated_in_text(text, admitted, excluded):
    what = call(text)
    assert is_eligible(company(size=admitted), what, TODAY)
    assert "size_in_text" in failed(company(size=excluded), what)


@pytest.mark.parametrize("text", [
    # a size group mentioned, not a target group
    "Rahoituksella vauhditetaan pk-yritysten kasvua ja kilpailukykyä alueella.",
    # SMEs and, elsewhere, large companies admitted: every size
    "Avustusta myönnetään pk-yrityksille. Tukea voidaan myöntää suuryrityksille, jos kyseessä "
    "on investointi uuteen toimintayksikköön.",
    "Rahoitusta voivat saada kaikenkokoiset Suomessa rekisteröidyt yritykset.",
    # SMEs and midcaps: a midcap is admitted
    "Tempo-rahoitus on tarkoitettu startup-, pk- ja midcapyrityksille.",
    # SMEs as suppliers of a large company's project
    "Hakijan tulee käyttää 40 % kustannuksista palveluiden ostamiseen pk-yrityksiltä.",
    "Applicants may buy services from SMEs and research organisations.",
])
def test_size_groups_that_do_not_exclude_a_midcap(text):
    assert is_eligible(company(size="midcap"), call(text), TODAY)


def test_unknown_size_is_never_excluded_by_text():
    assert is_eligible(CompanyProfile(id="c", region="Lappi"), call(TEMPO_2025), TODAY)
