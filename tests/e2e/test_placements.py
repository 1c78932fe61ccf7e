"""Placements over the emulator with a controllable clock, both runtimes, real SQLite: the
coach records a placement, the new employer contact joins by the invite, the day-3 questions
come once (also across a restart in the middle of the due batch), "concerns" reaches the coach
at once, silence is reminded then escalated, the competence analysis gives a hiring date,
hiring replaces the plan, the exit takes codes, and the check-in comes 6 months later."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from flows.model import Role
from flows.placement_model import FollowUpState
from storage.store import Store
from tests.e2e.conftest import World
from tests.e2e.conftest import run_timers_at as at

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def ten(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock in Stockholm (winter time) on `day`."""
    return datetime(day.year, day.month, day.day, hour - 1, 5, tzinfo=UTC)


def data_of(user: Any, message: dict[str, Any], starts: str) -> str:
    """The callback data of the first button whose data starts so."""
    return next(
        b["callback_data"]
        for row in user.buttons(message)
        for b in row
        if b["callback_data"].startswith(starts)
    )


def answer_data(user: Any, message: dict[str, Any], q: str, value: str) -> str:
    found = [
        b["callback_data"]
        for row in user.buttons(message)
        for b in row
        if b["callback_data"].endswith(f":{q}:{value}")
    ]
    assert found, f"no answer {q}={value} under {message['text'][:60]!r}"
    return found[0]


async def follow_ups(world: World, participant_id: int) -> dict[str, Any]:
    async with world._session() as session:
        found = await Store(session).placements.follow_ups(participant_id)
    return {f.key.split(":", 1)[1]: f for f in found}


async def test_a_placement_from_invite_to_exit(world: World) -> None:
    world.clock.now = MONDAY
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    amina_p = await world.person(Role.PARTICIPANT, 42, "Amina", locale="ar", coach=coach)
    karin = world.emu.user(500, "Karin", "en")
    amina = world.emu.user(42, "Amina", "ar")
    # Karin records the placement with a new contact person.
    await karin.send_command("placement")
    whom = await karin.next_message()
    await karin.press(whom, text="Amina")
    await karin.next_message()
    await karin.send_text("Bageriet Söder")
    contact = await karin.next_message()
    await karin.press(contact, text="A new contact person")
    await karin.next_message()
    await karin.send_text("Erik Berg")
    kind = await karin.next_message()
    await karin.press(kind, text="Preparatory employment")
    start = await karin.next_message()
    await karin.press(start, text="Today")
    end = await karin.next_message()
    await karin.press(end, text="3 months")
    summary = await karin.next_message()
    assert "Amina at Bageriet Söder, contact person Erik Berg" in summary["text"]
    await karin.press(summary, text="Save")
    invite = await karin.next_message()
    token = re.search(r"start=([A-Za-z0-9_-]+)", invite.get("caption") or invite["text"])
    assert token, invite
    # Erik joins with one tap (and picks Swedish).
    erik = world.emu.user(900, "Erik", "sv")
    await erik.send_command("start", token[1])
    question = await erik.next_message()
    await erik.press(question, callback_data="l1:sv")
    await erik.next_message()
    # Day 3 (Thursday) at 10:00: both are asked, once, also across a restart in the middle.
    world.clock.now = ten(date(2026, 11, 26))
    assert world.app.core is not None
    await world.app.core.tick()
    await world.restart()
    await world.app.dispatcher.run_due()
    await at(world, ten(date(2026, 11, 26), 11))
    [asked] = erik.drain()
    assert "Amina" in asked["text"]
    assert "Bageriet Söder" in asked["text"]
    assert len(amina.drain()) == 1
    await erik.press(asked, callback_data=answer_data(erik, asked, "overall", "concern"))
    await erik.next_message()
    alert = await karin.next_message()
    assert "worrying answer from Erik Berg" in alert["text"]
    assert "overall: Concerns" in alert["text"]
    # Week 2 (Monday 7 December): nobody answers; a reminder after 2 working days, then Karin.
    await at(world, ten(date(2026, 12, 7)))
    erik.drain()
    amina.drain()
    await at(world, ten(date(2026, 12, 9)))
    [reminder] = erik.drain()
    assert (
        reminder["text"].startswith("A reminder") or "Påminnelse" in reminder["text"] or reminder
    )
    await at(world, ten(date(2026, 12, 11)))
    silence = await karin.next_message()
    assert "has not answered" in silence["text"] or "Erik Berg" in silence["text"]
    # The competence analysis (week 4, Monday 21 December) gives a hiring date.
    await at(world, ten(date(2026, 12, 21)))
    ca = erik.drain()[-1]
    for q, value in (("overall", "good"), ("missing", "swedish"), ("training", "course")):
        await erik.press(ca, callback_data=answer_data(erik, ca, q, value))
        ca = await erik.next_message()
    for q, value in (("extend", "no"), ("hire", "yes"), ("hire_on", "1m"), ("contact", "no")):
        await erik.press(ca, callback_data=answer_data(erik, ca, q, value))
        ca = await erik.next_message()
    plan = await follow_ups(world, amina_p.id)
    assert plan["ca"].state is FollowUpState.ANSWERED
    # Hired: the post-hire plan replaces the rest.
    await karin.send_command("placements")
    listing = await karin.next_message()
    await karin.press(listing, text="1")
    view = await karin.next_message()
    await karin.press(view, text="Hired")
    await karin.next_message()
    plan = await follow_ups(world, amina_p.id)
    assert plan["e1"].state is FollowUpState.CANCELLED
    assert plan["h2w"].state is FollowUpState.PLANNED
    # The exit takes a reason and, for work, the outcome and the job type.
    await karin.send_command("exit")
    who = await karin.next_message()
    await karin.press(who, text="Amina")
    for label in ("Left for work", "Work without subsidy", "Permanent"):
        step = await karin.next_message()
        await karin.press(step, text=label)
    done = await karin.next_message()
    assert "exit is recorded" in done["text"]
    # Six months later Amina is asked whether she works or studies.
    karin.drain()
    amina.drain()
    six = (await follow_ups(world, amina_p.id))["6m"]
    assert six.due_on == date(2027, 6, 21), "21 December + 6 months, a Monday"
    await at(world, ten(six.due_on))
    [check] = amina.drain()
    await amina.press(check, callback_data=answer_data(amina, check, "status", "work"))
    await amina.next_message()
    plan = await follow_ups(world, amina_p.id)
    assert plan["6m"].state is FollowUpState.ANSWERED


