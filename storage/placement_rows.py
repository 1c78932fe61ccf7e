"""The placements' tables: placements, their follow-ups and answers, and exits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class PlacementRow(Base):
    """A participant at a workplace: its employer contact, its coach, its kind and dates."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # None until the employer contact redeems the invite made for them.
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    workplace: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    subsidy: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    hired_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(32), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column()


class FollowUpRow(Base):
    """One planned follow-up; its key is stable, so planning again never plans it twice."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("participant_id", "key"),
        Index("ix_follow_ups_state_due_on", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"))
    key: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    competence: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16))
    asked_at: Mapped[datetime | None] = mapped_column()
    reminded_at: Mapped[datetime | None] = mapped_column()
    alerted_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class FollowUpReplyRow(Base):
    """One side's answer to one question of a follow-up (the latest counts)."""

    __tablename__ = "follow_up_replies"
    __table_args__ = (UniqueConstraint("follow_up_id", "side", "question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"))
    side: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    at: Mapped[datetime] = mapped_column()


class ExitRow(Base):
    """A participant's exit from the programme, with the fixed codes."""

    __tablename__ = "exits"

    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32))
    exited_on: Mapped[date] = mapped_column(Date)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
