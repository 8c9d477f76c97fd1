"""The network search (one box: companies, ecosystems, projects, lessons, services, courses) on
PostgreSQL, at 10 % to 100 % of 100,000 companies, 5,000 projects, 20,000 lessons and 10,000
courses.

For each fraction it generates the rows into a fresh PostgreSQL database migrated to head
(companies as in ``bench_search.py``; projects and ecosystems spread over the ten towns; lessons
of every town, one in five kept to its town; courses of three partners, with themes), runs
``VACUUM ANALYZE`` as autovacuum would, and times ``services.ecosystems.search.network_search``
for a town's staff member and for the network coordinator: one call per query word, rotating
over ``QUERIES``, median and p95 of 25 after 3 warm-up calls. The 100 %/10 % ratio shows how the
time grows with the data.

    .venv/bin/python bench/bench_network_search.py [--fractions 0.1,0.5,1.0]

``BENCH_PG_URL`` names the database (dropped and made anew for each fraction).
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
from app.models import Company, Role, User  # noqa: E402
from app.models.ecosystems import Course, EducationPartner, Lesson, Project  # noqa: E402
from app.services.demo._data import INDUSTRIES, LEGAL_FORMS, PLACE_WORDS  # noqa: E402
from app.services.ecosystems._fields import search_text  # noqa: E402
from app.services.ecosystems.search import network_search  # noqa: E402
from bench._common import (  # noqa: E402
    DEFAULT_PG,
    bench_app,
    fresh_postgres,
    migrated_towns,
    write_result,  # noqa: E402
)

FULL = {"companies": 100_000, "projects": 5_000, "lessons": 20_000, "courses": 10_000}
QUERIES = ("vety", "kiertotalous", "konepaja", "hankinta", "matkailu", "digitaalinen")
WORDS = ("vety", "kiertotalous", "matkailu", "hankinta", "puurakentaminen", "digitaalinen",
         "elintarvike", "satama", "energia", "rekrytointi", "testiympäristö", "osaaminen")
BATCH = 5000
SAMPLES = 25


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _insert(session, model, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])


def build(app, fraction: float, seed: int = 7) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    counts = {k: int(v * fraction) for k, v in FULL.items()}
    now = datetime.now(UTC)
    with app.app_context():
        session = db.session
        cities = migrated_towns(session)
        session.add_all([
            User(email="staff@bench.example", name="Bench Staff", role=Role.STAFF,
                 city=cities[0], password_hash="x"),
            User(email="coord@bench.example", name="Bench Coordinator", role=Role.COORDINATOR,
                 password_hash="x")])
        session.commit()
        rows = []
        for i in range(counts["companies"]):
            code, label, stems, description, keywords = INDUSTRIES[i % len(INDUSTRIES)]
            city = cities[i % len(cities)]
            rows.append({
                "name": f"{rng.choice(PLACE_WORDS)} {rng.choice(stems)} {i} "
                        f"{rng.choice(LEGAL_FORMS)}",
                "auxiliary_names": [], "industry_code": code, "industry_code_set": "TOL2008",
                "industry_text": label, "municipality_code": city.code,
                "description": description, "keywords": list(keywords),
                "is_growth_seeking": False, "is_anchor": False, "is_prospect": False,
                "city_id": city.id, "created_at": now, "updated_at": now})
        _insert(session, Company, rows)
        start = date(2025, 1, 1)
        _insert(session, Project, [{
            "city_id": cities[i % len(cities)].id, "name": f"Hanke {i} {_text(rng, 2)}",
            "funder": "EAKR", "programme": "Uudistuva ja osaava Suomi", "partners": [],
            "status": "running", "outputs": _text(rng, 12), "results": _text(rng, 12),
            "starts_on": start + timedelta(days=i % 700), "created_at": now,
            "updated_at": now} for i in range(counts["projects"])])
        lessons = []
        for i in range(counts["lessons"]):
            texts = {"title": f"Opetus {i}: {_text(rng, 3)}", "context": _text(rng, 15),
                     "what_was_done": _text(rng, 15), "result": _text(rng, 10),
                     "do_differently": _text(rng, 10)}
            tags = _text(rng, 2)
            lessons.append({
                "city_id": cities[i % len(cities)].id, "kind": "failure" if i % 3 else
                "good_practice", **texts, "tags": tags.split(),
                "search_text": search_text(*texts.values(), tags), "town_only": i % 5 == 0,
                "helped_count": i % 7, "created_at": now, "updated_at": now})
        _insert(session, Lesson, lessons)
        partners = [EducationPartner(name=f"Oppilaitos {n}", kind="uas") for n in range(3)]
        session.add_all(partners)
        session.flush()
        courses = []
        for i in range(counts["courses"]):
            partner = partners[i % 3]
            title, description = f"Kurssi {i} {_text(rng, 3)}", _text(rng, 20)
            courses.append({
                "partner_id": partner.id, "source_id": f"c-{i}", "provider": partner.name,
                "title": title, "description": description, "language": "fi",
                "format": "online", "self_paced": i % 2 == 0,
                "url": f"https://example.org/c/{i}",
                "themes": ["hydrogen"] if i % 4 == 0 else [],
                "search_text": search_text(title, partner.name, description),
                "created_at": now, "updated_at": now})
        _insert(session, Course, courses)
        session.commit()
    with app.app_context(), db.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def _time(app, email: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        samples = []
        for i in range(SAMPLES + 3):
            start = time.perf_counter()
            network_search(db.session, user, QUERIES[i % len(QUERIES)])
            if i >= 3:
                samples.append((time.perf_counter() - start) * 1000)
            db.session.rollback()
        samples.sort()
        return {"median_ms": round(statistics.median(samples), 1),
                "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", default="0.1,0.5,1.0")
    args = parser.parse_args()
    results = {}
    for fraction in (float(f) for f in args.fractions.split(",")):
        url = fresh_postgres(DEFAULT_PG)
        if url is None:
            return
        app = bench_app(url)
        began = time.perf_counter()
        build(app, fraction)
        built = time.perf_counter() - began
        row = {"rows": {k: int(v * fraction) for k, v in FULL.items()},
               "build_s": round(built, 1),
               "staff": _time(app, "staff@bench.example"),
               "coordinator": _time(app, "coord@bench.example")}
        results[str(fraction)] = row
        print(f"{fraction:>5}: staff {row['staff']}, coordinator {row['coordinator']} "
              f"(built in {built:.0f} s)", flush=True)
        with app.app_context():
            db.engine.dispose()
    keys = sorted(results, key=float)
    if len(keys) > 1:
        low, high = results[keys[0]], results[keys[-1]]
        for who in ("staff", "coordinator"):
            ratio = high[who]["median_ms"] / max(low[who]["median_ms"], 0.1)
            print(f"{who}: median grows x{ratio:.1f} from {keys[0]} to {keys[-1]} of the data")
    print(write_result("network_search", results))


if __name__ == "__main__":
    main()
