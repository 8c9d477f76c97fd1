"""Pipeline board speed: 200 and 2,000 companies on one town's board with 25 stage moves each
(50,000 moves at 2,000), three contacts, one open task and three current funding matches per
company, on SQLite and PostgreSQL.

Times through the real app (test client, signed in as the town's staff member) the board, the
weekly review and the funnel. Medians over 15 runs; the 2,000/200 ratio shows how the time grows.
The target: the 2,000-company board under 300 ms at the median on both databases. The board is
also timed in CPU time of this process (``board_cpu_ms``): on a busy machine the wall-clock
median mostly measures the wait for a core, the CPU time what the request itself costs (on
PostgreSQL the server's own work is not in it).

    .venv/bin/python bench/bench_pipeline.py [--sizes 200,2000] [--no-postgres] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import City, Company, Interaction, Role, Task, User  # noqa: E402
from app.models.funding import FundingSource  # noqa: E402
from app.models.funding_calls import FundingCall  # noqa: E402
from app.models.matches import Match  # noqa: E402
from app.models.pipeline import PipelineEntry, PipelineStage, StageChange  # noqa: E402
from app.names import normalize_name  # noqa: E402
from app.services.accounts import hash_password  # noqa: E402
from app.services.demo._data import TOWNS  # noqa: E402
from bench._common import (  # noqa: E402  # noqa: E402
    CLIENT_SETTINGS,
    DEFAULT_PG,
    bench_app,
    fresh_postgres,
    fresh_sqlite,
    median_ms,
    write_result,
)

PASSWORD = "bench-password-123"
MOVES_PER_COMPANY = 25
BATCH = 5000
TARGET_MS = 300


def _insert(session, model, rows):  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])


def build(url: str, size: int, seed: int = 7):  # type: ignore[no-untyped-def]
    app = bench_app(url, **CLIENT_SETTINGS)
    rng = random.Random(seed)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        session = db.session
        code, fi, sv, region = TOWNS[0]
        city = City(code=code, name_fi=fi, name_sv=sv, region=region)
        session.add(city)
        session.flush()
        staff = User(email="staff@bench.example", name="Bench Staff", role=Role.STAFF,
                     city=city, password_hash=hash_password(PASSWORD))
        session.add(staff)
        source = FundingSource(name="bench", kind="manual")
        session.add(source)
        session.commit()
        now = datetime.now(UTC)
        _insert(session, Company, [{
            "name": f"Putkiyritys {i} Oy", "name_normalized": normalize_name(f"Putkiyritys {i}"),
            "auxiliary_names": [], "keywords": [], "industry_code": "25110",
            "employees": rng.randrange(1, 300), "is_anchor": rng.random() < 0.1,
            "is_growth_seeking": rng.random() < 0.3, "is_prospect": False, "city_id": city.id,
            "owner_id": staff.id if i % 2 else None, "created_at": now, "updated_at": now,
        } for i in range(size)])
        _insert(session, FundingCall, [{
            "funding_source_id": source.id, "source_id": f"c{k}", "title": f"Haku {k}",
            "content_hash": "x", "next_deadline_at": now + timedelta(days=10 + k),
            "deadlines": [], "keywords": [], "extra": {}, "staff_fields": [],
        } for k in range(20)])
        session.commit()
        ids = list(session.scalars(select(Company.id).order_by(Company.id)))
        calls = list(session.scalars(select(FundingCall.id)))
        stages = list(session.scalars(select(PipelineStage.id).order_by(PipelineStage.position)))
        today = date.today()
        moves, entries, contacts, tasks, matches = [], [], [], [], []
        for n, cid in enumerate(ids):
            at = now - timedelta(days=700)
            stage = None
            for _ in range(MOVES_PER_COMPANY):
                to = rng.choice(stages)
                at += timedelta(days=rng.randrange(1, 28), hours=rng.randrange(24))
                moves.append({"company_id": cid, "from_stage_id": stage, "to_stage_id": to,
                              "moved_at": min(at, now), "moved_by_id": staff.id})
                stage = to
            entries.append({"company_id": cid, "stage_id": stage, "entered_at": min(at, now)})
            contacts += [{"company_id": cid,
                          "occurred_on": today - timedelta(days=(n + k * 40) % 300),
                          "kind": "meeting", "summary": "Tapaaminen", "topics": [],
                          "created_at": now, "updated_at": now} for k in range(3)]
            tasks.append({"company_id": cid, "title": "Soita", "created_at": now,
                          "updated_at": now})
            matches += [{"company_id": cid, "call_id": c, "score": rng.uniform(20, 95),
                         "components": {}, "reasons": [], "is_current": True, "status": "new",
                         "computed_at": now} for c in rng.sample(calls, 3)]
        for model, rows in ((StageChange, moves), (PipelineEntry, entries),
                            (Interaction, contacts), (Task, tasks), (Match, matches)):
            _insert(session, model, rows)
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    return app, len(moves)


def median_cpu_ms(fn, *, repeat: int = 15, warmup: int = 2) -> float:  # type: ignore[no-untyped-def]
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def measure(app) -> dict[str, float]:  # type: ignore[no-untyped-def]
    client = app.test_client()
    resp = client.post("/login", data={"email": "staff@bench.example", "password": PASSWORD})
    assert resp.status_code == 302, resp.status_code
    out = {}
    for name, url in (("board", "/pipeline"), ("review", "/pipeline/review"),
                      ("funnel", "/pipeline/funnel")):
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code)
        out[f"{name}_ms"] = median_ms(lambda u=url: client.get(u))
    out["board_cpu_ms"] = median_cpu_ms(lambda: client.get("/pipeline"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, dict[int, dict[str, float]]] = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and args.no_postgres:
            continue
        results[backend] = {}
        for size in sizes:
            url = (fresh_sqlite(f"pipeline-{size}") if backend == "sqlite"
                   else fresh_postgres(args.pg_url))
            if url is None:
                break
            started = time.perf_counter()
            app, moves = build(url, size)
            figures = {"moves": moves, "load_s": time.perf_counter() - started, **measure(app)}
            results[backend][size] = figures
            with app.app_context():
                db.engine.dispose()
            print(f"{backend:10} {size:>6}  " + "  ".join(
                f"{k}={v:.1f}" for k, v in figures.items()), flush=True)
    print()
    keys = ("board_ms", "board_cpu_ms", "review_ms", "funnel_ms")
    print(f"{'backend':10} {'companies':>9} " + " ".join(f"{k:>10}" for k in keys))
    for backend, by_size in results.items():
        for size, fig in by_size.items():
            print(f"{backend:10} {size:>9} " + " ".join(f"{fig[k]:>10.1f}" for k in keys))
        if len(by_size) > 1:
            small, large = by_size[min(by_size)], by_size[max(by_size)]
            print(f"{backend:10} {'ratio':>9} "
                  + " ".join(f"{large[k] / small[k]:>10.2f}" for k in keys))
            verdict = "under" if large["board_ms"] < TARGET_MS else "OVER"
            print(f"{backend:10} board at {max(by_size)}: {verdict} the {TARGET_MS} ms target")
    path = write_result("pipeline", {"sizes": sizes, "results": results})
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
