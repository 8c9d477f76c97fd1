"""Company list imports: the uploaded file kept between the steps (mapping, dry run, commit), the
progress row the background job updates, and the dry run's outcome for every row of the file.

The file itself is stored in the row (``content``), tied to the user who uploaded it, so no step
ever reads a path from a form; it is dropped once the import is done.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_enum

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.geo import City


class ImportStatus(enum.Enum):
    """Where an import stands; ``planning`` and ``committing`` while its background job runs."""

    UPLOADED = "uploaded"
    PLANNING = "planning"
    PLANNED = "planned"
    COMMITTING = "committing"
    DONE = "done"
    FAILED = "failed"


class RowOutcome(enum.Enum):
    """What the dry run found for one row."""

    CREATE = "create"  # no such company yet
    UPDATE = "update"  # same business ID as a company the user may edit
    UNCHANGED = "unchanged"  # same business ID, and the row would change nothing
    MATCH = "match"  # a similar name in the same municipality: the user decides
    ERROR = "error"  # the row cannot be imported as it is


class Decision(enum.Enum):
    CREATE = "create"
    UPDATE = "update"  # a registered company's name is kept on a similar-name row
    UPDATE_NAME = "update_name"  # the name from the file too: chosen row by row only
    SKIP = "skip"

    @property
    def updates(self) -> bool:
        return self in (Decision.UPDATE, Decision.UPDATE_NAME)


class CompanyImport(TimestampMixin, Base):
    """One upload of a company list into one town, from the file to the finished import."""

    __tablename__ = "company_import"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    headers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # one company field name (or "" to ignore) per column, in the file's column order
    mapping: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ImportStatus] = mapped_column(
        str_enum(ImportStatus), default=ImportStatus.UPLOADED
    )
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    city: Mapped[City] = relationship()

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.PLANNING, ImportStatus.COMMITTING)

    def __repr__(self) -> str:
        return f"<CompanyImport {self.id} {self.filename} {self.status.value}>"


class CompanyImportRow(Base):
    """The dry run's finding for one data row, and the user's decision about it."""

    __tablename__ = "company_import_row"
    __table_args__ = (
        UniqueConstraint("import_id", "row_number"),
        Index("ix_company_import_row_outcome", "import_id", "outcome"),
    )

    id: Mapped[intpk]
    import_id: Mapped[int] = mapped_column(ForeignKey("company_import.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[RowOutcome] = mapped_column(str_enum(RowOutcome))
    decision: Mapped[Decision | None] = mapped_column(str_enum(Decision))
    name: Mapped[str] = mapped_column(String(200), default="")
    business_id: Mapped[str | None] = mapped_column(String(20))
    existing_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="SET NULL")
    )
    existing_name: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(Float)
    column_name: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    # what an update would do: {"field", "old", "new"} per changed field (texts shortened around
    # the difference), "note" for a note on the timeline, and "needs_choice" on a registered
    # name that only a choice on this row replaces (older rows hold bare field names)
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list)

    @property
    def default_decision(self) -> Decision | None:
        return default_decision(self.outcome)

    @property
    def effective(self) -> Decision | None:
        return self.decision or self.default_decision

    @property
    def changed_fields(self) -> list[str]:
        return [c if isinstance(c, str) else c["field"] for c in self.changes or []]

    @property
    def change_entries(self) -> list[dict[str, Any]]:
        return [{"field": c} if isinstance(c, str) else c for c in self.changes or []]

    @property
    def renames_registered(self) -> bool:
        """Would the file's name replace a registered company's name (a choice of its own)?"""
        return any(isinstance(c, dict) and c.get("needs_choice") for c in self.changes or [])

    @property
    def choices(self) -> tuple[Decision, ...]:
        found = decision_choices(self.outcome)
        if self.renames_registered and Decision.UPDATE in found:
            found = (*found, Decision.UPDATE_NAME)
        return found


def default_decision(outcome: RowOutcome) -> Decision | None:
    """What happens to a row when the user does not choose; None blocks the import (an error)."""
    return _DEFAULTS[outcome]


def decision_choices(outcome: RowOutcome) -> tuple[Decision, ...]:
    """The decisions the user may pick for a row (empty: nothing to decide)."""
    return _CHOICES[outcome]


_DEFAULTS: dict[RowOutcome, Decision | None] = {
    RowOutcome.CREATE: Decision.CREATE,
    RowOutcome.UPDATE: Decision.UPDATE,
    RowOutcome.UNCHANGED: Decision.SKIP,
    # a similar name may be another company: keep the list clean unless the user says otherwise
    RowOutcome.MATCH: Decision.SKIP,
    RowOutcome.ERROR: None,
}

_CHOICES: dict[RowOutcome, tuple[Decision, ...]] = {
    RowOutcome.CREATE: (Decision.CREATE, Decision.SKIP),
    RowOutcome.UPDATE: (Decision.UPDATE, Decision.SKIP),
    RowOutcome.UNCHANGED: (),
    RowOutcome.MATCH: (Decision.SKIP, Decision.UPDATE, Decision.CREATE),
    RowOutcome.ERROR: (Decision.SKIP,),
}
