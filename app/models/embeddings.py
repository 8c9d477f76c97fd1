"""Cached text vectors of calls and companies for the matcher's embedding component.

One row per call or company: the vector (float32 bytes), the id of the model that made it and
the hash of the text it was made from, so an unchanged text is never embedded again and a new
model re-embeds everything (``app/services/embeddings``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class _Vector:
    model_id: Mapped[str] = mapped_column(String(120))
    content_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    embedded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallEmbedding(_Vector, Base):
    """The vector of one call's title, description and keywords."""

    __tablename__ = "call_embedding"
    __table_args__ = (Index("ix_call_embedding_embedded_at", "embedded_at"),)

    call_id: Mapped[int] = mapped_column(ForeignKey("funding_call.id", ondelete="CASCADE"),
                                         primary_key=True)


class CompanyEmbedding(_Vector, Base):
    """The vector of one company's description and keywords."""

    __tablename__ = "company_embedding"
    __table_args__ = (Index("ix_company_embedding_embedded_at", "embedded_at"),)

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
