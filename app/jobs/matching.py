"""The matcher's scheduled job: retrain the relevance weights on staff feedback, and when new
weights were learned, rematch every company with them."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from app import create_app
from app.extensions import db
from app.services import matching

log = logging.getLogger(__name__)


def retrain_and_rematch(app: Flask | None = None) -> bool:
    """Returns whether new weights were learned (and the rematch ran)."""
    app = app or create_app()
    with app.app_context():
        try:
            state = matching.train_feedback_weights(db.session)
            if state is None:
                log.info("matcher retrain: too little feedback, the weights stand")
                return False
            today = datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()
            summary = matching.rematch(db.session, today=today, full=True, config=app.config)
            log.info("matcher retrained on %d examples; %d matches stored", state.examples,
                     summary.stored)
            return True
        finally:
            db.session.remove()
