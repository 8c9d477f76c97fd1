"""Import of a 20,000-row company list through the import service, on SQLite and PostgreSQL.

The file is what Finnish Excel writes: semicolons, Windows-1252, decimal commas and spaces as
thousands separators ("1 234 567,50"), names with ä and ö. The town already has 2,000 companies,
and the file is a realistic mix: about 5 % of its rows carry the business ID of one of them (an
update), 1 % a misspelt name of one without an ID (a similar-name match, which the dry run finds
with rapidfuzz), 0.5 % a bad check digit (an error row, which the user then skips) and the rest
are new companies with a last-contact date (an interaction each).

Timed through the services exactly as the background jobs run them: reading the upload
(``upload_list``), the dry run (``run_dry_run``, every row planned and stored), and the commit
(``run_commit``: every row planned again, then everything written in one transaction with an
audit event per company). Each backend runs in its own process so that its peak memory (peak
RSS of the process) is its own.

    .venv/bin/python bench/bench_import.py [--rows 20000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import AuditEvent, Company, Interaction, Role, User  # noqa: E402
from app.models.imports import ImportStatus  # noqa: E402
from app.names import normalize_name  # noqa: E402
from app.services import imports  # noqa: E402
from app.services.accounts import hash_password  # noqa: E402
from app.services.demo import random_business_id  # noqa: E402
from app.services.demo._data import (  # noqa: E402
    INDUSTRIES,
    LEGAL_FORMS,
    PLACE_WORDS,  # noqa: E402
)
from bench._common import (  # noqa: E402
    DEFAULT_PG,
    bench_app,  # noqa: E402
    fresh_postgres,
    fresh_sqlite,
    migrated_towns,
    peak_rss_mb,
    write_result,
)

TODAY = date(2026, 11, 28)
EXISTING = 2000
HEADER = ("Y-tunnus;Nimi;Toimiala;Kunta;Henkilöstö;Liikevaihto;Verkkosivut;Kuvaus;Avainsanat;"
          "Veturiyritys;Kasvuhakuinen;Viimeisin yhteydenotto")


def fi_decimal(value: float) -> str:
    """1234567.5 -> "1 234 567,50", as Finnish Excel writes it."""
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ta", "vi", "ro", "ha", "jo", "ke", "pu", "sa", "ti",
             "yl", "ää")


def company_name(rng: random.Random, n: int) -> str:
    """A name as distinct as real ones: place, a made-up word unique to ``n``, trade, form."""
    word, rest = "", n
    while True:
        word, rest = SYLLABLES[rest % 16] + word, rest // 16
        if not rest:
            break
    stems = rng.choice(INDUSTRIES)[2]
    return (f"{rng.choice(PLACE_WORDS)} {word.capitalize()} {rng.choice(stems)} "
            f"{rng.choice(LEGAL_FORMS)}")


def build_file(rows: int, existing: list[tuple[str | None, str]], rng: random.Random,
               taken: set[str]) -> bytes:
    """The CSV as bytes in Windows-1252, with the mix described in the module docstring."""
    with_id = [(b, n) for b, n in existing if b]
    without_id = [n for b, n in existing if not b]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # quotes as Excel does
    writer.writerow(HEADER.split(";"))
    for i in range(rows):
        code, label, _stems, description, keywords = rng.choice(INDUSTRIES)
        roll = rng.random()
        if roll < 0.05 and with_id:
            business_id, name = with_id[i % len(with_id)]
        elif roll < 0.06 and without_id:
            business_id, name = "", without_id[i % len(without_id)].replace("ö", "o")[:-1]
        elif roll < 0.065:
            business_id, name = "1234567-1", f"Virheellinen {i} Oy"
        else:
            business_id, name = random_business_id(rng, taken), company_name(rng, i)
        employees = rng.randint(1, 400)
        turnover = employees * rng.uniform(60_000, 180_000)
        contact = TODAY - timedelta(days=rng.randint(1, 900))
        writer.writerow([
            business_id, name, f"{code} {label}", "140" if rng.random() < 0.7 else "Iisalmi",
            str(employees), fi_decimal(turnover), f"www.yritys{i}.fi", description,
            ", ".join(keywords), "kyllä" if rng.random() < 0.05 else "ei",
            "kyllä" if rng.random() < 0.2 else "ei",
            f"{contact.day}.{contact.month}.{contact.year}",
        ])
    return buffer.getvalue().encode("cp1252")


def run_backend(url: str, rows: int, seed: int = 11) -> dict[str, float | int | str]:
    app = bench_app(url)
    rng = random.Random(seed)
    taken: set[str] = set()
    with app.app_context():
        session = db.session
        cities = migrated_towns(session)
        user = User(email="staff@bench.example", name="Bench Staff", role=Role.STAFF,
                    city=cities[0], password_hash=hash_password("bench-password-123"))
        session.add(user)
        existing: list[tuple[str | None, str]] = []
        values = []
        for n in range(EXISTING):
            business_id = random_business_id(rng, taken) if n % 4 else None
            name = company_name(rng, 100_000 + n)
            existing.append((business_id, name))
            values.append({"name": name, "name_normalized": normalize_name(name),
                           "business_id": business_id, "city_id": cities[0].id,
                           "municipality_code": "140", "auxiliary_names": [], "keywords": []})
        session.execute(insert(Company), values)
        session.commit()
        data = build_file(rows, existing, rng, taken)
        user = session.get(User, user.id)

        started = time.perf_counter()
        imp = imports.upload_list(session, user, data, "yrityslista.csv")
        read_s = time.perf_counter() - started
        imports.save_mapping(session, user, imp.id, imp.mapping, code_set="TOL2008")

        started = time.perf_counter()
        imports.run_dry_run(session, imp.id, today=TODAY)
        dry_run_s = time.perf_counter() - started
        dry_run_peak = peak_rss_mb()
        summary = imports.summarize(session, imp)

        imports.decide_all(session, user, imp.id, "error", "skip")
        imports.start_commit(session, user, imp.id)
        started = time.perf_counter()
        done = imports.run_commit(session, imp.id, today=TODAY)
        commit_s = time.perf_counter() - started
        assert done is not None and done.status is ImportStatus.DONE, done and done.message
        companies = session.scalar(select(func.count(Company.id)))
        events = session.scalar(select(func.count(AuditEvent.id)))
        contacts = session.scalar(select(func.count(Interaction.id)))
        db.engine.dispose()
    return {
        "backend": url.split(":", 1)[0],
        "rows": rows,
        "file_mb": round(len(data) / 1e6, 2),
        "read_s": round(read_s, 2),
        "dry_run_s": round(dry_run_s, 2),
        "commit_s": round(commit_s, 2),
        "peak_rss_after_dry_run_mb": round(dry_run_peak, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "new": summary.outcomes["create"],
        "updates": summary.outcomes["update"] + summary.outcomes["unchanged"],
        "similar_names": summary.outcomes["match"],
        "errors": summary.outcomes["error"],
        "created": done.summary["created"],
        "updated": done.summary["updated"],
        "companies_after": companies,
        "audit_events": events,
        "interactions": contacts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:  # the child process: one backend, one JSON line on stdout
        url = fresh_sqlite("import") if args.backend == "sqlite" else fresh_postgres(DEFAULT_PG)
        if url is None:
            return
        print(json.dumps(run_backend(url, args.rows)))
        return
    results = []
    for backend in ("sqlite", *(() if args.no_postgres else ("postgresql",))):
        out = subprocess.run(
            [sys.executable, __file__, "--backend", backend, "--rows", str(args.rows)],
            capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()
        if not out or not out[-1].startswith("{"):
            print(f"{backend}: not run")
            continue
        result = json.loads(out[-1])
        results.append(result)
        print(f"{backend:10} {result['rows']:,} rows ({result['file_mb']} MB): "
              f"read {result['read_s']} s, dry run {result['dry_run_s']} s, "
              f"commit {result['commit_s']} s, peak memory {result['peak_rss_mb']} MB "
              f"({result['new']:,} new, {result['updates']:,} same ID, "
              f"{result['similar_names']} similar names, {result['errors']} errors)", flush=True)
    path = write_result(f"bench_import_{args.rows}", {"today": TODAY, "results": results})
    print(f"written to {path}")


if __name__ == "__main__":
    main()
