"""The inbox: every update is stored before Telegram hears it arrived, then processed once.

`accept` stores fetched updates (with their payload) in one short transaction; the intake
processes pending rows from here, at most one per chat at a time; `Store.record_updates`
marks them done in the same transaction as their effects and drops the payload.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import InboxRow
from storage.sql import insert_ignoring_conflicts, rowcount

_inbox = cast(Table, InboxRow.__table__)


class Inbox:
    """Pending updates, worked in short transactions of their own."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def accept(
        self, updates: Sequence[tuple[int, int, dict[str, Any]]], now: datetime
    ) -> int:
        """Store (update_id, chat_id, payload) rows not seen before; return how many were new."""
        if not updates:
            return 0
        async with self._sessionmaker() as session, session.begin():
            stmt = insert_ignoring_conflicts(session, InboxRow, "update_id")
            conn = await session.connection()
            result = await conn.execute(
                stmt,
                [
                    {"update_id": u, "chat_id": c, "payload": p, "received_at": now}
                    for u, c, p in updates
                ],
            )
        return rowcount(result)

    async def pending(
        self, limit: int, busy: Collection[int] = ()
    ) -> list[tuple[int, int, dict[str, Any]]]:
        """Return up to `limit` pending (update_id, chat_id, payload), oldest first, skipping
        chats in `busy`."""
        query = (
            select(_inbox.c.update_id, _inbox.c.chat_id, _inbox.c.payload)
            .where(_inbox.c.done_at.is_(None))
            .order_by(_inbox.c.received_at, _inbox.c.update_id)
            .limit(limit)
        )
        if busy:
            query = query.where(_inbox.c.chat_id.not_in(list(busy)))
        async with self._sessionmaker() as session:
            rows = (await session.execute(query)).all()
        return [(r.update_id, int(r.chat_id or 0), dict(r.payload or {})) for r in rows]

    async def count_pending(self) -> int:
        """Count updates stored but not processed yet."""
        async with self._sessionmaker() as session:
            found = await session.scalar(
                select(func.count()).select_from(_inbox).where(_inbox.c.done_at.is_(None))
            )
        return int(found or 0)
