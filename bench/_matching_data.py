"""Reading the matching evaluation format (eval/dev/README.md) into matcher records.

Shared by ``bench/eval_matcher.py``, ``bench/bench_matching.py`` and the matcher's tests; the
README's eligibility rule is re-implemented here on the raw JSON on purpose, so the evaluation
does not trust the matcher's own rules.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from matching.records import CallProfile, CompanyProfile


@dataclass
class EvalData:
    """One evaluation directory: records, raw JSON, labels and the evaluation date."""

    today: date
    calls: list[CallProfile]
    companies: list[CompanyProfile]
    raw_calls: dict[str, dict]
    raw_companies: dict[str, dict]
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)
    traps: dict[str, set[str]] = field(default_factory=dict)


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _tsv(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    return [r for r in rows[1:] if len(r) >= 2]


def call_from_json(row: dict) -> CallProfile:
    """Eval call JSON -> CallProfile (null deadline = continuous, [] = anyone)."""
    deadline = row.get("deadline")
    return CallProfile(
        id=row["id"], language=row.get("language") or "en", title=row.get("title") or "",
        description=row.get("description") or "", keywords=tuple(row.get("keywords") or ()),
        programme=row.get("programme"), type_of_action=row.get("type_of_action"),
        status=row.get("status"),
        deadlines=(datetime.fromisoformat(deadline),) if deadline else (),
        is_continuous=deadline is None,
        applicant_types=tuple(row.get("applicant_types") or ()),
        sme_only=row.get("sme_only"), large_only=row.get("large_only"),
        countries=tuple(row.get("countries") or ()), regions=tuple(row.get("regions") or ()),
        kind="call",
    )


def company_from_json(row: dict) -> CompanyProfile:
    """Eval company JSON -> CompanyProfile (``tol`` is a TOL 2008 code)."""
    return CompanyProfile(
        id=row["id"], language=row.get("language") or "fi", name=row.get("name") or "",
        description=row.get("description") or "", keywords=tuple(row.get("keywords") or ()),
        industry_code=row.get("tol"), industry_code_set="TOL2008" if row.get("tol") else None,
        municipality_code=row.get("municipality"), region=row.get("region"),
        size_class=row.get("size"), employees=row.get("employees"),
        turnover_eur=row.get("turnover_eur"),
        applicant_type=row.get("applicant_type") or "company", country="FI",
    )


def readme_eligible(call: dict, company: dict, today: date) -> bool:
    """The README's eligibility rule, applied exactly as written, on the raw JSON."""
    deadline = call.get("deadline")
    return (
        call.get("status") in ("open", "forthcoming")
        and (deadline is None or date.fromisoformat(deadline[:10]) >= today)
        and (not call.get("applicant_types")
             or company.get("applicant_type", "company") in call["applicant_types"])
        and not (call.get("sme_only") and company.get("size") == "large")
        and not (call.get("large_only") and company.get("size") != "large")
        and (not call.get("countries") or "FI" in call["countries"])
        and (not call.get("regions") or company.get("region") in call["regions"])
    )


def load_dir(path: str | Path) -> EvalData:
    """Read calls, companies, optional qrels/traps and ``today`` from ``meta.json``."""
    root = Path(path)
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    raw_calls = {r["id"]: r for r in _jsonl(root / "calls.jsonl")}
    raw_companies = {r["id"]: r for r in _jsonl(root / "companies.jsonl")}
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for row in _tsv(root / "qrels.tsv"):
        qrels[row[0]][row[1]] = int(row[2])
    traps: dict[str, set[str]] = defaultdict(set)
    for row in _tsv(root / "traps.tsv"):
        traps[row[0]].add(row[1])
    return EvalData(
        today=date.fromisoformat(meta["today"]),
        calls=[call_from_json(r) for r in raw_calls.values()],
        companies=[company_from_json(r) for r in raw_companies.values()],
        raw_calls=raw_calls, raw_companies=raw_companies, qrels=dict(qrels), traps=dict(traps),
    )
