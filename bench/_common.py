"""Shared helpers of the benchmarks: timing, peak memory, databases, result files."""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_PG = os.environ.get(
    "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/veturi_bench"
)


def median_ms(fn: Callable[[], Any], *, repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_sqlite(name: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(url: str = DEFAULT_PG) -> str | None:
    """An empty bench database on the local server, or None when PostgreSQL is not reachable."""
    base, _, name = url.rpartition("/")
    try:
        admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - the bench reports and goes on without PostgreSQL
        print(f"  PostgreSQL not available ({exc.__class__.__name__}); skipping it")
        return None
    return url


def write_result(name: str, data: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return path


def migrated_towns(session: Any) -> list[Any]:
    """Inside an app context: bring the bench database to the newest schema and add the demo's
    ten towns, the start of every generated data set."""
    from flask_migrate import upgrade

    from app.models import City
    from app.services.demo._data import TOWNS

    upgrade()
    cities = [City(code=c, name_fi=fi, name_sv=sv, region=r) for c, fi, sv, r in TOWNS]
    session.add_all(cities)
    session.flush()
    return cities


def bench_app(url: str, **overrides: Any) -> Any:
    """The app on the bench database, with the test settings and ``overrides`` (config keys)."""
    from app import create_app
    from config import TestConfig

    cfg = TestConfig()
    cfg.SQLALCHEMY_DATABASE_URI = url
    for key, value in overrides.items():
        setattr(cfg, key, value)
    return create_app(cfg)


# a browser-like client without CSRF tokens or sign-in throttling, for timing pages
CLIENT_SETTINGS = {"WTF_CSRF_ENABLED": False, "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**6}
