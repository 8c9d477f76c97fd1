"""Conditions stated only in a call's text, second round: staff ceilings in numbers, company
age limits, de minimis aid and Swedish municipality names (fi, sv, en; positive and negative).

The phrasings are those of the call texts in eval/dev and the harvested payloads (quoted in
docs/matching.md), written here as short sentences of the same form."""

from __future__ import annotations

from datetime import date

import pytest

from matching import CallProfile, CompanyProfile, check
from matching import municipalities as munis
from matching.conditions import conditions_of_text, text_conditions
from matching.limits import classes_within, staff_ceiling

TODAY = date(2026, 11, 28)


def company(size: str | None = None, employees: int | None = None,
            municipality: str | None = None) -> CompanyProfile:
    return CompanyProfile(id="c", language="fi", region="Pohjanmaa", size_class=size,
                          employees=employees, municipality_code=municipality,
                          description="Metalliteollisuuden alihankkija.")


def call(description: str, **over) -> CallProfile:
    fields = {"id": "k", "language": "fi", "status": "open", "applicant_types": ("company",),
              "countries": (), "regions": (), "title": "Yritystuki",
              "description": description}
    fields.update(over)
    return CallProfile(**fields)


def codes(who: CompanyProfile, what: CallProfile) -> tuple[set[str], set[str]]:
    passed, failed = check(who, what, TODAY)
    return {r.code for r in passed}, {r.code for r in failed}


# -- staff ceilings -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "most"), [
    ("Tuki on tarkoitettu yrityksille, joilla on enintään 10 työntekijää.", 10),
    ("Avustusta myönnetään yrityksille, jotka työllistävät alle 50 henkilöä.", 49),
    ("Haku on suunnattu alle 20 hengen yrityksille.", 19),
    ("Rahoitusta voivat hakea yritykset, joissa on korkeintaan 5 henkilötyövuotta.", 5),
    ("Stödet kan sökas av företag med färre än 50 anställda.", 49),
    ("Stödet riktar sig till företag med högst 9 årsverken.", 9),
    ("Companies with fewer than 50 employees can apply.", 49),
    ("The scheme is open to enterprises with up to 10 staff.", 10),
])
def test_staff_ceilings_in_numbers(text, most):
    found = conditions_of_text(text)
    assert found.max_staff == most and set(found.sizes) == classes_within(most)
    # named by the number, or by the class when the ceiling is the class's own (under 50)
    assert found.size_target in (("staff", "small") if most == 49 else ("staff",))


@pytest.mark.parametrize("text", [
    "Avustus on alle 50 000 euroa yritystä kohden.",  # money, not staff
    "Tukea myönnetään enintään 10 000 euroa.",
    "Elintarvikealan toimipaikoista valtaosa on alle 10 henkilöä työllistäviä mikroyrityksiä.",
    "Toimiala työllisti lähes 34 000 henkilöä noin 2 500 yrityksessä.",
    "Stödet är högst 50 000 euro per företag.",
    "Grants of up to 50 000 euros are available for companies.",
    "Tukea voi hakea esimerkiksi alle 10 henkilön yritys.",  # an example, not a rule
])
def test_money_statistics_and_examples_are_no_staff_ceiling(text):
    found = conditions_of_text(text)
    assert found.max_staff is None and found.size_target != "staff"


def test_a_ceiling_as_a_rule_is_shown_not_applied():
    # Leader Pohjoisin Lappi: "monialaisia maatilayrityksiä (pääsääntöisesti enintään 5 htv)"
    text = "Leader rahoittaa monialaisia maatilayrityksiä (pääsääntöisesti enintään 5 htv)."
    found = conditions_of_text(text)
    assert found.max_staff is None and not found.sizes
    assert "pääsääntöisesti enintään 5 htv" in found.staff_soft_evidence
    passed, failed = codes(company("medium"), call(text))
    assert "staff_in_text_soft" in passed and not failed
    assert staff_ceiling("stödet beviljas i regel företag med högst 10 anställda.") == (10, True)


def test_a_ceiling_beside_large_companies_restricts_nothing():
    text = "Tuki on tarkoitettu suuryrityksille ja yrityksille, joilla on alle 50 työntekijää."
    assert conditions_of_text(text).sizes == ()


def test_a_staff_ceiling_excludes_a_bigger_company_with_the_sentence():
    what = call("Tuki on tarkoitettu yrityksille, joilla on enintään 10 työntekijää.")
    passed, failed = check(company(employees=60), what, TODAY)
    reason = next(r for r in failed if r.code == "size_in_text")
    params = dict(reason.params)
    assert params["max_staff"] == "10" and "enintään 10 työntekijää" in params["evidence"]
    assert not check(company(employees=8), what, TODAY)[1]
    assert not check(company(), what, TODAY)[1]  # staff unknown: never excluded
    assert classes_within(5) == {"micro"} and classes_within(249) == {"micro", "small", "medium"}


