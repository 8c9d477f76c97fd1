"""The weekly digest at network scale: 200 and 2,000 users with 20 new matches each, built into
the outbox and sent to a local SMTP server (aiosmtpd), through the app's services.

Measured per size: the time to build every digest (content gathered through authz, rendered in
Finnish, one row per user, a commit per user), the time to send them all (one SMTP connection,
no rate limit, a commit before and after each message), and the peak memory of the Python heap
during build and send (tracemalloc, in a second pass over the same data, as tracing slows the
code down) and of the process (peak RSS). The growth from 200 to 2,000 users is printed.

    .venv/bin/python bench/bench_digest.py [--sizes 200 2000] [--postgres]
"""

from __future__ import annotations

import argparse
import hashlib
import socket
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import delete, insert  # noqa: E402

from app.extensions import db  # noqa: E402
from app.mail.smtp import SmtpMailer  # noqa: E402
from app.models import City, Company, Role, User  # noqa: E402
from app.models.digest import Digest  # noqa: E402
from app.models.funding import FundingSource  # noqa: E402
from app.models.funding_calls import CallStatus, FundingCall  # noqa: E402
from app.models.matches import Match  # noqa: E402
from app.services import digest  # noqa: E402
from bench._common import (  # noqa: E402
    bench_app,  # noqa: E402
    fresh_postgres,
    fresh_sqlite,
    peak_rss_mb,
    write_result,
)

MATCHES_PER_USER = 20
CALLS = 400
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # Monday 08:00 in Helsinki


class Sink:
    """Counts what the SMTP server receives."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages += 1
        self.bytes += len(envelope.original_content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _seed(users: int) -> None:
    session = db.session
    city = City(code="140", name_fi="Iisalmi", name_sv=None, region="Pohjois-Savo")
    source = FundingSource(name="penkki", kind="manual")
    session.add_all([city, source])
    session.flush()
    deadline = NOW + timedelta(days=45)
    session.execute(insert(FundingCall), [dict(
        funding_source_id=source.id, source_id=f"c{i}", title=f"Kehittämisavustus {i}: älykäs "
        f"tuotanto ja kiertotalous", programme="Uudistuva ja osaava Suomi 2021–2027",
        status=CallStatus.OPEN, url=f"https://rahoitus.example.fi/haku/{i}", deadlines=[],
        next_deadline_at=deadline, is_continuous=False, keywords=[], extra={},
        staff_fields=[], content_hash=hashlib.sha256(str(i).encode()).hexdigest(),
    ) for i in range(CALLS)])
    session.execute(insert(User), [dict(
        email=f"kayttaja{i}@iisalmi.example", name=f"Käyttäjä Äärelä {i}", role=Role.STAFF,
        city_id=city.id, password_hash="!", language="fi" if i % 4 else "en",
    ) for i in range(users)])
    user_ids = list(session.scalars(db.select(User.id).order_by(User.id)))
    session.execute(insert(Company), [dict(
        name=f"Yritys {i} Oy", name_normalized=f"yritys {i}", business_id=None,
        city_id=city.id, owner_id=uid, keywords=[], auxiliary_names=[],
    ) for i, uid in enumerate(user_ids)])
    company_ids = list(session.scalars(db.select(Company.id).order_by(Company.id)))
    call_ids = list(session.scalars(db.select(FundingCall.id).order_by(FundingCall.id)))
    reasons = [{"code": "shared_keyword", "params": {"keyword": "kiertotalous"}},
               {"code": "shared_keyword", "params": {"keyword": "älykäs tuotanto"}}]
    rows = []
    for n, company_id in enumerate(company_ids):
        for k in range(MATCHES_PER_USER):
            rows.append(dict(company_id=company_id, call_id=call_ids[(n * 7 + k) % CALLS],
                             score=90.0 - k * 2, rank=k + 1, components={}, reasons=reasons,
                             computed_at=NOW - timedelta(days=1)))
    session.execute(insert(Match), rows)
    session.commit()


def _pass(config: dict[str, Any], port: int) -> tuple[float, float, int]:
    started = time.perf_counter()
    built = digest.build_digests(db.session, config=config, now=NOW)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    with SmtpMailer("127.0.0.1", port) as mailer:
        sent = digest.send_pending(db.session, mailer, config=config)
    send_s = time.perf_counter() - started
    assert built.pending == sent.sent, (built, sent)
    return build_s, send_s, sent.sent


def run(url: str, users: int) -> dict[str, Any]:
    app = bench_app(url, BASE_URL="https://veturi.example.fi")
    port = _free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            started = time.perf_counter()
            _seed(users)
            seed_s = time.perf_counter() - started
            config = {**app.config, "DIGEST_SEND_RATE": 0}
            build_s, send_s, sent = _pass(config, port)
            mail_bytes = sink.bytes
            # the second pass, traced: the same digests built and sent again
            db.session.execute(delete(Digest))
            db.session.commit()
            tracemalloc.start()
            _pass(config, port)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            db.session.remove()
    finally:
        controller.stop()
    result = {
        "users": users, "matches": users * MATCHES_PER_USER, "sent": sent,
        "seed_s": round(seed_s, 1), "build_s": round(build_s, 2), "send_s": round(send_s, 2),
        "total_s": round(build_s + send_s, 2),
        "per_user_ms": round((build_s + send_s) / users * 1000, 1),
        "mail_kb_avg": round(mail_bytes / max(sent, 1) / 1024, 1),
        "heap_peak_mb": round(peak / 2**20, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"  {users:5} users: build {build_s:6.1f} s, send {send_s:6.1f} s, "
          f"{result['per_user_ms']} ms a user; heap peak {result['heap_peak_mb']} MB, "
          f"RSS {result['peak_rss_mb']} MB; {result['mail_kb_avg']} KB a message", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"sqlite": [run(fresh_sqlite(f"digest{n}"), n)
                                          for n in args.sizes]}
    if args.postgres:
        rows = []
        for n in args.sizes:
            url = fresh_postgres()
            if url is None:
                break
            rows.append(run(url, n))
        if rows:
            results["postgresql"] = rows
    for name, rows in results.items():
        first, last = rows[0], rows[-1]
        if first is not last:
            print(f"{name}: {first['users']} -> {last['users']} users "
                  f"(x{last['users'] / first['users']:.0f}): time x"
                  f"{last['total_s'] / first['total_s']:.1f}, heap peak x"
                  f"{last['heap_peak_mb'] / max(first['heap_peak_mb'], 0.1):.1f}")
    print(f"results: {write_result('digest', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
