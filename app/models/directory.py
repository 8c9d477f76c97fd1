"""The public R&D&I directory: each town's R&D&I services (RdiService) and its R&D&I responsible
people and their deputies (RdiPerson, the *TKI-vastuuhenkilöt*).

Both are town-owned and kept by the town's admins. A service is public once published; a person
only with their recorded consent. Which fields ever leave for the public is decided in one place,
``app/services/directory/public.py``; the columns marked *internal* here never do.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_200, str_enum
from app.models.geo import City

TEXT_LANGUAGES = ("fi", "sv", "en")  # a service's texts: Finnish, optional Swedish and English


class ServiceCategory(enum.Enum):
    FUNDING_ADVICE = "funding_advice"
    TESTING = "testing_piloting"
    INCUBATOR = "incubator_accelerator"
    TRAINING = "training"
    RESEARCH_PARTNER = "research_partner"
    PREMISES = "premises"
    OTHER = "other"


class PersonRole(enum.Enum):
    RESPONSIBLE = "responsible"
    DEPUTY = "deputy"


class RdiService(TimestampMixin, Base):
    """One R&D&I service a town offers companies (public when ``is_published``)."""

    __tablename__ = "rdi_service"
    __table_args__ = (Index("ix_rdi_service_city_published", "city_id", "is_published"),)

    id: Mapped[intpk]
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"))
    category: Mapped[ServiceCategory] = mapped_column(str_enum(ServiceCategory, 30))
    name_fi: Mapped[str_200]
    name_sv: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    target_group_fi: Mapped[str | None] = mapped_column(String(300))
    target_group_sv: Mapped[str | None] = mapped_column(String(300))
    target_group_en: Mapped[str | None] = mapped_column(String(300))
    provider: Mapped[str_200]
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    url: Mapped[str | None] = mapped_column(String(500))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 639-1 codes offered in
    is_published: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    internal_note: Mapped[str | None] = mapped_column(Text)  # internal: the town's admins only
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # internal

    city: Mapped[City] = relationship()

    def text(self, field: str, lang: str) -> str | None:
        """The field in ``lang`` when written, else in Finnish."""
        value = getattr(self, f"{field}_{lang}", None) if lang in TEXT_LANGUAGES else None
        return value or getattr(self, f"{field}_fi")

    def __repr__(self) -> str:
        return f"<RdiService {self.id} {self.name_fi!r}>"


class RdiPerson(TimestampMixin, Base):
    """A town's R&D&I responsible person or deputy; public only with ``has_public_consent``."""

    __tablename__ = "rdi_person"

    id: Mapped[intpk]
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    role: Mapped[PersonRole] = mapped_column(str_enum(PersonRole))
    name: Mapped[str_200]
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    has_public_consent: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    consent_recorded_at: Mapped[datetime | None]  # internal
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # internal

    city: Mapped[City] = relationship()

    def __repr__(self) -> str:
        return f"<RdiPerson {self.id} {self.role.value}>"
