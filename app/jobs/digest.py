"""The digest job (every ``DIGEST_CHECK_CRON``, by default every 15 minutes): build the digests
whose weekday and hour have come this week and that are not built yet, then send the outbox.
A scheduler that was down over a due time finds the digest still due when it comes back and
sends it then, once (one row per user and week)."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from app import job_queue
from app.extensions import db
from app.mail.smtp import SmtpMailer
from app.services import digest

log = logging.getLogger(__name__)


def build_and_send_due(app: Flask | None = None) -> int:
    """Returns how many digests were sent (0 when handed to the worker process: with
    ``JOB_QUEUE=database`` the sending is the ``digest.send`` job, so a worker that dies while
    sending is reaped and the next run is not blocked)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOB_QUEUE") == "database":
        with app.app_context():
            job_queue.enqueue("digest.send", app=app)
        return 0
    return send_due(app)


def send_due(app: Flask) -> int:
    """Build the due digests and send the outbox here (the job's body). Returns how many were
    sent."""
    with app.app_context():
        try:
            with SmtpMailer.from_config(app.config) as mailer:
                built, sent = digest.run_due(db.session, mailer, config=app.config)
            log.info("digest job: %d built, %d skipped (empty), %d sent, %d failed%s",
                     built.pending, built.skipped, sent.sent, sent.failed,
                     f" (stopped: {sent.stopped})" if sent.stopped else "")
            return sent.sent
        finally:
            db.session.remove()
