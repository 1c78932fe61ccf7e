"""The recruitment tables: workplaces, their contact persons, assignments, presentations and
the contact log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class WorkplaceRow(Base):
    """An employer's workplace and the coach responsible for it."""

    __tablename__ = "workplaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    org_number: Mapped[str] = mapped_column(String(11))
    address: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(String(16))
    size: Mapped[str] = mapped_column(String(16))
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column()


class WorkplaceContactRow(Base):
    """A contact person of a workplace: a person using the bot, or invited (bound on joining)."""

    __tablename__ = "workplace_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int] = mapped_column(ForeignKey("workplaces.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id"), index=True)


class AssignmentRow(Base):
    """A need an employer stated, with the time of each status."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int] = mapped_column(ForeignKey("workplaces.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    occupation: Mapped[str] = mapped_column(Text)
    headcount: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(String(16))
    must_haves: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16))
    presented_at: Mapped[datetime | None] = mapped_column()
    interviewing_at: Mapped[datetime | None] = mapped_column()
    filled_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()


class PresentationRow(Base):
    """One candidate for one assignment, from the consent question to the employer's answer."""

    __tablename__ = "presentations"
    __table_args__ = (UniqueConstraint("assignment_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    cv_id: Mapped[int] = mapped_column(ForeignKey("cvs.id"))
    asked_at: Mapped[datetime] = mapped_column()
    state: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column()
    verdict_at: Mapped[datetime | None] = mapped_column()
    interview_at: Mapped[datetime | None] = mapped_column()
    interview_ok: Mapped[bool | None] = mapped_column(Boolean)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"))


class ContactLogRow(Base):
    """One contact with an employer, by channel; `day` makes a chat count once a day."""

    __tablename__ = "contact_log"
    __table_args__ = (Index("ix_contact_log_workplace_at", "workplace_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int] = mapped_column(ForeignKey("workplaces.id"))
    channel: Mapped[str] = mapped_column(String(8))
    by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column()
    # "YYYY-MM-DD:workplace:person" for a chat contact (unique: once a day per person), else None.
    chat_day: Mapped[str | None] = mapped_column(String(48), unique=True)
