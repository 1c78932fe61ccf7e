"""Retention: health reasons are dropped after their time; the absence itself stays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.attendance.rules import HEALTH_CATEGORIES
from flows.model import ActivityKind, AttendanceRecord, Presence, Recurrence, Role
from storage.activities import create_activity
from storage.admin import create_person, create_unit, forget_health_reasons
from storage.store import Store

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


async def test_old_health_reasons_are_forgotten_but_the_absence_remains(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u", "Unit")
        ann = await create_person(session, Role.PARTICIPANT, unit.id, "Ann", "sv", 1, 1)
        act = await create_activity(
            session,
            unit_id=unit.id,
            kind=ActivityKind.WORKSHOP,
            title="CV",
            place="R1",
            coach_id=None,
            starts_on=date(2026, 8, 3),
            start_time=time(9),
            duration_minutes=60,
            recurrence=Recurrence.WEEKLY,
            weekdays=(0,),
            participant_ids=(ann.id,),
        )
        store = Store(session)
        old, new = await store.attendance.add_sessions(
            act.id,
            [
                (datetime(2026, 8, 3, 7, tzinfo=UTC), datetime(2026, 8, 3, 8, tzinfo=UTC)),
                (datetime(2026, 11, 16, 8, tzinfo=UTC), datetime(2026, 11, 16, 9, tzinfo=UTC)),
            ],
        )
        for sess, at in ((old, NOW - timedelta(days=100)), (new, NOW - timedelta(days=7))):
            await store.attendance.record(
                AttendanceRecord(
                    sess.id,
                    ann.id,
                    Presence.NOTIFIED_ABSENCE,
                    at,
                    category="unwell",
                    note="fever",
                )
            )
    async with sessions() as session, session.begin():
        changed = await forget_health_reasons(
            session, NOW - timedelta(days=60), sorted(HEALTH_CATEGORIES)
        )
    assert changed == 1
    async with sessions() as session:
        store = Store(session)
        kept_old = await store.attendance.record_of(old.id, ann.id)
        kept_new = await store.attendance.record_of(new.id, ann.id)
    assert kept_old is not None
    assert kept_old.status is Presence.NOTIFIED_ABSENCE
    assert kept_old.category is None
    assert kept_old.note == ""
    assert kept_new is not None
    assert kept_new.category == "unwell"
