"""One contract for the Tasks port: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from flows.model import ReportKind, Role, Task, TaskState, TaskStep
from flows.tasks.library import BY_KEY
from tests.storage.test_attendance_contract import Backend, backend

__all__ = ["backend"]
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
S = TaskState


def draft(participant: int, coach: int, key: str, due: date) -> Task:
    entry = BY_KEY[key]
    return Task(
        0,
        participant,
        coach,
        key,
        entry.step,
        entry.title,
        entry.how,
        None,
        entry.hours,
        entry.report,
        due,
        S.ASSIGNED,
        NOW,
    )


async def test_a_task_moves_only_from_the_states_named(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    async with backend.transaction() as ports:
        task = await ports.tasks.create(draft(amal.id, coach.id, "cv_first", date(2026, 12, 10)))
    assert task.id > 0
    assert task.state is S.ASSIGNED
    assert task.step is TaskStep.CV
    assert task.report_kind is ReportKind.DOCUMENT
    async with backend.transaction() as ports:
        # Not reported yet: a review does nothing.
        assert await ports.tasks.change(task.id, frozenset({S.REPORTED}), state=S.APPROVED) is None
        done = await ports.tasks.change(
            task.id,
            frozenset({S.ASSIGNED, S.RETURNED}),
            state=S.REPORTED,
            report_text="CV attached – Ånge ✓",
            report_file_id="BQACAgQ" + "x" * 120,
            report_file_name="cv.pdf",
            reported_at=NOW,
        )
    assert done is not None
    assert done.state is S.REPORTED
    async with backend.transaction() as ports:
        again = await ports.tasks.get(task.id)
        assert again == done
        assert again is not None
        assert again.report_text == "CV attached – Ånge ✓", "what they wrote, unchanged"
        assert again.reported_at == NOW
        await ports.tasks.rate(task.id, useful=False)
        rated = await ports.tasks.rate(task.id, time_fit="short")
    assert rated is not None
    assert rated.useful is False
    assert rated.time_fit == "short"
    async with backend.transaction() as ports:
        with pytest.raises(ValueError, match="participant_id"):
            await ports.tasks.change(task.id, frozenset(S), participant_id=amal.id + 1)


async def test_open_tasks_by_due_date_and_the_stats(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    bo = await backend.seed_person(Role.PARTICIPANT, "Bo")
    async with backend.transaction() as ports:
        a = await ports.tasks.create(draft(amal.id, coach.id, "cv_facts", date(2026, 12, 9)))
        b = await ports.tasks.create(draft(bo.id, coach.id, "cv_facts", date(2026, 12, 8)))
        c = await ports.tasks.create(draft(bo.id, coach.id, "network_map", date(2026, 12, 20)))
        await ports.tasks.change(b.id, frozenset({S.ASSIGNED}), state=S.REPORTED, reported_at=NOW)
        await ports.tasks.rate(b.id, useful=True, time_fit="long")
        await ports.tasks.change(c.id, frozenset({S.ASSIGNED}), state=S.CANCELLED)
    async with backend.transaction() as ports:
        due = await ports.tasks.due_between(date(2026, 12, 1), date(2026, 12, 31))
        assert [t.id for t in due] == [a.id], "reported and cancelled tasks are not open"
        assert [t.id for t in await ports.tasks.of_participant(bo.id)] == [b.id, c.id]
        stats = {s.library_key: s for s in await ports.tasks.stats()}
    assert stats["cv_facts"].reported == 1
    assert stats["cv_facts"].useful == 1
    assert stats["cv_facts"].too_long == 1
    assert stats["network_map"].reported == 0


async def test_a_participants_weekly_target_is_kept(backend: Backend) -> None:
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    assert amal.weekly_hours == 40
    async with backend.transaction() as ports:
        await ports.people.set_weekly_hours(amal.id, 20)
    async with backend.transaction() as ports:
        found = await ports.people.get(amal.id)
    assert found is not None
    assert found.weekly_hours == 20
