"""Matching through the app on a real database, against the pure library on the same rows.

Where ``bench_matching.py`` times the pure matcher at network scale, this times what staff and
the scheduler wait for, on PostgreSQL (SQLite with ``--sqlite``, or when PostgreSQL is not
there), at 1,000 and 10,000 companies and 10,000 calls by default. Calls and companies are
generated as in ``bench_matching.py`` (``Synth``). Measured:

* the library's own time on the same rows: ``Matcher.fit`` + ``rank_all`` with its workers (and
  again with the cyclic collector paused, as the app's full rematch runs);
* a full rematch through the app (what ``flask match --full`` runs): rows loaded, a fresh fit,
  rank all with the workers, every list's difference written in bulk; and its ratio to the
  library's faster run (goal <= 2): the app runs with the collector paused and with the
  analyses of the library's runs cached, so the first, slower run would flatter it;
* the same again, when nothing changed (nothing is written);
* one changed company profile rematched at once (``rematch_after_save``), median of 15;
* one new call after a harvest (``after_harvest``), median of 5: matched against all
  companies and merged into the lists it enters;
* the shared matcher: the ``matching.fit`` job's time and artifact size, then the first and
  second company save in a fresh web worker process (a subprocess, inside a request, as
  gunicorn runs it) and that worker's resident memory, with the shared artifact
  (``MATCHER_SHARED``: loaded, never fitted) and without it (the worker fits, as before).

    .venv/bin/python bench/bench_rematch.py [--calls N] [--companies 1000,10000,100000] [--sqlite]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_matching import Synth  # noqa: E402
from sqlalchemy import func, select, text, update  # noqa: E402
from sqlalchemy.orm import selectinload  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import City, Company, IndustryCodeSet, SizeClass  # noqa: E402
from app.models.funding import FundingSource  # noqa: E402
from app.models.funding_calls import CallKind, CallStatus, FundingCall  # noqa: E402
from app.models.matches import Match, MatcherArtifact  # noqa: E402
from app.services import matches  # noqa: E402
from app.services.demo._data import TOWNS  # noqa: E402
from app.services.matches import _cache as cache  # noqa: E402
from app.services.matches._memory import collector_paused  # noqa: E402
from app.services.matches._records import call_profile, company_profile  # noqa: E402
from bench._common import (  # noqa: E402
    bench_app,  # noqa: E402
    fresh_postgres,
    fresh_sqlite,
    peak_rss_mb,
    write_result,
)
from matching import Matcher, text_conditions  # noqa: E402

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
        session.flush()
        # the network's rows were stored earlier, not in the last minutes: the rematch after a
        # harvest re-reads the companies changed shortly before it (``_cache.sync_companies``)
        session.execute(update(Company).values(updated_at=datetime.now(UTC) - timedelta(days=1)))
        session.execute(update(FundingCall).values(
            updated_at=datetime.now(UTC) - timedelta(days=1)))
        session.commit()
        if db.engine.dialect.name == "postgresql":
            # as autovacuum leaves rows stored earlier: old versions gone, statistics taken
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    return app, synth


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def library_time(session, today, workers: int,  # type: ignore[no-untyped-def]
                 paused: bool = False) -> dict:
    """The pure library on the same rows: fit + rank all, with its workers, from the records
    the app would build (loading them is not counted), with the calls' text conditions read
    beforehand (cached per process: the app's rematches below find them read, so timing the
    library with a cold cache would flatter the ratio). ``paused``: with the cyclic collector
    paused, as the app's full rematch runs (``app/services/matches/_memory.py``)."""
    regions = cache.regions(session)
    calls = [call_profile(c) for c in session.scalars(cache.matchable_calls())]
    companies = [company_profile(c, regions) for c in session.scalars(
        cache.live_companies().options(selectinload(Company.city)))]
    for call in calls:  # the texts' conditions are cached per process, as the app has them
        text_conditions(call)
    with collector_paused(paused):
        started = time.perf_counter()
        fitted = Matcher.fit(calls, companies, workers=workers)
        fit_s = time.perf_counter() - started
        ranking = fitted.rank_all(today, top_n=20, threshold=10.0, workers=workers)
        total = time.perf_counter() - started
    return {"library_fit_s": round(fit_s, 2), "library_s": round(total, 2),
            "library_matches": ranking.n_matches}


