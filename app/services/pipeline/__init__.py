"""The anchor-company pipeline's use cases: the network's stages, moving and parking companies,
the board, the stalled list (which the weekly digest reads) and the review and funnel pages.

Public functions are use cases: each checks permission through ``app.authz``, and those that
write record an audit event and commit once. Reads return plain records (``_records``).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import authz
from app.errors import Conflict, FieldError
from app.i18n import lazy_gettext as _l
from app.models import City, Company, User
from app.models.base import utcnow
from app.models.pipeline import PipelineEntry, PipelineStage, StageChange
from app.services import audit
from app.services._tx import committing
from app.services.pipeline._board import BoardFilters, load_cards, stage_records
from app.services.pipeline._funnel import Funnel, build_funnel
from app.services.pipeline._identify import Candidate, candidates, signals_of
from app.services.pipeline._records import (
    Card,
    Column,
    CompanyStage,
    MoveResult,
    StageInput,
    StageRecord,
    StalledCompany,
)
from app.services.pipeline._review import Review, build_review, review_xlsx
from app.services.pipeline._signals import Signal, Thresholds
from app.services.pipeline.configure import (
    ThresholdsInput,
    add_stage,
    delete_stage,
    load_thresholds,
    move_stage,
    threshold_values,
    update_stage,
    update_thresholds,
)
from app.services.validation import require_text

__all__ = [
    "Candidate",
    "Signal",
    "StageInput",
    "Thresholds",
    "ThresholdsInput",
    "add_stage",
    "delete_stage",
    "load_thresholds",
    "move_stage",
    "threshold_values",
    "update_thresholds",
    "unpark_company",
    "Funnel",
    "Review",
    "ANY",
    "BoardFilters",
    "Card",
    "Column",
    "MoveResult",
    "StageRecord",
    "StaleStage",
    "StalledCompany",
    "CompanyStage",
    "board",
    "board_owners",
    "company_for_move",
    "company_stage",
    "company_signals",
    "flag_candidates",
    "funnel",
    "update_stage",
    "list_towns",
    "review",
    "review_xlsx",
    "list_stages",
    "move_company",
    "park_company",
    "stalled_companies",
]

MAX_NOTE = 2000
ANY: Any = object()  # expected_stage not given: move from wherever the company is


class StaleStage(Conflict):
    """The company is no longer in the stage the caller saw (someone moved it meanwhile)."""

    def __init__(self, current_stage: str | None) -> None:
        super().__init__(_l("Someone else moved this company meanwhile; nothing was changed. "
                            "Reload the board and try again."))
        self.current_stage = current_stage


def list_stages(session: Session) -> list[StageRecord]:
    """The network's stages in board order (network-wide; no town data)."""
    return stage_records(session)


def _stage(session: Session, key: str | None) -> PipelineStage:
    stage = None
    if key:
        stage = session.scalars(select(PipelineStage).where(
            PipelineStage.key == key, PipelineStage.retired_at.is_(None))).one_or_none()
    if stage is None:
        raise FieldError("stage", _l("There is no such stage."))
    return stage


def _entry(session: Session, company_id: int) -> PipelineEntry | None:
    stmt = select(PipelineEntry).where(PipelineEntry.company_id == company_id).with_for_update()
    return session.scalars(stmt).one_or_none()


def _current_key(entry: PipelineEntry | None) -> str | None:
    """Where the company is on the board: None when it is not on it (never was, or parked)."""
    if entry is None or entry.parked_at is not None:
        return None
    return entry.stage.key


def _check_expected(entry: PipelineEntry | None, expected: Any) -> str | None:
    current = _current_key(entry)
    if expected is not ANY and expected != current:
        raise StaleStage(current)
    return current


def _record_move(session: Session, actor: User, company: Any, change: StageChange,
                 before: str | None, after: str | None) -> None:
    session.add(change)
    session.flush()
    audit.record(session, actor, "pipeline.move", entity="company", entity_id=company.id,
                 city_id=company.city_id, before={"stage": before},
                 after={"stage": after, "note": change.note,
                        "parked_reason": change.parked_reason})


def _commit_move(session: Session, company_id: int) -> None:
    """Commit; a concurrent first move of the same company hits the unique entry: stale."""
    try:
        with committing(session):
            pass
    except IntegrityError:
        entry = _entry(session, company_id)
        raise StaleStage(_current_key(entry)) from None


