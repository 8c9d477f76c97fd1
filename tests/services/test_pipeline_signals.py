"""The signals on small known cases (pure), and the list of companies worth flagging."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden
from app.models import AuditEvent, Interaction, InteractionKind, Role
from app.models.figures import CompanyYear
from app.services import pipeline
from app.services.pipeline._signals import (
    CompanyFacts,
    Thresholds,
    YearFigures,
    anchor_signal,
    growth_of,
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


# --- growth from the yearly figures ---------------------------------------------------------------



def with_years(*years, employees=None, text=""):
    return CompanyFacts(1, 1, employees, None, None, None, text, (), tuple(years))


def test_growth_is_measured_from_the_earliest_year_within_the_span():
    years = (YearFigures(2019, 100), YearFigures(2021, 10), YearFigures(2023, 12),
             YearFigures(2024, 15))
    assert growth_of(years, "employees", 3) == (2021, 2024, 10, 15, 50)  # 2019 is too far back
    assert growth_of(years, "employees", 1) == (2023, 2024, 12, 15, 25)
    assert growth_of(years[:1], "employees", 3) is None  # one year: no growth
    assert growth_of((YearFigures(2023, 0), YearFigures(2024, 5)), "employees", 3) is None
    assert growth_of((YearFigures(2023, None, 100.0), YearFigures(2024, 9, None)),
                     "employees", 3) is None  # the figure must be known in both years


def test_growth_signal_reads_staff_and_turnover_growth_with_reasons():
    grower = with_years(YearFigures(2022, 10, 1_000_000.0), YearFigures(2024, 13, 1_100_000.0),
                        employees=13)
    signal = growth_signal(grower, T)
    assert [r.code for r in signal.reasons] == ["employee_growth", "employer"]  # turnover +10 %
    assert dict(signal.reasons[0].params) == {"from_year": 2022, "to_year": 2024, "from": 10,
                                              "to": 13, "percent": 30}
    lower = Thresholds(turnover_growth_pct=10)
    assert [r.code for r in growth_signal(grower, lower).reasons] == [
        "employee_growth", "turnover_growth", "employer"]
    shrinking = with_years(YearFigures(2023, 20), YearFigures(2024, 15), employees=15)
    assert growth_signal(shrinking, T).score == 0


def test_export_share_and_rnd_spend_from_the_figures_count_once():
    c = with_years(YearFigures(2023, 8, None, 10.0, 0.0), YearFigures(2024, 8, None, 40.0, 25_000.0),
                   employees=8, text="vienti ja tuotekehitys")
    codes = [r.code for r in growth_signal(c, T).reasons]
    assert codes == ["rnd_spend", "export_share", "employer"]  # not also the words
    assert growth_signal(c, Thresholds(export_share_pct=50)).reasons[1].code == "export"


def test_stored_thresholds_change_the_candidates(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    coordinator = make_user(Role.COORDINATOR)
    grower = make_company(city=staff.city, name="Kasvuyhtiö Oy", employees=None)
    session.add_all([CompanyYear(company_id=grower.id, year=2022, employees=10,
                                 turnover_eur=Decimal("1000000")),
                     CompanyYear(company_id=grower.id, year=2024, employees=12,
                                 turnover_eur=Decimal("1300000"))])
    session.flush()
    growth, _anchor = pipeline.company_signals(session, staff, grower)
    # staff +20 %, turnover +30 %, and 12 people (the latest year's) to grow with
    assert [r.code for r in growth.reasons] == ["employee_growth", "turnover_growth", "employer"]
    assert "Kasvuyhtiö Oy" in {c.name for c in pipeline.flag_candidates(session, staff, None)}
    values = pipeline.threshold_values(pipeline.load_thresholds(session))
    numbers = {k: v for k, v in values.items() if not isinstance(v, str)}
    words = {k: v for k, v in values.items() if isinstance(v, str)}
    with pytest.raises(Forbidden):
        pipeline.update_thresholds(session, staff, pipeline.ThresholdsInput(numbers, words))
    pipeline.update_thresholds(session, coordinator, pipeline.ThresholdsInput(
        {**numbers, "high_growth": 4, "anchor_top_share": 5}, words))
    stored = pipeline.load_thresholds(session)
    assert stored.high_growth == 4 and stored.anchor_top_share == 0.05
    assert "Kasvuyhtiö Oy" not in {c.name for c in pipeline.flag_candidates(session, staff, None)}
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "pipeline.thresholds")).one()
    assert event.before == {"high_growth": 2, "anchor_top_share": 0.1}
    assert event.after == {"high_growth": 4, "anchor_top_share": 0.05}


def test_bad_thresholds_are_refused_all_at_once(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    values = pipeline.threshold_values(pipeline.load_thresholds(session))
    numbers = {k: v for k, v in values.items() if not isinstance(v, str)}
    words = {k: v for k, v in values.items() if isinstance(v, str)}
    with pytest.raises(FieldError) as caught:
        pipeline.update_thresholds(session, coordinator, pipeline.ThresholdsInput(
            {**numbers, "high_growth": 0, "growth_span_years": None, "anchor_top_share": 101},
            {**words, "growth_topics": " , "}))
    assert sorted(e.field for e in caught.value.errors) == [
        "anchor_top_share", "growth_span_years", "growth_topics", "high_growth"]
    assert pipeline.load_thresholds(session) == Thresholds()
