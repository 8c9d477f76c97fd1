"""A real Veturi server (its own SQLite file with the demo data) and Debian's chromium.

The server runs in a thread on a free port; Playwright drives /usr/bin/chromium, since browser
downloads are impossible on this network.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from app.cli.demo import load_demo_funding
from app.extensions import db
from app.services.demo import seed_demo
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "veturi-browser.db"
    app = make_test_app(f"sqlite:///{path}")
    upgrade_to_head(app)
    with app.app_context():
        seed_demo(db.session)
        load_demo_funding(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