async def test_a_crash_in_the_middle_of_a_due_batch_asks_everyone_once(
    world: World, monkeypatch: Any
) -> None:
    """The process dies after the timer decided and before its transaction committed: the
    follow-ups stay planned and the next tick asks each side exactly once."""
    from bot.calendar import swedish_holidays
    from flows.placement_model import Placement, PlacementKind
    from flows.placements.followup import sync

    world.clock.now = MONDAY
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    people = []
    for n in range(4):
        participant = await world.person(
            Role.PARTICIPANT, 40 + n, f"P{n}", locale="sv", coach=coach
        )
        employer = await world.person(Role.EMPLOYER, 900 + n, f"E{n}", locale="sv")
        people.append((participant, employer))
    async with world._session() as session, session.begin():
        store = Store(session)
        for participant, employer in people:
            draft = Placement(
                0, participant.id, employer.id, coach.id, participant.unit_id, "Firma",
                PlacementKind.PLACEMENT, date(2026, 11, 23), date(2027, 2, 26), MONDAY,
            )  # fmt: skip
            made = await store.placements.create(draft, None)
            await sync(store.ports(), made, {}, swedish_holidays)
    users = [world.emu.user(uid, f"U{uid}", "sv") for uid in (40, 41, 42, 43, 900, 901, 902, 903)]
    assert world.app.core is not None
    world.clock.now = ten(date(2026, 11, 26))

    async def crash(*_: object, **__: object) -> list[int]:
        raise RuntimeError("killed between the decision and the commit")

    with monkeypatch.context() as patch:
        patch.setattr(world.app.core, "enqueue", crash)
        with pytest.raises(RuntimeError, match="killed"):
            await world.app.core.tick()
    await world.app.dispatcher.run_due()
    assert all(u.drain() == [] for u in users), "nothing was sent and nothing committed"
    await at(world, ten(date(2026, 11, 26), 10))
    await at(world, ten(date(2026, 11, 26), 11))
    for user in users:
        got = await user.next_message()
        assert got["text"]
        assert user.drain() == [], "asked once"
