"""The visibility rule: employers see no one yet, coaches their caseload, managers their unit."""

from __future__ import annotations

import asyncio
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import Person, Role
from storage.access import can_see, visible_participants
from storage.admin import assign_caseload, create_person, create_unit
from storage.db import make_engine, session_factory, sqlite_url
from storage.models import Base, PersonRow

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """A generated population: people by (role, unit), caseload moves, erasures, a viewer."""

    people: tuple[tuple[Role, int], ...]
    moves: tuple[tuple[int, int], ...]  # (coach index, participant index), in order
    erased: frozenset[int]
    viewer: int


@st.composite
def worlds(draw: st.DrawFn) -> World:
    people = tuple(
        draw(
            st.lists(
                st.tuples(st.sampled_from(list(Role)), st.integers(0, 2)), min_size=1, max_size=12
            )
        )
    )
    coaches = [i for i, (role, _) in enumerate(people) if role is Role.COACH]
    participants = [i for i, (role, _) in enumerate(people) if role is Role.PARTICIPANT]
    moves: tuple[tuple[int, int], ...] = ()
    if coaches and participants:
        moves = tuple(
            draw(
                st.lists(
                    st.tuples(st.sampled_from(coaches), st.sampled_from(participants)),
                    max_size=10,
                )
            )
        )
    erased = (
        frozenset(draw(st.sets(st.sampled_from(participants), max_size=2)))
        if participants
        else frozenset()
    )
    viewer = draw(st.integers(0, len(people) - 1))
    return World(people, moves, erased, viewer)


def expected_visible(world: World) -> set[int]:
    """Compute, independently of SQL, which person indices the viewer may see."""
    role, unit = world.people[world.viewer]
    active: dict[int, int] = {}
    for coach, participant in world.moves:
        active[participant] = coach
    participants = {
        i
        for i, (r, _) in enumerate(world.people)
        if r is Role.PARTICIPANT and i not in world.erased
    }
    if role is Role.MANAGER:
        return {i for i in participants if world.people[i][1] == unit}
    if role is Role.COACH:
        return {i for i in participants if active.get(i) == world.viewer}
    return set()


async def _visible_in_database(world: World, path: Path) -> tuple[set[int], bool]:
    engine = make_engine(sqlite_url(path))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        async with session_factory(engine)() as session, session.begin():
            units = [await create_unit(session, f"u{n}", f"Unit {n}") for n in range(3)]
            people: list[Person] = [
                await create_person(session, role, units[unit].id, f"p{i}", "sv")
                for i, (role, unit) in enumerate(world.people)
            ]
            for step, (coach, participant) in enumerate(world.moves):
                since = NOW + timedelta(minutes=step)
                await assign_caseload(session, people[coach].id, people[participant].id, since)
            for i in world.erased:
                await session.execute(
                    update(PersonRow).where(PersonRow.id == people[i].id).values(erased_at=NOW)
                )
            viewer = people[world.viewer]
            seen = await visible_participants(session, viewer)
            index = {person.id: i for i, person in enumerate(people)}
            checks = [await can_see(session, viewer, p.id) for p in people]
            consistent = [i for i, ok in enumerate(checks) if ok] == sorted(
                index[p.id] for p in seen
            )
            return {index[person.id] for person in seen}, consistent
    finally:
        await engine.dispose()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(world=worlds())
def test_viewers_see_exactly_the_participants_the_rule_allows(world: World) -> None:
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=1) as pool:
        seen, consistent = pool.submit(
            asyncio.run, _visible_in_database(world, Path(tmp) / "access.db")
        ).result()
    assert seen == expected_visible(world)
    assert consistent


async def test_coach_sees_only_their_caseload_and_employer_sees_nobody(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "u1", "Unit")
        other_unit = await create_unit(session, "u2", "Other")
        coach = await create_person(session, Role.COACH, unit.id, "C", "sv")
        manager = await create_person(session, Role.MANAGER, unit.id, "M", "sv")
        employer = await create_person(session, Role.EMPLOYER, unit.id, "E", "sv")
        mine = await create_person(session, Role.PARTICIPANT, unit.id, "P1", "sv")
        unassigned = await create_person(session, Role.PARTICIPANT, unit.id, "P2", "sv")
        elsewhere = await create_person(session, Role.PARTICIPANT, other_unit.id, "P3", "sv")
        await assign_caseload(session, coach.id, mine.id, NOW)
        by_coach = await visible_participants(session, coach)
        by_manager = await visible_participants(session, manager)
        by_employer = await visible_participants(session, employer)
        by_participant = await visible_participants(session, mine)
        assert not await can_see(session, coach, elsewhere.id)
    assert by_coach == [mine]
    assert by_manager == [mine, unassigned]
    assert by_employer == []
    assert by_participant == []
