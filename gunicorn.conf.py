"""gunicorn reads this file from the working directory by itself: settings given on the command
line (README, "Running in production") still win. Its one job: a fresh web worker loads the
shared fitted matcher (``matching.fit``'s artifact) as it starts, so no save waits long for it
and no worker ever fits.

The loading runs in a thread of the worker: at network scale it takes seconds (14.7 s with 7,500
open calls on the 2-core machine), and a worker that has not answered gunicorn's arbiter within
``timeout`` (30 s) while still starting is killed and replaced, over and over on a busy machine.
A save that comes in meanwhile waits for the matcher's lock, then ranks with it."""

import threading
from typing import Any


def post_worker_init(worker: Any) -> None:
    app = getattr(worker, "wsgi", None)
    if app is not None and hasattr(app, "app_context"):
        threading.Thread(target=_warm_up, args=(worker, app), name="veturi-warm-up",
                         daemon=True).start()


def _warm_up(worker: Any, app: Any) -> None:
    from app.services.matches import warm_up

    try:
        warm_up(app)
    except Exception:  # noqa: BLE001 - a worker that could not warm up still serves
        worker.log.exception("loading the shared matcher failed")
