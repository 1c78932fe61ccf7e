"""One contract for the Attendance port: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import (
    Activity,
    ActivityKind,
    AttendanceRecord,
    DisputeStatus,
    Person,
    Presence,
    Recurrence,
    Role,
    Session,
    Unit,
)
from flows.ports import Ports
from storage.activities import create_activity, enroll, set_activity_active
from storage.admin import create_person, create_unit, set_unit_settings
from storage.db import make_engine, session_factory
from storage.models import OutboxMessageRow
from storage.outbox import OutgoingItem
from storage.store import Store
from tests.fakes import FakeDb, fake_ports

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def span(day: int, hour: int = 9, minutes: int = 90) -> tuple[datetime, datetime]:
    """Return a session span `day` days after MONDAY at `hour` (UTC)."""
    start = datetime(2026, 3, 2, hour, 0, tzinfo=UTC) + timedelta(days=day)
    return start, start + timedelta(minutes=minutes)


class FakeBackend:
    unit: Unit

    def __init__(self) -> None:
        self.db = FakeDb()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Ports]:
        yield fake_ports(self.db)

    async def seed_unit(self) -> Unit:
        return self.db.add_unit("u1", "Unit one")

    async def seed_person(self, role: Role, name: str) -> Person:
        return self.db.add_person(role, self.unit.id, name, "sv")

    async def seed_activity(self, **kwargs: Any) -> Activity:
        return self.db.add_activity(**_activity_args(self.unit.id, kwargs))

    async def enroll(self, activity_id: int, participant_ids: Sequence[int]) -> None:
        self.db.enroll(activity_id, participant_ids)

    async def set_activity_active(self, activity_id: int, active: bool) -> None:
        self.db.set_activity_active(activity_id, active)

    async def set_unit_settings(self, settings: Mapping[str, Any]) -> Unit:
        return self.db.set_unit_settings(self.unit.id, settings)


class SqlBackend:
    unit: Unit

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Ports]:
        async with self.sessions() as session, session.begin():
            yield Store(session).ports()

    async def seed_unit(self) -> Unit:
        async with self.sessions() as session, session.begin():
            return await create_unit(session, "u1", "Unit one")

    async def seed_person(self, role: Role, name: str) -> Person:
        async with self.sessions() as session, session.begin():
            return await create_person(session, role, self.unit.id, name, "sv")

    async def seed_activity(self, **kwargs: Any) -> Activity:
        async with self.sessions() as session, session.begin():
            return await create_activity(session, **_activity_args(self.unit.id, kwargs))

    async def enroll(self, activity_id: int, participant_ids: Sequence[int]) -> None:
        async with self.sessions() as session, session.begin():
            await enroll(session, activity_id, participant_ids)

    async def set_activity_active(self, activity_id: int, active: bool) -> None:
        async with self.sessions() as session, session.begin():
            await set_activity_active(session, activity_id, active)

    async def set_unit_settings(self, settings: Mapping[str, Any]) -> Unit:
        async with self.sessions() as session, session.begin():
            return await set_unit_settings(session, self.unit.id, settings)


Backend = FakeBackend | SqlBackend


def _activity_args(unit_id: int, overrides: Mapping[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {
        "unit_id": unit_id,
        "kind": ActivityKind.WORKSHOP,
        "title": "CV workshop",
        "place": "Room 2",
        "coach_id": None,
        "starts_on": MONDAY,
        "start_time": time(10, 0),
        "duration_minutes": 90,
        "recurrence": Recurrence.WEEKLY,
        "weekdays": (0, 2),
    }
    args.update(overrides)
    return args


@pytest_asyncio.fixture(params=["fake", "sqlite", "postgres"], ids=["fake", "sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "fake":
        fake = FakeBackend()
        fake.unit = await fake.seed_unit()
        yield fake
        return
    engine = make_engine(request.getfixturevalue(f"{request.param}_db_url"))
    try:
        sql = SqlBackend(session_factory(engine))
        sql.unit = await sql.seed_unit()
        yield sql
    finally:
        await engine.dispose()


async def _sessions(
    backend: Backend, activity_id: int, *spans: tuple[datetime, datetime]
) -> list[Session]:
    async with backend.transaction() as ports:
        return await ports.attendance.add_sessions(activity_id, spans)


async def _record(
    backend: Backend,
    session_id: int,
    participant_id: int,
    status: Presence,
    *,
    overwrite: bool = True,
    at: datetime = NOW,
    category: str | None = None,
    note: str = "",
) -> AttendanceRecord:
    entry = AttendanceRecord(session_id, participant_id, status, at, category, note)
    async with backend.transaction() as ports:
        return await ports.attendance.record(entry, overwrite=overwrite)


async def test_activity_round_trips_with_its_participants(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Coach")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    omid = await backend.seed_person(Role.PARTICIPANT, "Omid")
    created = await backend.seed_activity(
        kind=ActivityKind.SFI,
        coach_id=coach.id,
        weekdays=(3, 1, 3),
        ends_on=date(2026, 6, 30),
        timezone="Europe/Stockholm",
        skip_holidays=False,
        participant_ids=(omid.id, amal.id),
    )
    async with backend.transaction() as ports:
        stored = await ports.attendance.activity(created.id)
        missing = await ports.attendance.activity(created.id + 1000)
    assert stored == created
    assert missing is None
    assert stored.kind is ActivityKind.SFI
    assert stored.recurrence is Recurrence.WEEKLY
    assert stored.weekdays == (1, 3)
    assert stored.participant_ids == tuple(sorted((amal.id, omid.id)))
    assert (stored.start_time, stored.starts_on, stored.coach_id) == (time(10), MONDAY, coach.id)


async def test_activities_lists_active_ones_that_have_not_ended(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    open_ended = await backend.seed_activity(title="open", participant_ids=(amal.id,))
    ended = await backend.seed_activity(title="ended", ends_on=date(2026, 3, 1))
    ends_today = await backend.seed_activity(title="today", ends_on=date(2026, 3, 10))
    later = await backend.seed_activity(title="later", starts_on=date(2026, 5, 4))
    stopped = await backend.seed_activity(title="stopped")
    await backend.set_activity_active(stopped.id, False)
    async with backend.transaction() as ports:
        listed = await ports.attendance.activities(active_on=date(2026, 3, 10))
        still_readable = await ports.attendance.activity(stopped.id)
    assert [a.id for a in listed] == [open_ended.id, ends_today.id, later.id]
    assert listed[0].participant_ids == (amal.id,)
    assert ended.id not in {a.id for a in listed}
    assert still_readable is not None


async def test_enrolling_twice_keeps_one_enrolment(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    omid = await backend.seed_person(Role.PARTICIPANT, "Omid")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    await backend.enroll(activity.id, [amal.id, omid.id, omid.id])
    await backend.enroll(activity.id, [])
    async with backend.transaction() as ports:
        stored = await ports.attendance.activity(activity.id)
    assert stored is not None
    assert stored.participant_ids == (amal.id, omid.id)


async def test_add_sessions_is_idempotent(backend: Backend) -> None:
    activity = await backend.seed_activity()
    first = await _sessions(backend, activity.id, span(2), span(0), span(0))
    assert [s.starts_at for s in first] == [span(0)[0], span(2)[0]]
    assert all(s.starts_at.tzinfo is not None and not s.cancelled for s in first)
    assert [s.ends_at for s in first] == [span(0)[1], span(2)[1]]
    # The same instant written in another zone is the same session.
    local = tuple(t.astimezone(STOCKHOLM) for t in span(0))
    again = await _sessions(backend, activity.id, (local[0], local[1]), span(2), span(7))
    assert [s.starts_at for s in again] == [span(7)[0]]
    assert await _sessions(backend, activity.id) == []
    other = await backend.seed_activity(title="other")
    assert len(await _sessions(backend, other.id, span(0))) == 1
    async with backend.transaction() as ports:
        everything = await ports.attendance.sessions_between(span(-1)[0], span(30)[0])
        stored = await ports.attendance.session(first[0].id)
        missing = await ports.attendance.session(10_000)
    assert len(everything) == 4
    assert stored == first[0]
    assert missing is None


async def test_concurrent_expansions_create_each_session_once(backend: Backend) -> None:
    activity = await backend.seed_activity()
    spans = [span(day) for day in range(5)]
    results = await asyncio.gather(*(_sessions(backend, activity.id, *spans) for _ in range(4)))
    assert sum(len(created) for created in results) == 5
    async with backend.transaction() as ports:
        stored = await ports.attendance.sessions_between(span(-1)[0], span(9)[0])
    assert [s.starts_at for s in stored] == [start for start, _ in spans]


async def test_sessions_between_is_half_open_and_ordered(backend: Backend) -> None:
    a = await backend.seed_activity(title="a")
    b = await backend.seed_activity(title="b")
    await _sessions(backend, a.id, span(1, hour=13), span(0, hour=9), span(3))
    await _sessions(backend, b.id, span(1, hour=8), span(0, hour=9))
    async with backend.transaction() as ports:
        window = await ports.attendance.sessions_between(span(0)[0], span(3)[0])
    assert [(s.starts_at, s.activity_id) for s in window] == [
        (span(0)[0], a.id),
        (span(0)[0], b.id),
        (span(1, hour=8)[0], b.id),
        (span(1, hour=13)[0], a.id),
    ]


async def test_cancelled_sessions_are_hidden_unless_asked_for(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    monday, wednesday = await _sessions(backend, activity.id, span(0), span(2))
    async with backend.transaction() as ports:
        await ports.attendance.set_session(monday.id, cancelled=True)
    window = (span(-1)[0], span(7)[0])
    async with backend.transaction() as ports:
        visible = await ports.attendance.sessions_between(*window)
        everything = await ports.attendance.sessions_between(*window, include_cancelled=True)
        own = await ports.attendance.sessions_of(amal.id, *window)
        cancelled = await ports.attendance.session(monday.id)
    assert visible == [wednesday]
    assert [s.id for s in everything] == [monday.id, wednesday.id]
    assert own == [wednesday]
    assert cancelled is not None
    assert (cancelled.cancelled, cancelled.closed) == (True, False)


async def test_set_session_changes_only_the_flags_given(backend: Backend) -> None:
    activity = await backend.seed_activity()
    (session,) = await _sessions(backend, activity.id, span(0))
    async with backend.transaction() as ports:
        await ports.attendance.set_session(session.id, closed=True)
        await ports.attendance.set_session(session.id)
    async with backend.transaction() as ports:
        closed = await ports.attendance.session(session.id)
        await ports.attendance.set_session(session.id, cancelled=True, closed=False)
    async with backend.transaction() as ports:
        reopened = await ports.attendance.session(session.id)
    assert closed is not None
    assert (closed.cancelled, closed.closed) == (False, True)
    assert reopened is not None
    assert (reopened.cancelled, reopened.closed) == (True, False)


async def test_sessions_of_lists_only_enrolled_activities(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    omid = await backend.seed_person(Role.PARTICIPANT, "Omid")
    mine = await backend.seed_activity(title="mine", participant_ids=(amal.id,))
    theirs = await backend.seed_activity(title="theirs", participant_ids=(omid.id,))
    later = await backend.seed_activity(title="later")
    (mine_today,) = await _sessions(backend, mine.id, span(0, hour=12))
    await _sessions(backend, theirs.id, span(0, hour=8))
    (later_today,) = await _sessions(backend, later.id, span(0, hour=7))
    await _sessions(backend, mine.id, span(7))
    await backend.enroll(later.id, [amal.id])
    async with backend.transaction() as ports:
        own = await ports.attendance.sessions_of(amal.id, span(0, hour=0)[0], span(1)[0])
        nobody = await ports.attendance.sessions_of(10_000, span(-7)[0], span(30)[0])
    assert own == [later_today, mine_today]
    assert nobody == []


async def test_record_overwrites_by_default(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    omid = await backend.seed_person(Role.PARTICIPANT, "Omid")
    activity = await backend.seed_activity(participant_ids=(amal.id, omid.id))
    (session,) = await _sessions(backend, activity.id, span(0))
    first = await _record(backend, session.id, amal.id, Presence.NOTIFIED_ABSENCE, category="sick")
    later = NOW + timedelta(minutes=5)
    second = await _record(backend, session.id, amal.id, Presence.LATE, at=later, note="bus")
    other = await _record(backend, session.id, omid.id, Presence.PRESENT)
    assert first.category == "sick"
    assert second == AttendanceRecord(session.id, amal.id, Presence.LATE, later, None, "bus")
    async with backend.transaction() as ports:
        stored = await ports.attendance.record_of(session.id, amal.id)
        missing = await ports.attendance.record_of(session.id, 10_000)
        listed = await ports.attendance.records(session.id)
        empty = await ports.attendance.records(session.id + 1000)
    assert stored == second
    assert stored.status is Presence.LATE
    assert missing is None
    assert listed == sorted([second, other], key=lambda r: r.participant_id)
    assert empty == []


async def test_no_show_does_not_overwrite_a_check_in(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    omid = await backend.seed_person(Role.PARTICIPANT, "Omid")
    activity = await backend.seed_activity(participant_ids=(amal.id, omid.id))
    (session,) = await _sessions(backend, activity.id, span(0))
    checked_in = await _record(backend, session.id, amal.id, Presence.PRESENT)
    later = NOW + timedelta(hours=2)
    kept = await _record(
        backend, session.id, amal.id, Presence.UNREPORTED, overwrite=False, at=later
    )
    no_show = await _record(
        backend, session.id, omid.id, Presence.UNREPORTED, overwrite=False, at=later
    )
    assert kept == checked_in
    assert no_show == AttendanceRecord(session.id, omid.id, Presence.UNREPORTED, later)
    async with backend.transaction() as ports:
        stored = await ports.attendance.records(session.id)
    assert {r.participant_id: r.status for r in stored} == {
        amal.id: Presence.PRESENT,
        omid.id: Presence.UNREPORTED,
    }


async def test_check_in_racing_the_no_show_job_wins(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    sessions = await _sessions(backend, activity.id, *(span(day) for day in range(4)))
    for session in sessions:
        await asyncio.gather(
            _record(backend, session.id, amal.id, Presence.UNREPORTED, overwrite=False),
            _record(backend, session.id, amal.id, Presence.PRESENT),
        )
    async with backend.transaction() as ports:
        stored = [await ports.attendance.record_of(s.id, amal.id) for s in sessions]
    assert [r.status if r else None for r in stored] == [Presence.PRESENT] * 4


async def test_long_notes_are_cut_to_the_column_width(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    (session,) = await _sessions(backend, activity.id, span(0))
    record = await _record(backend, session.id, amal.id, Presence.LATE, note="å" * 600)
    async with backend.transaction() as ports:
        dispute = await ports.attendance.open_dispute(session.id, amal.id, "ö" * 700, NOW)
    assert record.note == "å" * 500
    assert dispute.comment == "ö" * 500


async def test_dispute_is_decided_once(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Coach")
    other_coach = await backend.seed_person(Role.COACH, "Other coach")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    (session,) = await _sessions(backend, activity.id, span(0))
    await _record(backend, session.id, amal.id, Presence.UNREPORTED)
    async with backend.transaction() as ports:
        opened = await ports.attendance.open_dispute(session.id, amal.id, "I was there", NOW)
    assert (opened.status, opened.comment, opened.created_at) == (
        DisputeStatus.OPEN,
        "I was there",
        NOW,
    )
    assert (opened.decided_by, opened.decided_at) == (None, None)
    decided_at = NOW + timedelta(hours=1)
    async with backend.transaction() as ports:
        decided = await ports.attendance.decide_dispute(
            opened.id, accepted=True, coach_id=coach.id, now=decided_at
        )
    async with backend.transaction() as ports:
        again = await ports.attendance.decide_dispute(
            opened.id, accepted=False, coach_id=other_coach.id, now=decided_at
        )
        stored = await ports.attendance.dispute(opened.id)
        unknown = await ports.attendance.decide_dispute(
            10_000, accepted=True, coach_id=coach.id, now=decided_at
        )
        missing = await ports.attendance.dispute(10_000)
    assert decided is not None
    assert (decided.status, decided.decided_by, decided.decided_at) == (
        DisputeStatus.ACCEPTED,
        coach.id,
        decided_at,
    )
    assert again is None
    assert stored == decided
    assert (unknown, missing) == (None, None)


async def test_concurrent_decisions_of_one_dispute_let_one_win(backend: Backend) -> None:
    coaches = [await backend.seed_person(Role.COACH, f"Coach {n}") for n in range(4)]
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    activity = await backend.seed_activity(participant_ids=(amal.id,))
    (session,) = await _sessions(backend, activity.id, span(0))
    async with backend.transaction() as ports:
        opened = await ports.attendance.open_dispute(session.id, amal.id, "", NOW)

    async def decide(coach: Person, accepted: bool) -> object:
        async with backend.transaction() as ports:
            return await ports.attendance.decide_dispute(
                opened.id, accepted=accepted, coach_id=coach.id, now=NOW
            )

    results = await asyncio.gather(*(decide(c, n % 2 == 0) for n, c in enumerate(coaches)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    async with backend.transaction() as ports:
        assert await ports.attendance.dispute(opened.id) == winners[0]


async def test_unit_settings_default_to_empty_and_can_be_replaced(backend: Backend) -> None:
    assert backend.unit.settings == {}
    settings = {"reminder_minutes": [1440, 60], "check_in": {"before": 15, "after": 30}}
    updated = await backend.set_unit_settings(settings)
    async with backend.transaction() as ports:
        stored = await ports.people.unit(backend.unit.id)
    assert updated == stored
    assert stored.settings == settings
    replaced = await backend.set_unit_settings({"reminder_minutes": [30]})
    assert replaced.settings == {"reminder_minutes": [30]}


async def test_drop_pending_removes_only_pending_rows_of_the_prefix(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    keys = {
        "rem:s_1:p_7:24h": "pending",
        "rem:s_1:p_8:1h": "pending",
        "rem:s_1:p_9:24h": "sent",
        "rem:s_1:p_10:1h": "sending",
        "rem:sX1:p_7:24h": "pending",  # `_` must not act as a LIKE wildcard
        "rem:s_10:p_7:24h": "pending",
        "REM:s_1:p_7:24h": "pending",  # SQLite's LIKE ignores case; the prefix must not
        "digest:s_1:p_7": "pending",
    }
    async with sessions() as session, session.begin():
        store = Store(session)
        await store.enqueue(
            [OutgoingItem(chat_id=n, text=key, key=key) for n, key in enumerate(keys)], NOW
        )
        for row in (await session.scalars(select(OutboxMessageRow))).all():
            assert row.key is not None
            row.status = keys[row.key]
    async with sessions() as session, session.begin():
        store = Store(session)
        assert await store.drop_pending("rem:s_1:") == 2
        assert await store.drop_pending("rem:s_1:") == 0
        assert await store.drop_pending("rem:s%") == 0
        with pytest.raises(ValueError, match="empty key prefix"):
            await store.drop_pending("")
    async with sessions() as session, session.begin():
        left = set((await session.scalars(select(OutboxMessageRow.key))).all())
    assert left == set(keys) - {"rem:s_1:p_7:24h", "rem:s_1:p_8:1h"}
