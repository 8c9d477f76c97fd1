"""``flask harvest``: read the funding-call sources now, with a progress bar and a summary per
source; ``flask seed-sources``: create the default sources with their real public addresses."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app import clock
from app.extensions import db
from app.models.funding import FundingSource, HarvestRun, RunStatus
from app.services.funding import harvest
from connectors.http import make_session


def _summary(run: HarvestRun, name: str) -> str:
    seconds = f"{run.seconds:.1f} s" if run.seconds is not None else "-"
    line = (f"{name:24} {run.status.value:8} fetched {run.fetched:5}  new {run.created:5}  "
            f"changed {run.updated:5}  unchanged {run.unchanged:5}  "
            f"withdrawn {run.withdrawn:4}  {seconds}")
    problems = [f"    ! {problem}" for problem in run.errors]
    return "\n".join([line, *problems])


@click.command("harvest")
@click.option("--source", "names", multiple=True, metavar="NAME",
              help="Harvest only this source (repeatable); default: every enabled source.")
@click.option("--url", default=None, help="Read the (single) source at this address instead, "
              "e.g. a mirror or a local test server. The source itself is not changed.")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(0, 10),
              help="Retries of a failing request (with exponential backoff).")
@with_appcontext
def harvest_command(names: tuple[str, ...], url: str | None, retries: int) -> None:
    """Harvest funding calls now. Exits non-zero when every source failed."""
    if url is not None and len(names) != 1:
        raise click.UsageError("--url needs exactly one --source.")
    try:
        sources = harvest.harvestable(db.session, names or None)
    except LookupError as exc:
        raise click.ClickException(f"unknown source: {exc}; see flask seed-sources") from exc
    if not sources:
        raise click.ClickException("no enabled source to harvest (flask seed-sources adds them)")
    now = clock.utcnow()
    today = clock.today()
    lines: list[str] = []
    with click.progressbar(length=len(sources), label="Harvesting",
                           item_show_func=lambda name: name) as bar:
        def progress(source: FundingSource, run: HarvestRun | None) -> None:
            if run is None:
                bar.current_item = source.name
                bar.render_progress()
            else:
                lines.append(_summary(run, source.name))
                bar.update(1)

        runs = harvest.run_all(db.session, http=make_session(
            retries=retries, deadline=current_app.config["HARVEST_REQUEST_DEADLINE"]), today=today,
                               now=now, names=names or None, url=url, progress=progress)
    for line in lines:
        click.echo(line)
    failed = sum(1 for run in runs if run.status is RunStatus.FAILED)
    click.echo(f"{len(runs)} source(s): {len(runs) - failed} harvested, {failed} failed.")
    if runs and failed == len(runs):
        raise click.ClickException("every source failed")


@click.command("seed-sources")
@with_appcontext
def seed_sources() -> None:
    """Create the default funding sources (the real public URLs) that are missing, and store
    Business Finland's standing instruments."""
    result = harvest.ensure_default_sources(db.session)
    for source in result.created:
        click.echo(f"  {source.name:18} {source.kind:14} {source.url or ''}")
    click.echo(f"{len(result.created)} source(s) created.")
    counts = result.instruments
    click.echo(f"Business Finland instruments: {counts.created} new, {counts.updated} changed, "
               f"{counts.unchanged} unchanged.")
