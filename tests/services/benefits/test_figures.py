"""The benefits figures: they add up, follow the period, stay in the town, hide thin figures."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.errors import NotFound
from app.models import Interaction, InteractionKind, Role
from app.services import benefits
from app.services.benefits import ApplicationInput, Period

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


def _apply(session, actor, company, level, applied, submitted, outcome="pending", granted=None,
           decided=None):
    return benefits.create_application(session, actor, ApplicationInput(
        company_id=company.id, call_title="Haku", funding_level=level,
        amount_applied_eur=applied, submitted_on=submitted, outcome=outcome,
        amount_granted_eur=granted, decided_on=decided)).application


@pytest.fixture()
def network(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    other = make_user(Role.STAFF)
    firms = [make_company(city=staff.city, name=f"Yritys {n} Oy") for n in range(4)]
    far = make_company(city=other.city, name="Kaukainen Oy")
    _apply(session, staff, firms[0], "eu", "100000", date(2026, 1, 15), "awarded", "90000",
           date(2026, 4, 10))
    _apply(session, staff, firms[1], "national", "50000", date(2026, 2, 1), "not_awarded",
           None, date(2026, 5, 1))
    _apply(session, staff, firms[2], "regional", "20000", date(2026, 5, 5), "awarded", "25000",
           date(2026, 6, 1))
    _apply(session, staff, firms[3], "eu", "7000", date(2025, 11, 1))  # the previous period
    _apply(session, other, far, "national", "1000000", date(2026, 3, 1), "awarded", "800000",
           date(2026, 3, 20))
    session.add(Interaction(company=firms[0], occurred_on=date(2026, 2, 2),
                            kind=InteractionKind.MEETING, summary="Tapaaminen"))
    session.flush()
    return {"staff": staff, "other": other, "firms": firms, "far": far,
            "coordinator": make_user(Role.COORDINATOR)}


def test_a_towns_figures_add_up_by_source_and_by_quarter(session, network):
    board = benefits.dashboard(session, network["staff"], city_id=network["staff"].city_id,
                               period=PERIOD)
    cur = board.current
    assert cur.total.submitted == 3 and cur.total.applied_eur == Decimal("170000.00")
    assert cur.total.granted_eur == Decimal("115000.00") and cur.total.success_rate == 2 / 3
    assert cur.companies_engaged == 1
    for splits in (cur.by_level.values(), cur.by_quarter.values()):
        assert sum(s.applied_eur for s in splits) == cur.total.applied_eur
        assert sum(s.granted_eur for s in splits) == cur.total.granted_eur
        assert sum(s.submitted for s in splits) == cur.total.submitted
    assert cur.by_level["eu"].granted_eur == Decimal("90000.00")
    assert [k for k in cur.by_quarter] == [(2026, 1), (2026, 2)]
    assert board.previous.total.applied_eur == Decimal("7000.00")


def test_the_network_sums_the_towns_and_a_staff_member_cannot_pick_another_town(session, network):
    board = benefits.dashboard(session, network["staff"], city_id=None, period=PERIOD)
    assert board.current.total.granted_eur == Decimal("915000.00")
    with pytest.raises(NotFound):
        benefits.dashboard(session, network["staff"], city_id=network["other"].city_id,
                           period=PERIOD)
    other = benefits.dashboard(session, network["coordinator"],
                               city_id=network["other"].city_id, period=PERIOD)
    assert other.current.total.granted_eur == Decimal("800000.00")


def test_an_award_moves_the_granted_figure_by_exactly_its_amount(session, network):
    staff, firm = network["staff"], network["firms"][3]
    before = benefits.dashboard(session, staff, city_id=None, period=PERIOD).current.total
    app_ = _apply(session, staff, firm, "eu", "40000", date(2026, 3, 3))
    benefits.update_application(session, staff, app_.id, ApplicationInput(
        call_title="Haku", funding_level="eu", amount_applied_eur="40000",
        submitted_on=date(2026, 3, 3), outcome="awarded", amount_granted_eur="33333,33",
        decided_on=date(2026, 6, 2)))
    after = benefits.dashboard(session, staff, city_id=None, period=PERIOD).current.total
    assert after.granted_eur - before.granted_eur == Decimal("33333.33")
    assert after.applied_eur - before.applied_eur == Decimal("40000.00")


def test_the_public_summary_hides_figures_of_fewer_than_three_companies(session, network):
    figures = {f.key: f.value for f in benefits.public_summary(session, PERIOD)}
    assert figures["applications_submitted"] == 4  # four companies applied
    assert figures["applied_eur"] == Decimal("1170000.00")
    assert figures["granted_eur"] == Decimal("915000.00")  # three companies were awarded
    assert figures["granted_eur_eu"] is None  # one company only
    assert figures["companies_engaged"] is None  # one company only
    assert figures["success_rate"] == 3 / 4  # four companies had a decision


def test_the_xlsx_report_has_numbers_dates_a_frozen_header_and_filters(session, network):
    board = benefits.dashboard(session, network["staff"], city_id=None, period=PERIOD)
    book = load_workbook(io.BytesIO(benefits.report_xlsx(board)))
    summary, data = book["Tunnusluvut"], book["Hakemukset"]
    assert summary["B2"].value.date() == PERIOD.start
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=8, max_row=14)}
    assert values["Myönnetty (€)"] == 915000
    assert data.freeze_panes == "A2" and data.auto_filter.ref.startswith("A1:G")
    granted = sum(row[6].value for row in data.iter_rows(min_row=2))
    assert granted == 915000
    csv_text = benefits.report_csv(board)
    assert csv_text.startswith("\ufeff") and "915000,00" in csv_text


def test_period_previous_and_quarters():
    q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert q1.previous() == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).previous().start == date(2025, 1, 1)
    assert Period(date(2026, 1, 5), date(2026, 1, 14)).previous() == Period(date(2025, 12, 26),
                                                                             date(2026, 1, 4))
    assert q1.quarters() == [(2026, 1)]
    assert benefits.last_quarter(date(2026, 5, 14)) == q1
    assert benefits.default_period(date(2026, 5, 14)).days == 365
    assert date(2026, 5, 14) - timedelta(days=364) == benefits.default_period(
        date(2026, 5, 14)).start
