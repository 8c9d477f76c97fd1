"""Company search and the company list through the app on PostgreSQL, at 1,000 to 100,000 companies.

For each size it generates companies into a fresh PostgreSQL database migrated to head (names as in
``bench_crm.py``: place, trade, a number and a legal form; one in a hundred of the other towns'
companies shared with the staff member's town), runs ``VACUUM ANALYZE`` as autovacuum would, and
times through the real app (Flask test client, signed in):

* a misspelt name search right after a company in scope was edited (through the same use case as
  the company form), for a town's staff member and for the network coordinator: each sample edits
  another company, then times the search; median and p95 of 25;
* the company list's first page, for both: median of 15;
* the task lists (one open task per two companies, a tenth of a town's assigned to its staff
  member, a fifth of them done): the town's open tasks and the staff member's own, first page,
  median of 15.

The 100k/1k ratios show how the time grows with the table.

    .venv/bin/python bench/bench_search.py [--sizes 1000,10000,100000] [--reuse]

``BENCH_PG_URL`` names the database (dropped and made anew; ``--reuse`` keeps one that already
holds the size's companies).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Company, CompanyShare, Role, User  # noqa: E402
from app.models.engagement import Task  # noqa: E402
from app.services import companies  # noqa: E402
from app.services.accounts import hash_password  # noqa: E402
from app.services.companies import _names as name_index  # noqa: E402
from app.services.demo._data import INDUSTRIES, LEGAL_FORMS, PLACE_WORDS  # noqa: E402
from app.services.engagement import TASKS_PER_PAGE  # noqa: E402
from app.services.inputs import CompanyInput  # noqa: E402
from bench._common import (  # noqa: E402  # noqa: E402
    CLIENT_SETTINGS,
    DEFAULT_PG,
    bench_app,
    fresh_postgres,
    median_ms,
    migrated_towns,
    write_result,
)

PASSWORD = "bench-password-123"
BATCH = 5000
EDITS = 25


def make_app(url: str):  # type: ignore[no-untyped-def]
    return bench_app(url, **CLIENT_SETTINGS)


def _holds(url: str, size: int) -> bool:
    """Whether the database already holds this size's generated data (for ``--reuse``)."""
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM company")).scalar_one()
        engine.dispose()
    except Exception:  # noqa: BLE001 - no database or no table: generate it
        return False
    return count == size


def build(app, size: int, seed: int = 7) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with app.app_context():
        session = db.session
        cities = migrated_towns(session)
        pw = hash_password(PASSWORD)
        session.add_all([
            User(email="staff@bench.example", name="Bench Staff", role=Role.STAFF,
                 city=cities[0], password_hash=pw),
            User(email="coord@bench.example", name="Bench Coordinator", role=Role.COORDINATOR,
                 password_hash=pw),
        ])
        session.commit()
        now = datetime.now(UTC)
        rows = []
        for i in range(size):
            code, label, stems, description, keywords = INDUSTRIES[i % len(INDUSTRIES)]
            name = f"{rng.choice(PLACE_WORDS)} {rng.choice(stems)} {i} {rng.choice(LEGAL_FORMS)}"
            rows.append({
                "name": name, "auxiliary_names": [], "industry_code": code,
                "industry_code_set": "TOL2008", "industry_text": label,
                "municipality_code": cities[i % len(cities)].code, "description": description,
                "keywords": list(keywords), "employees": rng.randrange(1, 400),
                "is_growth_seeking": rng.random() < 0.2, "is_anchor": rng.random() < 0.05,
                "is_prospect": False, "city_id": cities[i % len(cities)].id,
                "created_at": now, "updated_at": now,
            })
            if len(rows) == BATCH:
                session.execute(insert(Company), rows)  # search_text comes from the row's values
                rows = []
        if rows:
            session.execute(insert(Company), rows)
        others = session.scalars(
            select(Company.id).where(Company.city_id != cities[0].id).order_by(Company.id)
        ).all()
        shares = [{"company_id": cid, "city_id": cities[0].id} for cid in others[::100]]
        if shares:
            session.execute(insert(CompanyShare), shares)
        staff_id = session.scalar(select(User.id).where(User.role == Role.STAFF))
        tasks = []
        in_town = 0
        for n, (cid, city_id) in enumerate(session.execute(
                select(Company.id, Company.city_id).order_by(Company.id)).all()[::2]):
            own_town = city_id == cities[0].id
            in_town += own_town
            # the staff member's own tasks fill a page at every size (the town's first ones,
            # then one in ten), so that "mine" compares a page with a page, as "town" does
            mine = own_town and (in_town <= TASKS_PER_PAGE + 10 or rng.random() < 0.1)
            tasks.append({
                "company_id": cid, "city_id": city_id, "title": f"Soita takaisin {n}",
                "due_on": now.date() + timedelta(days=rng.randrange(-30, 60)),
                "assignee_id": staff_id if mine else None,
                "done_at": now if rng.random() < 0.2 else None, "created_at": now,
                "updated_at": now})
            if len(tasks) == BATCH:
                session.execute(insert(Task), tasks)
                tasks = []
        if tasks:
            session.execute(insert(Task), tasks)
        session.commit()
    with app.app_context(), db.engine.connect().execution_options(
        isolation_level="AUTOCOMMIT"
    ) as conn:
        conn.execute(text("VACUUM ANALYZE"))


