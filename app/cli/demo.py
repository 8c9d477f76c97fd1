from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.services import demo


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data exists.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the fictional demo network: ten towns, a user per role, 200 companies."""
    summary = demo.seed_demo(db.session)
    if summary.created:
        click.echo(f"Demo data loaded: {summary.towns} towns, {summary.companies} companies.")
    elif not if_empty:
        raise click.ClickException("The database already has data; demo data was not loaded.")
    click.echo("")
    click.echo(f"Demo sign-ins at {current_app.config['BASE_URL']}/login "
               f"(password for each: {summary.password}):")
    for email, role, town in summary.users:
        click.echo(f"  {email:36} {role:12} {town or 'whole network'}")
