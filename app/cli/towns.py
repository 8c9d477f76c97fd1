"""Member towns at the command line: load the municipality classification, add and end towns."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.errors import ServiceError
from app.extensions import db
from app.services import towns


def _fail(exc: ServiceError) -> click.ClickException:
    errors = getattr(exc, "errors", None)
    if errors:
        return click.ClickException("; ".join(str(e.message) for e in errors))
    return click.ClickException(str(exc.message))


@click.command("load-municipalities")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False,
                                                        path_type=Path))
@with_appcontext
def load_municipalities(file: Path | None) -> None:
    """Load Finland's municipalities (Statistics Finland's classification) as reference data.

    FILE is a CSV of the columns of app/data/municipalities.csv (the shipped file when left out).
    Loading again changes nothing; a newer year's file updates names, also of member towns.
    """
    try:
        if file is None:
            summary = towns.load_default(db.session)
        else:
            summary = towns.load_municipalities(db.session, file.read_text(encoding="utf-8-sig"))
    except ServiceError as exc:
        raise _fail(exc) from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException("The file is not UTF-8 text.") from exc
    click.echo(f"Municipalities of {summary.year}: {summary.added} added, {summary.updated} "
               f"updated, {summary.retired} no longer in the classification; "
               f"{summary.towns_renamed} member town(s) updated.")


@click.command("add-town")
@click.argument("code")
@with_appcontext
def add_town(code: str) -> None:
    """Make the municipality with this code (e.g. 140) a member town of the network."""
    try:
        city = towns.add_town(db.session, None, code)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"{city.name_fi} ({city.code}) is a member town since {city.member_since}.")


@click.command("end-town")
@click.argument("code")
@with_appcontext
def end_town(code: str) -> None:
    """End a town's membership (its data stays; no new users can be made for it)."""
    try:
        city = towns.end_town(db.session, None, code)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"The membership of {city.name_fi} ({city.code}) ended on {city.member_until}.")
