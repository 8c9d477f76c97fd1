"""The public R&D&I directory under load: the widget's JSON and script served by gunicorn to 50
concurrent clients, as the towns' busy front pages would ask for them.

Builds a fresh PostgreSQL database (``BENCH_PG_URL``, default ``bench._common.DEFAULT_PG``;
``--database-url`` to name another) with the demo network (ten towns, their services and
R&D&I people), starts gunicorn on 127.0.0.1 in production mode, and drives it from separate
client processes (``--processes``, each running its share of the clients as threads with
keep-alive connections). Each client asks, in a loop, for one town's JSON (80 %) or the widget
script (20 %). Two rounds:

* ``fresh``: every request is a full one (a visitor with an empty cache);
* ``conditional``: each client keeps the ETag it got per URL and sends ``If-None-Match``, as a
  browser does once its cached copy is older than max-age: the server answers 304 with no body.

Reports requests per second, p50/p95/p99 latency and the share of 304 answers per round; errors
must be 0. Traffic goes only to 127.0.0.1; every run stops by itself.

    .venv/bin/python bench/bench_directory.py [--duration 30] [--clients 50] [--processes 2]
        [--setting gthread:2x4] [--cache-seconds 30,0] [--database-url URL]

``--cache-seconds`` runs both rounds once per value of ``DIRECTORY_PUBLIC_CACHE_SECONDS`` (how
long each worker keeps a built answer; 0: every request reads the database).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import DEFAULT_PG, fresh_postgres, write_result  # noqa: E402
from bench.bench_load import free_port, percentile, start_gunicorn, stop  # noqa: E402

JSON_SHARE = 0.8


def seed(url: str) -> list[str]:
    """Migrate and add the demo network; return the towns' codes."""
    from flask_migrate import upgrade

    from app.extensions import db
    from app.services import demo
    from bench._common import bench_app

    app = bench_app(url)
    with app.app_context():
        upgrade()
        demo.seed_demo(db.session)
        from app.services.directory import public

        return [t.code for t in public.towns(db.session, "fi")]


def _client(port: int, codes: list[str], conditional: bool, until: float, seed_no: int,
            out: list[tuple[float, int]]) -> None:
    rng = random.Random(seed_no)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    etags: dict[str, str] = {}
    while time.time() < until:
        if rng.random() < JSON_SHARE:
            lang = rng.choice(("fi", "sv", "en"))
            path = f"/api/public/v1/services?city={rng.choice(codes)}&lang={lang}"
        else:
            path = "/embed/services.js"
        headers = {"If-None-Match": etags[path]} if conditional and path in etags else {}
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
        except (OSError, http.client.HTTPException):
            out.append(((time.perf_counter() - start) * 1000, 0))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        out.append(((time.perf_counter() - start) * 1000, resp.status))
        etag = resp.getheader("ETag")
        if etag:
            etags[path] = etag
    conn.close()


def _process(port: int, codes: list[str], conditional: bool, until: float, clients: int,
             first_seed: int, queue: Any) -> None:
    results: list[list[tuple[float, int]]] = [[] for _ in range(clients)]
    threads = [threading.Thread(target=_client, args=(port, codes, conditional, until,
                                                      first_seed + n, results[n]))
               for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put([sample for per_client in results for sample in per_client])


def run_round(port: int, codes: list[str], *, conditional: bool, clients: int, processes: int,
              duration: float) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    until = time.time() + 2 + duration  # the processes start, then all run until the same time
    shares = [clients // processes + (1 if n < clients % processes else 0)
              for n in range(processes)]
    procs = [ctx.Process(target=_process, args=(port, codes, conditional, until, share,
                                                n * 1000, queue))
             for n, share in enumerate(shares)]
    for p in procs:
        p.start()
    samples: list[tuple[float, int]] = []
    for _ in procs:
        samples.extend(queue.get(timeout=duration + 120))
    for p in procs:
        p.join()
    times = [ms for ms, _status in samples]
    statuses = [status for _ms, status in samples]
    errors = sum(1 for s in statuses if s not in (200, 304))
    return {"round": "conditional" if conditional else "fresh", "clients": clients,
            "requests": len(samples), "errors": errors,
            "throughput_rps": round(len(samples) / duration, 1),
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(percentile(times, 95), 1), "p99_ms": round(percentile(times, 99), 1),
            "share_304": round(statuses.count(304) / len(statuses), 3) if statuses else 0.0}


def report(result: dict[str, Any]) -> None:
    print(f"  {result['round']:12} {result['clients']:>3} clients {result['requests']:>7} req "
          f"{result['throughput_rps']:>8} req/s  p50 {result['p50_ms']} ms  p95 "
          f"{result['p95_ms']} ms  p99 {result['p99_ms']} ms  304s {result['share_304']:.1%}  "
          f"errors {result['errors']}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per round")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--setting", default="gthread:2x4",
                        help="gunicorn CLASS:WORKERS[xTHREADS], as in bench_load.py")
    parser.add_argument("--cache-seconds", default="30",
                        help="comma-separated DIRECTORY_PUBLIC_CACHE_SECONDS values to run")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    args = parser.parse_args(argv)
    url = fresh_postgres(args.database_url)
    if url is None:
        return 0
    codes = seed(url)
    print(f"  {len(codes)} towns with services; gunicorn {args.setting}", flush=True)
    results = []
    for seconds in args.cache_seconds.split(","):
        os.environ["DIRECTORY_PUBLIC_CACHE_SECONDS"] = seconds.strip()  # read by gunicorn's app
        print(f"  worker cache {seconds.strip()} s", flush=True)
        port = free_port()
        proc = start_gunicorn(url, args.setting, port)
        try:
            for conditional in (False, True):
                result = run_round(port, codes, conditional=conditional, clients=args.clients,
                                   processes=args.processes, duration=args.duration)
                result["cache_seconds"] = int(seconds)
                report(result)
                results.append(result)
        finally:
            stop(proc)
    path = write_result("directory", {"setting": args.setting, "duration_s": args.duration,
                                      "results": results})
    print(f"\n  written to {path.relative_to(ROOT)}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
