"""Outbox: leased claims, delivery bookkeeping and crash recovery."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.outbox import Outbox, OutgoingItem
from storage.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _enqueue(
    sessions: async_sessionmaker[AsyncSession], *items: OutgoingItem, **kwargs: float
) -> list[int]:
    async with sessions() as session, session.begin():
        return await Store(session).enqueue(items, NOW, **kwargs)


def _item(n: int, due_at: datetime | None = None) -> OutgoingItem:
    return OutgoingItem(chat_id=n, text=f"message {n}", reply_markup=None, due_at=due_at)


async def test_claim_returns_due_rows_once_and_leaves_future_rows(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    attachment = OutgoingItem(
        chat_id=3,
        text="plan",
        reply_markup={"inline_keyboard": [[{"text": "ok", "callback_data": "v1:ok"}]]},
        attachment_name="plan.pdf",
        attachment=b"%PDF",
        attachment_mime="application/pdf",
        key="plan:3",
    )
    due, future, with_file = await _enqueue(
        sessions, _item(1), _item(2, NOW + timedelta(minutes=5)), attachment
    )
    outbox = Outbox(sessions)
    claimed = await outbox.claim_due(NOW, limit=10, lease_seconds=60)
    assert [row.id for row in claimed] == [due, with_file]
    assert all(row.status == "sending" and row.attempts == 1 for row in claimed)
    assert claimed[1].attachment == b"%PDF"
    assert claimed[1].reply_markup == attachment.reply_markup
    assert claimed[1].key == "plan:3"
    assert await outbox.claim_due(NOW, limit=10, lease_seconds=60) == []
    # The earliest event is the lease of the claimed rows running out.
    assert await outbox.next_due_at() == NOW + timedelta(seconds=60)
    assert future not in [row.id for row in claimed]


async def test_claim_respects_the_limit(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _enqueue(sessions, *(_item(n) for n in range(5)))
    outbox = Outbox(sessions)
    assert len(await outbox.claim_due(NOW, limit=2, lease_seconds=60)) == 2
    assert len(await outbox.claim_due(NOW, limit=10, lease_seconds=60)) == 3


async def test_message_whose_sender_crashed_is_reclaimed_after_the_lease(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    (row_id,) = await _enqueue(sessions, _item(1), in_flight_lease=30)
    outbox = Outbox(sessions)
    assert await outbox.claim_due(NOW, limit=10, lease_seconds=60) == []
    assert await outbox.next_due_at() == NOW + timedelta(seconds=30)
    reclaimed = await outbox.claim_due(NOW + timedelta(seconds=31), limit=10, lease_seconds=60)
    assert [(row.id, row.attempts) for row in reclaimed] == [(row_id, 2)]


async def test_sent_messages_are_not_claimed_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    first, second = await _enqueue(sessions, _item(1), _item(2))
    outbox = Outbox(sessions)
    await outbox.claim_due(NOW, limit=10, lease_seconds=60)
    await outbox.mark_sent([(first, 1001), (second, 1002)], NOW)
    later = NOW + timedelta(hours=1)
    assert await outbox.claim_due(later, limit=10, lease_seconds=60) == []
    assert await outbox.pending_count() == 0
    assert await outbox.next_due_at() is None
    row = await outbox.get(second)
    assert row is not None
    assert (row.status, row.telegram_message_id) == ("sent", 1002)


async def test_retried_message_waits_until_its_new_due_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    (row_id,) = await _enqueue(sessions, _item(1))
    outbox = Outbox(sessions)
    await outbox.claim_due(NOW, limit=10, lease_seconds=60)
    retry_at = NOW + timedelta(seconds=20)
    await outbox.retry_later(row_id, retry_at, "429 retry_after=20")
    assert await outbox.claim_due(NOW + timedelta(seconds=10), limit=10, lease_seconds=60) == []
    assert await outbox.next_due_at() == retry_at
    assert await outbox.pending_count() == 1
    (row,) = await outbox.claim_due(retry_at, limit=10, lease_seconds=60)
    assert (row.attempts, row.last_error) == (2, "429 retry_after=20")


async def test_failed_message_is_never_claimed(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    (row_id,) = await _enqueue(sessions, _item(1))
    outbox = Outbox(sessions)
    await outbox.claim_due(NOW, limit=10, lease_seconds=60)
    await outbox.mark_failed(row_id, "403 bot was blocked by the user" * 50, NOW)
    assert await outbox.claim_due(NOW + timedelta(days=1), limit=10, lease_seconds=1) == []
    row = await outbox.get(row_id)
    assert row is not None
    assert row.status == "failed"
    assert row.last_error is not None
    assert len(row.last_error) == 500


async def test_concurrent_dispatchers_never_claim_the_same_row(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _enqueue(sessions, *(_item(n) for n in range(30)))
    outbox = Outbox(sessions)
    batches = await asyncio.gather(
        *(outbox.claim_due(NOW, limit=4, lease_seconds=60) for _ in range(10))
    )
    claimed = [row.id for batch in batches for row in batch]
    assert len(claimed) == len(set(claimed)) == 30