def move_company(
    session: Session, actor: User, company_id: int, stage_key: str | None, *,
    expected_stage: Any = ANY, note: str | None = None, now: datetime | None = None,
) -> MoveResult:
    """Move a company to a stage (a company not on the board joins it; a parked one returns).

    ``expected_stage`` is the stage key the caller saw (None: not on the board); when the company
    is elsewhere now nothing is written and ``StaleStage`` (a Conflict, 409) is raised with the
    current key. Records who, when, from, to and the note, audits the move and commits. Raises
    FieldError for an unknown stage or a too-long note, NotFound for a company outside the
    actor's towns, Forbidden without the right.
    """
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "pipeline.move", company)
    stage = _stage(session, stage_key)
    clean_note = require_text(note, "note", max_length=MAX_NOTE, required=False) or None
    entry = _entry(session, company.id)
    return _move(session, actor, company, entry, stage, expected_stage, clean_note,
                 now or utcnow())


def _move(session: Session, actor: User, company: Company, entry: PipelineEntry | None,
          stage: PipelineStage, expected_stage: Any, note: str | None,
          now: datetime) -> MoveResult:
    current = _check_expected(entry, expected_stage)
    if current == stage.key:
        return MoveResult(company.id, current, current, now, changed=False)
    from_id = entry.stage_id if entry is not None and entry.parked_at is None else None
    if entry is None:
        entry = PipelineEntry(company_id=company.id, stage=stage, entered_at=now)
        session.add(entry)
    else:
        entry.stage, entry.entered_at = stage, now
        entry.parked_at = entry.parked_reason = None
    change = StageChange(company_id=company.id, from_stage_id=from_id, to_stage_id=stage.id,
                         moved_at=now, moved_by_id=actor.id, note=note)
    _record_move(session, actor, company, change, current, stage.key)
    _commit_move(session, company.id)
    return MoveResult(company.id, current, stage.key, now, changed=True)


def unpark_company(
    session: Session, actor: User, company_id: int, stage_key: str | None = None, *,
    note: str | None = None, now: datetime | None = None,
) -> MoveResult:
    """Bring a parked company back to the board: to ``stage_key``, else to the stage it left
    (the first stage when that one has been removed). Recorded and audited as a move; commits.
    Raises FieldError when the company is not parked or for an unknown stage, otherwise as
    ``move_company``."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "pipeline.move", company)
    entry = _entry(session, company.id)
    if entry is None or entry.parked_at is None:
        raise FieldError("stage", _l("The company is not parked."))
    if stage_key:
        stage = _stage(session, stage_key)
    elif entry.stage.retired_at is None:
        stage = entry.stage
    else:
        stage = _stage(session, stage_records(session)[0].key)
    clean_note = require_text(note, "note", max_length=MAX_NOTE, required=False) or None
    return _move(session, actor, company, entry, stage, None, clean_note, now or utcnow())


def park_company(
    session: Session, actor: User, company_id: int, reason: str | None, *,
    expected_stage: Any = ANY, now: datetime | None = None,
) -> MoveResult:
    """Take a company off the board with a reason (it keeps its history and may return).

    Raises FieldError without a reason or when the company is not on the board, StaleStage when
    it has moved since ``expected_stage``; otherwise as ``move_company``. Commits.
    """
    now = now or utcnow()
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "pipeline.move", company)
    clean = require_text(reason, "reason", max_length=MAX_NOTE)
    entry = _entry(session, company.id)
    current = _check_expected(entry, expected_stage)
    if entry is None or current is None:
        raise FieldError("stage", _l("The company is not on the board."))
    entry.parked_at, entry.parked_reason = now, clean
    change = StageChange(company_id=company.id, from_stage_id=entry.stage_id, to_stage_id=None,
                         moved_at=now, moved_by_id=actor.id, parked_reason=clean)
    _record_move(session, actor, company, change, current, None)
    _commit_move(session, company.id)
    return MoveResult(company.id, current, None, now, changed=True)


def board(
    session: Session, actor: User, filters: BoardFilters, *, today: date,
) -> list[Column]:
    """The board the actor may see: one column per stage with its cards. ``filters.city_id``
    is checked here (another town: NotFound unless a coordinator)."""
    authz.require(actor, "pipeline.view")
    city_id = authz.pipeline_town(actor, filters.city_id)
    scoped = dataclasses.replace(filters, city_id=city_id)
    stages = stage_records(session)
    columns = {s.key: Column(s) for s in stages}
    for card in load_cards(session, actor, scoped, today, stages):
        columns[card.stage_key].cards.append(card)
    return list(columns.values())


def stalled_companies(session: Session, actor_or_user: User, today: date,
                      *, city_id: int | None = None, owner_id: int | None = None,
                      within: Any = None) -> list[StalledCompany]:
    """The companies of the user's towns (a coordinator: the network, or ``city_id``) with no
    contact within their stage's limit, longest silent first; only ``owner_id``'s, or those in
    ``within`` (a statement of company ids), when given, so that the query reads no more of the
    board than asked. Read only; the stalled list, the start page and the digest call it."""
    columns = board(session, actor_or_user,
                    BoardFilters(city_id=city_id, owner_id=owner_id, within=within), today=today)
    out = [
        StalledCompany(c.company_id, c.name, c.city_id, c.owner_id, c.owner_name, col.stage.key,
                       col.stage.name_fi, col.stage.name_en, c.last_contact_on,
                       c.days_since_contact, col.stage.stalled_after_days, col.stage.name_sv)
        for col in columns for c in col.cards if c.is_stalled
    ]
    return sorted(out, key=lambda s: (-s.days_since_contact, s.name, s.company_id))


def company_stage(session: Session, actor: User, company: Company) -> CompanyStage:
    """Where a company the actor sees is in the pipeline (for its page)."""
    authz.require(actor, "pipeline.view", company)
    entry = session.scalars(
        select(PipelineEntry).where(PipelineEntry.company_id == company.id)).one_or_none()
    if entry is None:
        return CompanyStage(None, None, None, None, None)
    stage = entry.stage
    parked = entry.parked_at is not None
    return CompanyStage(None if parked else stage.key, stage.name_fi, stage.name_en,
                        entry.entered_at, entry.parked_reason if parked else None, stage.name_sv)


def list_towns(session: Session, actor: User) -> list[City]:
    """The towns whose board the actor may open: every town for a coordinator, else their own."""
    authz.require(actor, "pipeline.view")
    stmt = select(City).order_by(City.name_fi)
    towns = authz.city_scope_ids(actor)
    if towns is not None:
        stmt = stmt.where(City.id.in_(towns))
    return list(session.scalars(stmt))


def board_owners(session: Session, actor: User, city_id: int | None) -> list[User]:
    """The people a board can be filtered by: who may own the town's companies."""
    return authz.assignable_users(session, actor, city_id=authz.pipeline_town(actor, city_id))


