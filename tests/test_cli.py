"""The command-line interface that operators and outside checks rely on."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.models import AuditEvent, City, Company, Role, User


def test_every_area_command_is_registered(app):
    assert {"create-user", "seed-demo"} <= set(app.cli.commands)


def test_create_user_reads_password_from_stdin(app, session, make_city):
    make_city(code="140")
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "Uusi@Iisalmi.example", "--name", "Uusi Henkilö",
        "--role", "staff", "--city", "140", "--password-stdin"], input="salasana-joka-on-pitka\n")
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "uusi@iisalmi.example")).one()
    assert user.role is Role.STAFF and check_password_hash(user.password_hash, "salasana-joka-on-pitka")


def test_create_user_prompts_for_password(app, session):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "k@verkosto.example", "--name", "K", "--role", "coordinator"],
        input="salasana-joka-on-pitka\nsalasana-joka-on-pitka\n")
    assert result.exit_code == 0, result.output
    assert session.scalar(select(func.count(User.id)).where(User.email == "k@verkosto.example")) == 1


def test_create_user_with_unknown_town_fails_clearly_and_writes_nothing(app, session):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "x@example.test", "--name", "X", "--role", "staff",
        "--city", "999", "--password-stdin"], input="salasana-joka-on-pitka\n")
    assert result.exit_code != 0
    assert "999" in result.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_seed_demo_builds_the_network_once(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "henkilosto@iisalmi.example" in result.output
    cities = {c.code: c for c in session.scalars(select(City))}
    assert set(cities) == {"140", "740", "678", "287", "111", "232", "249", "684", "832", "305"}
    assert cities["678"].name_fi == "Raahe" and cities["678"].region == "Pohjois-Pohjanmaa"
    companies = list(session.scalars(select(Company)))
    assert len(companies) == 200
    from stdnum.fi import ytunnus
    with_id = [c.business_id for c in companies if c.business_id]
    assert len(with_id) == 199 and len(set(with_id)) == 199  # one duplicate from an "old list"
    assert all(ytunnus.is_valid(b) for b in with_id)
    assert any(c.is_anchor for c in companies) and any(c.is_growth_seeking for c in companies)
    assert all(c.description and c.industry_code for c in companies)
    roles = {u.role for u in session.scalars(select(User))}
    assert roles == set(Role)
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "demo.seed")) == 1
    from app.models.funding_calls import FundingCall
    from app.models.matches import Match
    assert session.scalar(select(func.count(FundingCall.id))) > 50  # Business Finland + the pool
    assert session.scalar(select(func.count(Match.id))) > 0  # and every company matched
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code != 0 and "already has data" in again.output
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    assert session.scalar(select(func.count(Company.id))) == 200
