"""Load: 50 signed-in users at once against gunicorn and PostgreSQL, with a realistic mix.

Builds a fresh PostgreSQL database (``BENCH_PG_URL``, default ``bench._common.DEFAULT_PG``;
``--database-url`` to name another), migrated to head, with 10 towns, 3,000 companies (with
contacts, interactions and tasks), 5 staff members per town and an API token each. Then, for each
gunicorn setting, starts gunicorn on 127.0.0.1 on a free port in production mode, signs every
user in (each its own session and CSRF token) and lets them work for ``--duration`` seconds:
company list, name search, company page, logging a contact (form page, then the post), the task
list and API reads. Reports errors (must be 0), throughput and p50/p95/p99 per kind of request,
and checks in the database that every contact posted was stored exactly once (each note carries
a unique token). Traffic goes only to 127.0.0.1; every run stops by itself.

    .venv/bin/python bench/bench_load.py [--duration 120] [--users 50]
        [--settings sync:2,sync:4,gthread:2x4] [--database-url URL]

A setting is ``CLASS:WORKERS`` or ``CLASS:WORKERSxTHREADS`` (gunicorn's ``--worker-class``,
``--workers``, ``--threads``). Exit status 1 when a request failed or a contact was not stored
exactly once.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from bench._common import DEFAULT_PG, fresh_postgres, write_result  # noqa: E402

PASSWORD = "bench-load-password-1"
TOWN_COUNT = 10
COMPANIES = 3000
STAFF_PER_TOWN = 5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# kind of request -> weight in the mix (a "contact" is the form page and its post)
MIX = {"list": 20, "search": 15, "company": 20, "contact": 10, "tasks": 10, "api_list": 10,
       "api_company": 10, "api_tasks": 5}
DEFAULT_SETTINGS = "gthread:2x4"


def seed(url: str) -> dict[str, Any]:
    """Migrate and fill the database; return the users, their tokens and their towns' ids."""
    from app.extensions import db
    from app.models import City, Company, Contact, Interaction, Role, Task, User
    from app.names import normalize_name
    from app.services.accounts import create_token, hash_password
    from app.services.demo._data import INDUSTRIES, LEGAL_FORMS, PLACE_WORDS, TOWNS
    from bench._common import bench_app

    app = bench_app(url)
    rng = random.Random(11)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        session = db.session
        cities = [City(code=c, name_fi=fi, name_sv=sv, region=r)
                  for c, fi, sv, r in TOWNS[:TOWN_COUNT]]
        session.add_all(cities)
        session.flush()
        pw = hash_password(PASSWORD)
        users = [User(email=f"staff{t}-{n}@load.example", name=f"Kuorma {t}-{n}",
                      role=Role.STAFF, city=city, password_hash=pw)
                 for t, city in enumerate(cities) for n in range(STAFF_PER_TOWN)]
        session.add_all(users)
        session.commit()
        now = datetime.now(UTC)
        rows = []
        for i in range(COMPANIES):
            code, label, stems, description, keywords = INDUSTRIES[i % len(INDUSTRIES)]
            name = f"{rng.choice(PLACE_WORDS)} {rng.choice(stems)} {i} {rng.choice(LEGAL_FORMS)}"
            city = cities[i % len(cities)]
            rows.append({"name": name, "name_normalized": normalize_name(name),
                         "auxiliary_names": [], "industry_code": code,
                         "industry_code_set": "TOL2008", "industry_text": label,
                         "municipality_code": city.code, "description": description,
                         "keywords": list(keywords), "employees": rng.randrange(1, 400),
                         "is_growth_seeking": rng.random() < 0.2, "is_anchor": rng.random() < 0.05,
                         "is_prospect": False, "city_id": city.id, "created_at": now,
                         "updated_at": now})
        session.execute(insert(Company), rows)
        session.commit()
        companies = session.execute(select(Company.id, Company.city_id, Company.name)).all()
        today = date.today()
        by_town: dict[int, list[int]] = defaultdict(list)
        names: dict[int, list[str]] = defaultdict(list)
        interactions, contacts, tasks = [], [], []
        for n, (cid, city_id, name) in enumerate(companies):
            by_town[city_id].append(cid)
            names[city_id].append(name.split()[1])
            owner = users[(n % TOWN_COUNT) * STAFF_PER_TOWN + n % STAFF_PER_TOWN]
            for k in range(3):
                interactions.append({"company_id": cid, "kind": "meeting", "topics": [],
                                     "occurred_on": today - timedelta(days=(n * 7 + k * 50) % 900),
                                     "summary": "Keskusteltiin kehityshankkeesta.",
                                     "created_at": now, "updated_at": now})
            contacts.append({"company_id": cid, "first_name": "Aino", "last_name": f"Testi{n}",
                             "has_marketing_consent": False, "created_at": now, "updated_at": now})
            if n % 3 == 0:
                tasks.append({"company_id": cid, "city_id": city_id, "title": "Soita perään",
                              "assignee_id": owner.id,
                              "due_on": today + timedelta(days=n % 30 - 10), "created_at": now,
                              "updated_at": now, "created_by_id": owner.id})
        session.execute(insert(Interaction), interactions)
        session.execute(insert(Contact), contacts)
        session.execute(insert(Task), tasks)
        session.commit()
        people = [{"email": u.email, "town": u.city_id,
                   "token": create_token(session, u.email, name="load")} for u in users]
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return {"users": people, "companies": dict(by_town), "words": dict(names)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse_setting(setting: str) -> tuple[str, int, int]:
    kind, _, size = setting.partition(":")
    workers, _, threads = size.partition("x")
    return kind, int(workers), int(threads or 1)


def start_gunicorn(url: str, setting: str, port: int) -> subprocess.Popen[bytes]:
    kind, workers, threads = parse_setting(setting)
    env = {**os.environ, "VETURI_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "DATABASE_URL": url, "BASE_URL": f"http://127.0.0.1:{port}"}
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
           "--worker-class", kind, "--workers", str(workers), "--threads", str(threads),
           "--timeout", "60", "--log-level", "warning", "app:create_app()"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        time.sleep(0.5)
    stop(proc)
    raise RuntimeError("gunicorn did not answer within 90 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class User(threading.Thread):
    """One signed-in person working through the mix until the deadline."""

    def __init__(self, base: str, person: dict[str, Any], data: dict[str, Any],
                 start: threading.Barrier, clock: dict[str, float], seed_no: int) -> None:
        super().__init__(daemon=True)
        self.base, self.person, self.start_line, self.clock = base, person, start, clock
        self.companies = data["companies"][person["town"]]
        self.words = data["words"][person["town"]]
        self.rng = random.Random(seed_no)
        self.http = requests.Session()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.samples: list[str] = []
        self.posted: list[str] = []
        self.csrf = ""

    def call(self, kind: str, method: str, path: str, ok: int,
             **kw: Any) -> requests.Response | None:
        start = time.perf_counter()
        try:
            resp = self.http.request(method, self.base + path, timeout=60,
                                     allow_redirects=False, **kw)
        except requests.RequestException as exc:
            self.errors[kind] += 1
            self.samples.append(f"{kind} {path}: {exc.__class__.__name__}")
            return None
        self.times[kind].append((time.perf_counter() - start) * 1000)
        if resp.status_code != ok:
            self.errors[kind] += 1
            self.samples.append(f"{kind} {method} {path}: {resp.status_code}")
            return None
        return resp

    def sign_in(self) -> bool:
        page = self.call("sign_in", "GET", "/login", 200)
        if page is None:
            return False
        token = CSRF.search(page.text)
        data = {"csrf_token": token.group(1) if token else "", "email": self.person["email"],
                "password": PASSWORD}
        if self.call("sign_in", "POST", "/login", 302, data=data) is None:
            return False
        home = self.call("list", "GET", "/", 200)
        found = CSRF.search(home.text) if home is not None else None
        self.csrf = found.group(1) if found else ""
        return bool(self.csrf)

    def step(self, kind: str) -> None:
        company = self.rng.choice(self.companies)
        api = {"Authorization": f"Bearer {self.person['token']}"}
        word = self.rng.choice(self.words)
        if kind == "list":
            self.call(kind, "GET", f"/?page={self.rng.randint(1, 5)}", 200)
        elif kind == "search":
            self.call(kind, "GET", f"/?q={word}", 200)
        elif kind == "company":
            self.call(kind, "GET", f"/companies/{company}", 200)
        elif kind == "contact":
            path = f"/companies/{company}/interactions/new"
            if self.call("contact_form", "GET", path, 200) is None:
                return
            tag = f"bench-{secrets.token_hex(8)}"
            data = {"csrf_token": self.csrf, "kind": "phone", "summary": f"Soitettiin. {tag}",
                    "occurred_on": date.today().isoformat(), "follow_up_assignee_id": ""}
            self.posted.append(tag)  # a failed post counts as an error and is checked too
            self.call("contact_post", "POST", path, 302, data=data)
        elif kind == "tasks":
            self.call(kind, "GET", "/tasks", 200)
        elif kind == "api_list":
            self.call(kind, "GET", f"/api/v1/companies?q={word}", 200, headers=api)
        elif kind == "api_company":
            self.call(kind, "GET", f"/api/v1/companies/{company}", 200, headers=api)
        elif kind == "api_tasks":
            self.call(kind, "GET", "/api/v1/tasks", 200, headers=api)

    def run(self) -> None:
        signed_in = self.sign_in()
        try:
            self.start_line.wait(timeout=600)  # everyone signed in: the measured run starts
        except threading.BrokenBarrierError:
            return
        if not signed_in:
            return
        self.times.clear()  # the sign-in and its first page are not part of the mix's figures
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < self.clock["until"]:
            self.step(self.rng.choices(kinds, weights)[0])


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def stored_once(url: str, tags: list[str]) -> dict[str, int]:
    """How many posted notes are in the database once, never, or more than once."""
    with create_engine(url).connect() as conn:
        summaries = conn.execute(
            text("SELECT summary FROM interaction WHERE summary LIKE '%bench-%'")).scalars()
        found = Counter(m for s in summaries for m in re.findall(r"bench-[0-9a-f]{16}", s))
    counts = Counter(found.get(tag, 0) for tag in tags)
    return {"once": counts.get(1, 0), "missing": counts.get(0, 0),
            "duplicated": sum(v for k, v in counts.items() if k > 1)}


def run_setting(url: str, data: dict[str, Any], setting: str, users: int,
                duration: float) -> dict[str, Any]:
    port = free_port()
    proc = start_gunicorn(url, setting, port)
    try:
        people = data["users"][:users]
        clock: dict[str, float] = {}

        def go() -> None:
            clock["started"] = time.monotonic()
            clock["until"] = clock["started"] + duration

        start_line = threading.Barrier(len(people), action=go)
        threads = [User(f"http://127.0.0.1:{port}", p, data, start_line, clock, n)
                   for n, p in enumerate(people)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 600)
        elapsed = time.monotonic() - clock.get("started", time.monotonic())
    finally:
        stop(proc)
    times: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    samples, tags = [], []
    for t in threads:
        for kind, values in t.times.items():
            times[kind].extend(values)
        errors.update({k: v for k, v in t.errors.items()})
        samples.extend(t.samples)
        tags.extend(t.posted)
    total = sum(len(v) for v in times.values())
    kinds = {kind: {"count": len(v), "errors": errors.get(kind, 0),
                    "p50_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 95), 1),
                    "p99_ms": round(percentile(v, 99), 1)} for kind, v in sorted(times.items())}
    return {"setting": setting, "users": len(threads), "duration_s": round(elapsed, 1),
            "requests": total, "errors": sum(errors.values()), "error_samples": samples[:10],
            "throughput_rps": round(total / elapsed, 1), "kinds": kinds,
            "contacts": {"posted": len(tags), **stored_once(url, tags)}}


def report(result: dict[str, Any]) -> None:
    print(f"\n  {result['setting']}: {result['users']} users, {result['duration_s']} s, "
          f"{result['requests']} requests, {result['throughput_rps']} req/s, "
          f"errors {result['errors']}")
    print(f"  {'kind':14} {'count':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, k in result["kinds"].items():
        print(f"  {kind:14} {k['count']:>7} {k['errors']:>6} {k['p50_ms']:>8} {k['p95_ms']:>8} "
              f"{k['p99_ms']:>8}")
    c = result["contacts"]
    print(f"  contacts posted {c['posted']}: stored once {c['once']}, missing {c['missing']}, "
          f"duplicated {c['duplicated']}")
    for sample in result["error_samples"]:
        print(f"    error: {sample}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=120.0, help="seconds per setting")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--settings", default=DEFAULT_SETTINGS,
                        help="comma-separated CLASS:WORKERS[xTHREADS], e.g. sync:2,gthread:2x4")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG),
                        help="PostgreSQL database to drop and rebuild (default BENCH_PG_URL)")
    args = parser.parse_args(argv)
    if args.users > TOWN_COUNT * STAFF_PER_TOWN:
        parser.error(f"at most {TOWN_COUNT * STAFF_PER_TOWN} users")
    url = fresh_postgres(args.database_url)
    if url is None:
        return 0
    started = time.perf_counter()
    data = seed(url)
    print(f"  seeded {COMPANIES} companies in {TOWN_COUNT} towns in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    results = []
    for setting in args.settings.split(","):
        result = run_setting(url, data, setting.strip(), args.users, args.duration)
        report(result)
        results.append(result)
    path = write_result("load", {"duration_s": args.duration, "results": results})
    print(f"\n  written to {path.relative_to(ROOT)}")
    failed = [r["setting"] for r in results if r["errors"] or r["contacts"]["missing"]
              or r["contacts"]["duplicated"] or r["contacts"]["once"] != r["contacts"]["posted"]]
    if failed:
        print(f"  FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
