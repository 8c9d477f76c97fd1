"""The machinery of the generated authorization test: the URL map's routes, one request as a
role, what the role must get, what of the other town a body shows, and table snapshots."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from app.models import Base
from tests.web.authz_routes import (
    FIXED_ARGS,
    NETWORK_ROWS,
    PRIVATE_ROWS,
    ROUTES,
    TOWN_ROWS,
    WHO,
    Probe,
)
from tests.web.authz_world import OTHER_MARK, World

# Bookkeeping columns that a refused request may touch: a token's last use, and a session's
# last-seen time (written at most once a minute, whatever the answer).
IGNORED_COLUMNS = {("api_token", "last_used_at"), ("user_session", "last_seen_at")}
REFUSAL_AUDIT = "access.denied"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_ADAPTER: list[Any] = []  # builds the URLs of the same URL map


def _rules() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(endpoint, method, rule, argument names) for every route of a fresh app's URL map."""
    from tests.conftest import make_test_app

    application = make_test_app("sqlite://")
    _ADAPTER.append(application.url_map.bind("localhost"))
    out = []
    for rule in application.url_map.iter_rules():
        for method in sorted(set(rule.methods or ()) & set(METHODS)):
            out.append((rule.endpoint, method, rule.rule, tuple(sorted(rule.arguments))))
    return sorted(out)


RULES = _rules()


def snapshot(conn: Any) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table (minus bookkeeping columns), to compare before and after."""
    out = {}
    for table in Base.metadata.sorted_tables:
        cols = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
        out[table.name] = {tuple(map(repr, row)) for row in conn.execute(select(*cols))}
    return out


def changes(before: dict[str, set], after: dict[str, set]) -> dict[str, Any]:
    """Tables whose rows differ; new audit events of the refusal itself are left out."""
    action_at = [c.name for c in Base.metadata.tables["audit_event"].columns
                 if ("audit_event", c.name) not in IGNORED_COLUMNS].index("action")
    diff = {}
    for name in before:
        added, removed = after[name] - before[name], before[name] - after[name]
        if name == "audit_event":
            added = {row for row in added if row[action_at] != repr(REFUSAL_AUDIT)}
        if added or removed:
            first = sorted(added or removed)[0]
            diff[name] = f"+{len(added)} -{len(removed)}, e.g. {str(first)[:160]}"
    return diff


# -- building and checking one request ---------------------------------------------------------

def _url(world: World, endpoint: str, probe: Probe, role: str, town: str,
         query: bool = True) -> str:
    rule_args = next(a for e, _m, _r, a in RULES if e == endpoint)
    values: dict[str, Any] = {}
    for arg in rule_args:
        if arg in TOWN_ROWS:
            kind = probe.rows.get(arg, TOWN_ROWS[arg])
            values[arg] = world.rows[town][kind]
        elif arg in PRIVATE_ROWS:
            owner = role if town == "own" else "other_staff"
            values[arg] = world.private[owner][PRIVATE_ROWS[arg]]
        elif arg in NETWORK_ROWS:
            values[arg] = world.network[NETWORK_ROWS[arg]]
        else:
            values[arg] = FIXED_ARGS[arg]
    url = _ADAPTER[0].build(endpoint, values)
    return url + (probe.query(world, town) if probe.query and query else "")


def send(app: Flask, world: World, endpoint: str, method: str, role: str, town: str,
         body: dict[str, Any] | None = None, probe: Probe | None = None) -> Any:
    """One request as the role's signed-in browser (or API token), with a valid CSRF token."""
    probe = probe or ROUTES[(endpoint, method)]
    url = _url(world, endpoint, probe, role, town, query=not (method == "GET" and body))
    client = app.test_client()
    client.set_cookie("session", world.cookies[role])
    if body is None:
        body = probe.body(world, town, role) if probe.body else {}
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        if method == "GET":
            return client.get(url, query_string=body or None, headers=headers)
        return client.open(url, method=method, json=body, headers=headers)
    if method == "GET":
        return client.get(url, query_string=body or None)
    data = {"csrf_token": world.csrf[role], **body}
    multipart = any(isinstance(v, tuple) for v in data.values())
    return client.open(url, method=method, data=data,
                       content_type="multipart/form-data" if multipart else None)


def expected(probe: Probe, endpoint: str, role: str, town: str, args: tuple[str, ...]) -> str:
    """What the role must get: "ok", "login", "401", "403", "404" or "unchanged"."""
    if town in probe.unchanged and role != "anonymous":
        return "unchanged"
    if probe.who == "public":
        return "ok"
    if role == "anonymous":
        return "401" if endpoint.startswith("api_") else "login"
    if town == "other" and role != "coordinator" and (
            any(a in TOWN_ROWS for a in args) or probe.towns):
        return "404"
    if town == "other" and any(a in PRIVATE_ROWS for a in args):
        return "404"  # another user's import or saved search, for the coordinator too
    if role not in WHO[probe.who]:
        return "403"
    return "ok"


def leaks(world: World, body: str, path: str = "", sent: dict[str, Any] | None = None
          ) -> list[str]:
    """What of the other town's unshared rows the body shows (the requested path, which pages
    echo in their language form, and longer values the user typed in aside)."""
    if path:
        body = body.replace(path.split("?")[0], "")
    for value in (sent or {}).values():
        if isinstance(value, str) and len(value) >= 6:
            body = body.replace(value, "")
    found = [OTHER_MARK] if OTHER_MARK.lower() in body.lower() else []
    found += [b for k, b in world.business_ids.items() if k.startswith("other") and b in body]
    secret = set(world.secret_ids.values())
    found += [f"/companies/{i}" for i in re.findall(r"/companies/(\d+)\b", body) if i in secret]
    return found

