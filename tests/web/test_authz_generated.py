"""Every route and API path of the URL map × every role × own / other / shared town.

The cases are generated from ``app.url_map``: a route missing from ``ROUTES`` below fails
``test_every_route_is_classified``, so a new route cannot go untested — add a line for it. Each
case asserts what the role must get:

- anonymous: the sign-in page (web) or 401 (API);
- another town's row: 404 — never 403, never 200 — for everyone but the network coordinator;
- a role without the right, on its own town's row: 403;
- otherwise the route works (a write with its valid body really writes).

And for every answer to a town's user, nothing of the other town's unshared rows is in the body
(names, texts, business IDs, links to its companies). A refused request is checked in the
database: a snapshot of every table before and after must be equal (the audit event of the refusal
itself excepted). The network (``authz_world.py``) is built once per module; each case runs in a
savepoint that is rolled back.
"""


from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from app.extensions import db as _db
from app.job_queue import thread as background
from app.models import Role, User
from app.web.funding import background as funding_background
from tests.conftest import _PASSWORD_HASH, TEST_PASSWORD, VeturiClient
from tests.web.authz_probe import RULES, changes, expected, leaks, send, snapshot
from tests.web.authz_routes import (
    FIXED_ARGS,
    KNOWN,
    KNOWN_OPEN,
    KNOWN_OPEN_REFERENCES,
    NETWORK_ROWS,
    PRIVATE_ROWS,
    REFERENCES,
    ROUTES,
    TOWN_ROWS,
    Probe,
)
from tests.web.authz_world import ROLES, World, build, sign_in


def _towns(probe: Probe, args: tuple[str, ...]) -> tuple[str, ...]:
    if probe.towns:
        return probe.towns
    if any(a in TOWN_ROWS for a in args):
        return ("own", "other", "shared")
    if any(a in PRIVATE_ROWS for a in args):
        return ("own", "other")
    return ("-",)


def _cases(known: bool = KNOWN) -> Iterator[Any]:
    """Every (endpoint, method, role, town); the KNOWN_OPEN ones only when asked for."""
    for endpoint, method, _rule, args in RULES:
        probe = ROUTES.get((endpoint, method))
        if probe is None or probe.skip:
            continue
        for role in ROLES:
            for town in _towns(probe, args):
                if town == "own" and any(a in PRIVATE_ROWS for a in args) and (
                        role == "anonymous" or (role == "viewer" and "import_id" in args)):
                    continue  # nobody has an own row here (a viewer may not import)
                key = f"{endpoint} {method} {role} {town}"
                if known or key not in KNOWN_OPEN:
                    yield pytest.param(endpoint, method, role, town, id=key.replace(" ", "-"))


def test_every_route_is_classified() -> None:
    missing = sorted({f"{e} {m} {r}" for e, m, r, _a in RULES if (e, m) not in ROUTES})
    assert not missing, f"add these routes to ROUTES in tests/web/authz_routes.py: {missing}"
    unknown_args = sorted({a for *_x, args in RULES for a in args} - set(TOWN_ROWS)
                          - set(PRIVATE_ROWS) - set(NETWORK_ROWS) - set(FIXED_ARGS))
    assert not unknown_args, f"say where these URL arguments come from: {unknown_args}"
    stale = sorted(f"{e} {m}" for e, m in ROUTES if (e, m) not in {(x[0], x[1]) for x in RULES})
    assert not stale, f"these ROUTES entries match no route any more: {stale}"


# -- the module's network and the per-case savepoint -------------------------------------------

@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    app.test_client_class = VeturiClient
    with app.app_context():
        engines = _db.engines
        saved = dict(engines)
        connections = []
        for key, engine in saved.items():
            conn = engine.connect()
            connections.append((conn, conn.begin()))
            engines[key] = conn  # type: ignore[index]
        try:
            w = build(_db.session, _PASSWORD_HASH, date.today())
            users = {role: _db.session.get(User, w.users[role]) for role in w.users}
            _db.session.remove()
            sign_in(app, w, users, TEST_PASSWORD)  # type: ignore[arg-type]
            w.conn = connections[0][0]
            yield w
        finally:
            _db.session.remove()
            for conn, trans in connections:
                trans.rollback()
                conn.close()
            engines.update(saved)


