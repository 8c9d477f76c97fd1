"""Frozen input records: what a form, an API call, the CLI or an import hands to a service."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class UserInput:
    email: str
    name: str
    role: str
    city_code: str | None
    password: str
    language: str = "fi"


class Unset(enum.Enum):
    """The type of ``UNSET``: a field the input does not carry (a PATCH without the key, a form
    without the field, an import without the column). It never changes the stored value."""

    UNSET = "unset"

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset.UNSET

# What a new company gets for a field that the input does not carry.
_COMPANY_DEFAULTS: dict[str, object] = {
    "name": "",
    "business_id": None,
    "auxiliary_names": (),
    "industry_code": None,
    "industry_code_set": None,
    "industry_text": None,
    "municipality_code": None,
    "website": None,
    "description": None,
    "keywords": (),
    "employees": None,
    "turnover_eur": None,
    "size_class": None,
    "is_growth_seeking": False,
    "is_anchor": False,
    "owner_id": None,
    "city_id": None,
}


@dataclass(frozen=True, slots=True)
class CompanyInput:
    """A company's fields as given. Every field may be ``UNSET`` (not given): a new company then
    gets the default, an existing one keeps its value. ``None`` means "clear it"."""

    name: str | Unset = UNSET
    business_id: str | None | Unset = UNSET
    auxiliary_names: tuple[str, ...] | Unset = UNSET
    industry_code: str | None | Unset = UNSET
    industry_code_set: str | None | Unset = UNSET
    industry_text: str | None | Unset = UNSET
    municipality_code: str | None | Unset = UNSET
    website: str | None | Unset = UNSET
    description: str | None | Unset = UNSET
    keywords: tuple[str, ...] | Unset = UNSET
    employees: int | None | Unset = UNSET
    turnover_eur: Decimal | None | Unset = UNSET
    size_class: str | None | Unset = UNSET
    is_growth_seeking: bool | Unset = UNSET
    is_anchor: bool | Unset = UNSET
    owner_id: int | None | Unset = UNSET
    city_id: int | None | Unset = UNSET
    extra: dict[str, object] = field(default_factory=dict)

    def given(self) -> frozenset[str]:
        """The names of the fields this input carries."""
        return frozenset(k for k in _COMPANY_DEFAULTS if getattr(self, k) is not UNSET)

    def completed(self, base: Mapping[str, object] | None = None) -> CompanyInput:
        """This input with every field it does not carry taken from ``base`` (an existing
        company's values) or, without one, from a new company's defaults."""
        fill = {
            k: (base[k] if base is not None and k in base else default)
            for k, default in _COMPANY_DEFAULTS.items()
            if getattr(self, k) is UNSET
        }
        return replace(self, **fill) if fill else self


@dataclass(frozen=True, slots=True)
class TaskInput:
    title: str
    due_on: date | None = None
    assignee_id: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class InteractionInput:
    kind: str
    occurred_on: date
    summary: str
    topics: tuple[str, ...] = ()
    contact_ids: tuple[int, ...] = ()
    staff_ids: tuple[int, ...] = ()
    follow_up: TaskInput | None = None


@dataclass(frozen=True, slots=True)
class ContactInput:
    first_name: str
    last_name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    has_marketing_consent: bool = False
