"""The benefits dashboard, the start page and the public summary over 10,000 and 100,000
companies (20 applications and 1,000 interactions per 100 companies: 20,000 and 1,000,000 at the
top size), on SQLite and PostgreSQL.

Builds on ``bench_crm.build`` (companies, three interactions each, contacts), then adds seven
more interactions per company, an application for one company in five (half decided, about
half of those awarded), 50 calls with a match for one company in five (some proposed), and
tasks for the staff member. Times through the real app (test client, signed in) the dashboard
for a town's staff member (own town) and for the coordinator (network), the start page for
both, and the public page. Medians over 15 runs; the ratio between the sizes shows the growth.

    .venv/bin/python bench/bench_benefits.py [--sizes 10000,100000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Company, Interaction, Task, User  # noqa: E402
from app.models.benefits import Application  # noqa: E402
from app.models.funding import FundingSource  # noqa: E402
from app.models.funding_calls import FundingCall  # noqa: E402
from app.models.matches import Match, MatchFeedback  # noqa: E402
from bench._common import fresh_postgres, fresh_sqlite, median_ms, write_result  # noqa: E402
from bench.bench_crm import PASSWORD, build  # noqa: E402

BATCH = 10000
LEVELS = ("eu", "national", "regional")


def _bulk(session, model, rows):  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])


def add_benefits(app, seed: int = 11) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    today, now = date.today(), datetime.now(UTC)
    with app.app_context():
        session = db.session
        ids = list(session.scalars(select(Company.id).order_by(Company.id)))
        staff = session.scalars(select(User).where(User.email == "staff@bench.example")).one()
        rows = []
        for n, company_id in enumerate(ids):
            for k in range(7):
                rows.append({"company_id": company_id, "kind": "phone", "topics": [],
                             "occurred_on": today - timedelta(days=(n * 11 + k * 97) % 900),
                             "summary": "Soitettiin.", "created_at": now, "updated_at": now})
            if len(rows) >= BATCH * 5:
                _bulk(session, Interaction, rows)
                rows = []
        _bulk(session, Interaction, rows)
        apps = []
        for company_id in ids[::5]:
            submitted = today - timedelta(days=rng.randint(1, 730))
            applied = rng.randint(20, 2000) * 1000
            row = {"company_id": company_id, "call_title": "Haku", "role": "coordinator",
                   "funding_level": rng.choice(LEVELS), "amount_applied_eur": applied,
                   "submitted_on": submitted, "outcome": "pending", "created_at": now,
                   "updated_at": now}
            if rng.random() < 0.5:
                awarded = rng.random() < 0.5
                row.update(outcome="awarded" if awarded else "not_awarded",
                           decided_on=submitted + timedelta(days=90),
                           amount_granted_eur=applied * 0.9 if awarded else None)
            apps.append(row)
        _bulk(session, Application, apps)
        source = FundingSource(name="bench", kind="manual")
        session.add(source)
        session.flush()
        calls = [FundingCall(funding_source_id=source.id, source_id=f"b{i}", title=f"Haku {i}",
                             content_hash=f"b{i}", deadlines=[],
                             next_deadline_at=now + timedelta(days=i % 40))
                 for i in range(50)]
        session.add_all(calls)
        session.flush()
        matches, feedback = [], []
        for n, company_id in enumerate(ids[::5]):
            status = ("new", "proposed", "applying", "reviewed")[n % 4]
            matches.append({"company_id": company_id, "call_id": calls[n % 50].id, "score": 60.0,
                            "components": {}, "reasons": [], "call_version": 1,
                            "is_current": True, "status": status, "computed_at": now})
            if status == "proposed":
                feedback.append({"company_id": company_id, "call_id": calls[n % 50].id,
                                 "label": "proposed", "components": {},
                                 "created_at": now - timedelta(days=n % 300)})
        _bulk(session, Match, matches)
        _bulk(session, MatchFeedback, feedback)
        own = [c for c in session.scalars(select(Company.id).where(
            Company.owner_id == staff.id).limit(200))]
        _bulk(session, Task, [{"company_id": c, "title": "Soita", "assignee_id": staff.id,
                               "due_on": today + timedelta(days=i % 10 - 3), "created_at": now,
                               "updated_at": now} for i, c in enumerate(own)])
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))


def measure(app) -> dict[str, float]:  # type: ignore[no-untyped-def]
    out = {}
    for who in ("staff", "coord"):
        client = app.test_client()
        resp = client.post("/login", data={"email": f"{who}@bench.example", "password": PASSWORD})
        assert resp.status_code == 302, resp.status_code
        for name, url in (("dashboard", "/benefits"), ("start", "/start")):
            assert client.get(url).status_code == 200
            out[f"{who}_{name}_ms"] = median_ms(lambda c=client, u=url: c.get(u))
    public = app.test_client()
    out["public_ms"] = median_ms(lambda: public.get("/public/benefits"))
    return out


KEYS = ("staff_dashboard_ms", "coord_dashboard_ms", "staff_start_ms", "coord_start_ms",
        "public_ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, dict[int, dict[str, float]]] = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and args.no_postgres:
            continue
        results[backend] = {}
        for size in sizes:
            url = fresh_sqlite(f"benefits-{size}") if backend == "sqlite" else fresh_postgres()
            if url is None:
                break
            started = time.perf_counter()
            app, _target_id, _name = build(url, size)
            add_benefits(app)
            figures = measure(app)
            figures["load_s"] = time.perf_counter() - started
            results[backend][size] = figures
            with app.app_context():
                db.engine.dispose()
            print(f"{backend:10} {size:>7}  " + "  ".join(f"{k}={v:.1f}"
                                                          for k, v in figures.items()), flush=True)
    print()
    print(f"{'backend':10} {'companies':>9} " + " ".join(f"{k:>18}" for k in KEYS))
    for backend, by_size in results.items():
        for size, fig in by_size.items():
            print(f"{backend:10} {size:>9} " + " ".join(f"{fig[k]:>18.1f}" for k in KEYS))
        if len(by_size) > 1:
            small, large = by_size[min(by_size)], by_size[max(by_size)]
            print(f"{backend:10} {'ratio':>9} "
                  + " ".join(f"{large[k] / small[k]:>18.2f}" for k in KEYS))
    path = write_result("benefits", {"sizes": sizes, "results": results})
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
