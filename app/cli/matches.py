"""``flask match`` (store matches for everyone, some companies or some calls) and
``flask train-matcher`` (learn relevance weights from staff feedback)."""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from app import clock
from app.extensions import db
from app.services import matches


class _Bar:
    """A click progress bar opened once the rematch knows how many companies it will do."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label="Matching companies",
                                         show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("match")
@click.option("--full", is_flag=True, help="Refit the matcher and recompute every company.")
@click.option("--company", "company_ids", type=int, multiple=True, help="A company id (repeat).")
@click.option("--call", "call_ids", type=int, multiple=True,
              help="A call id (repeat): the companies it may concern are rematched.")
@with_appcontext
def match_command(full: bool, company_ids: tuple[int, ...], call_ids: tuple[int, ...]) -> None:
    """Match funding calls to companies and store each company's best matches."""
    if not (full or company_ids or call_ids):
        raise click.UsageError("give --full, --company ID or --call ID")
    bar = _Bar()
    try:
        summary = matches.rematch(db.session, today=clock.today(), full=full,
                                   company_ids=company_ids or None, call_ids=call_ids or None,
                                   config=current_app.config, progress=bar)
    finally:
        bar.close()
    click.echo(f"{summary.companies} companies matched against {summary.calls} calls: "
               f"{summary.stored} matches stored in {summary.seconds:.1f} s.")


@click.command("train-matcher")
@with_appcontext
def train_matcher() -> None:
    """Retrain the relevance weights on staff feedback (the weights in use stand unless the
    new ones, learned without the newest quarter of the feedback, rank that quarter better)."""
    result = matches.train_feedback_weights(db.session)
    measured = result.measured or {}
    if result.reason == "too_little_feedback":
        click.echo(f"Too little feedback to learn from ({result.examples} labelled matches): "
                   "the current weights stand.")
        return
    if result.reason == "too_little_held_back":
        click.echo("Too few labels of each kind in the held-back feedback to compare on: "
                   "the current weights stand.")
        return
    figures = (f"held-back AUC {measured.get('auc_learned')} learned vs "
               f"{measured.get('auc_current')} current, nDCG per company "
               f"{measured.get('ndcg_learned')} vs {measured.get('ndcg_current')} "
               f"({measured.get('training')} trained on, {measured.get('held_back')} held back)")
    if result.weights is None:
        click.echo(f"The learned weights do not improve the held-back feedback: {figures}; "
                   "the current weights stand.")
        return
    weights = ", ".join(f"{k}={v:.2f}" for k, v in result.weights.items())
    click.echo(f"Learned from {result.examples} labelled matches: {weights}; {figures}. "
               "Run `flask --app app match --full` to apply them to the stored matches.")
