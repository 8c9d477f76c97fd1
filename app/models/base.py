"""Declarative base, naming convention and the column aliases every model shares."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import DateTime, Index, MetaData, String, TypeDecorator, func
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from app.clock import utcnow  # the one clock: stored timestamps are UTC

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UtcDateTime()},
    )


intpk = Annotated[int, mapped_column(primary_key=True)]
str_50 = Annotated[str, mapped_column(String(50))]
str_200 = Annotated[str, mapped_column(String(200))]
str_320 = Annotated[str, mapped_column(String(320))]


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )


def str_enum(enum_cls: type[enum.Enum], length: int = 20) -> SAEnum:
    """Store a Python enum as its value in a plain string column (portable, easy to migrate)."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def only_on(dialect: str, index: Index) -> Index:
    """An index that one database engine alone has (a PostgreSQL GIN index, say): created there,
    skipped elsewhere, and left out of the schema comparison on the others (``include_object``)."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


def include_object(dialect: str) -> Any:
    """Alembic's ``include_object`` for a database of ``dialect``: what its schema should hold."""

    def include(obj: Any, _name: Any, _type: str, reflected: bool, _compare_to: Any) -> bool:
        only = None if reflected else getattr(obj, "info", {}).get("only_on")
        return only is None or only == dialect

    return include
