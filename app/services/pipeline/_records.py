"""Plain records the pipeline's use cases return (frozen; no ORM rows cross the boundary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


def localized_name(locale: object, fi: str | None, en: str | None, sv: str | None) -> str | None:
    """A stage name in the page's language: English for en, Swedish for sv (the Finnish name
    when a stage has no Swedish one), else Finnish. ``locale`` may be a Babel Locale."""
    lang = str(locale or "fi")
    if lang == "en":
        return en
    if lang == "sv" and sv:
        return sv
    return fi


@dataclass(frozen=True, slots=True)
class StageRecord:
    id: int
    key: str
    name_fi: str
    name_en: str
    position: int
    stalled_after_days: int
    name_sv: str | None = None

    def name(self, locale: object) -> str:
        return localized_name(locale, self.name_fi, self.name_en, self.name_sv) or self.name_fi


@dataclass(frozen=True, slots=True)
class MoveResult:
    company_id: int
    from_stage: str | None
    to_stage: str | None  # None: parked
    moved_at: datetime
    changed: bool  # False when the company already was where it was asked to go


class Card(NamedTuple):
    """One company on the board, with every figure its card shows ready computed. A named tuple
    rather than a frozen dataclass: a board builds thousands, and a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` (three times the cost)."""

    company_id: int
    name: str
    city_id: int
    city_name: str
    stage_key: str
    owner_id: int | None
    owner_name: str | None
    is_anchor: bool
    is_growth_seeking: bool
    industry_code: str | None
    days_in_stage: int
    last_contact_on: date | None
    days_since_contact: int  # since the last contact, or since it entered the stage if none
    open_tasks: int
    best_match_score: float | None
    best_match_deadline: datetime | None
    best_match_title: str | None
    is_stalled: bool


@dataclass(frozen=True, slots=True)
class Column:
    stage: StageRecord
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StalledCompany:
    """A company with no contact within its stage's limit: for the board, list and digest."""

    company_id: int
    name: str
    city_id: int
    owner_id: int | None
    owner_name: str | None
    stage_key: str
    stage_name_fi: str
    stage_name_en: str
    last_contact_on: date | None
    days_since_contact: int
    limit_days: int
    stage_name_sv: str | None = None

    def stage_name(self, locale: object) -> str:
        return localized_name(locale, self.stage_name_fi, self.stage_name_en,
                              self.stage_name_sv) or self.stage_name_fi


@dataclass(frozen=True, slots=True)
class CompanyStage:
    """A company's place in the pipeline: ``key`` None when it is not on the board (never was,
    or parked: then ``parked_reason`` says why and the names are of the stage it left)."""

    key: str | None
    name_fi: str | None
    name_en: str | None
    entered_at: datetime | None
    parked_reason: str | None
    name_sv: str | None = None

    def name(self, locale: object) -> str | None:
        return localized_name(locale, self.name_fi, self.name_en, self.name_sv)


@dataclass(frozen=True, slots=True)
class StageInput:
    key: str
    name_fi: str | None
    name_en: str | None
    stalled_after_days: int | None
    name_sv: str | None = None
