from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.extensions import db
from app.models import Company
from app.services import matching


@click.command("match")
@click.option("--full", is_flag=True, help="Recompute every company's matches.")
@click.option("--company", "company_ids", type=int, multiple=True, help="A company id (repeat).")
@click.option("--call", "call_ids", type=int, multiple=True, help="A call id (repeat).")
@with_appcontext
def match_command(full: bool, company_ids: tuple[int, ...], call_ids: tuple[int, ...]) -> None:
    """Match funding calls to companies and store each company's best matches."""
    if not (full or company_ids or call_ids):
        raise click.UsageError("give --full, --company ID or --call ID")
    today = datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    total = (db.session.scalar(select(func.count(Company.id))) or 0) if full else None
    with click.progressbar(length=total or len(company_ids) or 1, label="Matching") as bar:
        summary = matching.rematch(
            db.session, today=today, full=full,
            company_ids=list(company_ids) or None, call_ids=list(call_ids) or None,
            config=current_app.config, progress=bar.update)
    click.echo(f"{summary.companies} companies matched, {summary.stored} matches stored "
               f"in {summary.seconds:.1f} s.")


@click.command("train-matcher")
@with_appcontext
def train_matcher() -> None:
    """Retrain the relevance weights on staff feedback (the defaults stand with too little)."""
    state = matching.train_feedback_weights(db.session)
    if state is None:
        click.echo("Too little feedback to learn from: the current weights stand.")
        return
    weights = ", ".join(f"{k}={v:.2f}" for k, v in state.weights.items())
    click.echo(f"Learned from {state.examples} labels: {weights}. Run `match --full` to apply.")
