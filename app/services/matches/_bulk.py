"""A rematch's result written in bulk: the difference between the stored match rows and the
wanted lists (rows to insert, to update, to take off the list, to delete), computed on plain
tuples and written in a few statements, never row by row through the ORM.

On PostgreSQL a large difference goes in with ``COPY`` (new rows straight into ``match``,
changed ones into a temporary table and one ``UPDATE ... FROM``); a small one, and every write
on SQLite, with executemany. Rows whose values did not change are not written at all, so a
weekly rematch of a quiet week writes little. Flush-free: the caller commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    DateTime,
    Integer,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.limits import clean_stored
from app.models.matches import Match, MatchCutoff, MatchStatus
from app.services.matches._fresh import FreshRows, copy_text

# a difference of more rows than this goes through COPY on PostgreSQL
COPY_FROM = 200
_NEW = MatchStatus.NEW.value
_IDS = ARRAY(Integer)
_FIELDS = ("score", "rank", "components", "call_version", "is_current", "computed_at")
# the columns of a new row's COPY line (``_inserted``, ``_fresh.copy_text``)
_INSERTED = ("company_id", "call_id", "score", "rank", "components", "reasons", "call_version",
             "is_current", "status", "computed_at")


class Stored(NamedTuple):
    """A stored match as the difference needs it (``components`` as its stored JSON text)."""

    id: int
    call_id: int
    score: float
    rank: int | None
    components: str
    call_version: int
    is_current: bool
    status: MatchStatus
    has_reasons: bool
    computed_at: datetime


class Wanted(NamedTuple):
    """A place on a company's new list: the call, its score and components (JSON text)."""

    call_id: int
    score: float
    components: str


def load_stored(session: Session, company_ids: Iterable[int]) -> dict[int, dict[int, Stored]]:
    """company id -> call id -> its stored match, for these companies (every one present)."""
    ids = sorted(set(company_ids))
    out: dict[int, dict[int, Stored]] = {c: {} for c in ids}
    if not ids:
        return out
    has_reasons = func.coalesce(func.length(cast(Match.reasons, Text)), 0) > 4  # not [] / null
    conn = session.connection()  # Core rows: no ORM processing of two million of them
    # PostgreSQL returns the zone itself: the UTC decorator's conversion only costs time
    computed = (type_coerce(Match.computed_at, DateTime(timezone=True))
                if conn.dialect.name == "postgresql" else Match.computed_at)
    stmt = select(Match.company_id, Match.id, Match.call_id, Match.score, Match.rank,
                  cast(Match.components, Text), Match.call_version, Match.is_current,
                  Match.status, has_reasons, computed)
    # the ids written into the SQL, not bound: the same text with parameters is prepared and
    # its plan cached, and a plan cached while the table was empty (a connection that saw it
    # empty before a first fill) scans the whole growing table for every batch
    if ids[-1] - ids[0] < 2 * len(ids):  # dense: one index range
        parts = [stmt.where(Match.company_id.between(_inline("lo", ids[0]),
                                                     _inline("hi", ids[-1])))]
    else:  # scattered (a full rematch's blocks, the companies a call enters)
        parts = [stmt.where(Match.company_id.in_(_inline("ids", ids[i:i + 1000])))
                 for i in range(0, len(ids), 1000)]
    for part in parts:
        for company_id, *row in conn.execute(part):
            mine = out.get(company_id)
            if mine is not None:  # rows of companies in the range but not in the set
                mine[row[1]] = Stored(*row[:-2], bool(row[-2]), row[-1])
    return out


def among(column: Any, ids: Sequence[int], dialect: str) -> Any:
    """``column IN ids`` for a few thousand ids at most: on PostgreSQL one array parameter (as
    many placeholders cost the driver more than the query costs the server), else a plain
    ``IN``. Not for the reads of a rematch's batches from the tables it is filling: those
    use ``_inline``, as a plan cached while such a table was empty would scan it whole."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=_IDS))
    return column.in_(ids)


def _inline(name: str, value: int | list[int]) -> Any:
    """Integers rendered into the statement's text when it runs (never a cached plan)."""
    return bindparam(name, value, expanding=isinstance(value, list), literal_execute=True)


