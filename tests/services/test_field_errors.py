"""Services report every wrong field of an input at once, not only the first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import ErrorCollector, FieldError, ValidationErrors
from app.models import Role
from app.services import engagement
from app.services.companies import company_values, contacts
from app.services.inputs import CompanyInput, ContactInput, InteractionInput, TaskInput


def test_collector_keeps_the_first_error_of_each_field_and_raises_them_together():
    errors = ErrorCollector()
    errors.add("name", "required")
    errors.add("name", "too long")  # a second complaint about the same field adds nothing
    assert errors.check(lambda: 5) == 5
    assert errors.check(lambda: (_ for _ in ()).throw(FieldError("email", "bad"))) is None
    with pytest.raises(ValidationErrors) as caught:
        errors.raise_if_any()
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("name", "required"), ("email", "bad")]
    assert isinstance(caught.value, FieldError) and caught.value.field == "name"


def test_a_single_error_stays_a_plain_field_error_with_its_params():
    errors = ErrorCollector()
    errors.add("business_id", "taken", existing_id=7)
    with pytest.raises(FieldError) as caught:
        errors.raise_if_any()
    assert type(caught.value) is FieldError and caught.value.params == {"existing_id": 7}
    assert caught.value.errors == [caught.value]


def test_company_input_with_three_bad_fields_reports_all_three(session):
    data = CompanyInput(name="", industry_code="x1", employees=-1)
    with pytest.raises(ValidationErrors) as caught:
        company_values(session, data)
    assert [e.field for e in caught.value.errors] == ["name", "industry_code", "employees"]


def test_contact_with_no_names_and_a_bad_email_reports_all(session, make_user, make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    with pytest.raises(ValidationErrors) as caught:
        contacts.create_contact(session, user, company.id,
                                ContactInput(first_name="", last_name=" ", email="x"))
    assert [e.field for e in caught.value.errors] == ["first_name", "last_name", "email"]


def test_interaction_reports_kind_date_summary_and_follow_up_together(session, make_user, make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    today = date(2026, 5, 4)
    data = InteractionInput(
        kind="smoke", occurred_on=today + timedelta(days=1), summary="",
        follow_up=TaskInput(title="Soita", due_on=today - timedelta(days=1)))
    with pytest.raises(ValidationErrors) as caught:
        engagement.log_interaction(session, user, company.id, data, today=today)
    assert [e.field for e in caught.value.errors] == [
        "kind", "occurred_on", "summary", "follow_up_due_on"]


def test_a_new_account_reports_bad_email_town_and_password_together(session):
    from app.services import accounts
    from app.services.inputs import UserInput

    data = UserInput(email="ei-osoite", name="X", role="staff", city_code="999", password="lyhyt")
    with pytest.raises(ValidationErrors) as caught:
        accounts.create_user(session, None, data)
    assert [e.field for e in caught.value.errors] == ["email", "city", "password"]


def test_cli_names_every_wrong_field_of_a_new_account(app, session):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "ei-osoite", "--name", "X", "--role", "staff",
        "--city", "999", "--password-stdin"], input="lyhyt\n")
    assert result.exit_code != 0
    assert "email:" in result.output and "city:" in result.output and "password:" in result.output
