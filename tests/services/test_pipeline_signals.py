"""The signals on small known cases (pure), and the list of companies worth flagging."""

from datetime import date

from app.models import Interaction, InteractionKind, Role
from app.services import pipeline
from app.services.pipeline._signals import (
    CompanyFacts,
    Thresholds,
    anchor_signal,
    growth_signal,
    town_facts,
)

T = Thresholds()


def facts(cid, employees=None, industry=None, text="", topics=(), size=None, city=1):
    return CompanyFacts(cid, city, employees, None, size, industry, text, tuple(topics))


def test_growth_signal_names_each_reason():
    quiet = growth_signal(facts(1, employees=20), T)
    assert quiet.score == 0 and quiet.reasons == ()  # staff alone is no growth signal
    busy = growth_signal(facts(2, employees=12, text="tuotekehitys ja vienti ruotsiin",
                               topics=("Kasvu", "rahoitus")), T)
    assert [r.code for r in busy.reasons] == ["rdi", "export", "growth_plans", "employer"]
    assert busy.reasons[0].param("words") == "tuotekehitys"
    assert busy.reasons[2].param("topics") == "Kasvu"
    assert busy.is_high(T.high_growth)


def test_anchor_signal_size_employer_and_industry_weight():
    town = [facts(i, employees=5, industry="47") for i in range(1, 10)]
    town.append(facts(10, employees=120, industry="25"))
    towns = town_facts(town, T)
    assert towns[1].employee_cutoff == 120
    assert round(towns[1].industry_share["25"], 2) == round(120 / 165, 2)
    big = anchor_signal(town[-1], towns[1], T)
    assert [r.code for r in big.reasons] == ["town_top", "major_employer", "industry_weight"]
    assert big.reasons[2].param("percent") == 73
    small = anchor_signal(town[0], towns[1], T)
    assert [r.code for r in small.reasons] == ["industry_weight"]  # retail is 27 % of jobs
    assert not small.is_high(T.high_anchor)


def test_anchor_signal_without_employee_figures_uses_the_size_class():
    signal = anchor_signal(facts(1, size="large"), None, T)
    assert [r.code for r in signal.reasons] == ["size_class"]


def test_flag_candidates_lists_unflagged_companies_with_high_signals(session, make_user,
                                                                     make_company):
    staff = make_user(Role.STAFF)
    city = staff.city
    for _ in range(9):
        make_company(city=city, employees=4, industry_code="47110")
    anchor = make_company(city=city, name="Iso Tehdas Oy", employees=200, industry_code="25110")
    make_company(city=city, name="Jo Merkitty Oy", employees=150,
                           industry_code="25120", is_anchor=True)
    grower = make_company(city=city, name="Kasvaja Oy", employees=8,
                          keywords=["tuotekehitys"], description="Vienti Saksaan")
    session.add(Interaction(company_id=grower.id, occurred_on=date(2026, 11, 1),
                            kind=InteractionKind.MEETING, summary="x", topics=["kasvu"]))
    session.flush()
    rows = {r.name: r for r in pipeline.flag_candidates(session, staff, None)}
    assert rows["Iso Tehdas Oy"].suggests_anchor and not rows["Iso Tehdas Oy"].suggests_growth
    assert rows["Kasvaja Oy"].suggests_growth
    assert "Jo Merkitty Oy" not in rows
    other = make_user(Role.STAFF)
    assert pipeline.flag_candidates(session, other, None) == []
    growth, anchor_sig = pipeline.company_signals(session, staff, anchor)
    assert anchor_sig.score >= 2 and growth.score == 0
