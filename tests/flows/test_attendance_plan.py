"""The planner with in-memory ports: sessions, reminders and no-shows at the right times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from flows.model import ActivityKind, Recurrence, Role
from flows.ports import Conversation
from tests.fakes import FakeDb
from tests.flowclient import FlowClient

# Monday 19:00 UTC = 20:00 in Stockholm: today's 09:00 session is long over.
EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)


def seeded() -> tuple[FakeDb, int]:
    db = FakeDb()
    unit = db.add_unit("u", "Unit")
    amina = db.add_person(Role.PARTICIPANT, unit.id, "Amina", "en", 42, 42)
    db.add_activity(
        unit_id=unit.id,
        kind=ActivityKind.GROUP_MEETING,
        title="Job club",
        place="Room 3",
        coach_id=None,
        starts_on=date(2026, 11, 23),
        start_time=time(9),
        duration_minutes=120,
        recurrence=Recurrence.WEEKLY,
        weekdays=(0, 1, 2, 3, 4),
        participant_ids=(amina.id,),
    )
    return db, amina.id


async def test_an_activity_planned_today_gets_no_past_sessions_and_no_false_no_shows() -> None:
    db, _ = seeded()
    client = FlowClient(db, now=EVENING)
    ports = client.ports
    outcome = await client.tick()
    sessions = await ports.attendance.sessions_between(EVENING - timedelta(days=3), EVENING)
    assert sessions == []
    assert not [m for m in outcome.messages if m.key and m.key.startswith("noshow")]
    upcoming = await ports.attendance.sessions_between(EVENING, EVENING + timedelta(days=1))
    assert [s.starts_at for s in upcoming] == [datetime(2026, 11, 24, 8, 0, tzinfo=UTC)]


async def test_planning_twice_creates_each_reminder_once() -> None:
    db, amina_id = seeded()
    client = FlowClient(db, now=EVENING)
    ports = client.ports
    first = await client.tick()
    client.advance(timedelta(minutes=1))
    again = await client.tick()
    [tomorrow] = await ports.attendance.sessions_of(amina_id, EVENING, EVENING + timedelta(days=1))
    keys = [m.key for m in first.messages]
    assert f"rem:{tomorrow.id}:{amina_id}:soon" in keys
    # Keys repeat on purpose: the outbox's unique key makes the second plan a no-op.
    assert {m.key for m in again.messages} <= set(keys)


@pytest.mark.parametrize(
    ("state", "data"),
    [("absence_note", {"absence": 999}), ("dispute_comment", {"dispute": 999})],
)
async def test_a_pending_step_whose_session_is_gone_still_gets_an_answer(
    state: str, data: dict[str, object]
) -> None:
    db, _ = seeded()
    client = FlowClient(db, now=EVENING)
    client.conversations[42] = Conversation(42, f"attendance.{state}", {"attendance": data})
    turn = await client.text(42, "the bus did not come")
    assert turn.texts(42), f"{state}: the participant is not left without an answer"
    assert turn.state == "idle"
    assert "attendance" not in turn.data
