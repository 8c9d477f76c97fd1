"""Matching through the app's service on a real database: 10,000 calls, 2,000 companies.

Where ``bench_matching.py`` times the pure matcher at network scale, this times what staff and
the scheduler wait for: rows loaded, ranked, reasons made and matches stored, on SQLite (and
PostgreSQL with ``--postgres``). Calls and companies are generated as in ``bench_matching.py``
(``Synth``: the development set's sentences and rules). Measured:

* the first fit of the process's matcher (loading every call and company);
* a full rematch (``flask match --full``): every company's top 20 with reasons, stored;
* the same again, when the stored reasons still hold and are kept;
* one changed company profile rematched at once (``rematch_after_save``), median of 15;
* one new call after a harvest (``after_harvest``): matched against all companies.

    .venv/bin/python bench/bench_rematch.py [--calls 10000] [--companies 2000] [--postgres]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_matching import Synth  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import City, Company, IndustryCodeSet, SizeClass  # noqa: E402
from app.models.funding import FundingSource  # noqa: E402
from app.models.funding_calls import CallKind, CallStatus, FundingCall  # noqa: E402
from app.models.matches import Match  # noqa: E402
from app.services import matches  # noqa: E402
from app.services.demo._data import TOWNS  # noqa: E402
from app.services.matches import _cache as cache  # noqa: E402
from bench._common import (  # noqa: E402
    bench_app,  # noqa: E402
    fresh_postgres,
    fresh_sqlite,
    peak_rss_mb,
    write_result,
)

BATCH = 2000


def _call_row(source_id: int, profile, i: int) -> FundingCall:  # type: ignore[no-untyped-def]
    deadlines = [d.isoformat() for d in profile.deadlines]
    return FundingCall(
        funding_source_id=source_id, source_id=profile.id, kind=CallKind.CALL,
        title=profile.title, description=profile.description, programme=profile.programme,
        type_of_action=profile.type_of_action, status=CallStatus(profile.status),
        language=profile.language, deadlines=deadlines,
        next_deadline_at=profile.deadlines[0].astimezone(UTC) if profile.deadlines else None,
        is_continuous=not deadlines, keywords=list(profile.keywords),
        applicant_types=list(profile.applicant_types) if profile.applicant_types else None,
        sme_only=profile.sme_only, large_only=profile.large_only,
        countries=list(profile.countries) if profile.countries else None,
        regions=list(profile.regions) if profile.regions else None,
        content_hash=hashlib.sha256(f"{profile.id}{i}".encode()).hexdigest())


def build(url: str, n_calls: int, n_companies: int, seed: int):  # type: ignore[no-untyped-def]
    app = bench_app(url)
    synth = Synth(seed)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        session = db.session
        cities = [City(code=c, name_fi=fi, name_sv=sv, region=r) for c, fi, sv, r in TOWNS]
        source = FundingSource(name="bench", kind="manual", enabled=False)
        session.add_all([*cities, source])
        session.flush()
        for start in range(0, n_calls, BATCH):
            session.add_all(_call_row(source.id, synth.call(i), i)
                            for i in range(start, min(start + BATCH, n_calls)))
            session.flush()
        for i in range(n_companies):
            p = synth.company(i)
            session.add(Company(
                name=f"{p.name} {i}", city=cities[i % len(cities)], description=p.description,
                keywords=list(p.keywords), industry_code=p.industry_code,
                industry_code_set=IndustryCodeSet.TOL2008, size_class=SizeClass(p.size_class),
                employees=p.employees))
        session.commit()
    return app, synth


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run(url: str, label: str, args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    app, synth = build(url, args.calls, args.companies, args.seed)
    today = synth.today
    print(f"{label}: {args.calls} calls and {args.companies} companies generated and stored in "
          f"{time.perf_counter() - started:.0f} s (today {today})", flush=True)
    out: dict = {"calls": args.calls, "companies": args.companies}
    with app.app_context():
        session = db.session
        cache.clear()
        with cache.LOCK:
            fitted, out["fit_s"] = timed(lambda: cache.matcher(session))
        out["matchable_calls"] = len(fitted.calls)
        summary, out["full_s"] = timed(lambda: matches.rematch(session, today=today, full=True))
        out["stored"] = summary.stored
        _again, out["full_again_s"] = timed(lambda: matches.rematch(session, today=today,
                                                                     full=True))
        ids = list(session.scalars(select(Company.id).order_by(Company.id).limit(15)))
        samples = []
        for i, company_id in enumerate(ids):
            company = session.get(Company, company_id)
            company.description = f"{company.description} Uusi painopiste {i}: tekoäly."
            session.commit()
            _ok, seconds = timed(lambda cid=company_id: matches.rematch_after_save(
                session, cid, today=today))
            samples.append(seconds)
        out["one_company_ms"] = round(statistics.median(samples) * 1000, 1)
        since = datetime.now(UTC)
        call = _call_row(session.scalar(select(FundingSource.id)), synth.call(10**6), 10**6)
        call.status, call.deadlines = CallStatus.OPEN, [
            (datetime.now(UTC) + timedelta(days=90)).isoformat()]
        session.add(call)
        session.commit()
        result, out["new_call_s"] = timed(lambda: matches.after_harvest(session, since,
                                                                         today=today))
        out["new_call_companies"] = result.companies
        out["matches_in_db"] = session.scalar(select(func.count(Match.id)))
    out["peak_rss_mb"] = round(peak_rss_mb())
    for key in ("fit_s", "full_s", "full_again_s", "new_call_s"):
        out[key] = round(out[key], 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--companies", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    results = {"sqlite": run(fresh_sqlite("rematch"), "SQLite", args)}
    if args.postgres:
        url = fresh_postgres()
        if url is not None:
            results["postgresql"] = run(url, "PostgreSQL", args)
    print(f"\n{'':12} {'fit':>7} {'full':>8} {'again':>8} {'1 company':>10} {'new call':>9}")
    for name, r in results.items():
        print(f"{name:12} {r['fit_s']:6.1f}s {r['full_s']:7.1f}s {r['full_again_s']:7.1f}s "
              f"{r['one_company_ms']:8.0f}ms {r['new_call_s']:8.2f}s")
        print(f"{'':12} {r['matchable_calls']} matchable calls, {r['stored']} matches stored, "
              f"the new call rematched {r['new_call_companies']} companies; "
              f"peak {r['peak_rss_mb']} MB")
    print(f"results: {write_result('rematch', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
