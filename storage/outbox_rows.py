"""The outbox table: messages to send, each claimed with a lease and marked sent once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class OutboxMessageRow(Base):
    """A durable outgoing message: pending, sending (leased), sent or failed."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        # Alerts sent together: a press on one of them finds the others' buttons.
        Index(
            "ix_outbox_gathered",
            "chat_id",
            "telegram_message_id",
            sqlite_where=text("gather"),
            postgresql_where=text("gather"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    parse_mode: Mapped[str | None] = mapped_column(String(16), default="HTML")
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    attachment_mime: Mapped[str | None] = mapped_column(String(100))
    # A file already on Telegram, sent again by its id: "photo" or "document".
    file_kind: Mapped[str | None] = mapped_column(String(16))
    file_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # Who holds the lease: only that sender may mark the row sent.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    # "secret" (invite links): text removed once sent; "health": removed after the health
    # retention; otherwise after the outbox retention.
    retention: Mapped[str | None] = mapped_column(String(16))
    # A document drawn at sending (a coach's week, a unit's report), as its description.
    sheet: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # An alert: alerts that wait for the same chat together go as one message.
    gather: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    due_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
