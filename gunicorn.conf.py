"""gunicorn reads this file from the working directory by itself: settings given on the command
line (README, "Running in production") still win. Its one job: a fresh web worker loads the
shared fitted matcher (``matching.fit``'s artifact) before its first request, so no save waits
for it and no worker ever fits."""

from typing import Any


def post_worker_init(worker: Any) -> None:
    from app.services.matches import warm_up

    app = getattr(worker, "wsgi", None)
    if app is not None and hasattr(app, "app_context"):
        try:
            warm_up(app)
        except Exception:  # noqa: BLE001 - a worker that could not warm up still serves
            worker.log.exception("loading the shared matcher failed")
