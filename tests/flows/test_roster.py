"""Staff record anyone present afterwards: who may, for which sessions, and forged buttons."""

from __future__ import annotations

import pytest

from flows.model import Presence
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    BO,
    CECILIA,
    ERIK,
    KARIN,
    MARIA,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
    record_of,
)


@pytest.fixture
async def world() -> World:
    return await build()


async def test_sessions_lists_the_past_week_with_attendance_buttons(world: World) -> None:
    turn = await world.client.command(KARIN, "sessions")
    [text] = turn.texts(KARIN)
    assert text.index("past week") < text.index("coming week")
    payloads = turn.payloads(KARIN)
    assert f"r1:{world.yesterday.id}" in payloads
    assert f"r1:{world.cancelled.id}" not in payloads
    assert f"x1:{world.tomorrow.id}" in payloads


async def test_the_coach_marks_a_no_show_present_and_the_participant_is_told(
    world: World,
) -> None:
    # Bilal has no record yesterday; Amina's unreported absence is disputed (decide it there).
    roster = await world.client.press(KARIN, f"r1:{world.yesterday.id}")
    [text] = roster.texts(KARIN)
    assert "Amina: absent, not reported" in text
    assert "Bilal: not recorded yet" in text
    bilal = f"r2:{world.yesterday.id}:{world.id(BILAL)}"
    assert bilal in roster.payloads(KARIN)
    turn = await world.client.press(KARIN, bilal)
    assert await record_of(world, world.yesterday.id, BILAL) is Presence.PRESENT
    [told] = turn.texts(BILAL)
    assert told.startswith("Your coach recorded you as present at Job club on ")
    assert turn.buttons_now is not None
    left = [b.payload for row in turn.buttons_now for b in row]
    assert bilal not in left, "the button of who was marked goes"
    again = await world.client.press(KARIN, bilal)
    assert again.texts(BILAL) == [], "an old button changes nothing and tells nobody"
    amina = await world.client.press(KARIN, f"r2:{world.yesterday.id}:{world.id(AMINA)}")
    assert "decide the dispute" in amina.texts(KARIN)[0]
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED


@pytest.mark.parametrize("user", [OLLE, BERIT, BO, ERIK, AMINA])
async def test_only_who_runs_the_activity_may_mark(world: World, user: int) -> None:
    for payload in (
        f"r1:{world.yesterday.id}",
        f"r2:{world.yesterday.id}:{world.id(BILAL)}",
    ):
        turn = await world.client.press(user, payload)
        assert turn.texts(user) == [NOT_ALLOWED]
    assert await record_of(world, world.yesterday.id, BILAL) is None


async def test_the_manager_of_the_unit_may_mark(world: World) -> None:
    await world.client.press(MARIA, f"r2:{world.yesterday.id}:{world.id(BILAL)}")
    assert await record_of(world, world.yesterday.id, BILAL) is Presence.PRESENT


@pytest.mark.parametrize(
    "payload",
    [
        "r2:{yesterday}:{cecilia}",  # not enrolled in this activity
        "r2:{tomorrow}:{bilal}",  # has not begun
        "r2:{cancelled}:{bilal}",
        "r1:{tomorrow}",
        "r2:{yesterday}:" + "9" * 40,
        "r2:{yesterday}:４２",
        "r1:" + "9" * 19,
    ],
)
async def test_forged_or_early_marks_change_nothing(world: World, payload: str) -> None:
    data = payload.format(
        yesterday=world.yesterday.id,
        tomorrow=world.tomorrow.id,
        cancelled=world.cancelled.id,
        cecilia=world.id(CECILIA),
        bilal=world.id(BILAL),
    )
    turn = await world.client.press(KARIN, data)
    assert turn.texts(KARIN) == [STALE]
    for user in (BILAL, CECILIA):
        for session in (world.yesterday, world.tomorrow, world.cancelled):
            assert await record_of(world, session.id, user) is None


async def test_health_details_typed_at_the_reason_question_are_not_passed_on(
    world: World,
) -> None:
    asked = await world.client.press(AMINA, f"a1:{world.tomorrow.id}")
    assert "What is the reason" in asked.texts(AMINA)[0]
    typed = await world.client.text(AMINA, "I have a fever and a bad stomach since Friday")
    [answer] = typed.texts(AMINA)
    assert "not passed on" in answer
    assert "Send to my coach" not in answer
    assert typed.texts(KARIN) == []
    turn = await world.client.press(AMINA, f"b1:{world.tomorrow.id}:unwell")
    assert "Your coach knows" in turn.texts(AMINA)[0]
    assert turn.state == "idle"
    assert await record_of(world, world.tomorrow.id, AMINA) is Presence.NOTIFIED_ABSENCE
