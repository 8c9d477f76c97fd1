"""The weekly review: the board's companies by stage with what changed since a date (moves, new
contacts, new tasks), who owns what and what is stalled; and its .xlsx export. Reads only."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app import authz
from app.models import Company, Interaction, Task, User
from app.models.pipeline import PipelineStage, StageChange
from app.services.companies.exports import XLSX_DATE_FORMAT, clean_text, looks_like_formula
from app.services.pipeline._board import BoardFilters, board_company_ids, load_cards
from app.services.pipeline._records import Card, StageRecord


@dataclass(frozen=True, slots=True)
class ReviewMove:
    company_id: int
    company_name: str
    moved_at: datetime
    by_name: str | None
    from_key: str | None
    to_key: str | None  # None: parked
    note: str | None
    parked_reason: str | None


@dataclass(frozen=True, slots=True)
class ReviewItem:
    card: Card
    moves: list[ReviewMove]
    new_contacts: list[tuple[date, str]]  # (day, summary)
    new_tasks: list[tuple[str, date | None]]  # (title, due)

    @property
    def changed(self) -> bool:
        return bool(self.moves or self.new_contacts or self.new_tasks)


@dataclass(frozen=True, slots=True)
class OwnerLine:
    name: str | None
    per_stage: dict[str, int]
    stalled: int
    total: int


@dataclass(frozen=True, slots=True)
class Review:
    since: date
    stages: list[StageRecord]
    columns: list[tuple[StageRecord, list[ReviewItem]]]
    owners: list[OwnerLine]
    stalled: list[Card]
    parked: list[ReviewMove] = field(default_factory=list)


def _moves_since(session: Session, actor: User, filters: BoardFilters, since: datetime,
                 keys: dict[int, str]) -> list[ReviewMove]:
    """Every move since the date of a company in scope (parked ones too, to show they left)."""
    mover = aliased(User)
    stmt = (select(StageChange, Company.name, mover.name)
            .join(Company, Company.id == StageChange.company_id)
            .outerjoin(mover, mover.id == StageChange.moved_by_id)
            .where(StageChange.moved_at >= since, Company.merged_into_id.is_(None)))
    stmt = authz.scope(actor, stmt)
    if filters.city_id is not None:
        stmt = stmt.where(Company.city_id == filters.city_id)
    stmt = stmt.order_by(StageChange.moved_at, StageChange.id)
    return [
        ReviewMove(c.company_id, name, c.moved_at, by, keys.get(c.from_stage_id or 0),
                   keys.get(c.to_stage_id or 0), c.note, c.parked_reason)
        for c, name, by in session.execute(stmt)
    ]


def build_review(session: Session, actor: User, filters: BoardFilters, since: date,
                 today: date, stages: list[StageRecord]) -> Review:
    cards = load_cards(session, actor, filters, today, stages)
    ids = board_company_ids(actor, filters)
    start = datetime.combine(since, time.min, tzinfo=UTC)
    keys = {s.id: s.key for s in session.scalars(select(PipelineStage))}
    moves = _moves_since(session, actor, filters, start, keys)
    by_company: dict[int, list[ReviewMove]] = defaultdict(list)
    for move in moves:
        by_company[move.company_id].append(move)
    contacts: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for cid, day, summary in session.execute(
            select(Interaction.company_id, Interaction.occurred_on, Interaction.summary)
            .where(Interaction.company_id.in_(ids), Interaction.occurred_on >= since)
            .order_by(Interaction.occurred_on)):
        contacts[cid].append((day, summary[:200]))
    tasks: dict[int, list[tuple[str, date | None]]] = defaultdict(list)
    for cid, title, due in session.execute(
            select(Task.company_id, Task.title, Task.due_on)
            .where(Task.company_id.in_(ids), Task.created_at >= start).order_by(Task.id)):
        tasks[cid].append((title, due))
    columns: dict[str, list[ReviewItem]] = {s.key: [] for s in stages}
    for card in cards:
        columns[card.stage_key].append(ReviewItem(
            card, by_company.get(card.company_id, []), contacts.get(card.company_id, []),
            tasks.get(card.company_id, [])))
    return Review(
        since=since, stages=stages,
        columns=[(s, columns[s.key]) for s in stages],
        owners=_owners(cards),
        stalled=sorted((c for c in cards if c.is_stalled), key=lambda c: -c.days_since_contact),
        parked=[m for m in moves if m.to_key is None],
    )


def _owners(cards: list[Card]) -> list[OwnerLine]:
    per: dict[str | None, Counter[str]] = defaultdict(Counter)
    stalled: Counter[str | None] = Counter()
    for card in cards:
        per[card.owner_name][card.stage_key] += 1
        stalled[card.owner_name] += card.is_stalled
    lines = [OwnerLine(name, dict(counts), stalled[name], sum(counts.values()))
             for name, counts in per.items()]
    return sorted(lines, key=lambda o: (o.name is None, o.name or ""))


# -- .xlsx ------------------------------------------------------------------------------------

def _cell(sheet: Any, value: Any) -> Any:
    """Typed numbers and dates; text always a text cell, never a formula (as exports.py does)."""
    if value is None:
        value = ""
    if isinstance(value, datetime):
        value = value.date()
    cell = WriteOnlyCell(sheet, value=value if not isinstance(value, str) else clean_text(value))
    if isinstance(value, date):
        cell.number_format = XLSX_DATE_FORMAT
    elif isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def review_xlsx(review: Review, locale: str) -> bytes:
    """The review as a workbook: the companies by stage, and the moves since the date."""
    names = {s.key: s.name(locale) for s in review.stages}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Putki")
    sheet.append(["Vaihe", "Yritys", "Kaupunki", "Vastuuhenkilö", "Päiviä vaiheessa",
                  "Viimeisin yhteydenotto", "Päiviä yhteydenotosta", "Avoimet tehtävät",
                  "Jumissa", "Paras osuma", "Määräaika", "Siirtoja", "Uudet yhteydenotot",
                  "Uudet tehtävät"])
    for stage, items in review.columns:
        for item in items:
            c = item.card
            sheet.append([_cell(sheet, v) for v in (
                names[stage.key], c.name, c.city_name, c.owner_name, c.days_in_stage,
                c.last_contact_on, c.days_since_contact, c.open_tasks,
                "kyllä" if c.is_stalled else "ei",
                round(c.best_match_score) if c.best_match_score is not None else None,
                c.best_match_deadline, len(item.moves), len(item.new_contacts),
                len(item.new_tasks))])
    moves = workbook.create_sheet("Siirrot")
    moves.append(["Aika", "Yritys", "Mistä", "Mihin", "Kuka", "Huomautus"])
    for _stage, items in review.columns:
        for item in items:
            for m in item.moves:
                moves.append([_cell(moves, v) for v in (
                    m.moved_at, m.company_name, names.get(m.from_key or "", ""),
                    names.get(m.to_key or "", ""), m.by_name, m.note)])
    for m in review.parked:
        moves.append([_cell(moves, v) for v in (
            m.moved_at, m.company_name, names.get(m.from_key or "", ""),
            "Parkkeerattu", m.by_name, m.parked_reason)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
