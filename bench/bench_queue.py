"""Job queue choice: the PostgreSQL table queue of ``flask worker`` (``app/job_queue/worker.py``)
against RQ on Redis, measured the same way, each worker in its own process:

- enqueue → start latency of one small job on an idle worker (median and p95 of 30);
- throughput of 300 no-op jobs queued up front (first start to last finish);
- a worker killed (SIGKILL) mid-job, a new worker started at once (as a supervisor would): how
  long until the job is running again, or what state it is left in.

The Veturi worker runs with JOB_HEARTBEAT_SECONDS=1 and JOB_LOST_AFTER_SECONDS=3 here (60 s in
production); RQ with its defaults (a forked work horse per job). Needs PostgreSQL (BENCH_PG_URL)
and, for the RQ side, Redis on 127.0.0.1:6379 and ``pip install rq`` (skipped without them).

    .venv/bin/python bench/bench_queue.py [--jobs 300] [--no-redis]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from app import job_queue as queue  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models.job_queue import QueuedJob, QueueStatus  # noqa: E402
from bench._common import (  # noqa: E402
    DEFAULT_PG,
    bench_app,  # noqa: E402
    fresh_postgres,
    write_result,
)

FAST = {"JOB_QUEUE": "database", "JOB_HEARTBEAT_SECONDS": 1, "JOB_LOST_AFTER_SECONDS": 3}
LATENCY_RUNS = 30
KILL_WAIT = 15.0


@queue.job("bench.noop")
def bench_noop(session: Any) -> None:
    """A job that does nothing: what the queue costs by itself."""


@queue.job("bench.sleep", max_attempts=2)
def bench_sleep(session: Any, *, seconds: float) -> None:
    time.sleep(seconds)


def rq_noop() -> None:
    """The RQ counterpart of ``bench.noop``."""


def rq_sleep(seconds: float) -> None:
    time.sleep(seconds)


def make_app(url: str) -> Any:
    return bench_app(url, **FAST)


def pg_worker_main(url: str) -> None:
    """The worker process: this module's jobs registered, one app, the real loop."""
    from app.job_queue.worker import Worker

    worker = Worker(make_app(url))
    signal.signal(signal.SIGTERM, lambda *_: worker.stopping.set())
    worker.run()


def spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    proc.wait(10)


def wait_for(check: Any, timeout: float = 60.0, step: float = 0.002) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(step)
    return None


def summary_ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1)}


# --- the PostgreSQL table queue ----------------------------------------------------------------

def bench_postgres(url: str, jobs: int) -> dict[str, Any]:
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        upgrade()

    def row(job_id: int) -> QueuedJob | None:
        with app.app_context():
            try:
                found = db.session.get(QueuedJob, job_id)
                if found is not None:
                    db.session.expunge(found)
                return found
            finally:
                db.session.remove()

    def enqueue(name: str, **kwargs: Any) -> int:
        with app.app_context():
            return int(queue.enqueue(name, **kwargs).id or 0)

    worker = spawn([__file__, "_pg_worker", url])
    wait_for(lambda: row(enqueue("bench.noop")), 1)
    time.sleep(3)  # the worker's app is up
    with app.app_context():
        db.session.execute(QueuedJob.__table__.delete())
        db.session.commit()
    latencies = []
    for _ in range(LATENCY_RUNS):
        job_id = enqueue("bench.noop")
        done = wait_for(lambda job_id=job_id: (r := row(job_id)) and r.status is QueueStatus.DONE
                        and r)
        latencies.append((done.started_at - done.created_at).total_seconds())
        time.sleep(0.05)
    kill(worker, signal.SIGTERM)

    with app.app_context():
        db.session.execute(QueuedJob.__table__.delete())
        db.session.commit()
        started = time.perf_counter()
        for _ in range(jobs):
            queue.enqueue("bench.noop")
        enqueue_s = time.perf_counter() - started
    worker = spawn([__file__, "_pg_worker", url])

    def all_done() -> bool:
        with app.app_context():
            try:
                return db.session.scalar(select(func.count()).select_from(QueuedJob).where(
                    QueuedJob.status == QueueStatus.DONE)) == jobs
            finally:
                db.session.remove()

    wait_for(all_done, 300, 0.05)
    with app.app_context():
        first, last = db.session.execute(select(func.min(QueuedJob.started_at),
                                                func.max(QueuedJob.finished_at))).one()
        db.session.remove()
    throughput = jobs / (last - first).total_seconds()

    job_id = enqueue("bench.sleep", seconds=30.0)
    wait_for(lambda: (r := row(job_id)) and r.status is QueueStatus.RUNNING, 30)
    kill(worker)
    killed_at = time.monotonic()
    worker = spawn([__file__, "_pg_worker", url])
    again = wait_for(lambda: (r := row(job_id)) and r.status is QueueStatus.RUNNING
                     and r.attempts == 2 and r, 60, 0.05)
    recovered_s = time.monotonic() - killed_at if again else None
    kill(worker)
    return {"latency": summary_ms(latencies), "throughput_per_s": round(throughput, 1),
            "enqueue_per_s": round(jobs / enqueue_s, 1),
            "killed": {"recovered_after_s": round(recovered_s, 1) if recovered_s else None,
                       "outcome": "running again (attempt 2)" if again else "not recovered",
                       "lost_after_s": FAST["JOB_LOST_AFTER_SECONDS"]}}


