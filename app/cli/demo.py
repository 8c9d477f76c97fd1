from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app import clock
from app.extensions import db
from app.services import demo, matches
from app.services.demo import calls as demo_calls
from app.services.funding import harvest
from config import BASE_DIR


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data exists.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the fictional demo network: ten towns, a user per role, 200 companies."""
    summary = demo.seed_demo(db.session)
    if summary.created:
        click.echo(f"Demo data loaded: {summary.towns} towns, {summary.companies} companies.")
        calls, stored = load_demo_funding(current_app)
        click.echo(f"Funding calls for the demo: {calls}; matches stored: {stored}.")
    elif not if_empty:
        raise click.ClickException("The database already has data; demo data was not loaded.")
    click.echo("")
    click.echo(f"Demo sign-ins at {current_app.config['BASE_URL']}/login "
               f"(password for each: {summary.password}):")
    for email, role, town in summary.users:
        click.echo(f"  {email:36} {role:12} {town or 'whole network'}")


def load_demo_funding(app: Flask) -> tuple[int, int]:
    """The funding side of the demo: the default sources with Business Finland's standing
    instruments, real calls from the evaluation pool, and every company matched to them."""
    harvest.ensure_default_sources(db.session)
    calls = demo_calls.seed_demo_calls(db.session, BASE_DIR / "eval" / "dev" / "calls.jsonl")
    today = clock.today()
    summary = matches.rematch(db.session, today=today, full=True, config=app.config)
    return calls, summary.stored
