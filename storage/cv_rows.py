"""The CV's tables: a participant's CVs as JSON, and coaches' comments on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class CvRow(Base):
    """A participant's CV (the master, or a copy for one job) as JSON, as they entered it."""

    __tablename__ = "cvs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # Empty for the master CV; the job or employer a copy is made for.
    label: Mapped[str] = mapped_column(Text, default="", server_default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Where the guided conversation stopped (section, question, the entry being written).
    walk: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class CvCommentRow(Base):
    """A coach's comment on a section of a CV, and the participant's answer."""

    __tablename__ = "cv_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cv_id: Mapped[int] = mapped_column(ForeignKey("cvs.id"), index=True)
    section: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_at: Mapped[datetime | None] = mapped_column()
