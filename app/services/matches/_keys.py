"""A first fill's foreign keys: on PostgreSQL, while a full rematch fills an empty ``match``
table, its keys to ``company`` and ``funding_call`` are set aside and checked afterwards in one
pass each, as PostgreSQL's own advice for populating a table says.

Each key is a trigger that checks every inserted row with a query of its own; for the two
million rows of a network's first fill that was half the database's work (about 24 of its 48
CPU seconds at 100,000 companies; in paired runs the fill took 80 and 83 s instead of 95 and
98 s), while putting both keys back checks all the rows in about a second. Only the short
statements here take locks. Setting aside gives up after ``LOCK_WAIT`` rather than queue
behind a long transaction (a table in use is filled with its keys); putting back waits as
long as it must. A row whose company or call went meanwhile is removed before
its key is checked (as the call's cascade would have done). A fill that stops, even a killed
process, is repaired by the next full rematch (``restore`` runs before each one): the keys come
back whatever happened in between.

Only when the rematch is bound to an engine (production: every batch commits on its own
connections). Inside a caller's transaction, as in most tests, nothing is set aside: that
transaction could not be split into the short ones this needs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, ForeignKeyConstraint, exists, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, DropConstraint

from app.models.matches import Match
from app.services._tx import committing

log = logging.getLogger(__name__)

LOCK_WAIT = "2s"  # how long a statement here waits for a lock before it gives up
# a full rematch of at least this many companies into an empty table loads it with its keys
# set aside: below it the checks cost less than a second
ASIDE_FROM = 10_000


def keys() -> list[ForeignKeyConstraint]:
    """The keys set aside: those of the row's own company and call (never NULL). The key of
    who changed the status is NULL in every row a fill writes and stays."""
    return sorted((fk for fk in Match.__table__.foreign_key_constraints
                   if not any(c.nullable for c in fk.columns)), key=lambda fk: str(fk.name))


@contextmanager
def aside_while(session: Session, companies: int, filling: bool) -> Iterator[None]:
    """A full rematch storing ``companies`` lists (``filling``) runs inside: its keys are set
    aside when ``for_fill`` says so and put back when it ends, however it ends. When putting
    them back fails after the fill itself failed, the fill's error is the one raised (the
    other is logged; the next full rematch puts them back)."""
    if not (filling and for_fill(session, companies)):
        yield
        return
    try:
        yield
    except BaseException:
        session.rollback()  # its reads end: the keys' checks wait for no one of ours
        try:
            restore(session.get_bind())
        except Exception:  # noqa: BLE001 - the fill's own error matters more
            log.exception("the match keys could not be put back after a failed fill")
        raise
    session.rollback()
    restore(session.get_bind())


def for_fill(session: Session, companies: int) -> bool:
    """Before a full rematch bound to an engine: the keys a fill that stopped left aside are
    put back, and a fill of ``companies`` (at least ``ASIDE_FROM``) into an empty table sets
    them aside. True when it did: the caller calls ``restore`` when the fill ends."""
    bind = session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
        return False
    restore(bind)
    if companies < ASIDE_FROM:
        return False
    with committing(session):  # the rematch's reads end: they would hold off the lock
        pass
    return set_aside(bind)


def set_aside(engine: Engine) -> bool:
    """The keys dropped, in a short transaction of their own, when ``match`` is empty (else
    nothing). False, and nothing changed, when the table is in use or the role may not alter
    it."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        with engine.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
            conn.execute(text("LOCK TABLE match IN ACCESS EXCLUSIVE MODE"))
            if conn.scalar(select(exists().select_from(Match.__table__))):
                return False
            for fk in keys():
                conn.execute(DropConstraint(fk))
    except DBAPIError as exc:  # a lock not had in time, or no right to alter the table
        log.warning("the first fill keeps its keys: %s", exc.orig)
        return False
    return True


def restore(engine: Engine) -> list[str]:
    """Every key of ``keys`` in place and checked, whatever a fill that stopped left: a
    missing key is added (new rows checked at once), then the rows already there are checked
    in one pass each. Returns the names of the keys it had to add or check."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        state = dict(conn.execute(text(
            "SELECT conname, convalidated FROM pg_constraint "
            "WHERE conrelid = 'match'::regclass AND contype = 'f'")).all())
    done = []
    for fk in keys():
        name = str(fk.name)
        if state.get(name) is True:
            continue
        if name not in state:
            with engine.begin() as conn:  # a brief lock of both tables: new rows are checked
                conn.execute(text(str(AddConstraint(fk).compile(dialect=engine.dialect))
                                  + " NOT VALID"))
        _validate(engine, fk)
        done.append(name)
    if done:
        log.info("match keys put back and checked: %s", ", ".join(done))
    return done


def _validate(engine: Engine, fk: ForeignKeyConstraint) -> None:
    """The rows already stored checked against the key, in one pass; rows whose company or
    call is gone are removed first when there are any (the check would fail on them)."""
    (column,) = fk.columns
    (element,) = fk.elements
    target = element.column
    orphans = (f"DELETE FROM match WHERE NOT EXISTS (SELECT 1 FROM {target.table.name} t "
               f"WHERE t.{target.name} = match.{column.name})")
    validate = f"ALTER TABLE match VALIDATE CONSTRAINT {fk.name}"
    try:
        with engine.begin() as conn:  # reads both tables, blocks no writes
            conn.execute(text(validate))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "23503":  # not a foreign key violation
            raise
        with engine.begin() as conn:
            gone = conn.execute(text(orphans)).rowcount
            log.warning("%s match rows of a %s removed meanwhile deleted", gone,
                        target.table.name)
            conn.execute(text(validate))