@dataclass
class Diff:
    """What to write: new rows, changed rows (``reasons`` None = keep), rows taken off the list
    (a decision staff made keeps its row) and rows to delete. ``reasons_due``: the listed
    (company, call) pairs without valid reasons -> the stored row's id (None for a row written
    anyway); their reasons are made now (``set_reasons``) or when first shown. ``fresh``: the
    lists of companies with no stored rows, as arrays (``_fresh``), inserted alike."""

    now: datetime
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unlist: list[int] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)
    reasons_only: list[dict[str, Any]] = field(default_factory=list)
    reasons_due: dict[tuple[int, int], int | None] = field(default_factory=dict)
    cutoffs: dict[int, tuple[int, float] | None] = field(default_factory=dict)
    fresh: list[FreshRows] = field(default_factory=list)
    listed: int = 0

    def company(self, company_id: int, wanted: Iterable[Wanted], stored: dict[int, Stored],
                versions: dict[int, int], top_n: int, profile_changed_at: datetime | None) -> int:
        """Add one company's difference: its current list becomes exactly the best ``top_n``
        of ``wanted`` (best first) that staff did not mark not relevant; a dismissed call that
        is wanted keeps its row, off the list. Returns the places listed."""
        kept: set[int] = set()
        rank, last = 0, 0.0
        for w in wanted:  # millions in a full rematch: plain locals, a dict only for a write
            row = stored.get(w.call_id)
            dismissed = row is not None and row.status is MatchStatus.NOT_RELEVANT
            if not dismissed and rank >= top_n:
                continue
            if not dismissed:
                rank, last = rank + 1, w.score
            kept.add(w.call_id)
            place = None if dismissed else rank
            version = versions.get(w.call_id, 1)
            pair = (company_id, w.call_id)
            if row is None:
                self.inserts.append({"company_id": company_id, "call_id": w.call_id,
                                     "score": w.score, "rank": place,
                                     "components": w.components, "call_version": version,
                                     "is_current": not dismissed, "reasons": None,
                                     "status": _NEW, "computed_at": self.now})
                self.reasons_due[pair] = None
                continue
            # reasons hold while the call, the profile and the components are unchanged
            same_components = row.components == w.components
            valid = (row.has_reasons and row.call_version == version and same_components
                     and (profile_changed_at is None or profile_changed_at <= row.computed_at))
            same = (same_components and row.score == w.score and row.rank == place
                    and row.call_version == version and row.is_current == (not dismissed))
            if valid and same:
                continue  # unchanged: no write
            if not valid and not dismissed:
                self.reasons_due[pair] = row.id if same and not row.has_reasons else None
            if same and not row.has_reasons:
                continue  # nothing to write unless its reasons are made now
            self.updates.append({"id": row.id, "score": w.score, "rank": place,
                                 "components": w.components, "call_version": version,
                                 "is_current": not dismissed, "computed_at": self.now,
                                 "reasons": None if valid else "[]", "_pair": pair})
        for call_id, row in stored.items():
            if call_id not in kept:
                self._drop(row)
        self.listed += rank
        self.cutoffs[company_id] = (rank, last) if rank else None
        return rank

    def add_fresh(self, company_ids: Iterable[int], rows: FreshRows) -> None:
        """Add the lists of companies with no stored rows (``rows``: all of them, as arrays);
        their pairs are all due for reasons, made when first shown."""
        self.cutoffs.update(dict.fromkeys(company_ids))
        self.cutoffs.update(rows.cutoffs())
        self.fresh.append(rows)
        self.listed += len(rows)

    def gone(self, company_id: int, stored: dict[int, Stored]) -> None:
        """A company merged or removed: its rows leave the list, staff's decisions stay."""
        for row in stored.values():
            self._drop(row)
        self.cutoffs[company_id] = None

    def _drop(self, row: Stored) -> None:
        if not row.status.is_kept:
            self.deletes.append(row.id)
        elif row.is_current or row.rank is not None:
            self.unlist.append(row.id)

    def set_reasons(self, made: dict[tuple[int, int], str]) -> None:
        """Fill in reasons made now for some due pairs (JSON text)."""
        rows = {(r["company_id"], r["call_id"]): r for r in self.inserts}
        rows.update({r["_pair"]: r for r in self.updates})
        for pair, reasons in made.items():
            if pair in rows:
                rows[pair]["reasons"] = reasons
            elif self.reasons_due.get(pair) is not None:
                self.reasons_only.append({"id": self.reasons_due[pair],
                                          "reasons": json.loads(reasons)})

    @property
    def size(self) -> int:
        return len(self.inserts) + len(self.updates) + sum(map(len, self.fresh))

    @property
    def due(self) -> int:
        """Listed pairs lacking reasons."""
        return len(self.reasons_due) + sum(map(len, self.fresh))


