"""One contract for the Paths port: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from flows.model import Role
from flows.path_model import Break, BreakReason, PathStatus, PlanVersion
from tests.storage.test_attendance_contract import Backend, backend

__all__ = ["backend"]
AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def test_a_path_its_plan_versions_and_breaks_round_trip(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    async with backend.transaction() as ports:
        assert await ports.paths.path(amal.id) is None
        first = await ports.paths.start(amal.id, date(2026, 12, 7))
        again = await ports.paths.start(amal.id, date(2026, 12, 9))
        one = await ports.paths.add_plan(
            PlanVersion(
                0, amal.id, 0, "Kock", ("SFI D", "Praktik på Bageriet"), "Jag kommer", AT, coach.id
            )
        )
        two = await ports.paths.add_plan(
            PlanVersion(0, amal.id, 0, "Kock", ("Praktik",), "Jag söker", AT, coach.id)
        )
        await ports.paths.set_plan(
            one.id, confirmed_at=AT, approved_at=AT, approved_by="Söder, Lisa"
        )
        with pytest.raises(ValueError, match="cannot change"):
            await ports.paths.set_plan(one.id, goal="other")
    assert again == first, "a path starts once"
    assert (one.version, two.version) == (1, 2)
    async with backend.transaction() as ports:
        plans = await ports.paths.plans(amal.id)
        pause = await ports.paths.add_break(
            Break(0, amal.id, BreakReason.PARENTAL, date(2026, 12, 10), date(2027, 1, 9))
        )
        await ports.paths.set_path(amal.id, status=PathStatus.ON_BREAK)
        assert await ports.people.on_break(amal.id, date(2026, 12, 10))
        assert not await ports.people.on_break(amal.id, date(2026, 12, 9))
    assert [p.steps for p in plans] == [("SFI D", "Praktik på Bageriet"), ("Praktik",)]
    assert plans[0].approved_by == "Söder, Lisa"
    assert plans[1].approved_at is None
    async with backend.transaction() as ports:
        await ports.paths.end_break(pause.id, date(2027, 1, 9))
        await ports.paths.set_path(amal.id, status=PathStatus.ACTIVE, paused_days=30)
        assert not await ports.people.on_break(amal.id, date(2027, 1, 9))
        assert await ports.people.on_break(amal.id, date(2027, 1, 8))
        [path] = await ports.paths.open_paths()
    assert (path.status, path.paused_days) == (PathStatus.ACTIVE, 30)
