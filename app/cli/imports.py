"""``flask import-register``: bring a town's companies from the trade register (PRH/YTJ) in as
prospects, with a progress bar and a summary of what landed, batch by batch."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.errors import ServiceError
from app.extensions import db
from app.models import City
from app.services.imports import register
from connectors import prh_ytj
from connectors.errors import SourceError
from connectors.http import make_session
from connectors.records import CompanyRecord

BATCH = 200
REASONS = {
    "dissolved": "ceased",
    "liquidation": "in liquidation",
    "bankruptcy": "bankrupt",
    "other_town": "belongs to another town",
    "merged": "merged into another company",
    "invalid": "not valid for Veturi",
}


def _summary(city: City, counts: register.RegisterImportCounts) -> list[str]:
    lines = [
        f"Trade register -> {city.name_fi} ({city.code}):",
        f"  created as prospects: {counts.created}",
        f"  already there:        {counts.already_there} (blanks filled in {counts.filled})",
        f"  skipped:              {sum(counts.skipped.values())}",
    ]
    for reason, number in sorted(counts.skipped.items()):
        lines.append(f"    {REASONS.get(reason, reason)}: {number}")
    return lines


@click.command("import-register")
@click.option("--municipality", required=True, metavar="CODE",
              help="Municipality code of the town, e.g. 140 (the town must exist in Veturi).")
@click.option("--tol", default=None, metavar="CODE",
              help="Only companies whose industry code begins with this (2 to 5 digits).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Stop after this many companies of the town.")
@click.option("--pause", type=click.FloatRange(min=0), default=prh_ytj.DEFAULT_PAUSE_SECONDS,
              show_default=True, help="Seconds between requests to the register.")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(0, 10),
              help="Retries of a failing request (with exponential backoff).")
@with_appcontext
def import_register(
    municipality: str, tol: str | None, limit: int | None, pause: float, retries: int
) -> None:
    """Bring the town's register companies in as prospects, without duplicates.

    A company already in Veturi (same business ID, or the same name without one) only gets its
    blank fields filled. Ceased, liquidated and bankrupt companies are left out. Each batch is
    committed; on a register error the summary says what landed and the exit code is 1.
    """
    code = municipality.strip().zfill(3)
    city = db.session.scalars(select(City).where(City.code == code)).one_or_none()
    if city is None:
        raise click.ClickException(f"no town with municipality code {code} in Veturi")
    http = make_session(timeout=current_app.config["PRH_TIMEOUT"], retries=retries)
    try:
        records: Iterator[CompanyRecord] = prh_ytj.search_companies(
            http, current_app.config["PRH_BASE_URL"], municipality_code=code,
            industry_code=tol, pause_seconds=pause)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if limit is not None:
        records = islice(records, limit)
    counts = register.RegisterImportCounts()
    failure: str | None = None
    batch: list[CompanyRecord] = []
    with click.progressbar(records, length=limit, label="Reading the register",
                           item_show_func=lambda r: r.name[:30] if r else None,
                           show_pos=True) as bar:
        try:
            for record in bar:
                batch.append(record)
                if len(batch) >= BATCH:
                    counts.add(register.import_register_batch(db.session, city, batch))
                    batch = []
        except (SourceError, ValueError) as exc:
            failure = str(exc)
        except ServiceError as exc:
            batch, failure = [], str(exc.message)
    if batch:  # what was read before the end (or before the failure) lands too
        counts.add(register.import_register_batch(db.session, city, batch))
    for line in _summary(city, counts):
        click.echo(line)
    if failure is not None:
        click.echo(f"The import stopped: {failure}", err=True)
        raise click.ClickException(
            f"the register import stopped after {counts.seen} companies; "
            "what is counted above was saved, the rest was not"
        )