# --- RQ on Redis ------------------------------------------------------------------------------

# the worker imports the jobs' module (and so the app) once, as a real deployment would; without
# it each forked work horse imports it again (~2 s a job here)
RQ_WORKER = ("import sys; sys.path.insert(0, '.'); import bench.bench_queue;"
             "from redis import Redis; from rq import Queue, Worker;"
             "r = Redis(); Worker([Queue(sys.argv[1], connection=r)], connection=r)"
             ".work(burst=sys.argv[2:] == ['burst'])")


def bench_rq(jobs: int) -> dict[str, Any] | str:
    try:
        from redis import Redis
        from rq import Queue
    except ImportError:
        return "rq is not installed"
    redis = Redis(host="127.0.0.1", port=6379)
    try:
        redis.ping()
    except Exception as exc:  # noqa: BLE001 - the bench reports and goes on without Redis
        return f"Redis not reachable ({exc.__class__.__name__})"
    q = Queue(f"veturi-bench-{os.getpid()}", connection=redis)  # a queue of this run alone
    try:
        return _bench_rq(q, jobs)
    finally:
        q.delete(delete_jobs=True)
        for key in redis.scan_iter(f"*{q.name}*"):  # its registries and worker records too
            redis.delete(key)


def _bench_rq(q: Any, jobs: int) -> dict[str, Any]:

    worker = spawn(["-c", RQ_WORKER, q.name])
    first = q.enqueue("bench.bench_queue.rq_noop")
    wait_for(lambda: first.get_status(refresh=True) == "finished", 30)
    latencies = []
    for _ in range(LATENCY_RUNS):
        job = q.enqueue("bench.bench_queue.rq_noop")
        wait_for(lambda job=job: job.get_status(refresh=True) == "finished")
        job.refresh()
        latencies.append((job.started_at - job.enqueued_at).total_seconds())
        time.sleep(0.05)
    kill(worker, signal.SIGTERM)

    started = time.perf_counter()
    batch = [q.enqueue("bench.bench_queue.rq_noop") for _ in range(jobs)]
    enqueue_s = time.perf_counter() - started
    worker = spawn(["-c", RQ_WORKER, q.name, "burst"])
    for job in batch:
        wait_for(lambda job=job: job.get_status(refresh=True) == "finished", 300, 0.02)
        job.refresh()
    span = (max(j.ended_at for j in batch) - min(j.started_at for j in batch)).total_seconds()

    worker.wait(60)
    worker = spawn(["-c", RQ_WORKER, q.name])
    job = q.enqueue("bench.bench_queue.rq_sleep", 30.0)
    wait_for(lambda: job.get_status(refresh=True) == "started", 30)
    kill(worker)
    killed_at = time.monotonic()
    worker = spawn(["-c", RQ_WORKER, q.name])
    moved = wait_for(lambda: job.get_status(refresh=True) != "started", KILL_WAIT, 0.1)
    state = job.get_status(refresh=True)
    kill(worker)
    return {"latency": summary_ms(latencies), "throughput_per_s": round(jobs / span, 1),
            "enqueue_per_s": round(jobs / enqueue_s, 1),
            "killed": {"recovered_after_s": round(time.monotonic() - killed_at, 1)
                       if moved else None,
                       "outcome": f"left '{state}'" + ("" if moved else
                                                       f" after {KILL_WAIT:.0f} s"),
                       "job_timeout_s": job.timeout}}


def main(argv: list[str]) -> int:
    if argv[:1] == ["_pg_worker"]:
        pg_worker_main(argv[1])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--no-redis", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results: dict[str, Any] = {"jobs": args.jobs}
    url = fresh_postgres(DEFAULT_PG)
    if url is not None:
        results["postgresql"] = bench_postgres(url, args.jobs)
    results["rq"] = "skipped" if args.no_redis else bench_rq(args.jobs)
    for name in ("postgresql", "rq"):
        res = results.get(name)
        if not isinstance(res, dict):
            print(f"{name:>10}: {res}")
            continue
        killed = res["killed"]
        print(f"{name:>10}: enqueue→start median {res['latency']['median_ms']} ms "
              f"(p95 {res['latency']['p95_ms']} ms); {res['throughput_per_s']} small jobs/s; "
              f"enqueue {res['enqueue_per_s']}/s; killed worker: {killed['outcome']}"
              + (f" after {killed['recovered_after_s']} s" if killed["recovered_after_s"]
                 else ""))
    write_result("queue", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
