"""The follow-ups that keep funding matches current. Every use case that creates or changes what
matching reads (a company's profile, a call) registers one here inside its unit of work; it runs
after the commit (``_tx.after_commit``), so entry points make one call and a new one cannot
forget the rematch. A failing rematch is logged by ``_tx`` and never undoes the saved work; the
next rematch (the weekly full one at the latest) catches up.

The companies or calls of one transaction are gathered into one follow-up, so an import of
20,000 rows is one rematch of those companies, batch by batch (``matches.rematch``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app import clock
from app.services._tx import after_commit, pending_follow_up

if TYPE_CHECKING:
    from app.models.funding import HarvestRun

_COMPANIES = "rematch.companies"
_CALLS = "rematch.calls"
_HARVEST = "rematch.harvest"


class _Rematch:
    """One rematch of the companies and calls a transaction changed."""

    def __init__(self, session: Session, today: date | None) -> None:
        self.session = session
        self.today = today
        self.company_ids: set[int] = set()
        self.call_ids: set[int] = set()

    def __call__(self) -> None:
        from app.services import embeddings, matches  # heavy: load only when needed

        try:
            matches.rematch_changed(self.session, today=self.today or clock.today(),
                                    company_ids=self.company_ids, call_ids=self.call_ids)
        finally:  # the texts' vectors, in the background; that job rematches again
            embeddings.queue_companies(self.company_ids)
            embeddings.queue_calls(self.call_ids)


def _job(session: Session, key: str, today: date | None) -> _Rematch:
    job = pending_follow_up(session, key)
    if not isinstance(job, _Rematch):
        job = _Rematch(session, today)
        after_commit(session, job, key=key)
    return job


def companies_changed(session: Session, company_ids: Iterable[int], *,
                      today: date | None = None) -> None:
    """Rematch these companies once the open transaction commits (their profiles changed, they
    were created, merged or restored). Call inside the use case's ``committing()`` block."""
    ids = {int(i) for i in company_ids if i is not None}
    if ids:
        _job(session, _COMPANIES, today).company_ids.update(ids)


def calls_changed(session: Session, call_ids: Iterable[int], *, today: date | None = None) -> None:
    """Match these calls against every company whose list they may enter or leave, once the
    open transaction commits (a call typed in, edited or uploaded by hand)."""
    ids = {int(i) for i in call_ids if i is not None}
    if ids:
        _job(session, _CALLS, today).call_ids.update(ids)


def harvested(session: Session, runs: list[HarvestRun], *, today: date) -> None:
    """After a harvest's last commit: the calls its runs created, changed or withdrew are
    matched (``harvest.after_harvest``). Call inside the harvest's last ``committing()``."""
    def follow_up() -> None:
        from app.services import embeddings
        from app.services.funding import harvest

        try:
            harvest.after_harvest(session, runs, today=today)
        finally:
            embeddings.queue_refresh()

    after_commit(session, follow_up, key=_HARVEST)


def calls_changed_since(session: Session, since: datetime, *, today: date) -> None:
    """Every call changed since ``since`` (and since the last call-driven rematch) is matched
    once the open transaction commits (an upload of calls: ``matches.after_harvest``)."""
    def follow_up() -> None:
        from app.services import embeddings, matches

        try:
            matches.after_harvest_here_or_queued(session, since, today=today)
        finally:
            embeddings.queue_refresh()

    after_commit(session, follow_up, key=_HARVEST)