def write(session: Session, diff: Diff) -> None:
    """Write the difference in the session's transaction (see the module docstring)."""
    for row in diff.inserts:
        if row["reasons"] is None:
            row["reasons"] = "[]"
    postgres = session.get_bind().dialect.name == "postgresql"
    table = Match.__table__
    for ids, stmt in ((diff.deletes, delete(table)),
                      (diff.unlist, update(table).values(is_current=False, rank=None))):
        if postgres and ids:  # one array parameter, however many rows
            session.execute(stmt.where(table.c.id == any_(bindparam("ids", type_=_IDS))),
                            {"ids": ids})
        for start in range(0, len(ids) if not postgres else 0, 500):
            session.execute(stmt.where(table.c.id.in_(ids[start:start + 500])))
    if postgres and diff.size > COPY_FROM:
        _copy(session, diff)
    else:
        _executemany(session, diff)
    if diff.reasons_only:
        session.execute(update(Match), diff.reasons_only)
    _write_cutoffs(session, diff.cutoffs)


def _write_cutoffs(session: Session, cutoffs: dict[int, tuple[int, float] | None]) -> None:
    """Each written list's count and last score, where they changed (``MatchCutoff``)."""
    table = MatchCutoff.__table__
    ids = sorted(cutoffs)
    old: dict[int, tuple[int, float]] = {}
    for start in range(0, len(ids), 1000):
        old.update({c: (n, k) for c, n, k in session.execute(
            select(table.c.company_id, table.c.listed, table.c.cutoff)
            .where(table.c.company_id.in_(_inline("ids", ids[start:start + 1000]))))})
    changed = [c for c in ids if old.get(c) != cutoffs[c]]
    stale = [c for c in changed if c in old]
    for start in range(0, len(stale), 1000):
        session.execute(delete(table).where(table.c.company_id.in_(stale[start:start + 1000])))
    rows = [{"company_id": c, "listed": cutoffs[c][0], "cutoff": cutoffs[c][1]}  # type: ignore[index]
            for c in changed if cutoffs[c] is not None]
    if len(rows) > COPY_FROM and session.get_bind().dialect.name == "postgresql":
        with _raw(session).cursor() as cur:  # a full rematch's 100,000: 5 s as INSERTs
            _copy_rows(cur, "match_cutoff", ("company_id", "listed", "cutoff"), rows,
                       _cutoff_line, None)
    elif rows:
        session.execute(insert(table), rows)


def _executemany(session: Session, diff: Diff) -> None:
    inserts = diff.inserts + [r for rows in diff.fresh for r in rows.as_inserts(diff.now, _NEW)]
    if inserts:
        session.execute(insert(Match), [
            {**r, "components": json.loads(r["components"]),
             "reasons": json.loads(r["reasons"]), "status": MatchStatus.NEW}
            for r in inserts])
    if diff.updates:
        keep = [r for r in diff.updates if r["reasons"] is None]
        renew = [r for r in diff.updates if r["reasons"] is not None]
        for rows, with_reasons in ((keep, False), (renew, True)):
            if rows:
                session.execute(update(Match), [
                    {"id": r["id"], **{k: r[k] for k in _FIELDS},
                     "components": json.loads(r["components"]),
                     **({"reasons": json.loads(r["reasons"])} if with_reasons else {})}
                    for r in rows])


