"""Shared fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set),
an outer transaction per test, a CSRF-aware client, factories and a real SMTP server.

Tables come from the Alembic migrations, never from ``create_all``, so every run exercises them.
With VETURI_STRICT=1 (set by .ci/run) a skipped test fails the run: CI must never pass because
the PostgreSQL or browser tests quietly did not run.
"""

from __future__ import annotations

import contextvars
import itertools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db as _db
from app.models import City, Company, Role, User
from app.services.accounts import hash_password
from config import TestConfig

TEST_PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = hash_password(TEST_PASSWORD)  # hashing is slow on purpose: do it once
_counter = itertools.count(1)


def pytest_sessionstart(session: pytest.Session) -> None:
    from tools.i18n import compile_all

    compile_all()  # the Finnish .mo files are build products, not committed


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("VETURI_STRICT") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under VETURI_STRICT (CI must run every test): {report.longrepr}"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(backend: str, tmp_dir: Path) -> str:
    if backend == "postgresql":
        from config import normalise_database_url

        url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_dir / 'veturi-test.db'}"


def own_postgres(suffix: str) -> str:
    """A database of its own beside the test database (dropped and created anew), for tests
    whose work must really commit: a worker process, or connections of the code's own."""
    from config import normalise_database_url

    url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    base, _, name = url.rpartition("/")
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_{suffix}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}_{suffix}"'))
    admin.dispose()
    return f"{base}/{name}_{suffix}"


def own_app(backend: str, name: str, tmp_path_factory: pytest.TempPathFactory,
            **overrides: Any) -> Flask:
    """An app on a database of its own, migrated: a file SQLite database, or ``own_postgres``
    (for a module whose work must really commit). ``backend`` from ``BACKENDS``."""
    if backend == "postgresql":
        url = own_postgres(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.db'}"
    application = make_test_app(url, **overrides)
    upgrade_to_head(application)
    return application


def make_test_app(url: str, **overrides: Any) -> Flask:
    cfg = TestConfig()
    cfg.SQLALCHEMY_DATABASE_URI = url
    for key, value in overrides.items():
        setattr(cfg, key, value)
    return create_app(cfg)


def upgrade_to_head(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


BACKENDS = _backends()  # the params of a module-scoped app on a database of its own


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = database_url(request.param, tmp_path_factory.mktemp(request.param))
    application = make_test_app(url)
    upgrade_to_head(application)
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture()
def db(app: Flask) -> Iterator[Any]:
    """Each test runs inside one outer transaction that is rolled back afterwards; services'
    commits become savepoints in it."""
    with app.app_context():
        engines = _db.engines
        saved = dict(engines)
        connections = []
        for key, engine in saved.items():
            conn = engine.connect()
            trans = conn.begin()
            engines[key] = conn  # type: ignore[index]
            connections.append((conn, trans))
        try:
            yield _db
        finally:
            _db.session.remove()
            for conn, trans in connections:
                trans.rollback()
                conn.close()
            engines.update(saved)


@pytest.fixture(autouse=True)
def _fresh_name_index() -> Iterator[None]:
    """Each test's rolled-back rows must not linger in the in-process name index."""
    from app.services.companies import _names as name_index

    name_index.clear()
    yield
    name_index.clear()


@pytest.fixture()
def session(db: Any) -> Any:
    return db.session


# -- factories ---------------------------------------------------------------------------------

@pytest.fixture()
def make_city(session: Any) -> Callable[..., City]:
    def make(code: str | None = None, name: str | None = None, region: str = "Pohjois-Savo") -> City:
        n = next(_counter)
        city = City(
            code=code or f"{900 - n % 800:03d}",
            name_fi=name or f"Testikaupunki {n}",
            name_sv=None,
            region=region,
        )
        session.add(city)
        session.flush()
        return city

    return make


@pytest.fixture()
def make_user(session: Any, make_city: Callable[..., City]) -> Callable[..., User]:
    def make(role: str | Role = Role.STAFF, city: City | None = None, **over: Any) -> User:
        role = Role(role)
        if city is None and role is not Role.COORDINATOR:
            city = make_city()
        n = next(_counter)
        user = User(
            email=over.pop("email", f"user{n}@example.test"),
            name=over.pop("name", f"Test User {n}"),
            role=role,
            city=city,
            password_hash=_PASSWORD_HASH,
            language=over.pop("language", "fi"),
            **over,
        )
        session.add(user)
        session.flush()
        return user

    return make


@pytest.fixture()
def make_company(session: Any, make_city: Callable[..., City]) -> Callable[..., Company]:
    import random

    from app.services.demo import random_business_id

    rng = random.Random()
    taken: set[str] = set()

    def make(city: City | None = None, **over: Any) -> Company:
        n = next(_counter)
        company = Company(
            name=over.pop("name", f"Testiyritys {n} Oy"),
            business_id=over.pop("business_id", random_business_id(rng, taken)),
            city=city or make_city(),
            **over,
        )
        session.add(company)
        session.flush()
        return company

    return make


# -- web ---------------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class VeturiClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser form does.

    Each request runs in a fresh context, as in production: otherwise Flask would reuse the test's
    app context, sharing ``g`` and the database session between requests.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the same context
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self, page: str = "/login") -> str:
        html = self.get(page).get_data(as_text=True)
        match = _CSRF.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def submit(self, url: str, data: dict[str, Any] | None = None, *, page: str | None = None,
               **kw: Any) -> Any:
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf_token(page or url))
        return self.post(url, data=payload, **kw)


@pytest.fixture()
def client(app: Flask, db: Any) -> VeturiClient:
    app.test_client_class = VeturiClient
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture()
def token_for(app: Flask, session: Any) -> Callable[[User], str]:
    """An API token for a user, made the way an administrator makes one (the CLI)."""

    def make(user: User) -> str:
        result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return make


@pytest.fixture()
def login(client: VeturiClient) -> Callable[[User], VeturiClient]:
    def do(user: User, password: str = TEST_PASSWORD) -> VeturiClient:
        resp = client.submit("/login", {"email": user.email, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        return client

    return do


# -- mail --------------------------------------------------------------------------------------

class SmtpServer:
    """A real SMTP server on localhost (aiosmtpd) that keeps what it receives, parsed.

    ``stop()`` and ``start()`` take it down and up again on the same port, to play an outage.
    """

    def __init__(self) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.host = "127.0.0.1"
        self.received: list[Any] = []  # aiosmtpd envelopes
        self.reply: str | None = None  # an error reply to give instead of accepting
        self._controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.reply:
            return self.reply
        self.received.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[Any]:
        """The received messages as ``email.message.EmailMessage``."""
        import email
        from email import policy

        return [email.message_from_bytes(env.original_content, policy=policy.default)
                for env in self.received]

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture()
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
