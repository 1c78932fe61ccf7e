"""Store: inbox, conversations, outbox enqueue and audit within one transaction."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import Role
from storage.admin import assign_caseload, create_person, create_unit, purge_inbox, unit_by_code
from storage.models import AuditRow, InboxRow, OutboxMessageRow
from storage.outbox import Outbox, OutgoingItem
from storage.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_redelivered_update_is_recorded_only_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        store = Store(session)
        assert await store.record_update(42, NOW) is True
        assert await store.record_update(42, NOW) is False
    async with sessions() as session, session.begin():
        assert await Store(session).record_update(42, NOW) is False
        assert await Store(session).record_update(2**40, NOW) is True


async def test_update_rolled_back_with_its_effects_can_be_processed_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        transaction = await session.begin()
        assert await Store(session).record_update(7, NOW)
        await transaction.rollback()
    async with sessions() as session, session.begin():
        assert await Store(session).record_update(7, NOW)


async def test_purge_inbox_deletes_only_old_records(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        await Store(session).record_update(1, NOW - timedelta(days=10))
        await Store(session).record_update(2, NOW)
        assert await purge_inbox(session, NOW - timedelta(days=1)) == 1
        remaining = (await session.scalars(select(InboxRow.update_id))).all()
    assert remaining == [2]


async def test_new_chat_starts_idle_and_saved_state_persists(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        conversation = await Store(session).conversation(-100123)
        assert (conversation.state, conversation.data) == ("idle", {})
        await Store(session).save_conversation(-100123, "asking", {"step": 2, "x": ["a"]}, None)
    async with sessions() as session, session.begin():
        conversation = await Store(session).conversation(-100123)
    assert conversation.state == "asking"
    assert conversation.data == {"step": 2, "x": ["a"]}


async def test_saving_an_unloaded_conversation_creates_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u1", "Unit")
        person = await create_person(session, Role.PARTICIPANT, unit.id, "P", "sv")
        await Store(session).save_conversation(5, "menu", {}, person.id)
    async with sessions() as session, session.begin():
        assert (await Store(session).conversation(5)).state == "menu"


async def test_concurrent_updates_of_one_chat_are_serialised(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async def bump() -> None:
        async with sessions() as session, session.begin():
            store = Store(session)
            conversation = await store.conversation(9)
            await asyncio.sleep(0.001)
            count = int(conversation.data.get("n", 0)) + 1
            await store.save_conversation(9, "idle", {"n": count}, None)

    await asyncio.gather(*(bump() for _ in range(10)))
    async with sessions() as session, session.begin():
        assert (await Store(session).conversation(9)).data == {"n": 10}


async def test_enqueue_skips_existing_occurrence_keys(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    items = [
        OutgoingItem(chat_id=1, text="a", reply_markup=None, key="remind:1:2026-03-02"),
        OutgoingItem(chat_id=1, text="b", reply_markup={"inline_keyboard": []}),
        OutgoingItem(chat_id=1, text="c", reply_markup=None),
    ]
    async with sessions() as session, session.begin():
        first = await Store(session).enqueue(items, NOW)
    async with sessions() as session, session.begin():
        second = await Store(session).enqueue(items[:1], NOW)
        total = await session.scalar(select(func.count()).select_from(OutboxMessageRow))
    assert len(first) == 3
    assert second == []
    assert total == 3


async def test_enqueue_in_flight_claims_rows_for_the_caller(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    later = NOW + timedelta(hours=1)
    items = [
        OutgoingItem(chat_id=1, text="now", reply_markup=None),
        OutgoingItem(chat_id=2, text="later", reply_markup=None, due_at=later),
    ]
    async with sessions() as session, session.begin():
        ids = await Store(session).enqueue(items, NOW, in_flight_lease=30)
        rows = (
            await session.scalars(select(OutboxMessageRow).order_by(OutboxMessageRow.id))
        ).all()
    assert [row.id for row in rows] == ids
    assert {row.status for row in rows} == {"sending"}
    assert rows[0].lease_until == NOW + timedelta(seconds=30)
    assert rows[1].due_at == later


async def test_audit_entries_are_stored_with_detail(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u1", "Unit")
        coach = await create_person(session, Role.COACH, unit.id, "C", "sv")
        participant = await create_person(session, Role.PARTICIPANT, unit.id, "P", "sv")
        await Store(session).audit(coach.id, participant.id, "read_profile", {"why": "check"})
    async with sessions() as session:
        row = await session.scalar(select(AuditRow))
    assert row is not None
    assert (row.actor_id, row.subject_id, row.action) == (coach.id, participant.id, "read_profile")
    assert row.detail == {"why": "check"}


async def test_reassigning_a_participant_ends_the_previous_caseload(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u1", "Unit", languages=("sv", "ar"))
        first = await create_person(session, Role.COACH, unit.id, "C1", "sv")
        second = await create_person(session, Role.COACH, unit.id, "C2", "sv")
        participant = await create_person(session, Role.PARTICIPANT, unit.id, "P", "ar")
        await assign_caseload(session, first.id, participant.id, NOW)
        await assign_caseload(session, second.id, participant.id, NOW + timedelta(days=1))
        coach = await Store(session).people.coach_of(participant.id)
        found = await unit_by_code(session, "u1")
    assert coach == second
    assert found == unit
    assert unit.languages == ("sv", "ar")


async def test_enqueued_rows_match_what_a_claim_would_return(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    item = OutgoingItem(
        chat_id=4,
        text="file",
        reply_markup=None,
        key="export:4",
        attachment_name="export.json",
        attachment=b"{}",
        attachment_mime="application/json",
    )
    async with sessions() as session, session.begin():
        (row,) = await Store(session).enqueue_rows([item], NOW, in_flight_lease=30)
        assert await Store(session).enqueue_rows([item], NOW) == []
    (claimed,) = await Outbox(sessions).claim_due(
        NOW + timedelta(seconds=31), limit=1, lease_seconds=30
    )
    assert row == dataclasses.replace(claimed, attempts=1, lease_until=NOW + timedelta(seconds=30))


async def test_a_language_change_drops_planned_reminders_but_not_held_alerts_or_digests(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    later = NOW + timedelta(hours=9)
    items = [
        OutgoingItem(chat_id=5, text="Påminnelse", key="remind:1", due_at=later),
        OutgoingItem(chat_id=5, text="Oro", key="fu:1:worry", due_at=later, gather=True),
        OutgoingItem(chat_id=5, text="God morgon", key="digest:daily:1:2026-03-03", due_at=later),
        OutgoingItem(chat_id=6, text="Påminnelse", key="remind:2", due_at=later),
    ]
    async with sessions() as session, session.begin():
        await Store(session).enqueue_rows(items, NOW)
    async with sessions() as session, session.begin():
        assert await Store(session).drop_planned(5, NOW) == 1
    async with sessions() as session:
        keys = set((await session.scalars(select(OutboxMessageRow.key))).all())
    assert keys == {"fu:1:worry", "digest:daily:1:2026-03-03", "remind:2"}