@pytest.fixture()
def savepoint(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr(background, "start", lambda *a, **k: None)  # jobs are only queued
    monkeypatch.setattr(funding_background, "start", lambda *a, **k: None)
    conn = world.conn
    point = conn.begin_nested()
    try:
        yield conn
    finally:
        if point.is_active:
            point.rollback()


@pytest.mark.parametrize(("endpoint", "method", "role", "town"), list(_cases()))
def test_route(app: Flask, world: World, savepoint: Any, endpoint: str, method: str, role: str,
               town: str) -> None:
    probe = ROUTES[(endpoint, method)]
    args = next(a for e, m, _r, a in RULES if e == endpoint and m == method)
    want = expected(probe, endpoint, role, town, args)
    checked = method != "GET" or want != "ok"  # an allowed read is not compared (for speed)
    before = snapshot(savepoint) if checked else {}
    resp = send(app, world, endpoint, method, role, town)
    body = resp.get_data(as_text=True)
    case = f"{endpoint} {method} as {role} on {town}: {resp.status_code}"

    if want == "unchanged":
        assert resp.status_code < 500, case
    elif want == "login":
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], case
    elif want == "ok":
        ok = probe.ok or (frozenset({201}) if endpoint.startswith("api_") and method == "POST"
                          else frozenset({302}) if method == "POST" else frozenset({200}))
        assert resp.status_code in ok, f"{case}, expected {sorted(ok)}\n{body[:800]}"
    else:
        assert resp.status_code == int(want), f"{case}, expected {want}\n{body[:500]}"

    if role != "coordinator":
        found = leaks(world, body + resp.headers.get("Location", ""), resp.request.path)
        assert not found, f"{case} shows the other town's data: {found}"
    if not checked:
        return
    diff = changes(before, snapshot(savepoint))
    if want != "ok":
        assert not diff, f"{case} was refused but wrote: {diff}"
    elif method != "GET" and probe.writes:
        assert diff, f"{case} succeeded but wrote nothing: is the probe's body valid?"



def _reference_cases(known: bool = KNOWN) -> Iterator[Any]:
    for name, *_rest in REFERENCES:
        for role in ("staff", "city_admin"):
            key = f"{name} {role}"
            if known or key not in KNOWN_OPEN_REFERENCES:
                yield pytest.param(name, role, id=key.replace(" ", "-"))


@pytest.mark.parametrize(("name", "role"), list(_reference_cases()))
def test_request_naming_another_towns_row(app: Flask, world: World, savepoint: Any, name: str,
                                        role: str) -> None:
    _name, endpoint, method, town, make_body = next(r for r in REFERENCES if r[0] == name)
    probe = ROUTES[(endpoint, method)]
    before = snapshot(savepoint)
    sent = make_body(world)
    resp = send(app, world, endpoint, method, role, town, body=sent, probe=probe)
    body = resp.get_data(as_text=True)
    case = f"{name} as {role}: {resp.status_code}"
    assert resp.status_code < 500, case
    if endpoint.startswith("api_") and method != "GET":
        assert resp.status_code in (404, 422), f"{case}\n{body[:500]}"
    found = leaks(world, body + resp.headers.get("Location", ""), resp.request.path, sent)
    assert not found, f"{case} shows the other town's data: {found}"
    diff = changes(before, snapshot(savepoint))
    assert not diff, f"{case} wrote: {diff}"


def test_known_open_cases_exist() -> None:
    """A KNOWN_OPEN entry that names no case would hide nothing and mislead."""
    ids = {" ".join(p.values) for p in _cases(known=True)}
    assert ids >= KNOWN_OPEN, KNOWN_OPEN - ids
    refs = {f"{p.values[0]} {p.values[1]}" for p in _reference_cases(known=True)}
    assert refs >= KNOWN_OPEN_REFERENCES, KNOWN_OPEN_REFERENCES - refs


def test_roles_cover_every_role_of_the_model() -> None:
    assert {r.value for r in Role} == set(ROLES) - {"anonymous"}