def misspell(name: str) -> str:
    """"Kallio Konepaja 17 Oy" -> "kallio konpaja 17": a letter dropped, no legal form."""
    words = name.split()
    word = words[1]
    words[1] = word[:2] + word[3:] if len(word) > 4 else word
    return " ".join(words[:-1]).lower()


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def measure(app) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with app.app_context():
        session = db.session
        staff = session.scalars(select(User).where(User.role == Role.STAFF)).one()
        town = staff.city_id
        in_town = session.scalars(
            select(Company).where(Company.city_id == town).order_by(Company.id).limit(EDITS + 1)
        ).all()
        target_name = in_town[0].name
        editable = [c.id for c in in_town[1:]]
        session.rollback()
    query = misspell(target_name)
    out: dict[str, float] = {}
    for who in ("staff", "coord"):
        client = app.test_client()
        resp = client.post("/login", data={"email": f"{who}@bench.example", "password": PASSWORD})
        assert resp.status_code == 302, resp.status_code
        first = client.get("/", query_string={"q": query})
        assert target_name in first.get_data(as_text=True), (query, target_name)
        samples = []
        for n, company_id in enumerate(editable):
            with app.app_context():
                actor = db.session.scalars(
                    select(User).where(User.email == f"{who}@bench.example")
                ).one()
                companies.update_company(
                    db.session, actor, company_id,
                    CompanyInput(keywords=(f"muokattu {who} {n}",)),
                )
            started = time.perf_counter()
            resp = client.get("/", query_string={"q": query})
            samples.append((time.perf_counter() - started) * 1000)
            assert target_name in resp.get_data(as_text=True)
        out[f"{who}_search_after_edit_ms"] = statistics.median(samples)
        out[f"{who}_search_after_edit_p95_ms"] = _p95(samples)
        out[f"{who}_list_ms"] = median_ms(lambda c=client: c.get("/"))
        if who == "staff":
            for view in ("town", "mine"):
                resp = client.get("/tasks", query_string={"view": view})
                assert resp.status_code == 200 and "Soita takaisin" in resp.get_data(as_text=True)
                out[f"staff_tasks_{view}_ms"] = median_ms(
                    lambda c=client, v=view: c.get("/tasks", query_string={"view": v}))
                out[f"staff_tasks_{view}_kb"] = len(resp.get_data()) / 1024
    assert not name_index._cache, "PostgreSQL search must not build the in-process index"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database that already holds the size's companies")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        base = DEFAULT_PG.rpartition("/")
        url = f"{base[0]}/{base[2]}_{size}"
        started = time.perf_counter()
        if not (args.reuse and _holds(url, size)):
            if fresh_postgres(url) is None:
                return
            build(make_app(url), size)
        app = make_app(url)
        load_s = time.perf_counter() - started
        with app.app_context():
            live = db.session.scalar(select(func.count()).select_from(Company))
            assert live == size, (live, size)
        figures = measure(app)
        figures["load_s"] = load_s
        results[size] = figures
        with app.app_context():
            db.engine.dispose()
        print(f"postgresql {size:>7}  " + "  ".join(f"{k}={v:.1f}" for k, v in figures.items()),
              flush=True)
    keys = ("staff_search_after_edit_ms", "staff_search_after_edit_p95_ms", "staff_list_ms",
            "coord_search_after_edit_ms", "coord_search_after_edit_p95_ms", "coord_list_ms",
            "staff_tasks_town_ms", "staff_tasks_mine_ms")
    print(f"\n{'companies':>9} " + " ".join(f"{k.replace('_ms', ''):>31}" for k in keys))
    for size, fig in results.items():
        print(f"{size:>9} " + " ".join(f"{fig[k]:>31.1f}" for k in keys))
    ratios = {}
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        ratios = {k: large[k] / small[k] for k in keys}
        print(f"{'ratio':>9} " + " ".join(f"{ratios[k]:>31.2f}" for k in keys))
    path = write_result("search", {"sizes": sizes, "results": results, "ratios": ratios})
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
