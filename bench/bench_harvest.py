"""Harvest speed: parse and upsert 5,000 calls on SQLite and PostgreSQL, then the same again.

The calls are the saved real payloads (tests/fixtures) replicated under new ids: the EU search
page's topics, the haeavustuksia.fi item and the EURA 2021 row, each copy with its identifier
changed and nothing else. Each source's records go through its connector's parser and then the
harvest's own upsert (``harvest_upsert.apply_fetch`` in one transaction per source, as
``harvest.run_source`` does after the fetch; HTTP is left out). The second run of the same
payloads must write no row: nothing created or changed, no version, no ``updated_at`` moved.
Peak memory is measured in a separate pass under tracemalloc (so it does not slow the timing).

    .venv/bin/python bench/bench_harvest.py [--calls 5000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models.funding import FundingSource, HarvestRun, RunStatus  # noqa: E402
from app.models.funding_calls import FundingCall, FundingCallVersion  # noqa: E402
from app.services._tx import committing  # noqa: E402
from app.services.funding._upsert import apply_fetch  # noqa: E402
from bench._common import (  # noqa: E402
    DEFAULT_PG,
    bench_app,  # noqa: E402
    fresh_postgres,
    fresh_sqlite,
    write_result,
)
from connectors.eu_ft_labels import parse_facet_labels  # noqa: E402
from connectors.eu_funding_tenders import parse_search_page  # noqa: E402
from connectors.eura2021 import parse_pre_render_data  # noqa: E402
from connectors.haeavustuksia import parse_list_page  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def _load(relative: str) -> Any:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def payloads(total: int) -> dict[str, list[Any]]:
    """Per source kind, the payloads whose parsing gives ``total`` calls in all (64 % EU topics,
    24 % state grants, 12 % EURA calls), each a real payload with new identifiers."""
    eu_page = _load("eu-ft-portal/search-response-topics-page.json")
    hae_item = _load("haeavustuksia/list-item-va-lou-2026-5.json")
    eura = _load("eura2021/hakuilmoitus-row-and-codes.json")
    topics = len({r["metadata"]["identifier"][0] for r in eu_page["results"]})
    n_eu = int(total * 0.64) // topics
    n_hae = int(total * 0.24)
    n_eura = total - n_eu * topics - n_hae
    pages = []
    for copy_no in range(n_eu):
        page = copy.deepcopy(eu_page)
        for result in page["results"]:
            meta = result["metadata"]
            meta["identifier"] = [f"{meta['identifier'][0]}-B{copy_no}"]
            result["reference"] = f"{result['reference']}-B{copy_no}"
        pages.append(page)
    items = []
    for number in range(n_hae):
        item = copy.deepcopy(hae_item)
        item["hakuasianAsianumero"] = f"va-bench-2026-{number}"
        items.append(item)
    rows = []
    for _number in range(n_eura):
        row = copy.deepcopy(eura["row"])
        row["id"] = str(uuid.uuid4())
        rows.append(row)
    return {
        "eu-ft": pages,
        "haeavustuksia": [{"totalCount": n_hae, "pageCount": 1, "hakuilmoitukset": items}],
        "eura2021": [{"preRenderData": {"hankehaku": rows, "koodisto": eura["codes"]}}],
    }


def parse(kind: str, payload: Any, labels: Any) -> tuple[Any, ...]:
    if kind == "eu-ft":
        return parse_search_page(payload, today=TODAY, labels=labels).calls
    if kind == "haeavustuksia":
        return parse_list_page(payload, today=TODAY).calls
    return parse_pre_render_data(payload, today=TODAY).calls


def harvest_once(app: Any, data: dict[str, list[Any]], labels: Any, now: datetime) -> dict:
    """Parse every payload and upsert each source's calls in one transaction; the run counts."""
    totals = {"fetched": 0, "created": 0, "updated": 0, "unchanged": 0, "withdrawn": 0}
    with app.app_context():
        session = db.session
        for kind, kind_payloads in data.items():
            source = session.scalars(select(FundingSource).where(FundingSource.kind == kind)).one()
            records = [c for p in kind_payloads for c in parse(kind, p, labels)]
            run = HarvestRun(source_id=source.id, started_at=now, status=RunStatus.RUNNING,
                             errors=[])
            with committing(session):
                session.add(run)
            with committing(session):
                counts = apply_fetch(session, source, run, records, now=now,
                                     withdraw_missing=True)
                run.status, run.finished_at = RunStatus.OK, now
                for key in totals:
                    totals[key] += getattr(counts, key)
                    setattr(run, key, getattr(counts, key))
        session.remove()
    return totals