def run(url: str, label: str, args: argparse.Namespace, n_companies: int) -> dict:
    started = time.perf_counter()
    app, synth = build(url, args.calls, n_companies, args.seed)
    today = synth.today
    print(f"{label}: {args.calls} calls and {n_companies} companies generated and stored in "
          f"{time.perf_counter() - started:.0f} s (today {today})", flush=True)
    out: dict = {"calls": args.calls, "companies": n_companies,
                 "workers": matches.workers(app.config)}
    with app.app_context():
        session = db.session
        out.update(library_time(session, today, out["workers"]))
        out["library_paused_s"] = library_time(session, today, out["workers"],
                                               paused=True)["library_s"]
        session.rollback()
        cache.clear()
        # what `flask match --full` runs: load, fit, rank all, write every list
        summary, out["full_s"] = timed(lambda: matches.rematch(session, today=today, full=True))
        out["stored"] = summary.stored
        best = min(out["library_s"], out["library_paused_s"])  # the like-for-like run
        out["ratio_to_library"] = round(out["full_s"] / best, 2)
        _again, out["full_again_s"] = timed(lambda: matches.rematch(session, today=today,
                                                                     full=True))
        out["again_ratio_to_library"] = round(out["full_again_s"] / best, 2)
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
        source_id = session.scalar(select(FundingSource.id))
        new_calls = []
        for i in range(5):
            since = datetime.now(UTC)
            call = _call_row(source_id, synth.call(10**6 + i), 10**6 + i)
            call.status, call.deadlines = CallStatus.OPEN, [
                (datetime.now(UTC) + timedelta(days=90)).isoformat()]
            session.add(call)
            session.commit()
            result, seconds = timed(lambda since=since: matches.after_harvest(session, since,
                                                                               today=today))
            new_calls.append((seconds, result.companies))
        out["new_call_s"] = statistics.median(s for s, _n in new_calls)
        out["new_call_companies"] = int(statistics.median(n for _s, n in new_calls))
        out["matches_in_db"] = session.scalar(select(func.count(Match.id)))
        artifact_id, fit_s = timed(lambda: matches.fit_shared(session))
        out["artifact_fit_s"] = round(fit_s, 2)
        out["artifact_mb"] = round(session.get(MatcherArtifact, artifact_id).size / 2**20, 1)
        company_id = ids[0]
    for shared in (True, False) if n_companies <= args.fitting_worker_max else (True,):
        out["fresh_worker_shared" if shared else "fresh_worker_fitting"] = fresh_worker(
            url, company_id, shared, today)
    out["peak_rss_mb"] = round(peak_rss_mb())
    out["load_average"] = round(os.getloadavg()[0], 1)  # the machine is shared: say how busy
    for key in ("full_s", "full_again_s", "new_call_s"):
        out[key] = round(out[key], 2)
    return out


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fresh_worker(url: str, company_id: int, shared: bool, today) -> dict:  # type: ignore[no-untyped-def]
    """Two saves of a company in a new process, as a fresh gunicorn worker serves them."""
    import json
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--fresh-worker", url, str(company_id),
                           "1" if shared else "0", today.isoformat()],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fresh_worker_main(url: str, company_id: int, shared: bool, today_iso: str) -> None:
    import json
    from datetime import date

    app = bench_app(url, MATCHER_SHARED=shared, JOB_QUEUE="database")
    today = date.fromisoformat(today_iso)
    out = {}
    with app.app_context():
        session = db.session
        session.execute(select(1))
        out["rss_before_mb"] = round(_rss_mb())
    # gunicorn's post_worker_init (gunicorn.conf.py): load the artifact before any request
    _loaded, seconds = timed(lambda: matches.warm_up(app, today))
    out["warm_up_ms"] = round(seconds * 1000, 1)
    with app.app_context():
        session = db.session
        for n in ("first", "second"):
            company = session.get(Company, company_id)
            company.description = f"{company.description} Tuore painopiste ({n})."
            session.commit()
            with app.test_request_context():
                _ok, seconds = timed(lambda: matches.rematch_changed(
                    session, today=today, company_ids=[company_id]))
            out[f"{n}_save_ms"] = round(seconds * 1000, 1)
        out["rss_after_mb"] = round(_rss_mb())
        out["deferred"] = matches_pending(session)
    print(json.dumps(out))


def matches_pending(session) -> int:  # type: ignore[no-untyped-def]
    from app.models.matches import MatchPending

    return session.scalar(select(func.count()).select_from(MatchPending))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--fresh-worker"]:
        _fresh_worker_main(argv[1], int(argv[2]), argv[3] == "1", argv[4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--companies", default="1000,10000,100000",
                        help="comma-separated company counts, one run each")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite", action="store_true", help="also on SQLite")
    parser.add_argument("--fitting-worker-max", type=int, default=10_000,
                        help="the fresh worker that fits the matcher itself (the old way) is "
                             "timed only up to this many companies: above it, minutes")
    args = parser.parse_args(argv)
    results = {}
    for n in (int(x) for x in args.companies.split(",")):
        url = fresh_postgres()
        if url is not None:
            results[f"postgresql {n}"] = run(url, "PostgreSQL", args, n)
        if args.sqlite or url is None:
            results[f"sqlite {n}"] = run(fresh_sqlite("rematch"), "SQLite", args, n)
    print(f"\n{'':18} {'library':>8} {'paused':>7} {'app full':>9} {'ratio':>6} {'again':>7} "
          f"{'ratio':>6} {'1 company':>10} {'new call':>9}")
    for name, r in results.items():
        print(f"{name:18} {r['library_s']:7.1f}s {r['library_paused_s']:6.1f}s "
              f"{r['full_s']:8.1f}s {r['ratio_to_library']:6.2f} {r['full_again_s']:6.1f}s "
              f"{r['again_ratio_to_library']:6.2f} {r['one_company_ms']:8.0f}ms "
              f"{r['new_call_s']:8.2f}s")
        for kind in ("shared", "fitting"):
            w = r.get(f"fresh_worker_{kind}")
            if w is None:
                continue
            print(f"{'':18} fresh worker, {kind:7}: warm-up {w['warm_up_ms']:.0f} ms, "
                  f"first save {w['first_save_ms']:.0f} ms, "
                  f"second {w['second_save_ms']:.0f} ms, RSS {w['rss_before_mb']} -> "
                  f"{w['rss_after_mb']} MB")
        print(f"{'':18} artifact fitted in {r['artifact_fit_s']} s, {r['artifact_mb']} MB")
        print(f"{'':18} {r['stored']} matches listed ({r['library_matches']} by the library), "
              f"a new call merged into {r['new_call_companies']} lists; {r['workers']} workers, "
              f"peak {r['peak_rss_mb']} MB, load average {r['load_average']}")
    print(f"results: {write_result('rematch', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
