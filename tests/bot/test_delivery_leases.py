"""Owned leases: only the owner marks a row; a long 429 never lets a second sender take it;
rows still queued at a stop are handed back; a flooded chat never holds up the others."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.emulator import Fault
from storage.outbox import Outbox, OutgoingItem
from storage.store import Store
from tests.bot.test_delivery import CHAT, Rig, open_rig, sendmessage_statuses


def real_clock() -> datetime:
    return datetime.now(UTC)


async def enqueue(rig: Rig, owner: str, *texts: str, chat_id: int = CHAT) -> list[int]:
    async with rig.sessions() as session, session.begin():
        rows = await Store(session).enqueue_rows(
            [OutgoingItem(chat_id=chat_id, text=t) for t in texts],
            real_clock(),
            in_flight_lease=0.6,
            owner=owner,
        )
    return [row.id for row in rows]


async def test_only_the_owner_of_a_lease_marks_the_row_sent(sqlite_db_url: str) -> None:
    async with open_rig(sqlite_db_url) as rig:
        [row_id] = await enqueue(rig, rig.outbox.owner, "Hej")
        stranger = Outbox(rig.sessions, owner="another-instance")
        await stranger.mark_sent([(row_id, 99)], real_clock())
        await stranger.mark_failed(row_id, "not mine", real_clock())
        stored = await rig.outbox.get(row_id)
        assert stored is not None
        assert stored.status == "sending"
        await rig.outbox.mark_sent([(row_id, 7)], real_clock())
        stored = await rig.outbox.get(row_id)
        assert stored is not None
        assert (stored.status, stored.telegram_message_id) == ("sent", 7)


async def test_a_429_longer_than_the_lease_still_sends_the_message_once(
    sqlite_db_url: str,
) -> None:
    async with open_rig(sqlite_db_url) as rig:
        rig.emu.inject(Fault(method="sendMessage", kind="429", retry_after=2))
        sender = rig.sender(lease_seconds=0.6, clock=real_clock)
        [row_id] = await enqueue(rig, rig.outbox.owner, "Hej Amina")
        [row] = [r for r in [await rig.outbox.get(row_id)] if r is not None]
        user = rig.emu.user(CHAT)
        delivery = asyncio.create_task(sender.deliver([row]))
        # A second instance sweeps for expired leases while the first waits out the 429.
        other = Outbox(rig.sessions, owner="another-instance")
        taken = []
        while not delivery.done():
            taken += await other.claim_due(real_clock(), 10, 30.0)
            await asyncio.sleep(0.1)
        await sender.close()
        assert taken == [], "the waiting row kept its lease"
        assert sendmessage_statuses(rig.emu, CHAT) == [429, 200]
        assert [m["text"] for m in user.drain()] == ["Hej Amina"]
        stored = await rig.outbox.get(row_id)
        assert stored is not None
        assert stored.status == "sent"


async def test_rows_still_queued_at_a_stop_are_handed_back_at_once(sqlite_db_url: str) -> None:
    async with open_rig(sqlite_db_url) as rig:
        sender = rig.sender(per_chat_interval=30.0, clock=real_clock)
        ids = await enqueue(rig, rig.outbox.owner, "one", "two", "three")
        rows = [r for r in [await rig.outbox.get(i) for i in ids] if r is not None]
        sender.submit(rows, interactive=False)
        await rig.emu.user(CHAT).next_message()
        await sender.close(grace=0.2)
        states = [(await rig.outbox.get(i)) for i in ids]
        assert [s.status for s in states if s is not None] == ["sent", "pending", "pending"]
        again = await Outbox(rig.sessions, owner="after-restart").claim_due(real_clock(), 10, 30)
        assert [r.text for r in again] == ["two", "three"]


async def test_a_flooded_chat_never_holds_up_the_others(sqlite_db_url: str) -> None:
    flooder, others = 1000, list(range(2001, 2021))
    async with open_rig(sqlite_db_url) as rig:
        for chat in [flooder, *others]:
            rig.emu.user(chat, first_name=f"U{chat}")
        sender = rig.sender(per_chat_interval=0.05, clock=real_clock)
        flood = await enqueue(
            rig, rig.outbox.owner, *[f"f{i}" for i in range(300)], chat_id=flooder
        )
        loaded = [await rig.outbox.get(i) for i in flood]
        sender.submit([r for r in loaded if r is not None], interactive=True)
        waiting = []
        for chat in others:
            ids = await enqueue(
                rig, rig.outbox.owner, *[f"{chat}-{i}" for i in range(5)], chat_id=chat
            )
            rows = [await rig.outbox.get(i) for i in ids]
            waiting += sender.submit([r for r in rows if r is not None], interactive=True)
        await asyncio.gather(*waiting)
        arrived = [c for c in rig.emu.calls if c.method == "sendMessage" and c.status == 200]
        flood_sent = [c for c in arrived if c.params.get("chat_id") in (flooder, str(flooder))]
        assert len(flood_sent) < 100, "every other chat was answered before the 100th flood reply"
        await sender.close()
