"""The participant's path over the emulator with a controllable clock, both runtimes, real
SQLite: started, a plan drafted on day 3, read in Arabic and confirmed, approved, changed
(both versions readable), a 30-day parental leave that silences reminders and no-shows and
moves the review, the restart, and the coach told ahead of the plan and review deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from flows.model import ActivityKind, Recurrence, Role
from storage.activities import create_activity
from storage.store import Store
from tests.e2e.conftest import World
from tests.e2e.conftest import run_timers_at as at

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm


def data(user: Any, message: dict[str, Any], starts: str) -> str:
    return next(
        b["callback_data"]
        for row in user.buttons(message)
        for b in row
        if b["callback_data"].startswith(starts)
    )


async def open_path(karin: Any) -> dict[str, Any]:
    await karin.send_command("path")
    whom = await karin.next_message()
    await karin.press(whom, text="Amina")
    return await karin.next_message()


async def draft(karin: Any, view: dict[str, Any], steps: str, commitment: str) -> dict[str, Any]:
    await karin.press(view, text="Write a new plan version")
    await karin.next_message()
    await karin.send_text("Arbeta som kock – العمل طباخة")
    done = await karin.next_message()
    await karin.send_text(steps)
    listed = await karin.next_message()
    assert done
    await karin.press(listed, text="Done")
    await karin.next_message()
    await karin.send_text(commitment)
    return await karin.next_message()


async def test_a_path_from_start_to_restart(world: World) -> None:
    world.clock.now = MONDAY
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    person = await world.person(Role.PARTICIPANT, 42, "Amina", locale="ar", coach=coach)
    karin, amina = world.emu.user(500, "Karin", "en"), world.emu.user(42, "Amina", "ar")
    view = await open_path(karin)
    await karin.press(view, text="Start the path today")
    started = await karin.next_message()
    assert "Action plan due: Monday, November 30" in started["text"]
    # Day 3: the coach drafts the plan; Amina reads it in Arabic and agrees.
    world.clock.now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    saved = await draft(
        karin, await open_path(karin), "SFI D – حتى آذار\nتدريب في Bageriet", "آتي كل يوم"
    )
    assert "Saved as version 1." in saved["text"]
    assert "/plan" in (await amina.next_message())["text"]
    await amina.send_command("plan")
    plan = await amina.next_message()
    assert "تدريب في Bageriet" in plan["text"]
    assert "آتي كل يوم" in plan["text"]
    assert any("\u0600" <= c <= "\u06ff" for c in plan["text"].split("\n")[0]), "in Arabic"
    await amina.press(plan, callback_data="j5:agree:1")
    await amina.next_message()
    assert "has confirmed the action plan (version 1)" in (await karin.next_message())["text"]
    # Friday: the plan is due on Monday and not approved yet: Karin is told, once.
    await at(world, datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    await at(world, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    alerts = [m for m in karin.drain() if "action plan is due on Monday, November 30" in m["text"]]
    assert len(alerts) == 1
    # Monday: the home district has approved it.
    world.clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    view = await open_path(karin)
    await karin.press(view, text="Record the approval")
    await karin.next_message()
    await karin.send_text("Söder district, Lisa Berg")
    assert "approval is recorded" in (await karin.next_message())["text"]
    await amina.next_message()
    # A change: version 2; version 1 stays readable.
    await draft(
        karin, await open_path(karin), "تدريب في Bageriet\nأتقدم إلى 5 مطاعم", "أتقدم كل أسبوع"
    )
    amina.drain()
    await amina.send_command("plan")
    latest = await amina.next_message()
    assert "أتقدم إلى 5 مطاعم" in latest["text"]
    await amina.press(latest, callback_data="j5:version:1")
    first = await amina.next_message()
    assert "Söder district, Lisa Berg" in first["text"], "approved, as it was"
    assert "حتى آذار" in first["text"]
    # A 30-day parental leave from Tuesday 1 December, with a session on Wednesday 2nd.
    unit = await world.seed_unit()
    async with world._session() as session, session.begin():
        await create_activity(
            session, unit_id=unit, coach_id=coach.id, participant_ids=(person.id,),
            kind=ActivityKind.GROUP_MEETING, title="Jobbklubben", place="Rum 3",
            starts_on=date(2026, 12, 2), start_time=time(10, 0), duration_minutes=60,
            recurrence=Recurrence.ONCE,
        )  # fmt: skip
    world.clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    view = await open_path(karin)
    assert "Review due: Sunday, May 23, 2027" in view["text"]
    await karin.press(view, callback_data=data(karin, view, "j3:"))  # the first reason: parental
    length = await karin.next_message()
    await karin.press(length, text="About a month")
    await karin.next_message()
    amina.drain()
    for moment in (
        datetime(2026, 12, 1, 17, 5, tzinfo=UTC),  # the evening reminder's time
        datetime(2026, 12, 2, 8, 5, tzinfo=UTC),  # an hour before
        datetime(2026, 12, 2, 10, 0, tzinfo=UTC),  # after the session closed
    ):
        await at(world, moment)
    assert amina.drain() == [], "no reminder and no 'we missed you' during the break"
    # Thirty days later: the restart; the review has moved by the 30 days.
    world.clock.now = datetime(2026, 12, 31, 9, 0, tzinfo=UTC)
    view = await open_path(karin)
    await karin.press(view, text="Restart after the break")
    back = await karin.next_message()
    assert "Review due: Tuesday, June 22, 2027" in back["text"]
    assert any("\u0600" <= c <= "\u06ff" for c in (await amina.next_message())["text"])
    async with world._session() as session:
        path = await Store(session).paths.path(person.id)
    assert path is not None
    assert path.paused_days == 30
    # Two weeks before the review Karin is told.
    karin.drain()
    await at(world, datetime(2027, 6, 9, 9, 0, tzinfo=UTC))
    got = karin.drain()
    assert any("6-month review is due on Tuesday, June 22." in m["text"] for m in got)
