"""Outbox retention and the pending inbox: what goes when, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.admin import purge_inbox, purge_outbox
from storage.inbox import Inbox
from storage.outbox import Outbox, OutgoingItem
from storage.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
KEEP, HEALTH = timedelta(days=30), timedelta(days=14)


async def test_sent_messages_go_after_their_retention_and_pending_ones_stay(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    outbox = Outbox(sessions, owner="me")
    items = [
        OutgoingItem(chat_id=1, text="ordinary"),
        OutgoingItem(chat_id=2, text="health", retention="health"),
        OutgoingItem(chat_id=3, text="https://t.me/bot?start=SECRET", retention="secret"),
    ]
    async with sessions() as session, session.begin():
        sent = await Store(session).enqueue_rows(items, NOW, in_flight_lease=60, owner="me")
        [waiting] = await Store(session).enqueue_rows(
            [OutgoingItem(chat_id=4, text="later", due_at=NOW + timedelta(days=90))], NOW
        )
    await outbox.mark_sent([(row.id, 100 + row.id) for row in sent], NOW)
    secret = await outbox.get(sent[2].id)
    assert secret is not None
    assert secret.text == "", "an invite link is forgotten once sent"

    async def texts_after(days: int) -> dict[int, str]:
        async with sessions() as session, session.begin():
            await purge_outbox(session, NOW + timedelta(days=days), KEEP, HEALTH)
        rows = [await outbox.get(r.id) for r in [*sent, waiting]]
        return {r.chat_id: r.text for r in rows if r is not None}

    assert await texts_after(13) == {1: "ordinary", 2: "health", 3: "", 4: "later"}
    assert await texts_after(15) == {1: "ordinary", 3: "", 4: "later"}
    assert await texts_after(31) == {4: "later"}


async def test_waiting_updates_are_never_purged_however_old(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(sessions)
    await inbox.accept([(1, 10, {"update_id": 1}), (2, 11, {"update_id": 2})], NOW)
    async with sessions() as session, session.begin():
        assert await Store(session).record_updates([1], NOW) == {1}
        assert await Store(session).record_updates([1, 3], NOW) == {3}
    async with sessions() as session, session.begin():
        assert await purge_inbox(session, NOW + timedelta(days=30)) == 2
    assert [u for u, _, _ in await inbox.pending(10)] == [2]
    assert await inbox.count_pending() == 1