def company_for_move(
    session: Session, actor: User, company_id: int
) -> tuple[Company, CompanyStage]:
    """A company the actor may move, with its place (for the park form). NotFound outside the
    actor's towns, Forbidden without the right."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "pipeline.move", company)
    return company, company_stage(session, actor, company)


def review(session: Session, actor: User, filters: BoardFilters, *, since: date,
           today: date) -> Review:
    """The weekly review of the board the actor may see: its companies by stage with the moves,
    new contacts and new tasks since ``since``, owners and stalled companies. Read only; export
    it with ``review_xlsx``. ``filters.city_id`` is checked as for ``board``."""
    authz.require(actor, "pipeline.view")
    city_id = authz.pipeline_town(actor, filters.city_id)
    scoped = dataclasses.replace(filters, city_id=city_id)
    return build_review(session, actor, scoped, since, today, stage_records(session))


def funnel(session: Session, actor: User, city_id: int | None, *, start: date,
           end: date) -> Funnel:
    """Companies per stage now, moves into each stage between ``start`` and ``end`` (inclusive)
    and the median days of the stays that ended then, for a town or (coordinators) the network.
    Read only."""
    authz.require(actor, "pipeline.view")
    town = authz.pipeline_town(actor, city_id)
    return build_funnel(session, actor, town, start, end, stage_records(session))


def company_signals(session: Session, actor: User, company: Company,
                    thresholds: Thresholds | None = None) -> tuple[Signal, Signal]:
    """The growth and anchor-candidate signals of a company the actor sees, with reasons."""
    authz.require(actor, "pipeline.view", company)
    return signals_of(session, actor, company, thresholds or load_thresholds(session))


def flag_candidates(session: Session, actor: User, city_id: int | None,
                    thresholds: Thresholds | None = None) -> list[Candidate]:
    """Unflagged companies of the actor's towns (coordinators: ``city_id`` or the network) whose
    growth or anchor signal is high, strongest first: to review and flag. Read only."""
    authz.require(actor, "pipeline.view")
    town = authz.pipeline_town(actor, city_id)
    return candidates(session, actor, {town} if town is not None else None,
                      thresholds or load_thresholds(session))
