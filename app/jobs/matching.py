"""The matcher's weekly job (``MATCH_RETRAIN_CRON``): retrain the relevance weights on staff
feedback, then rematch every company with a fresh fit, so the vocabulary follows the calls,
profiles changed by imports and merges are caught, and new weights reach the stored matches."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from app import clock, job_queue
from app.extensions import db
from app.services import matches

log = logging.getLogger(__name__)


def retrain_and_rematch(app: Flask | None = None) -> bool:
    """Returns whether new weights were learned (the full rematch runs either way). With
    ``JOB_QUEUE=database`` it is handed to the worker process (``matching.retrain_and_rematch``)
    and False is returned."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOB_QUEUE") == "database":
        with app.app_context():
            job_queue.enqueue("matching.retrain_and_rematch", app=app)
        return False
    with app.app_context():
        try:
            today = clock.today()
            result, summary = matches.retrain_and_rematch(db.session, today=today,
                                                           config=app.config)
            log.info("matcher retrain: %s (%d labelled matches)", result.reason, result.examples)
            log.info("weekly rematch: %d companies, %d matches stored in %.1f s",
                     summary.companies, summary.stored, summary.seconds)
            return result.weights is not None
        finally:
            db.session.remove()


def fit_if_stale(app: Flask | None = None) -> bool:
    """Queue ``matching.fit`` when the shared matcher artifact is missing or no longer covers
    the calls and weights (only where web workers share it). Returns whether it was queued."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():
        try:
            if not matches.shared_mode(app.config):
                return False
            return matches.fit_if_stale(db.session)
        finally:
            db.session.remove()