def _text(value: str | None) -> str:
    """A text value in COPY's text format (``\\N`` for NULL)."""
    if value is None:
        return "\\N"
    value = clean_stored(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                 .replace("\r", "\\r"))
    return value


def _inserted(r: dict[str, Any], now: str) -> str:
    rank = "\\N" if r["rank"] is None else r["rank"]
    reasons = "[]" if r["reasons"] == "[]" else _text(r["reasons"])
    return (f"{r['company_id']}\t{r['call_id']}\t{r['score']!r}\t{rank}\t{r['components']}\t"
            f"{reasons}\t{r['call_version']}\t{'t' if r['is_current'] else 'f'}\t"
            f"{r['status']}\t{now}\n")


def _updated(r: dict[str, Any], now: str) -> str:
    rank = "\\N" if r["rank"] is None else r["rank"]
    reasons = "[]" if r["reasons"] == "[]" else _text(r["reasons"])
    return (f"{r['id']}\t{r['score']!r}\t{rank}\t{r['components']}\t{r['call_version']}\t"
            f"{'t' if r['is_current'] else 'f'}\t{now}\t{reasons}\n")


def _cutoff_line(r: dict[str, Any], _now: str) -> str:
    return f"{r['company_id']}\t{r['listed']}\t{r['cutoff']!r}\n"


def _copy_rows(cur: Any, table: str, columns: Sequence[str], rows: list[dict[str, Any]],
               line: Any, now: datetime | None) -> None:
    """COPY rows into a table, each formatted as a line of COPY's text format here (numbers
    and the components' JSON need no escaping) and sent in large blocks: the driver's
    per-value adaptation would cost more than the server's work."""
    stamp = now.isoformat() if now is not None else ""
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        _write_lines(copy, rows, line, stamp)


def _write_lines(copy: Any, rows: list[dict[str, Any]], line: Any, stamp: str) -> None:
    for start in range(0, len(rows), 5000):
        copy.write("".join([line(r, stamp) for r in rows[start:start + 5000]]))


def _raw(session: Session) -> Any:
    """The session's own psycopg connection, in its transaction."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw


def _copy(session: Session, diff: Diff) -> None:
    """COPY through the session's own psycopg connection (same transaction)."""
    stamp = diff.now.isoformat()
    fresh = [(rows, copy_text(rows, stamp, _NEW)) for rows in diff.fresh]
    inserts = diff.inserts + [r for rows, text in fresh if text is None
                              for r in rows.as_inserts(diff.now, _NEW)]
    with _raw(session).cursor() as cur:
        if inserts or diff.fresh:
            with cur.copy(f"COPY match ({', '.join(_INSERTED)}) FROM STDIN") as copy:
                for _rows, text in fresh:
                    if text:
                        copy.write(text)
                _write_lines(copy, inserts, _inserted, stamp)
        if diff.updates:
            columns = ("id", *_FIELDS, "reasons")
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS match_changes ON COMMIT DROP AS "
                        f"SELECT {', '.join(columns)} FROM match WITH NO DATA")
            _copy_rows(cur, "match_changes", columns, diff.updates, _updated, diff.now)
            assignments = ", ".join(f"{c} = c.{c}" for c in _FIELDS)
            cur.execute(f"UPDATE match m SET {assignments}, "
                        "reasons = COALESCE(c.reasons, m.reasons) "
                        "FROM match_changes c WHERE m.id = c.id")
            cur.execute("TRUNCATE match_changes")


def refresh_statistics(session: Session) -> None:
    """After a full rematch on PostgreSQL: the planner's statistics of the match tables are
    taken at once (a fraction of a second), not when autovacuum gets round to it. With the
    statistics of a nearly empty table, the next new call's look-up of a few hundred companies'
    rows is planned as a scan of two million (0.4 s instead of 18 ms). In the caller's
    transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE match, match_cutoff"))
