"""The network's operating model: the chair rotation, long-term goals, the meeting cycle, and
the network's meetings with their decisions and each decision's follow-up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_200
from app.models.geo import City


class ChairTerm(Base):
    """One town's term as the network's chair; the rows are the rotation's history."""

    __tablename__ = "chair_term"

    id: Mapped[intpk]
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # None: until the next term starts

    city: Mapped[City] = relationship()


class NetworkGoal(Base):
    """A long-term goal: the network's own (the strategy's, ``city_id`` None) or a town's."""

    __tablename__ = "network_goal"

    id: Mapped[intpk]
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    target_year: Mapped[int] = mapped_column(Integer)

    city: Mapped[City | None] = relationship()


class NetworkNote(Base):
    """A short text the coordinator keeps about how the network works (the meeting cycle)."""

    __tablename__ = "network_note"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")


class Meeting(TimestampMixin, Base):
    """A meeting of the network: agenda, participants and minutes, and its decisions."""

    __tablename__ = "network_meeting"

    id: Mapped[intpk]
    title: Mapped[str_200]
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    agenda: Mapped[str] = mapped_column(Text, default="", server_default="")
    participants: Mapped[str] = mapped_column(Text, default="", server_default="")  # a line each
    minutes: Mapped[str] = mapped_column(Text, default="", server_default="")

    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", order_by="Decision.id", cascade="all, delete-orphan"
    )


class Decision(TimestampMixin, Base):
    """A decision of a meeting, owned by a town (or a named person) and due by a date. Its
    follow-up shows on the network page until it is done."""

    __tablename__ = "network_decision"
    __table_args__ = (Index("ix_network_decision_done_on", "done_on"),)

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("network_meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"))
    owner_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    due_on: Mapped[date | None]
    follow_up: Mapped[str] = mapped_column(Text, default="", server_default="")
    done_on: Mapped[date | None]

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    owner_city: Mapped[City | None] = relationship()
