from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app import clock
from app.extensions import db
from app.services import demo
from config import BASE_DIR

DEMO_CALLS = BASE_DIR / "eval" / "dev" / "calls.jsonl"


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data exists.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the fictional demo network: ten towns, a user per role, 200 companies, funding calls
    and their matches."""
    summary = demo.seed_demo_network(db.session, calls_file=DEMO_CALLS, today=clock.today(),
                                     config=current_app.config)
    if summary.created:
        click.echo(f"Demo data loaded: {summary.towns} towns, {summary.companies} companies.")
        click.echo(f"Funding calls for the demo: {summary.calls}; "
                   f"matches stored: {summary.matches}.")
    elif not if_empty:
        raise click.ClickException("The database already has data; demo data was not loaded.")
    click.echo("")
    click.echo(f"Demo sign-ins at {current_app.config['BASE_URL']}/login "
               f"(password for each: {summary.password}):")
    for email, role, town in summary.users:
        click.echo(f"  {email:36} {role:12} {town or 'whole network'}")
