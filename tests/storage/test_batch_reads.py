"""The batched hot-path queries used by group commit, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import Role
from storage.admin import create_person, create_unit
from storage.outbox import OutgoingItem
from storage.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_batch_of_updates_reports_only_new_ids(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        assert await Store(session).record_updates([1, 2], NOW) == {1, 2}
    async with sessions() as session, session.begin():
        assert await Store(session).record_updates([2, 3, 4], NOW) == {3, 4}


async def test_batch_lookup_finds_bound_people_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u", "Unit")
        ann = await create_person(session, Role.PARTICIPANT, unit.id, "Ann", "sv", 11, 11)
        await create_person(session, Role.COACH, unit.id, "Bo", "en", 12, 12)
    async with sessions() as session:
        found = await Store(session).people.by_telegram_users([11, 12, 99])
    assert set(found) == {11, 12}
    assert found[11] == ann


async def test_batch_conversations_are_created_when_missing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        store = Store(session)
        await store.save_conversation(7, "choose_language", {"a": 1}, None)
    async with sessions() as session, session.begin():
        convos = await Store(session).conversations([7, 8])
    assert convos[7].state == "choose_language"
    assert convos[7].data == {"a": 1}
    assert convos[8].state == "idle"


async def test_batch_enqueue_returns_rows_in_item_order_and_skips_known_keys(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    items = [
        OutgoingItem(chat_id=1, text="one"),
        OutgoingItem(chat_id=2, text="two", key="reminder:2"),
        OutgoingItem(chat_id=3, text="three"),
        OutgoingItem(chat_id=1, text="four"),
    ]
    async with sessions() as session, session.begin():
        rows = await Store(session).enqueue_rows(items, NOW, in_flight_lease=60)
    assert [r.text for r in rows] == ["one", "two", "three", "four"]
    assert len({r.id for r in rows}) == 4
    async with sessions() as session, session.begin():
        again = await Store(session).enqueue_rows(items[1:3], NOW)
    assert [r.text for r in again] == ["three"]
