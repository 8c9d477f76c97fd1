"""Towns of the network (City) with their official municipality codes."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk


class City(Base):
    """A member town; ``code`` is Statistics Finland's three-digit municipality code."""

    __tablename__ = "city"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(3), unique=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100))

    def name(self, locale: str = "fi") -> str:
        return (self.name_sv if locale == "sv" and self.name_sv else None) or self.name_fi

    def __repr__(self) -> str:
        return f"<City {self.code} {self.name_fi}>"
