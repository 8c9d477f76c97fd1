"""A real Veturi server (its own SQLite file with the demo data) and Debian's chromium.

The server runs in a thread on a free port; Playwright drives /usr/bin/chromium, since browser
downloads are impossible on this network.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from app import clock
from app.cli.demo import DEMO_CALLS
from app.extensions import db
from app.services.companies import _names as name_index
from app.services.demo import seed_demo_network
from app.services.matches import _cache as matcher_cache
from tests.conftest import make_test_app, upgrade_to_head

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@dataclass(frozen=True)
class _Server:
    url: str
    app: Flask
    database: Path
    seeded: Path


def _copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database over another through SQLite's backup API (safe while the
    server's connections to ``target`` exist: they see the new contents on their next query)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def _server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    """One server for the session, and a copy of its freshly seeded database to restore."""
    path = tmp_path_factory.mktemp("browser") / "veturi-browser.db"
    app = make_test_app(f"sqlite:///{path}")
    upgrade_to_head(app)
    with app.app_context():
        seed_demo_network(db.session, calls_file=DEMO_CALLS, today=clock.today(),
                          config=app.config)
        db.session.remove()
    seeded = path.with_name("seeded.db")
    _copy_database(path, seeded)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Server(f"http://127.0.0.1:{server.server_port}", app, path, seeded)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def live_server(_server: _Server) -> str:
    """The server's address, its database just restored to the seeded demo: every browser test
    starts from the same known state whatever ran before it (sign-in throttling, sessions,
    merged companies, statuses). The in-process caches built from the database go with it."""
    with _server.app.app_context():
        db.session.remove()
        db.engine.dispose()
    _copy_database(_server.seeded, _server.database)
    matcher_cache.clear()
    name_index.clear()
    return _server.url
