"""The path's tables: one path per participant, action-plan versions, breaks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class PathRow(Base):
    """A participant's path through the programme."""

    __tablename__ = "paths"

    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    started_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    paused_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PlanRow(Base):
    """One version of a participant's action plan; earlier versions stay as they were."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("participant_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    version: Mapped[int] = mapped_column(Integer)
    goal: Mapped[str] = mapped_column(Text)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    commitment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    created_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()
    approved_by: Mapped[str] = mapped_column(Text, default="", server_default="")


class BreakRow(Base):
    """A pause in a participant's path (illness is health data: coach-only)."""

    __tablename__ = "breaks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(Date)
    expected_end: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
