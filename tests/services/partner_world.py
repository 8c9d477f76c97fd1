"""A small network for the partner suggestion tests (service, web, API): a consortium call
matched by companies of two towns, with another town's company full of details that must
never reach a user of the first town."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.models import CompanyShare, Contact, Role
from app.models.funding_calls import CallStatus, FundingCall
from app.models.matches import Match, MatchStatus
from tests.services.test_funding_harvest_payloads import add_source

# what only the other town may know of its company: none of it may leak to the first town
SECRETS = ("Salainen kuvaus hitsausrobotista", "vieras-avainsana", "salla.salainen@vieras.example",
           "Salla Salainen", "4242", "Vieras-syy-avainsana", "0401234567")


@dataclass
class PartnerWorld:
    own_town: Any
    other_town: Any
    staff: Any  # of own_town
    viewer: Any  # of own_town
    other_staff: Any  # of other_town, owner of its companies
    coordinator: Any
    call: Any  # a Horizon Innovation Action
    single: Any  # an EIC Accelerator call (not a consortium call)
    own: Any  # own town's software company (technology)
    foreign: Any  # other town's metal workshop (pilot), with secrets
    research: Any  # other town's R&D company (research), no owner
    shared: Any  # other town's energy company shared with own town (pilot)
    merged: Any  # other town's company merged away
    dismissed: Any  # other town's company whose match was marked not relevant
    unmatched: Any  # other town's company with no match of the call
    matches: dict[str, Any]


def _call(session: Any, source: Any, key: str, title: str, action: str) -> FundingCall:
    call = FundingCall(funding_source_id=source.id, source_id=key, title=title,
                       type_of_action=action, programme="Horizon Europe (HORIZON)",
                       description="Demonstration at pilot sites with end-users.",
                       status=CallStatus.OPEN, is_continuous=True, deadlines=[], keywords=[],
                       extra={}, content_hash=key, language="en")
    session.add(call)
    session.flush()
    return call


def build(session: Any, make_city: Any, make_user: Any, make_company: Any) -> PartnerWorld:
    own_town = make_city(name="Omakaupunki")
    other_town = make_city(name="Vieraskaupunki")
    staff = make_user(Role.STAFF, own_town, name="Olli Oma", language="en")
    viewer = make_user(Role.VIEWER, own_town, language="en")
    other_staff = make_user(Role.STAFF, other_town, name="Veera Vieras", language="fi")
    coordinator = make_user(Role.COORDINATOR, language="en")
    source = add_source(session, "eu-ft-portal", "eu-ft", None)
    call = _call(session, source, "HORIZON-CL4-2027-01", "Robotics for circular factories",
                 "HORIZON Innovation Actions")
    single = _call(session, source, "HORIZON-EIC-2027", "EIC Accelerator",
                   "HORIZON EIC Accelerator")
    own = make_company(own_town, name="Oma Ohjelmisto Oy", industry_code="62010",
                       owner=staff)
    foreign = make_company(other_town, name="Vieras Konepaja Oy", industry_code="25620",
                           owner=other_staff, description=SECRETS[0], keywords=[SECRETS[1]],
                           employees=4242, turnover_eur=Decimal("4242000"))
    session.add(Contact(company=foreign, first_name="Salla", last_name="Salainen",
                        email=SECRETS[2], phone=SECRETS[6]))
    research = make_company(other_town, name="Vieras Tutkimus Oy", industry_code="72110")
    shared = make_company(other_town, name="Jaettu Energia Oy", industry_code="35111",
                          owner=other_staff)
    session.add(CompanyShare(company=shared, city_id=own_town.id))
    merged = make_company(other_town, name="Yhdistetty Oy", industry_code="25620")
    merged.merged_into_id = foreign.id
    dismissed = make_company(other_town, name="Hylätty Oy", industry_code="25620")
    unmatched = make_company(other_town, name="Ei Osumaa Oy", industry_code="25620",
                             owner=other_staff)
    secret_reason = [{"code": "shared_keyword", "params": {"keyword": SECRETS[5]}}]
    public_reason = [{"code": "shared_keyword", "params": {"keyword": "robotiikka"}}]
    matches = {
        "own": Match(company=own, call=call, score=55.0, rank=1, reasons=public_reason),
        "foreign": Match(company=foreign, call=call, score=80.0, rank=1, reasons=secret_reason),
        "research": Match(company=research, call=call, score=60.0, rank=1, reasons=secret_reason),
        "shared": Match(company=shared, call=call, score=70.0, rank=1, reasons=public_reason),
        "merged": Match(company=merged, call=call, score=90.0, rank=1, reasons=secret_reason),
        "dismissed": Match(company=dismissed, call=call, score=85.0, rank=1,
                           reasons=secret_reason, status=MatchStatus.NOT_RELEVANT),
        "single": Match(company=foreign, call=single, score=75.0, rank=2, reasons=secret_reason),
        "unmatched_single": Match(company=unmatched, call=single, score=75.0, rank=1,
                                  reasons=secret_reason),
    }
    session.add_all(matches.values())
    session.flush()
    return PartnerWorld(own_town, other_town, staff, viewer, other_staff, coordinator, call,
                        single, own, foreign, research, shared, merged, dismissed, unmatched,
                        matches)
