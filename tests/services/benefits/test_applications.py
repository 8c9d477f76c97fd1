"""Applications: recorded from a match or standalone, outcomes, amounts, partners, the match."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent
from app.models.benefits import Application, FundingLevel, Outcome
from app.models.matches import MatchStatus
from app.services import benefits
from app.services import matches as matching
from app.services.benefits import ApplicationInput


def _audits(session, action):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_from_a_match_takes_call_and_company_and_moves_the_match(session, towns, make_match):
    match = make_match(towns["company"])
    saved = benefits.create_application(
        session, towns["staff"], ApplicationInput(amount_applied_eur="250 000,00",
                                                  company_share_eur="80000",
                                                  submitted_on=date(2026, 3, 1)),
        match_id=match.id)
    app_ = saved.application
    assert app_.company_id == towns["company"].id and app_.call_id == match.call_id
    assert app_.call_title == match.call.title and app_.programme == "Horizon Europe"
    assert app_.funding_level is FundingLevel.EU
    assert app_.amount_applied_eur == Decimal("250000.00")
    assert match.status is MatchStatus.SUBMITTED
    assert saved.warnings == []
    assert _audits(session, "application.create")[-1].entity_id == app_.id


def test_standalone_funding_outside_matches(session, towns):
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(
        company_id=towns["company"].id, call_title="ELY-keskuksen yrityksen kehittämisavustus",
        funding_level="regional", amount_applied_eur=40000))
    assert saved.application.match_id is None
    assert saved.application.funding_level is FundingLevel.REGIONAL
    assert saved.application.outcome is Outcome.PENDING


@pytest.mark.parametrize("raw", ["-5", "viisi tuhatta", "12e", "NaN", "Infinity"])
def test_negative_or_non_numeric_amount_is_refused_and_nothing_saved(session, towns, raw):
    before = session.scalar(select(Application.id).order_by(Application.id.desc()).limit(1))
    with pytest.raises(FieldError) as info:
        benefits.create_application(session, towns["staff"], ApplicationInput(
            company_id=towns["company"].id, call_title="Haku", amount_applied_eur=raw))
    assert info.value.field == "amount_applied_eur"
    text = str(info.value.message)
    assert ("negatiivinen" in text) if raw == "-5" else ("numerona" in text)
    after = session.scalar(select(Application.id).order_by(Application.id.desc()).limit(1))
    assert before == after


def test_award_larger_than_applied_is_accepted_with_a_warning(session, towns, make_match):
    match = make_match(towns["company"])
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(
        amount_applied_eur="100000", submitted_on=date(2026, 1, 10)), match_id=match.id)
    result = benefits.update_application(session, towns["staff"], saved.application.id,
                                         ApplicationInput(
        call_title=saved.application.call_title, funding_level="eu",
        amount_applied_eur="100000", submitted_on=date(2026, 1, 10), outcome="awarded",
        amount_granted_eur="120000", decided_on=date(2026, 5, 2)))
    assert result.application.amount_granted_eur == Decimal("120000.00")
    assert len(result.warnings) == 1 and "suurempi kuin haettu" in str(result.warnings[0])
    assert match.status is MatchStatus.AWARDED
    event = _audits(session, "application.update")[-1]
    assert event.after["outcome"] == "awarded" and event.before["outcome"] == "pending"


def test_awarded_needs_amount_and_date(session, towns):
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(
        company_id=towns["company"].id, call_title="Haku"))
    with pytest.raises(FieldError) as info:
        benefits.update_application(session, towns["staff"], saved.application.id,
                                    ApplicationInput(call_title="Haku", outcome="awarded"))
    assert {e.field for e in info.value.errors} == {"amount_granted_eur", "decided_on"}
    session.refresh(saved.application)
    assert saved.application.outcome is Outcome.PENDING


@pytest.mark.parametrize(("outcome", "status"), [("not_awarded", MatchStatus.NOT_AWARDED),
                                                 ("withdrawn", MatchStatus.NOT_RELEVANT)])
def test_the_match_follows_the_outcome(session, towns, make_match, outcome, status):
    match = make_match(towns["company"])
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(),
                                        match_id=match.id)
    assert match.status is MatchStatus.APPLYING
    benefits.update_application(session, towns["staff"], saved.application.id, ApplicationInput(
        call_title="x", outcome=outcome, decided_on=date(2026, 4, 1)))
    assert match.status is status


def test_the_application_follows_the_match(session, towns, make_match):
    match = make_match(towns["company"])
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(),
                                        match_id=match.id)
    matching.set_status(session, towns["staff"], match.id, "not_awarded")
    assert saved.application.outcome is Outcome.NOT_AWARDED
    assert _audits(session, "application.outcome")[-1].after["outcome"] == "not_awarded"
    matching.set_status(session, towns["staff"], match.id, "submitted")
    assert saved.application.outcome is Outcome.PENDING


def test_another_towns_staff_and_a_viewer_cannot_record(session, towns, make_match):
    match = make_match(towns["company"])
    with pytest.raises(NotFound):
        benefits.create_application(session, towns["other_staff"], ApplicationInput(),
                                    match_id=match.id)
    with pytest.raises(Forbidden):
        benefits.create_application(session, towns["viewer"], ApplicationInput(
            company_id=towns["company"].id, call_title="Haku"))


def test_partner_in_another_town_sees_the_applicant_by_name_only(session, towns, make_match):
    match = make_match(towns["company"])
    secret = "Salainen muistiinpano hakijan kaupungilta"
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(
        partners=(towns["partner"].business_id,), other_partners="VTT", notes=secret,
        amount_applied_eur="500000", submitted_on=date(2026, 2, 1)), match_id=match.id)
    app_id = saved.application.id
    seen = benefits.get_application(session, towns["other_staff"], app_id)
    assert seen.as_partner and seen.company_name == "Kallion Konepaja Oy"
    assert seen.company_id is None and seen.notes is None and seen.other_partners is None
    assert seen.amount_applied_eur is None and seen.match_id is None
    assert seen.partners == ((towns["partner"].id, "Vieraan Kaupungin Valimo Oy"),)
    assert secret not in repr(seen)
    listed = benefits.list_applications(session, towns["other_staff"],
                                        company_id=towns["partner"].id)
    assert [r.id for r in listed] == [app_id] and listed[0].as_partner
    full = benefits.get_application(session, towns["staff"], app_id)
    assert not full.as_partner and full.notes == secret
    assert full.partners == ((None, "Vieraan Kaupungin Valimo Oy"),)
    with pytest.raises(NotFound):
        benefits.update_application(session, towns["other_staff"], app_id,
                                    ApplicationInput(call_title="x"))


def test_a_partner_id_of_another_town_is_refused_like_an_unknown_one(session, towns):
    with pytest.raises(FieldError) as info:
        benefits.create_application(session, towns["staff"], ApplicationInput(
            company_id=towns["company"].id, call_title="Haku",
            partners=(str(towns["partner"].id),)))
    assert info.value.field == "partners"


def test_an_unrelated_town_sees_nothing(session, towns, make_user):
    saved = benefits.create_application(session, towns["staff"], ApplicationInput(
        company_id=towns["company"].id, call_title="Haku"))
    stranger = make_user()
    with pytest.raises(NotFound):
        benefits.get_application(session, stranger, saved.application.id)
    assert benefits.list_applications(session, stranger) == []
    assert [r.id for r in benefits.list_applications(session, towns["coordinator"])
            ] == [saved.application.id]
