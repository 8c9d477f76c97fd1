from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.models import CompanyShare, IndustryCodeSet, Interaction, InteractionKind, Role, SizeClass
from app.names import normalize_name
from app.services.companies.search import CompanyFilters, business_id_of, search_companies

TODAY = date(2026, 11, 28)


def names(page):
    return [c.name for c in page.items]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Mäki-Kuljetus Oy", "maki kuljetus"),
    ("KALLION KONEPAJA OYJ", "kallion konepaja"),
    ("Tmi Åke Öberg", "ake oberg"),
    ("Oy", "oy"),  # nothing but a legal form: keep it rather than nothing
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("2077474-0", "2077474-0"), ("20774740", "2077474-0"), ("FI20774740", "2077474-0"),
    (" 2077474 - 0 ", "2077474-0"), ("2077474-1", None), ("konepaja", None),
])
def test_business_id_of(typed, expected):
    assert business_id_of(typed) == expected


@pytest.fixture()
def town(session, make_user, make_company):
    user = make_user(Role.STAFF)
    made = {
        "kallio": make_company(city=user.city, name="Kallion Konepaja Oy", business_id="2077474-0",
                               keywords=["koneistus", "hitsaus"]),
        "maki": make_company(city=user.city, name="Mäki-Kuljetus Ky"),
        "saha": make_company(city=user.city, name="Pohjolan Saha Oy", keywords=["sahatavara"]),
        "oberg": make_company(city=user.city, name="Tmi Åke Öberg"),
    }
    return user, made


@pytest.mark.parametrize(("query", "expected"), [
    ("kallion konepaja", "Kallion Konepaja Oy"),      # no legal form
    ("KONEPAJA", "Kallion Konepaja Oy"),              # part, any case
    ("kallion konepja", "Kallion Konepaja Oy"),       # misspelt
    ("maki kuljetus", "Mäki-Kuljetus Ky"),            # no hyphen, no ä
    ("Mäki-Kuljetus Oy", "Mäki-Kuljetus Ky"),         # wrong legal form
    ("ake oberg", "Tmi Åke Öberg"),                   # no å, ö
    ("20774740", "Kallion Konepaja Oy"),              # business ID without hyphen
    ("2077474-0", "Kallion Konepaja Oy"),
    ("hitsaus", "Kallion Konepaja Oy"),               # keyword
])
def test_forgiving_search_finds_the_company_first(session, town, query, expected):
    user, _ = town
    page = search_companies(session, user, CompanyFilters(q=query), today=TODAY)
    assert page.items and page.items[0].name == expected


def test_search_never_leaks_another_towns_company(session, town, make_company, make_city):
    user, _ = town
    make_company(city=make_city(), name="Kallion Konepaja Ab")
    assert names(search_companies(session, user, CompanyFilters(q="kallion konepaja"), today=TODAY)) == ["Kallion Konepaja Oy"]


def test_merged_companies_are_hidden(session, town):
    user, made = town
    made["oberg"].merged_into_id = made["saha"].id
    session.flush()
    assert "Tmi Åke Öberg" not in names(search_companies(session, user, per_page=50, today=TODAY))


def test_filters(session, make_user, make_company, make_city):
    user = make_user(Role.STAFF)
    other = make_user(Role.STAFF, city=user.city)
    c = lambda **kw: make_company(city=user.city, **kw)  # noqa: E731
    c(name="A Teollisuus 2008", industry_code="25620", industry_code_set=IndustryCodeSet.TOL2008,
      size_class=SizeClass.SMALL, is_anchor=True, owner=user)
    c(name="B Ohjelmisto 2025", industry_code="62100", industry_code_set=IndustryCodeSet.TOL2025,
      size_class=SizeClass.LARGE, is_growth_seeking=True, owner=other)
    c(name="C Ohjelmisto 2008", industry_code="62010", industry_code_set=IndustryCodeSet.TOL2008,
      size_class=SizeClass.MEDIUM, municipality_code="140")
    c(name="D Autokauppa 2008", industry_code="45110", industry_code_set=IndustryCodeSet.TOL2008,
      turnover_eur=Decimal(1))
    run = lambda **kw: names(search_companies(session, user, CompanyFilters(**kw), today=TODAY))  # noqa: E731
    assert run(section="C") == ["A Teollisuus 2008"]
    assert run(section="K") == ["B Ohjelmisto 2025", "C Ohjelmisto 2008"]  # divisions keep their numbers
    assert run(section="G") == ["D Autokauppa 2008"]
    assert run(industry_code="62") == ["B Ohjelmisto 2025", "C Ohjelmisto 2008"]
    assert run(size="sme") == ["A Teollisuus 2008", "C Ohjelmisto 2008"]
    assert run(size="large") == ["B Ohjelmisto 2025"]
    assert run(anchor=True) == ["A Teollisuus 2008"]
    assert run(growth=True) == ["B Ohjelmisto 2025"]
    assert run(owner_id=user.id) == ["A Teollisuus 2008"]
    assert run(unowned=True) == ["C Ohjelmisto 2008", "D Autokauppa 2008"]
    assert run(municipality="140") == ["C Ohjelmisto 2008"]
    assert run(sort="-name")[0] == "D Autokauppa 2008"
    assert run(q="ohjelmisto", section="K", size="large") == ["B Ohjelmisto 2025"]


def test_no_contact_in_n_days(session, make_user, make_company):
    user = make_user(Role.STAFF)
    recent = make_company(city=user.city, name="Tuore Oy")
    old = make_company(city=user.city, name="Vanha Oy")
    make_company(city=user.city, name="Koskaan Oy")
    for company, days in ((recent, 10), (old, 200)):
        session.add(Interaction(company=company, occurred_on=TODAY - timedelta(days=days),
                                kind=InteractionKind.PHONE, summary="x"))
    session.flush()
    assert names(search_companies(session, user, CompanyFilters(no_contact_days=90), today=TODAY)) == ["Koskaan Oy", "Vanha Oy"]


def test_shared_company_is_found_by_the_sharing_town(session, make_user, make_company, make_city):
    user = make_user(Role.STAFF)
    shared = make_company(city=make_city(), name="Yhteinen Veturi Oy")
    session.add(CompanyShare(company_id=shared.id, city_id=user.city_id))
    session.flush()
    assert names(search_companies(session, user, CompanyFilters(q="yhteinen veturi"), today=TODAY)) == ["Yhteinen Veturi Oy"]
