"""``flask harvest`` and ``flask seed-sources`` through the CLI runner, against local servers."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models.funding import FundingSource, HarvestRun, RunStatus
from app.models.funding_calls import FundingCall
from tests.services.test_funding_harvest_payloads import add_source, eu_server, hae_server


def test_seed_sources_creates_the_real_sources_once(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-sources"])
    assert result.exit_code == 0, result.output
    assert "https://api.tech.ec.europa.eu/search-api/prod/rest" in result.output
    assert "8 source(s) created." in result.output and "Business Finland instruments:" in result.output
    again = runner.invoke(args=["seed-sources"]).output
    assert "0 source(s) created." in again and " 0 new, 0 changed," in again
    assert session.scalar(select(func.count(FundingSource.id))) == 8


def test_harvest_one_source_at_a_local_url(app, session, httpserver):
    _, url = eu_server(httpserver)
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-sources"])
    result = runner.invoke(args=["harvest", "--source", "eu-ft-portal", "--url", url])
    assert result.exit_code == 0, result.output
    assert "eu-ft-portal" in result.output and "ok" in result.output
    assert "fetched     8  new     8" in result.output
    assert "1 source(s): 1 harvested, 0 failed." in result.output
    source = session.scalars(select(FundingSource).where(FundingSource.name == "eu-ft-portal")).one()
    assert source.url == "https://api.tech.ec.europa.eu/search-api/prod/rest"  # not changed
    eu_calls = select(func.count(FundingCall.id)).where(FundingCall.funding_source_id == source.id)
    assert session.scalar(eu_calls) == 8

    again = runner.invoke(args=["harvest", "--source", "eu-ft-portal", "--url", url])
    assert again.exit_code == 0 and "new     0  changed     0  unchanged     8" in again.output


def test_harvest_exits_non_zero_only_when_every_source_failed(app, session, httpserver):
    eu, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    eu.status = 500
    runner = app.test_cli_runner()

    some = runner.invoke(args=["harvest", "--retries", "0"])
    assert some.exit_code == 0, some.output
    assert "failed" in some.output and "HTTP 500" in some.output
    assert "2 source(s): 1 harvested, 1 failed." in some.output

    everything = runner.invoke(args=["harvest", "--source", "eu-ft-portal", "--retries", "0"])
    assert everything.exit_code != 0 and "every source failed" in everything.output
    statuses = session.scalars(select(HarvestRun.status).order_by(HarvestRun.id)).all()
    assert statuses == [RunStatus.FAILED, RunStatus.OK, RunStatus.FAILED]


def test_harvest_rejects_unknown_sources_and_url_without_source(app, session):
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["harvest", "--source", "nope"])
    assert unknown.exit_code != 0 and "unknown source: nope" in unknown.output
    no_source = runner.invoke(args=["harvest", "--url", "http://127.0.0.1:9/"])
    assert no_source.exit_code != 0 and "--url needs exactly one --source" in no_source.output
    assert session.scalar(select(func.count(HarvestRun.id))) == 0
