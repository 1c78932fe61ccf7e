"""The outbox: messages to send, claimed with a lease, marked sent one by one."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import (
    OutboxMessageRow,
)
from storage.sql import rowcount

log = logging.getLogger(__name__)
_ERROR_LIMIT = 500


@dataclass(frozen=True)
class OutgoingItem:
    """A message to put in the outbox."""

    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = "HTML"
    key: str | None = None
    person_id: int | None = None
    due_at: datetime | None = None
    attachment_name: str | None = None
    attachment: bytes | None = None
    attachment_mime: str | None = None
    file_kind: str | None = None
    file_id: str | None = None
    expires_at: datetime | None = None
    retention: str | None = None
    # An alert: alerts waiting for the same chat together go out as one message.
    gather: bool = False
    # A document to draw at sending (its description); `attachment_name` is its file name.
    sheet: dict[str, Any] | None = None


@dataclass(frozen=True)
class OutboxRow:
    """An outbox message as the sender needs it."""

    id: int
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    parse_mode: str | None
    key: str | None
    person_id: int | None
    status: str
    due_at: datetime
    lease_until: datetime | None
    attempts: int
    attachment_name: str | None = None
    attachment: bytes | None = None
    attachment_mime: str | None = None
    file_kind: str | None = None
    file_id: str | None = None
    telegram_message_id: int | None = None
    last_error: str | None = None
    gather: bool = False
    sheet: dict[str, Any] | None = None


def to_outbox_row(row: OutboxMessageRow) -> OutboxRow:
    """Convert an outbox ORM row to the record the sender uses."""
    return OutboxRow(
        id=row.id,
        chat_id=row.chat_id,
        text=row.text,
        reply_markup=row.reply_markup,
        parse_mode=row.parse_mode,
        key=row.key,
        person_id=row.person_id,
        status=row.status,
        due_at=row.due_at,
        lease_until=row.lease_until,
        attempts=row.attempts,
        attachment_name=row.attachment_name,
        attachment=row.attachment,
        attachment_mime=row.attachment_mime,
        file_kind=row.file_kind,
        file_id=row.file_id,
        telegram_message_id=row.telegram_message_id,
        last_error=row.last_error,
        gather=row.gather,
        sheet=row.sheet,
    )


def new_owner() -> str:
    """Return a lease owner name unique to this process (host, pid, random)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(4)}"


