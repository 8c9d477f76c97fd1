"""The queue's thread mode (``JOB_QUEUE=thread``, the embedded default): a job runs in a thread
of the web process, for any area.

The request only queues the job (a row the job updates as it goes) and starts the thread; the
page polls the row. The thread has its own app context, so its own database session, and works
in the language of the user who started it, so the messages it stores read right. A thread dies
with its worker: each job's service says when a row that stopped moving counts as stale.

The funding area's harvest and the list import reach it through ``app.job_queue.enqueue``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from flask import Flask
from flask_babel import force_locale

from app.extensions import db

log = logging.getLogger(__name__)

Job = Callable[..., Any]


def run_in_app(app: Flask, job: Job, *args: Any, locale: str | None = None, **kwargs: Any) -> None:
    """The thread's body: ``job(db.session, *args, **kwargs)`` in a fresh app context."""
    with app.app_context():
        try:
            with force_locale(locale) if locale else nullcontext():
                job(db.session, *args, **kwargs)
        except Exception:  # the thread is the boundary: log; the job's row says it failed
            log.exception("background job %s failed", getattr(job, "__name__", job))
        finally:
            db.session.remove()


def start(
    app: Flask, job: Job, *args: Any, name: str, locale: str | None = None, **kwargs: Any
) -> threading.Thread:
    """Run ``job`` in a daemon thread and return the thread (tests join it or replace this)."""
    thread = threading.Thread(
        target=run_in_app,
        args=(app, job, *args),
        kwargs={"locale": locale, **kwargs},
        name=name,
        daemon=True,
    )
    thread.start()
    return thread