def state(app: Any) -> dict[str, Any]:
    with app.app_context():
        session = db.session
        out = {
            "calls": session.scalar(select(func.count(FundingCall.id))),
            "versions": session.scalar(select(func.count(FundingCallVersion.id))),
            "last_update": session.scalar(select(func.max(FundingCall.updated_at))),
        }
        session.remove()
    return out


def build(url: str) -> Any:
    from flask_migrate import upgrade

    app = bench_app(url)
    with app.app_context():
        upgrade()
        db.session.add_all([
            FundingSource(name=f"bench-{kind}", kind=kind, url="http://127.0.0.1:9/")
            for kind in ("eu-ft", "haeavustuksia", "eura2021")
        ])
        db.session.commit()
        db.session.remove()
    return app


def measure(backend: str, url: str, data: dict[str, list[Any]], labels: Any) -> dict[str, Any]:
    app = build(url)
    start = time.perf_counter()
    first = harvest_once(app, data, labels, NOW)
    first_s = time.perf_counter() - start
    before = state(app)
    start = time.perf_counter()
    second = harvest_once(app, data, labels, NOW + timedelta(hours=1))
    second_s = time.perf_counter() - start
    after = state(app)
    with app.app_context():
        db.engine.dispose()

    fresh = fresh_sqlite("bench-harvest-memory") if backend == "sqlite" else fresh_postgres(
        DEFAULT_PG.rsplit("/", 1)[0] + "/veturi_bench_harvest")
    assert fresh is not None
    memory_app = build(fresh)
    tracemalloc.start()
    harvest_once(memory_app, data, labels, NOW)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    with memory_app.app_context():
        db.engine.dispose()
    return {
        "backend": backend,
        "calls": first["fetched"],
        "first_run_s": round(first_s, 2),
        "first_run": first,
        "second_run_s": round(second_s, 2),
        "second_run": second,
        "second_run_wrote_no_row": (
            second["created"] == second["updated"] == second["withdrawn"] == 0
            and before == after
        ),
        "peak_python_memory_mb": round(peak / 2**20, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    facets = _load("eu-ft-portal/facet-values-2026-08-22.json")["facets"]
    labels = parse_facet_labels({"facets": [{"name": k, "values": v} for k, v in facets.items()]})
    data = payloads(args.calls)
    results = []
    backends = [("sqlite", fresh_sqlite("bench-harvest"))]
    if not args.no_postgres:
        pg = fresh_postgres(DEFAULT_PG.rsplit("/", 1)[0] + "/veturi_bench_harvest")
        if pg:
            backends.append(("postgresql", pg))
    for backend, url in backends:
        print(f"{backend}: harvesting {args.calls} calls twice ...", flush=True)
        results.append(measure(backend, url, data, labels))
    print()
    print(f"{'backend':11} {'calls':>6} {'1st run s':>10} {'2nd run s':>10} "
          f"{'2nd wrote nothing':>18} {'peak MB':>8}")
    for r in results:
        print(f"{r['backend']:11} {r['calls']:>6} {r['first_run_s']:>10} {r['second_run_s']:>10} "
              f"{str(r['second_run_wrote_no_row']):>18} {r['peak_python_memory_mb']:>8}")
    path = write_result("bench_harvest", {"calls": args.calls, "results": results,
                                          "when": datetime.now(UTC).isoformat()})
    print(f"\nwritten to {path}")
    return 0 if all(r["second_run_wrote_no_row"] and r["calls"] == args.calls
                    for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
