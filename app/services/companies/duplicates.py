"""Likely duplicate companies, each pair with the reason it was flagged.

Candidates are blocked (compared only with names sharing a distinctive word, within the same
municipality or town) so a town of 10,000 companies is checked without comparing every pair; each
candidate pair is then scored with rapidfuzz.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.models import Company, User
from app.names import normalize_name

NAME_CUTOFF = 88.0
MAX_BLOCK = 300  # a word this common says nothing about identity
MIN_WORD = 4


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first: Company
    second: Company
    reason: str  # "same_name", "similar_name", "auxiliary_name", "same_website"
    score: float


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None


def _reason(a: Company, b: Company) -> tuple[str, float] | None:
    if a.business_id and b.business_id and a.business_id != b.business_id:
        return None  # two registered companies are two companies, however alike their names
    if a.name_normalized and a.name_normalized == b.name_normalized:
        return "same_name", 100.0
    aux_a = {normalize_name(n) for n in a.auxiliary_names or []}
    aux_b = {normalize_name(n) for n in b.auxiliary_names or []}
    if a.name_normalized in aux_b or b.name_normalized in aux_a:
        return "auxiliary_name", 99.0
    host_a, host_b = _host(a.website), _host(b.website)
    if host_a and host_a == host_b:
        return "same_website", 95.0
    score = fuzz.token_sort_ratio(a.name_normalized, b.name_normalized)
    if score >= NAME_CUTOFF:
        return "similar_name", float(score)
    return None


def find_duplicates(session: Session, actor: User, *, limit: int = 200) -> list[DuplicatePair]:
    """Pairs of visible, unmerged companies that look like one, most certain first."""
    stmt = authz.scope(actor, select(Company)).where(Company.merged_into_id.is_(None))
    companies = list(session.scalars(stmt))
    blocks: dict[tuple[str, str], list[Company]] = defaultdict(list)
    for company in companies:
        place = company.municipality_code or f"city-{company.city_id}"
        words = {w for w in company.name_normalized.split() if len(w) >= MIN_WORD}
        words |= {
            company.name_normalized,
            *(normalize_name(n) for n in company.auxiliary_names or []),
        }
        host = _host(company.website)
        if host:
            words.add(f"@{host}")
        for word in words:
            blocks[(place, word)].append(company)
    seen: set[tuple[int, int]] = set()
    pairs: list[DuplicatePair] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for a, b in combinations(members, 2):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key in seen:
                continue
            seen.add(key)
            found = _reason(a, b)
            if found is not None:
                first, second = (a, b) if a.id < b.id else (b, a)
                pairs.append(DuplicatePair(first, second, found[0], found[1]))
    pairs.sort(key=lambda p: (-p.score, p.first.name_normalized, p.first.id))
    return pairs[:limit]
