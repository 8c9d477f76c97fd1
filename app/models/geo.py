"""Towns of the network (City) and Finland's municipalities as reference data (Municipality).

A municipality becomes a member town when a coordinator adds it: a City row with the same code.
Ending a membership only dates it (``member_until``); the town's rows stay where they are.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk

LANGUAGE_STATUSES = ("fi", "sv", "bilingual")  # unilingually Finnish or Swedish, or bilingual


class City(Base):
    """A member town; ``code`` is Statistics Finland's three-digit municipality code."""

    __tablename__ = "city"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(3), unique=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100))
    language_status: Mapped[str] = mapped_column(String(10), default="fi", server_default="fi")
    member_since: Mapped[date | None]
    member_until: Mapped[date | None]  # None: a member now; a date: the membership has ended

    @property
    def is_member(self) -> bool:
        return self.member_until is None

    def name(self, locale: str = "fi") -> str:
        return (self.name_sv if locale == "sv" and self.name_sv else None) or self.name_fi

    def __repr__(self) -> str:
        return f"<City {self.code} {self.name_fi}>"


class Municipality(Base):
    """One municipality of Statistics Finland's classification (``app/data/municipalities.csv``).

    Reference data only: nothing hangs off it. ``in_classification`` turns False when a newer
    year's file no longer lists the code (a merger), so old member towns still resolve.
    """

    __tablename__ = "municipality"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(2))
    region_fi: Mapped[str] = mapped_column(String(100))
    region_sv: Mapped[str] = mapped_column(String(100))
    language_status: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    in_classification: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name_fi}>"
