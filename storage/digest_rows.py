"""The summaries' tables: coaches' notes about a participant, and the digest runs made."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class NoteRow(Base):
    """A staff member's note about a participant, kept with the case history."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()


class DigestRunRow(Base):
    """One unit's digests of one kind for one day, made once (a restart does not repeat it)."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("unit_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    made_at: Mapped[datetime] = mapped_column()
