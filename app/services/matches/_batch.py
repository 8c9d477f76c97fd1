"""One batch of companies' new lists, from whatever ranked them to the stored rows: the
stored rows are read, each company's wanted list is built (from a block ranking, merged with
the calls entering it, or ranked one by one for a fresh profile), the difference is written
in bulk (``_bulk``) and committed. A rematch is a sequence of such batches, so a failure
leaves the earlier ones stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.clock import utcnow
from app.models import Company
from app.services._tx import committing
from app.services.matches import _cache as cache
from app.services.matches._bulk import Diff, Wanted, among, load_stored, write
from app.services.matches._bulk import Stored as StoredRow
from app.services.matches._fresh import FreshRows, fresh_rows
from app.services.matches._records import company_profile
from app.services.matches._store import (
    call_versions,
    make_reasons,
    merged_list,
    wanted_from,
    wanted_from_scores,
)
from matching import CompanyProfile, Matcher, Ranking

# at most this many listed pairs lacking reasons in a batch get them at once, more when shown
EAGER_REASONS = 50


class Stored(NamedTuple):
    """A batch's companies as stored: the live ones (id -> when their profile changed) and
    every one's match rows (company id -> call id -> row)."""

    live: dict[int, datetime | None]
    rows: dict[int, dict[int, StoredRow]]


@dataclass
class Batches:
    """What every batch of one rematch shares: the matcher, the settings, the calls entering
    lists (company id -> their places), each company's reserved places for dismissed calls,
    the calls' versions (all of them on a full run, else read per batch)."""

    session: Session
    m: Matcher
    today: date
    top_n: int
    threshold: float
    entering: dict[int, list[Wanted]] = field(default_factory=dict)
    extra: dict[int, int] = field(default_factory=dict)
    versions: dict[int, int] | None = None
    store: bool = True
    # called before any read the building of a difference makes: waits for a write running
    # in the background on the same connection (``_writers``)
    settle: Callable[[], None] = field(default=lambda: None, repr=False)
    _regions: dict[str, str] | None = None

    def run(self, chunk: list[int], ranking: Ranking | None) -> int:
        """Store these companies' lists (``ranking``: the ranking holding their lists, if any;
        the others are ranked here one by one). Commits; returns the places listed."""
        diff = self.run_diff(chunk, ranking)
        self.write(diff)
        return diff.listed

    def run_diff(self, chunk: list[int], ranking: Ranking | None) -> Diff:
        """The batch's difference, read and built (not written)."""
        return self.diff(chunk, self.read(chunk), ranking)

    def read(self, chunk: list[int]) -> Stored:
        """What the database holds of these companies: which are live (with when their
        profile changed) and their stored rows."""
        dialect = self.session.get_bind().dialect.name
        live = dict(self.session.execute(select(Company.id, Company.updated_at).where(
            among(Company.id, chunk, dialect), Company.merged_into_id.is_(None))).all())
        return Stored(live, load_stored(self.session, chunk))

    def diff(self, chunk: list[int], stored: Stored, ranking: Ranking | None) -> Diff:
        """The batch's difference: its wanted lists against ``stored``. Reads the database only
        for fresh profiles (companies no ranking holds) and, on a run that is not full, the
        calls' versions."""
        session, live, rows = self.session, stored.live, stored.rows
        lone = [c for c in chunk if c in live and c not in self.entering
                and (ranking is None or str(c) not in ranking)]
        if lone or self.versions is None:
            self.settle()
        profiles = self._profiles(lone)
        own_vectors = cache.company_vectors(session, list(profiles))
        with cache.LOCK:
            fresh_ids, fresh = self._fresh(chunk, stored, ranking)
            wanted = {} if ranking is None else wanted_from(ranking, [
                c for c in chunk if c in live and c not in self.entering and c not in profiles
                and c not in fresh_ids], self.m)
            for cid in chunk:
                if cid in self.entering:
                    wanted[cid] = merged_list(rows[cid], self.entering[cid])
                elif cid in profiles:
                    wanted[cid] = wanted_from_scores(self.m.rank_company(
                        profiles[cid], self.today, top_n=self.top_n + self.extra.get(cid, 0),
                        threshold=self.threshold, reasons=False,
                        embedding=own_vectors.get(cid)))
        calls = {w.call_id for ws in wanted.values() for w in ws}
        if fresh is not None:
            calls.update(fresh.call.tolist())
        versions = self.versions if self.versions is not None else call_versions(session, calls)
        diff = Diff(now=utcnow())
        for cid in chunk:
            if cid in fresh_ids:
                continue
            if cid in live:
                diff.company(cid, wanted.get(cid, ()), rows[cid], versions, self.top_n,
                             live[cid])
            else:  # merged or removed meanwhile
                diff.gone(cid, rows[cid])
        if fresh is not None:
            diff.add_fresh(fresh_ids, fresh.versioned(versions))
        if 0 < diff.due <= EAGER_REASONS:
            with cache.LOCK:
                diff.set_reasons(make_reasons(self.m, list(diff.reasons_due), wanted,
                                              profiles, self.today))
        return diff

    def _fresh(self, chunk: list[int], stored: Stored, ranking: Ranking | None
               ) -> tuple[set[int], FreshRows | None]:
        """The ranked companies with no stored rows (a first fill's every one) and their new
        lists as arrays (``_fresh``); none when there are too few rows to be worth it (they
        get their reasons at once, row by row). Call with the matcher lock held."""
        ids = [] if ranking is None else [
            c for c in chunk if c in stored.live and c not in self.entering
            and not stored.rows[c] and str(c) in ranking]
        rows = fresh_rows(ranking, ids, self.m.call_index, self.top_n) if ids else None
        if rows is None or len(rows) <= EAGER_REASONS:
            return set(), None
        return set(ids), rows

    def write(self, diff: Diff, session: Session | None = None) -> None:
        """Write a difference and commit it (in ``session``, by default the rematch's own)."""
        if self.store:
            session = session or self.session
            with committing(session):
                write(session, diff)

    def _profiles(self, company_ids: list[int]) -> dict[int, CompanyProfile]:
        """Fresh profiles of the companies ranked one by one (changed ones, and any the
        ranking missed)."""
        if not company_ids:
            return {}
        if self._regions is None:
            self._regions = cache.regions(self.session)
        return {c.id: company_profile(c, self._regions) for c in self.session.scalars(
            cache.live_companies().where(Company.id.in_(company_ids))
            .options(selectinload(Company.city)))}
