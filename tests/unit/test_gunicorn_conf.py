"""A fresh gunicorn worker loads the shared matcher in a thread: post_worker_init returns at
once, so a slow load never keeps the worker from answering the arbiter (which would kill it)."""

from __future__ import annotations

import logging
import runpy
import threading
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_warms_up_in_a_thread_and_starts_serving_at_once(monkeypatch):
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    started, release, loaded = threading.Event(), threading.Event(), []

    def slow_warm_up(app):
        started.set()
        release.wait(10)
        loaded.append(app)

    monkeypatch.setattr("app.services.matches.warm_up", slow_warm_up)
    app = SimpleNamespace(app_context=lambda: None)
    conf["post_worker_init"](SimpleNamespace(wsgi=app, log=logging.getLogger("test")))
    assert started.wait(5) and loaded == []  # returned while the load still runs
    release.set()
    for thread in threading.enumerate():
        if thread.name == "veturi-warm-up":
            thread.join(5)
    assert loaded == [app]


def test_a_failing_warm_up_is_logged_and_the_worker_lives_on(monkeypatch, caplog):
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    def broken(app):
        raise RuntimeError("no database")

    monkeypatch.setattr("app.services.matches.warm_up", broken)
    conf["_warm_up"](SimpleNamespace(log=logging.getLogger("test")), object())
    assert "loading the shared matcher failed" in caplog.text
