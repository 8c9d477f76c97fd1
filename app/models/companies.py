"""Companies a town works with, the people at them (personal data) and cross-town sharing."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.models.base import Base, TimestampMixin, intpk, only_on, str_200, str_enum
from app.names import normalize_name, search_text

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.geo import City


class SizeClass(enum.Enum):
    """EU size classes; micro, small and medium together are the SMEs (PK-yritykset)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    MIDCAP = "midcap"
    LARGE = "large"

    @property
    def is_sme(self) -> bool:
        return self in (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


class IndustryCodeSet(enum.Enum):
    TOL2025 = "TOL2025"
    TOL2008 = "TOL2008"


# A row inserted in bulk (``insert(Company)``) bypasses the validators below: these defaults make
# its search columns from the row's own values.
def _name_normalized_of_row(context: Any) -> str:
    return normalize_name(context.get_current_parameters().get("name") or "")


def _search_text_of_row(context: Any) -> str:
    row = context.get_current_parameters()
    name_normalized = row.get("name_normalized") or normalize_name(row.get("name") or "")
    return search_text(name_normalized, row.get("auxiliary_names"), row.get("keywords"))


class Company(TimestampMixin, Base):
    """A company in a town's CRM. ``business_id`` is the Y-tunnus in its hyphenated form."""

    __tablename__ = "company"
    # Every town-scoped count and the search index's fingerprint read this index alone.
    __table_args__ = (
        Index("ix_company_live", "city_id", "updated_at",
              sqlite_where=text("merged_into_id IS NULL"),
              postgresql_where=text("merged_into_id IS NULL")),
        # the companies changed since the matcher last looked (``_cache.sync_companies``, before
        # every new call is matched): a few rows, not a scan of the network
        Index("ix_company_updated_at", "updated_at"),
        # PostgreSQL answers name search from these trigram indexes (substring: search_text;
        # misspellings: name_normalized); SQLite keeps an in-process index instead.
        only_on("postgresql", Index(
            "ix_company_search_text_trgm", "search_text", postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"})),
        only_on("postgresql", Index(
            "ix_company_name_normalized_trgm", "name_normalized", postgresql_using="gin",
            postgresql_ops={"name_normalized": "gin_trgm_ops"})),
    )

    id: Mapped[intpk]
    business_id: Mapped[str | None] = mapped_column(String(9), unique=True)
    name: Mapped[str_200] = mapped_column(index=True)
    # lower-case, without legal-form suffixes, hyphens and diacritics: what name search compares
    name_normalized: Mapped[str] = mapped_column(
        String(200), index=True, default=_name_normalized_of_row, server_default=""
    )
    auxiliary_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    industry_code: Mapped[str | None] = mapped_column(String(10), index=True)
    industry_code_set: Mapped[IndustryCodeSet | None] = mapped_column(str_enum(IndustryCodeSet))
    industry_text: Mapped[str | None] = mapped_column(String(200))
    municipality_code: Mapped[str | None] = mapped_column(String(3), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # name_normalized, folded auxiliary names and keywords: what free-text search looks into
    search_text: Mapped[str] = mapped_column(
        Text, default=_search_text_of_row, server_default=""
    )
    employees: Mapped[int | None] = mapped_column(Integer)
    turnover_eur: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    size_class: Mapped[SizeClass | None] = mapped_column(str_enum(SizeClass))
    is_growth_seeking: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_anchor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # a prospect came from the register or a list; staff have not worked with it yet
    is_prospect: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # set when merged into another company: the row stays, hidden, so a merge can be undone
    # no index: "IS NULL" matches nearly every row, and SQLite would pick it over city_id
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))

    city: Mapped[City] = relationship()
    owner: Mapped[User | None] = relationship()
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="company", order_by="Contact.last_name", cascade="all, delete-orphan"
    )
    shares: Mapped[list[CompanyShare]] = relationship(
        back_populates="company", cascade="all, delete-orphan"
    )

    @validates("name", "auxiliary_names", "keywords")
    def _keep_search_text(self, key: str, value: Any) -> Any:
        if key == "name":
            self.name_normalized = normalize_name(value)
        parts = {"auxiliary_names": self.auxiliary_names, "keywords": self.keywords, key: value}
        self.search_text = search_text(
            self.name_normalized, parts["auxiliary_names"], parts["keywords"]
        )
        return value

    def __repr__(self) -> str:
        return f"<Company {self.business_id} {self.name}>"


class CompanyShare(Base):
    """An owning town lets another town's staff see and work with one of its companies."""

    __tablename__ = "company_share"
    __table_args__ = (UniqueConstraint("company_id", "city_id"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)

    company: Mapped[Company] = relationship(back_populates="shares")


class Contact(TimestampMixin, Base):
    """A person at a company. Personal data under the GDPR: never logged, erasable."""

    __tablename__ = "contact"

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    has_marketing_consent: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    marketing_consent_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship(back_populates="contacts")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
