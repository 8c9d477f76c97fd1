"""Bringing a town's register companies in as prospects: never a duplicate, blanks filled, ceased
and bankrupt companies left out, every change audited, one commit per batch."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import Forbidden
from app.models import AuditEvent, Company, Role
from app.services.imports import register
from connectors.records import CompanyRecord


def record(business_id: str, name: str, **over) -> CompanyRecord:
    values = {"industry_code": "62100", "industry_code_set": "TOL2025",
              "industry_text": "Ohjelmistojen suunnittelu", "municipality_code": "140",
              "website": "https://example.fi", **over}
    return CompanyRecord(business_id=business_id, name=name, **values)


@pytest.fixture()
def town(make_city):
    return make_city(code="140", name="Iisalmi")


def test_new_register_companies_become_prospects(session, town):
    counts = register.import_register_batch(session, town, [
        record("0112038-9", "Nokia Oyj", auxiliary_names=("Nokia Networks",)),
        record("1927400-1", "Kone Oyj", industry_code="28220", industry_code_set="TOL2008"),
    ])
    assert (counts.created, counts.already_there, sum(counts.skipped.values())) == (2, 0, 0)
    companies = {c.business_id: c for c in session.scalars(select(Company))}
    nokia = companies["0112038-9"]
    assert nokia.is_prospect and nokia.city_id == town.id and nokia.municipality_code == "140"
    assert nokia.auxiliary_names == ["Nokia Networks"] and nokia.website == "https://example.fi"
    assert companies["1927400-1"].industry_code_set.value == "TOL2008"
    actions = [e.action for e in session.scalars(select(AuditEvent))]
    assert actions.count("company.create") == 2 and actions.count("company.register_import") == 1


def test_a_company_already_there_only_gets_its_blanks_filled(session, town, make_company):
    known = make_company(city=town, name="Vanha Nimi Oy", business_id="0112038-9",
                         website=None, industry_code="70100", industry_text=None,
                         description="Oma kuvaus", is_anchor=True)
    unregistered = make_company(city=town, name="Kone Oyj", business_id=None)
    counts = register.import_register_batch(session, town, [
        record("0112038-9", "Nokia Oyj"), record("1927400-1", "KONE Oyj")])
    assert (counts.created, counts.already_there, counts.filled) == (0, 2, 2)
    session.expire_all()
    known = session.get(Company, known.id)
    assert known.name == "Vanha Nimi Oy" and known.description == "Oma kuvaus" and known.is_anchor
    assert known.website == "https://example.fi" and known.industry_code == "70100"
    assert known.industry_text == "Ohjelmistojen suunnittelu" and not known.is_prospect
    assert session.get(Company, unregistered.id).business_id == "1927400-1"
    assert session.scalar(select(func.count(Company.id))) == 2
    update = session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "company", AuditEvent.entity_id == known.id)).one()
    assert update.action == "company.update" and update.before["website"] is None


def test_ceased_bankrupt_and_other_towns_companies_are_skipped(session, town, make_company,
                                                              make_city):
    make_company(city=make_city(), name="Muualla Oy", business_id="0112038-9")
    counts = register.import_register_batch(session, town, [
        record("0112038-9", "Muualla Oy"),
        record("1927400-1", "Lakannut Oy", warnings=(("dissolved", "Lakannut 1.1.2026"),)),
        record("2077474-0", "Konkurssi Oy", warnings=(("bankruptcy", "Konkurssissa"),)),
        record("0201256-6", "Saneeraus Oy", warnings=(("restructuring", "Saneerauksessa"),)),
        record("1234567-1", "X" * 250),
    ])
    assert counts.created == 1  # restructuring is no reason to leave a company out
    assert dict(counts.skipped) == {"other_town": 1, "dissolved": 1, "bankruptcy": 1, "invalid": 1}
    assert session.scalar(select(func.count(Company.id)).where(Company.city_id == town.id)) == 1


def test_a_user_imports_only_into_their_own_town(session, town, make_user, make_city):
    with pytest.raises(Forbidden):  # authz: another town's City is not the user's to import into
        register.import_register_batch(session, town, [record("0112038-9", "Nokia Oyj")],
                                       actor=make_user(Role.STAFF, city=make_city()))
    assert session.scalar(select(func.count(Company.id))) == 0
