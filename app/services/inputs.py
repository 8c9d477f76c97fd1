"""Frozen input records: what a form, an API call, the CLI or an import hands to a service."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class CompanyInput:
    name: str
    business_id: str | None = None
    auxiliary_names: tuple[str, ...] = ()
    industry_code: str | None = None
    industry_code_set: str | None = None
    industry_text: str | None = None
    municipality_code: str | None = None
    website: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    employees: int | None = None
    turnover_eur: Decimal | None = None
    size_class: str | None = None
    is_growth_seeking: bool = False
    is_anchor: bool = False
    owner_id: int | None = None
    city_id: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


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
