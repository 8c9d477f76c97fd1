"""CRM speed with 1,000 to 100,000 companies, on SQLite and PostgreSQL.

For each size it generates companies (plus three interactions per company and one contact per two
companies) into a fresh database migrated to head, then times through the real app (test client,
signed in) the company list's first page, a misspelt name search and a company page, for a town's
staff member and for the network coordinator. Medians over 15 runs; the 100k/1k ratio shows how the
time grows.

    .venv/bin/python bench/bench_crm.py [--sizes 1000,10000,100000] [--no-postgres]
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
from app.models import Company, Contact, Interaction, Role, User  # noqa: E402
from app.names import normalize_name  # noqa: E402
from app.services.accounts import hash_password  # noqa: E402
from app.services.demo._data import (  # noqa: E402
    INDUSTRIES,
    LEGAL_FORMS,
    PLACE_WORDS,  # noqa: E402
)
from bench._common import (  # noqa: E402  # noqa: E402
    CLIENT_SETTINGS,
    bench_app,
    fresh_postgres,
    fresh_sqlite,
    median_ms,
    migrated_towns,
    write_result,
)

PASSWORD = "bench-password-123"
BATCH = 5000


def build(url: str, size: int, seed: int = 7):  # type: ignore[no-untyped-def]
    app = bench_app(url, **CLIENT_SETTINGS)
    rng = random.Random(seed)
    with app.app_context():
        session = db.session
        cities = migrated_towns(session)
        pw = hash_password(PASSWORD)
        staff = User(
            email="staff@bench.example",
            name="Bench Staff",
            role=Role.STAFF,
            city=cities[0],
            password_hash=pw,
        )
        coordinator = User(
            email="coord@bench.example",
            name="Bench Coordinator",
            role=Role.COORDINATOR,
            password_hash=pw,
        )
        session.add_all([staff, coordinator])
        session.commit()
        now = datetime.now(UTC)
        rows = []
        for i in range(size):
            code, label, stems, description, keywords = INDUSTRIES[i % len(INDUSTRIES)]
            name = f"{rng.choice(PLACE_WORDS)} {rng.choice(stems)} {i} {rng.choice(LEGAL_FORMS)}"
            rows.append(
                {
                    "name": name,
                    "name_normalized": normalize_name(name),
                    "auxiliary_names": [],
                    "industry_code": code,
                    "industry_code_set": "TOL2008",
                    "industry_text": label,
                    "municipality_code": cities[i % len(cities)].code,
                    "description": description,
                    "keywords": list(keywords),
                    "employees": rng.randrange(1, 400),
                    "is_growth_seeking": rng.random() < 0.2,
                    "is_anchor": rng.random() < 0.05,
                    "is_prospect": False,
                    "city_id": cities[i % len(cities)].id,
                    "owner_id": staff.id if i % len(cities) == 0 and rng.random() < 0.5 else None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(rows) == BATCH:
                session.execute(insert(Company), rows)
                rows = []
        if rows:
            session.execute(insert(Company), rows)
        session.commit()
        ids = list(session.scalars(select(Company.id).order_by(Company.id)))
        today = date.today()
        batch = []
        for n, company_id in enumerate(ids):
            for k in range(3):
                batch.append(
                    {
                        "company_id": company_id,
                        "occurred_on": today - timedelta(days=(n * 7 + k * 50) % 900),
                        "kind": "meeting",
                        "summary": "Keskusteltiin kehityshankkeesta.",
                        "topics": [],
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if len(batch) >= BATCH:
                session.execute(insert(Interaction), batch)
                batch = []
        if batch:
            session.execute(insert(Interaction), batch)
        contacts = [
            {
                "company_id": cid,
                "first_name": "Aino",
                "last_name": f"Testi{n}",
                "has_marketing_consent": False,
                "created_at": now,
                "updated_at": now,
            }
            for n, cid in enumerate(ids[::2])
        ]
        for start in range(0, len(contacts), BATCH):
            session.execute(insert(Contact), contacts[start : start + BATCH])
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # what autovacuum does soon after a bulk load
        target = session.scalars(
            select(Company).where(Company.city_id == cities[0].id).order_by(Company.id).limit(1)
        ).one()
        target_name, target_id = target.name, target.id
    return app, target_id, target_name


def misspell(name: str) -> str:
    words = name.split()
    word = words[1]
    words[1] = word[:2] + word[3:] if len(word) > 4 else word  # drop a letter
    return " ".join(words[:-1]).lower()  # and the legal form


def measure(app, target_id: int, target_name: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    out = {}
    for who in ("staff", "coord"):
        client = app.test_client()
        resp = client.post("/login", data={"email": f"{who}@bench.example", "password": PASSWORD})
        assert resp.status_code == 302, resp.status_code
        query = misspell(target_name)
        cold_start = time.perf_counter()
        first = client.get("/", query_string={"q": query})
        out[f"{who}_search_cold_ms"] = (time.perf_counter() - cold_start) * 1000
        assert target_name in first.get_data(as_text=True), (query, target_name)
        pages = {
            "list": ("/", {}),
            "search": ("/", {"q": query}),
            "company": (f"/companies/{target_id}", {}),
        }
        for name, (url, params) in pages.items():
            out[f"{who}_{name}_ms"] = median_ms(
                lambda c=client, u=url, p=params: c.get(u, query_string=p)
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, dict[int, dict[str, float]]] = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and args.no_postgres:
            continue
        results[backend] = {}
        for size in sizes:
            url = fresh_sqlite(f"crm-{size}") if backend == "sqlite" else fresh_postgres()
            if url is None:
                break
            started = time.perf_counter()
            app, target_id, target_name = build(url, size)
            load_s = time.perf_counter() - started
            figures = measure(app, target_id, target_name)
            figures["load_s"] = load_s
            results[backend][size] = figures
            with app.app_context():
                db.engine.dispose()
            print(
                f"{backend:10} {size:>7}  " + "  ".join(f"{k}={v:.1f}" for k, v in figures.items()),
                flush=True,
            )
    print()
    keys = (
        "staff_list_ms",
        "staff_search_ms",
        "staff_company_ms",
        "coord_list_ms",
        "coord_search_ms",
        "coord_company_ms",
    )
    print(f"{'backend':10} {'companies':>9} " + " ".join(f"{k:>17}" for k in keys))
    for backend, by_size in results.items():
        for size, fig in by_size.items():
            print(f"{backend:10} {size:>9} " + " ".join(f"{fig[k]:>17.1f}" for k in keys))
        if len(by_size) > 1:
            small, large = by_size[min(by_size)], by_size[max(by_size)]
            print(
                f"{backend:10} {'ratio':>9} "
                + " ".join(f"{large[k] / small[k]:>17.2f}" for k in keys)
            )
    path = write_result("crm", {"sizes": sizes, "results": results})
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