class Outbox:
    """The durable outbox, worked in its own short transactions.

    Every lease names its `owner`; only the owner marks a row sent, failed or retried, so a
    row reclaimed by someone else after its lease ran out is never marked twice.
    """

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], owner: str | None = None
    ) -> None:
        self._sessionmaker = sessionmaker
        self.owner = owner or new_owner()

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float) -> list[OutboxRow]:
        """Lease up to `limit` due rows (and rows whose lease expired) and return them."""
        async with self._sessionmaker() as session, session.begin():
            # A message past its expiry (a reminder once the session began) is never sent.
            await session.execute(
                update(OutboxMessageRow)
                .where(
                    OutboxMessageRow.status.in_(("pending", "sending")),
                    OutboxMessageRow.expires_at <= now,
                )
                .values(status="expired", lease_until=None)
                .execution_options(synchronize_session=False)
            )
            due = or_(
                and_(OutboxMessageRow.status == "pending", OutboxMessageRow.due_at <= now),
                and_(OutboxMessageRow.status == "sending", OutboxMessageRow.lease_until <= now),
            )
            ids = list(
                (
                    await session.scalars(
                        select(OutboxMessageRow.id)
                        .where(due)
                        .order_by(OutboxMessageRow.due_at, OutboxMessageRow.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            if not ids:
                return []
            await session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id.in_(ids))
                .values(
                    status="sending",
                    lease_until=now + timedelta(seconds=lease_seconds),
                    lease_owner=self.owner,
                    attempts=OutboxMessageRow.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            rows = (
                await session.scalars(
                    select(OutboxMessageRow)
                    .where(OutboxMessageRow.id.in_(ids))
                    .order_by(OutboxMessageRow.due_at, OutboxMessageRow.id)
                    .execution_options(populate_existing=True)
                )
            ).all()
            return [to_outbox_row(row) for row in rows]

    def _mine(self, *row_ids: int) -> Any:
        return and_(
            OutboxMessageRow.id.in_(row_ids),
            OutboxMessageRow.lease_owner == self.owner,
            OutboxMessageRow.status == "sending",
        )

    async def mark_sent(
        self, ids_and_message_ids: Sequence[tuple[int, int]], now: datetime
    ) -> None:
        """Mark rows sent with their Telegram message ids (only rows this owner holds)."""
        if not ids_and_message_ids:
            return
        table = cast(Table, OutboxMessageRow.__table__)
        stmt = (
            update(table)
            .where(
                table.c.id == bindparam("row_id"),
                table.c.lease_owner == self.owner,
                table.c.status == "sending",
            )
            .values(
                status="sent",
                telegram_message_id=bindparam("message_id"),
                sent_at=now,
                lease_until=None,
            )
        )
        async with self._sessionmaker() as session, session.begin():
            conn = await session.connection()
            result = await conn.execute(
                stmt, [{"row_id": r, "message_id": m} for r, m in ids_and_message_ids]
            )
            # An invite link is a secret: once Telegram has it, the outbox keeps no copy.
            await conn.execute(
                update(table)
                .where(
                    table.c.id.in_([r for r, _ in ids_and_message_ids]),
                    table.c.retention == "secret",
                    table.c.status == "sent",
                )
                .values(text="", reply_markup=None, attachment=None)
            )
        marked = rowcount(result)
        if marked != len(ids_and_message_ids):
            log.warning(
                "outbox: %s of %s sent rows were no longer ours to mark",
                len(ids_and_message_ids) - marked,
                len(ids_and_message_ids),
            )

    async def retry_later(self, row_id: int, at: datetime, error: str) -> None:
        """Put a row back to pending, due at `at`, recording the error."""
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow)
                .where(self._mine(row_id))
                .values(
                    status="pending",
                    due_at=at,
                    lease_until=None,
                    lease_owner=None,
                    last_error=error[:_ERROR_LIMIT],
                )
            )

    async def mark_failed(self, row_id: int, error: str, now: datetime) -> None:
        """Give up on a row, recording the error."""
        log.warning("outbox row %s failed at %s: %s", row_id, now.isoformat(), error)
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow)
                .where(self._mine(row_id))
                .values(status="failed", lease_until=None, last_error=error[:_ERROR_LIMIT])
            )

    async def extend_leases(self, now: datetime, lease_seconds: float) -> int:
        """Renew the lease of every row this owner holds; return how many."""
        async with self._sessionmaker() as session, session.begin():
            result = await session.execute(
                update(OutboxMessageRow)
                .where(
                    OutboxMessageRow.lease_owner == self.owner,
                    OutboxMessageRow.status == "sending",
                )
                .values(lease_until=now + timedelta(seconds=lease_seconds))
                .execution_options(synchronize_session=False)
            )
        return rowcount(result)

    async def release(self, row_ids: Sequence[int]) -> None:
        """Hand rows this owner holds back as pending (at shutdown), due at once."""
        if not row_ids:
            return
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow)
                .where(self._mine(*row_ids))
                .values(status="pending", lease_until=None, lease_owner=None)
                .execution_options(synchronize_session=False)
            )

    async def next_due_at(self) -> datetime | None:
        """Return when the next row becomes due (pending) or its lease expires (sending)."""
        async with self._sessionmaker() as session, session.begin():
            pending = await session.scalar(
                select(func.min(OutboxMessageRow.due_at)).where(
                    OutboxMessageRow.status == "pending"
                )
            )
            leased = await session.scalar(
                select(func.min(OutboxMessageRow.lease_until)).where(
                    OutboxMessageRow.status == "sending"
                )
            )
        times = [t for t in (pending, leased) if t is not None]
        return min(times) if times else None

    async def pending_count(self) -> int:
        """Count rows not yet sent or failed (pending or sending)."""
        async with self._sessionmaker() as session, session.begin():
            count = await session.scalar(
                select(func.count())
                .select_from(OutboxMessageRow)
                .where(OutboxMessageRow.status.in_(("pending", "sending")))
            )
        return int(count or 0)

    async def get(self, row_id: int) -> OutboxRow | None:
        """Return one outbox row by id."""
        async with self._sessionmaker() as session, session.begin():
            row = await session.get(OutboxMessageRow, row_id)
            return None if row is None else to_outbox_row(row)
