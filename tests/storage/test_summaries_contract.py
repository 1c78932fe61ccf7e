"""One contract for the Summaries port: the fake, SQLite and PostgreSQL read a seeded week
alike (and as counted by hand), hand-overs move what must follow the participant, and a
snapshot costs the same number of statements for 5 participants or 50."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.digests.facts import weekly
from flows.model import (
    OPEN,
    AttendanceRecord,
    Presence,
    ReportKind,
    Role,
    Task,
    TaskState,
    TaskStep,
)
from flows.placement_model import Exit
from storage.admin import assign_caseload, create_person, create_unit
from storage.db import make_engine, session_factory
from storage.store import Store
from tests.storage.test_attendance_contract import Backend, FakeBackend, backend

__all__ = ["backend"]
# Monday 2 March 2026 in Stockholm (UTC+1).
FIRST = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
LAST = FIRST + timedelta(days=7)
SEEDED = FIRST - timedelta(days=30)


async def assign(backend: Backend, coach: int, participant: int) -> None:
    if isinstance(backend, FakeBackend):
        backend.db.assign_caseload(coach, participant, SEEDED)
        return
    async with backend.sessions() as session, session.begin():
        await assign_caseload(session, coach, participant, SEEDED)


def task(participant: int, coach: int, due: date, state: TaskState, reported: datetime | None):  # type: ignore[no-untyped-def]
    return Task(
        0,
        participant,
        coach,
        None,
        TaskStep.OTHER,
        "Ring tre arbetsgivare",
        "",
        "sv",
        2.0,
        ReportKind.DONE,
        due,
        state,
        SEEDED,
        reported_at=reported,
    )


async def seed(backend: Backend) -> dict[str, int]:
    karin = await backend.seed_person(Role.COACH, "Karin")
    olle = await backend.seed_person(Role.COACH, "Olle")
    ids = {"karin": karin.id, "olle": olle.id}
    for name, coach in [("Amal", karin), ("Bilal", karin), ("Cecilia", olle), ("Dan", karin)]:
        person = await backend.seed_person(Role.PARTICIPANT, name)
        await assign(backend, coach.id, person.id)
        ids[name.lower()] = person.id
    erik = await backend.seed_person(Role.PARTICIPANT, "Erik")
    await assign(backend, karin.id, erik.id)
    ids["erik"] = erik.id
    activity = await backend.seed_activity(coach_id=karin.id)
    await backend.enroll(activity.id, [ids["amal"], ids["bilal"], ids["cecilia"]])
    starts = [FIRST + timedelta(days=d, hours=10) for d in (-7, 0, 2, 7)]
    async with backend.transaction() as ports:
        made = await ports.attendance.add_sessions(
            activity.id, [(s, s + timedelta(minutes=90)) for s in starts]
        )
        by_start = {s.starts_at: s.id for s in made}
        monday, wednesday = by_start[starts[1]], by_start[starts[2]]
        for session_id, who, status in [
            (by_start[starts[0]], "amal", Presence.UNREPORTED),  # the week before
            (monday, "amal", Presence.PRESENT),
            (wednesday, "amal", Presence.UNREPORTED),
            (monday, "bilal", Presence.NOTIFIED_ABSENCE),
            (monday, "cecilia", Presence.PRESENT),
        ]:
            await ports.attendance.record(
                AttendanceRecord(session_id, ids[who], status, FIRST + timedelta(days=3))
            )
        overdue = await ports.tasks.create(
            task(ids["amal"], karin.id, date(2026, 3, 4), TaskState.ASSIGNED, None)
        )
        ids["task"] = overdue.id
        reported = await ports.tasks.create(
            task(ids["bilal"], karin.id, date(2026, 3, 10), TaskState.ASSIGNED, None)
        )
        await ports.tasks.change(
            reported.id,
            OPEN,
            state=TaskState.REPORTED,
            reported_at=FIRST + timedelta(days=1, hours=9),
        )
        await ports.placements.record_exit(
            Exit(ids["dan"], "work", "unsubsidised", date(2026, 2, 20), karin.id)
        )
        await ports.placements.record_exit(
            Exit(ids["erik"], "work", "unsubsidised", date(2026, 3, 4), karin.id)
        )
    return ids


async def test_a_seeded_week_reads_the_same_everywhere_and_as_counted(backend: Backend) -> None:
    ids = await seed(backend)
    async with backend.transaction() as ports:
        snap = await ports.summaries.snapshot(backend.unit.id, FIRST, LAST)
        mine = await ports.summaries.snapshot(backend.unit.id, FIRST, LAST, coach_id=ids["karin"])
    # Dan left before the week; Erik left in it (he counts in the week, not in the caseload).
    assert [m.person.display_name for m in snap.members] == ["Amal", "Bilal", "Cecilia", "Erik"]
    assert [m.person.display_name for m in snap.of(ids["karin"])] == ["Amal", "Bilal"]
    assert [e.participant_id for e in snap.exits] == [ids["erik"]]
    assert len(snap.sessions) == 2
    assert sorted(snap.sessions[0].enrolled) == sorted([ids["amal"], ids["bilal"], ids["cecilia"]])
    assert len(snap.records) == 4
    assert sorted(mine.sessions[0].enrolled) == sorted([ids["amal"], ids["bilal"]])
    assert len(mine.records) == 3
    karin = next(c for c in snap.coaches if c.id == ids["karin"])
    rows = {r.name: r for r in weekly(mine, karin, date(2026, 3, 9))}
    amal, bilal = rows["Amal"], rows["Bilal"]
    assert (amal.sessions, amal.attended, amal.absent, amal.rate) == (2, 1, 1, 50)
    assert (amal.tasks_done, amal.tasks_overdue, amal.planned_hours) == (0, 1, 5.0)
    assert (bilal.attended, bilal.absent, bilal.rate, bilal.tasks_done) == (0, 1, 0, 1)
    assert bilal.planned_hours == 3.0, "the task due next week is not this week's"


async def test_hand_over_moves_the_caseload_and_open_tasks_once(backend: Backend) -> None:
    ids = await seed(backend)
    at = FIRST + timedelta(days=8)
    async with backend.transaction() as ports:
        moved = await ports.summaries.hand_over(
            [ids["amal"], ids["cecilia"]], ids["karin"], ids["olle"], at
        )
    assert moved == [ids["amal"]], "Cecilia is not Karin's to hand over"
    async with backend.transaction() as ports:
        assert await ports.summaries.hand_over([ids["amal"]], ids["karin"], ids["olle"], at) == []
        coach = await ports.people.coach_of(ids["amal"])
        assert coach is not None
        assert coach.id == ids["olle"]
        moved_task = await ports.tasks.get(ids["task"])
        assert moved_task is not None
        assert moved_task.coach_id == ids["olle"]
        snap = await ports.summaries.snapshot(backend.unit.id, FIRST, LAST, coach_id=ids["olle"])
    assert [m.person.display_name for m in snap.members] == ["Amal", "Cecilia"]


async def test_notes_runs_settings_and_profile_fields(backend: Backend) -> None:
    ids = await seed(backend)
    async with backend.transaction() as ports:
        summaries = ports.summaries
        await summaries.add_note(ids["amal"], ids["karin"], "Första", FIRST)
        await summaries.add_note(ids["amal"], ids["olle"], "Andra", FIRST + timedelta(hours=1))
        assert [(n.author, n.text) for n in await summaries.notes(ids["amal"])] == [
            ("Olle", "Andra"),
            ("Karin", "Första"),
        ]
        assert await summaries.claim_run(backend.unit.id, "daily", date(2026, 3, 2), FIRST)
    async with backend.transaction() as ports:
        assert not await ports.summaries.claim_run(
            backend.unit.id, "daily", date(2026, 3, 2), FIRST
        )
        await ports.summaries.set_settings(ids["karin"], {"quiet": ["18:00", "07:00"]})
        await ports.summaries.set_profile(ids["amal"], gender="woman", priority_group=True)
    async with backend.transaction() as ports:
        karin = await ports.people.get(ids["karin"])
        amal = await ports.people.get(ids["amal"])
        staff = await ports.summaries.staff(backend.unit.id)
    assert karin is not None
    assert karin.settings == {"quiet": ["18:00", "07:00"]}
    assert amal is not None
    assert (amal.gender, amal.priority_group) == ("woman", True)
    assert [p.display_name for p in staff] == ["Karin", "Olle"]


async def test_a_snapshot_costs_the_same_statements_for_5_participants_or_50(
    sqlite_db_url: str,
) -> None:
    engine = make_engine(sqlite_db_url)
    sessions: async_sessionmaker[AsyncSession] = session_factory(engine)
    units = {}
    try:
        for size in (5, 50):
            async with sessions() as session, session.begin():
                unit = await create_unit(session, f"u{size}", f"Unit {size}")
                coach = await create_person(session, Role.COACH, unit.id, "Karin", "sv")
                for n in range(size):
                    person = await create_person(session, Role.PARTICIPANT, unit.id, f"P{n}", "sv")
                    await assign_caseload(session, coach.id, person.id, SEEDED)
                    await (
                        Store(session)
                        .ports()
                        .tasks.create(
                            task(person.id, coach.id, date(2026, 3, 4), TaskState.ASSIGNED, None)
                        )
                    )
            units[size] = unit.id
        counted = {}
        for size, unit_id in units.items():
            statements: list[str] = []

            def count(*args: object, into: list[str] = statements) -> None:
                into.append(str(args[2]))

            event.listen(engine.sync_engine, "before_cursor_execute", count)
            try:
                async with sessions() as session, session.begin():
                    snap = await Store(session).ports().summaries.snapshot(unit_id, FIRST, LAST)
            finally:
                event.remove(engine.sync_engine, "before_cursor_execute", count)
            assert len(snap.members) == size
            assert len(snap.tasks) == size
            counted[size] = len(statements)
        assert counted[5] == counted[50]
        assert counted[50] <= 14, "unit, coaches, members and one query per kind of record"
    finally:
        await engine.dispose()