# -- company age ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "years"), [
    ("Haku on tarkoitettu startup-yrityksille, jotka ovat alle 5 vuotta vanhoja.", 5),
    ("Tukea voi saada startup-yritys, enintään 5 vuotta toiminut.", 5),
    ("Hakijan on oltava perustettu alle kolme vuotta sitten.", 3),
    ("Open to companies registered less than 5 years ago.", 5),
    ("The instrument is for start-ups under 7 years old.", 7),
    ("Stödet riktar sig till företag som är under fem år gamla.", 5),
    ("Företag som grundats för mindre än 3 år sedan kan söka.", 3),
])
def test_company_age_limits(text, years):
    found = conditions_of_text(text)
    assert found.max_age_years == years and found.age_evidence


@pytest.mark.parametrize("text", [
    "Hankkeiden kesto on enintään 2 vuotta.",  # Business Finland: a project's length
    "The project duration is up to 3 years.",
    "Projektet pågår högst två år.",
    "Yritys on toiminut yli 5 vuotta.",
    "Takaisinmaksuaika on alle 5 vuotta.",
])
def test_durations_and_other_years_are_no_age_limit(text):
    assert conditions_of_text(text).max_age_years is None


def test_an_age_limit_is_shown_and_never_excludes():
    """Veturi keeps no founding date (app/models: Company has none), so unknown age never
    excludes; the limit is shown for staff to check."""
    passed, failed = codes(company("micro", 3),
                           call("Open to companies registered less than 5 years ago."))
    assert "age_in_text_unknown" in passed and not failed


# -- de minimis ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Avustus on de minimis -muotoista tukea.",  # tem-kiertotaloustuki-2019
    "Tuki myönnetään vähämerkityksisenä tukena.",
    "Stödet beviljas som de minimis-stöd.",
    "The grant is awarded as de minimis aid.",
])
def test_de_minimis_is_read_and_shown(text):
    found = conditions_of_text(text)
    assert found.de_minimis and found.de_minimis_evidence
    passed, failed = codes(company("small", 5), call(text))
    assert "de_minimis_in_text" in passed and not failed


@pytest.mark.parametrize("text", [
    "Tuki ei ole de minimis -tukea.",
    "The aid is not de minimis aid but falls under the general block exemption.",
    "Stödet beviljas enligt gruppundantagsförordningen.",
])
def test_aid_that_is_not_de_minimis(text):
    assert not conditions_of_text(text).de_minimis


def test_de_minimis_in_the_type_of_action():
    # bf-innovaatioseteli: "type_of_action": "avustus (de minimis)"
    found = text_conditions(call("Innovaatioseteli pienyrityksille.",
                                 type_of_action="avustus (de minimis)"))
    assert found.de_minimis and "de minimis" in found.de_minimis_evidence
    assert not text_conditions(call("Innovaatioseteli.", type_of_action="avustus")).de_minimis


# -- Swedish municipality names ------------------------------------------------------------------
def test_swedish_names_and_their_genitive():
    kristinestad, narpes, kasko = "287", "545", "231"
    assert munis.municipality_of_word("Kristinestad") == kristinestad
    assert munis.municipality_of_word("Kristinestads") == kristinestad
    assert munis.municipality_of_word("Närpes") == narpes
    assert munis.municipality_of_word("Kaskö") == kasko
    assert munis.municipality_of_word("Kristiinankaupungin") == kristinestad
    assert munis.municipality_of_word("Resources") is None
    assert munis.swedish_names()[narpes] == "Närpes" and munis.names()[narpes] == "Närpiö"


@pytest.mark.parametrize("text", [
    "Stödet riktar sig till företag verksamma i Kristinestad, Närpes och Kaskö.",
    "Leader-gruppen finansierar företag i Kristinestads, Närpes och Kaskö område.",
])
def test_swedish_municipality_lists_restrict_the_call(text):
    assert conditions_of_text(text).municipalities == ("231", "287", "545")
    assert "municipality_in_text" in codes(company("small", 5, "905"), call(text))[1]  # Vasa
    assert not codes(company("small", 5, "545"), call(text))[1]


def test_an_exclusion_of_central_towns_is_no_list():
    # aktion-osterbotten-foretagsstod
    text = ("Eftersom våra stöd riktar sig till landsbygden är centrala Vasa och Karleby "
            "uteslutna från stödområdet.")
    assert conditions_of_text(text).municipalities == ()
