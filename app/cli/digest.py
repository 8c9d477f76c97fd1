"""``flask digest build|send|preview``: the weekly digest by hand (the scheduler does the same
for the users whose weekday and hour have come)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.mail.smtp import SmtpMailer
from app.models import User
from app.services import digest


@click.group("digest")
def digest_group() -> None:
    """Build, send and preview the weekly digest e-mails."""


@digest_group.command("build")
@click.option("--email", "emails", multiple=True, metavar="E",
              help="Build only this user's digest (repeatable); default: every user who has it on.")
@click.option("--dry-run", is_flag=True, help="Count what would be built; write nothing.")
@with_appcontext
def build_command(emails: tuple[str, ...], dry_run: bool) -> None:
    """Build this week's digest for every user who has it on, whatever their weekday."""
    wanted = list(emails) or None
    total = digest.count_recipients(db.session, wanted)
    if wanted and total == 0:
        raise click.ClickException("no active user with the digest on has that e-mail address")
    with click.progressbar(length=max(total, 1), label="Building digests") as bar:
        summary = digest.build_digests(db.session, config=current_app.config, emails=wanted,
                                       dry_run=dry_run, progress=bar.update)
    would = "would be " if dry_run else ""
    click.echo(f"{summary.users} user(s): {summary.pending} {would}built, {summary.skipped} "
               f"{would}skipped (nothing to tell), {summary.existing} already built this week.")


@digest_group.command("send")
@click.option("--dry-run", is_flag=True, help="Count what would be sent; send nothing.")
@with_appcontext
def send_command(dry_run: bool) -> None:
    """Send every pending digest and every failed one with attempts left."""
    config = current_app.config
    if dry_run:
        summary = digest.send_pending(db.session, SmtpMailer.from_config(config), config=config,
                                      dry_run=True)
        click.echo(f"{summary.rows} digest(s) would be sent.")
        return
    total = len(digest.sendable_ids(db.session, int(config["DIGEST_MAX_ATTEMPTS"])))
    with SmtpMailer.from_config(config) as mailer, click.progressbar(
            length=max(total, 1), label="Sending digests") as bar:
        summary = digest.send_pending(db.session, mailer, config=config, progress=bar.update)
    click.echo(f"{summary.sent} sent, {summary.failed} failed, {summary.unknown} unknown "
               f"(left for an admin) of {summary.rows}.")
    if summary.stopped:
        raise click.ClickException(f"the mail server could not be reached: {summary.stopped}; "
                                   "the rest are sent on the next run")


@digest_group.command("preview")
@click.option("--email", required=True, metavar="E", help="Whose next digest to show.")
@with_appcontext
def preview_command(email: str) -> None:
    """Print the text part of a user's next digest, as it would be sent if built now."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with the e-mail address {email}")
    result = digest.preview(db.session, user, config=current_app.config)
    click.echo(f"Subject: {result.rendered.subject}\n")
    click.echo(result.rendered.text)
    if not result.sends:
        click.echo("(nothing to tell: this digest would not be sent)")


# only the group is a top-level command (app.cli registers every command named in a module)
del build_command, send_command, preview_command
