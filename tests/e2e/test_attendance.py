"""Attendance over the emulator with a controllable clock: both runtimes, real SQLite."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.export import monthly_attendance
from flows.model import ActivityKind, DisputeStatus, Person, Presence, Recurrence, Role
from storage.activities import create_activity
from storage.db import make_engine, session_factory
from storage.models import OutboxMessageRow
from storage.store import Store
from tests.e2e.conftest import World

# Sunday noon UTC; the activity is on Mondays 10:00 Stockholm time (09:00 UTC in November).
SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def setup(world: World, **activity: Any) -> tuple[Person, Person, Any, Any]:
    """A coach, a participant in English and a weekly activity; plan and return clients."""
    world.clock.now = SUNDAY_NOON
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    amina = await world.person(Role.PARTICIPANT, 42, "Amina", locale="en", coach=coach)
    unit_id = await world.seed_unit()
    async with world._session() as session, session.begin():
        values: dict[str, Any] = {
            "kind": ActivityKind.GROUP_MEETING,
            "title": "Job club",
            "place": "Room 3",
            "starts_on": date(2026, 11, 23),
            "start_time": time(10, 0),
            "duration_minutes": 120,
            "recurrence": Recurrence.WEEKLY,
            "weekdays": (0,),
        }
        values.update(activity)
        await create_activity(
            session, unit_id=unit_id, coach_id=coach.id, participant_ids=(amina.id,), **values
        )
    assert world.app.core is not None
    await world.app.core.tick()
    return coach, amina, world.emu.user(500, "Karin", "en"), world.emu.user(42, "Amina", "en")


async def at(world: World, moment: datetime) -> None:
    """Move the clock and let the outbox deliver whatever became due."""
    world.clock.now = moment
    await world.app.dispatcher.run_due()


def sql_dump(db_url: str) -> str:
    """Return the whole SQLite database as SQL text."""
    with closing(sqlite3.connect(db_url.split("///", 1)[1])) as conn:
        return "\n".join(conn.iterdump())


async def first_session_id(world: World) -> int:
    async with world._session() as session:
        [found] = await Store(session).attendance.sessions_between(START, START + timedelta(1))
    return found.id


async def record(world: World, session_id: int, person: Person) -> Presence | None:
    async with world._session() as session:
        entry = await Store(session).attendance.record_of(session_id, person.id)
    return entry.status if entry else None


async def test_reminder_then_check_in_inside_the_window(world: World) -> None:
    _, amina, _, user = await setup(world)
    await at(world, datetime(2026, 11, 22, 17, 0, tzinfo=UTC))
    reminder = await user.next_message()
    assert "Tomorrow: Job club" in reminder["text"]
    await at(world, START - timedelta(minutes=10))
    soon = await user.next_message()
    assert "Soon: Job club" in soon["text"]
    await user.press(soon, text="I am here")
    assert "checked in" in (await user.next_message())["text"]
    assert await record(world, await first_session_id(world), amina) is Presence.PRESENT


async def test_late_check_in_is_recorded_as_late(world: World) -> None:
    _, amina, _, user = await setup(world)
    await at(world, START + timedelta(minutes=12))
    late = [m["text"] for m in user.drain()]
    assert not late, f"reminders are not sent after the session started: {late}"
    await user.send_command("here")
    assert "late" in (await user.next_message())["text"]
    assert await record(world, await first_session_id(world), amina) is Presence.LATE


async def test_check_in_outside_the_window_is_refused(world: World) -> None:
    _, amina, _, user = await setup(world)
    world.clock.now = START - timedelta(hours=2)
    await user.send_command("here")
    assert "opens at" in (await user.next_message())["text"]
    assert await record(world, await first_session_id(world), amina) is None


async def test_absence_with_reason_alerts_the_coach_at_once(world: World) -> None:
    _, amina, coach, user = await setup(world)
    await at(world, datetime(2026, 11, 22, 17, 0, tzinfo=UTC))
    reminder = await user.next_message()
    await user.press(reminder, text="I cannot come")
    reasons = await user.next_message()
    labels = [b["text"] for row in user.buttons(reasons) for b in row]
    assert "Job interview" in labels
    await user.press(reasons, text="Job interview")
    assert "coach knows" in (await user.next_message())["text"]
    alert = await coach.next_message()
    assert "Amina cannot come to Job club" in alert["text"]
    assert "Reason: a job interview." in alert["text"], "not the first-person label"
    assert await record(world, await first_session_id(world), amina) is Presence.NOTIFIED_ABSENCE


async def test_no_show_is_recorded_and_the_coach_gets_the_list(world: World) -> None:
    _, amina, coach, user = await setup(world)
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    assert "We missed you" in (await user.next_message())["text"]
    listing = await coach.next_message()
    assert "Amina" in listing["text"]
    assert await record(world, await first_session_id(world), amina) is Presence.UNREPORTED


async def test_cancelled_session_is_announced_and_its_reminders_withdrawn(world: World) -> None:
    _, _, coach, user = await setup(world)
    sid = await first_session_id(world)
    await coach.send_command("sessions")
    listing = await coach.next_message()
    await coach.press(listing, callback_data=f"x1:{sid}")
    confirm = await coach.next_message()
    await coach.press(confirm, callback_data=f"y1:{sid}")
    assert "told 1 participant" in (await coach.next_message())["text"]
    assert "cancelled" in (await user.next_message())["text"]
    engine = make_engine(world.db_url)
    async with session_factory(engine)() as session:
        keys = (
            await session.scalars(
                select(OutboxMessageRow.key).where(OutboxMessageRow.status == "pending")
            )
        ).all()
    await engine.dispose()
    assert not [k for k in keys if k and k.startswith(f"rem:{sid}:")]


async def test_a_disputed_no_show_becomes_what_the_coach_picks_in_attendance_and_export(
    world: World,
) -> None:
    """The participant wrote that her child was sick: the record says so, not "present"."""
    _, amina, coach, user = await setup(world)
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    assert "We missed you" in (await user.next_message())["text"]
    await coach.next_message()
    await user.send_command("attendance")
    overview = await user.next_message()
    assert "absent, not reported" in overview["text"]
    sid = await first_session_id(world)
    await user.press(overview, callback_data=f"d1:{sid}")
    await user.next_message()
    await user.send_text("I wrote to the coach that my child is sick")
    assert "coach will look" in (await user.next_message())["text"]
    ask = await coach.next_message()
    assert "my child is sick" in ask["text"], "the coach sees the comment"
    assert "The record says: absent, not reported" in ask["text"]
    dispute_id = ask_dispute_id(coach, ask)
    await coach.press(ask, text="Absent, reported")
    reasons = await coach.next_message()
    await coach.press(reasons, text="Caring for a sick child")
    done = await coach.next_message()
    now_says = "absent, reported in time (caring for a sick child)"
    assert now_says in done["text"]
    told = await user.next_message()
    assert f"The record now says: {now_says}" in told["text"]
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE

    # The old buttons are gone, and forged ones are dead: nothing reopens the decision.
    assert coach.buttons(ask) == [], "the first question lost its buttons"
    await coach.forge_press(ask, f"e2:{dispute_id}:p:-")
    assert "no longer active" in (await coach.next_message())["text"]
    await user.press(overview, callback_data=f"d1:{sid}")
    assert "already decided" in (await user.next_message())["text"]
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE

    await user.send_command("attendance")
    assert "absent, reported in time" in (await user.next_message())["text"]
    async with world._session() as session:
        rows = await monthly_attendance(
            session, amina.unit_id, date(2026, 11, 1), now=world.clock()
        )
    [row] = [r for r in rows if r.participant_id == amina.id]
    assert (row.presence, row.category, row.minutes) == (
        Presence.NOTIFIED_ABSENCE,
        "sick_child",
        0,
    )
    assert row.dispute is DisputeStatus.ACCEPTED


def ask_dispute_id(coach: Any, ask: dict[str, Any]) -> int:
    """The dispute id on the coach's question (its "present" button)."""
    [data] = [
        b["callback_data"]
        for row in coach.buttons(ask)
        for b in row
        if b["callback_data"].startswith("e2:") and b["callback_data"].endswith(":p:-")
    ]
    return int(data.split(":")[1])


@pytest.mark.parametrize("category", ["unwell", "sick_child"])
async def test_health_reasons_go_only_to_the_coach(world: World, category: str) -> None:
    _, _, coach, user = await setup(world)
    world.clock.now = START - timedelta(hours=3)
    sid = await first_session_id(world)
    await user.send_command("here")
    await user.next_message()
    query = {
        "id": world.emu._new_query_id(42),
        "from": dict(user.user),
        "message": user.last_message,
        "chat_instance": "1",
        "data": f"b1:{sid}:{category}",
    }
    await world.emu._enqueue({"callback_query": query})
    await user.next_message()
    alert = await coach.next_message()
    assert "Amina" in alert["text"]
    recipients = {c.params.get("chat_id") for c in world.emu.calls if c.method == "sendMessage"}
    assert recipients <= {"42", "500", 42, 500}


async def test_coach_plans_a_weekly_activity_step_by_step_in_telegram(world: World) -> None:
    world.clock.now = SUNDAY_NOON
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    amina = await world.person(Role.PARTICIPANT, 42, "Amina", locale="en", coach=coach)
    await world.person(Role.PARTICIPANT, 43, "Dawit", locale="en", coach=coach)
    karin = world.emu.user(500, "Karin", "en")
    amina_chat = world.emu.user(42, "Amina", "en")

    async def answer(*, text: str | None = None, button: str | None = None) -> dict[str, Any]:
        if text is not None:
            await karin.send_text(text)
        else:
            await karin.press(karin.last_message, text=button)  # type: ignore[arg-type]
        return await karin.next_message()

    await karin.send_command("activity")
    assert "What kind" in (await karin.next_message())["text"]
    assert "called" in (await answer(button="Group meeting"))["text"]
    assert "How often" in (await answer(text="Job club"))["text"]
    assert "Which day" in (await answer(button="Every week"))["text"]
    assert "What time" in (await answer(button="Monday"))["text"]
    assert "like" in (await answer(text="25:99"))["text"], "a bad time is asked again"
    assert "How long" in (await answer(text="10:00"))["text"]
    assert "Where" in (await answer(button="2 h"))["text"]
    who = await answer(text="Room 3")
    assert "Who takes part" in who["text"]

    async def edit_of(message: dict[str, Any]) -> dict[str, Any]:
        edit = await karin.next_edit()
        while edit["message_id"] != message["message_id"]:  # earlier questions lose buttons
            edit = await karin.next_edit()
        return edit

    await karin.press(who, text="Amina")
    chosen = await edit_of(who)
    assert "✓ Amina" in [b["text"] for row in karin.buttons(chosen) for b in row]
    await karin.press(who, text="Dawit")
    both = await edit_of(who)
    assert {"✓ Amina", "✓ Dawit"} <= {b["text"] for row in karin.buttons(both) for b in row}
    await karin.press(who, text="✓ Dawit")
    await edit_of(who)
    assert karin.drain() == [], "the question is ticked in place, never posted again"
    summary = await answer(button="Done")
    assert "Job club" in summary["text"]
    assert "Participants: 1" in summary["text"]
    assert "Saved" in (await answer(button="Save"))["text"]
    enrolled = await amina_chat.next_message()
    assert "You now take part in Job club (Room 3)" in enrolled["text"]
    assert "first session" in enrolled["text"]

    assert world.app.core is not None
    await world.app.core.tick()
    async with world._session() as session:
        sessions = await Store(session).attendance.sessions_of(
            amina.id, SUNDAY_NOON, SUNDAY_NOON + timedelta(days=8)
        )
    assert [s.starts_at for s in sessions] == [START, START + timedelta(days=7)]


@pytest.mark.parametrize(
    ("where", "expected", "status"),
    [
        ((59.3326, 18.0649), "checked in", Presence.PRESENT),
        ((59.3400, 18.0900), "m from Room 3", None),
    ],
    ids=["at-the-venue", "far-away"],
)
async def test_location_check_in_compares_with_the_venue_and_keeps_no_location(
    world: World, where: tuple[float, float], expected: str, status: Presence | None
) -> None:
    _, amina, _, user = await setup(
        world,
        kind=ActivityKind.PLACEMENT_DAY,
        title="Placement",
        duration_minutes=480,
        recurrence=Recurrence.ONCE,
        weekdays=(),
        latitude=59.3327,
        longitude=18.0650,
        radius_m=200,
    )
    world.clock.now = START - timedelta(minutes=5)
    await user.send_command("here")
    ask = await user.next_message()
    assert "share your location" in ask["text"]
    sent = [c for c in world.emu.calls if c.method == "sendMessage" and c.status == 200]
    markup = sent[-1].params["reply_markup"]
    assert markup["keyboard"][0][0]["request_location"] is True
    await user.send_location(*where)
    reply = await user.next_message()
    assert expected in reply["text"]
    assert await record(world, await first_session_id(world), amina) is status
    dump = await asyncio.to_thread(sql_dump, world.db_url)
    assert str(where[0]) not in dump, "the shared location is not stored"


async def test_a_reminder_planned_before_a_language_switch_arrives_in_the_new_language(
    world: World,
) -> None:
    _, _, _, user = await setup(world)  # plans tomorrow's evening reminder, in English
    await user.send_command("language")
    picker = await user.next_message()
    await user.press(picker, callback_data="l1:sv")
    assert "svenska" in (await user.next_message())["text"].lower()
    assert world.app.core is not None
    await world.app.core.tick()  # the minute timer plans again
    await at(world, datetime(2026, 11, 22, 17, 0, tzinfo=UTC))
    reminder = await user.next_message()
    assert reminder["text"].startswith("I morgon: Job club"), reminder["text"]
    assert user.drain() == [], "one reminder, not one per language"


async def test_i_cannot_come_from_the_menu_without_any_reminder_and_only_one_alert(
    world: World,
) -> None:
    _, amina, coach, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(hours=30)  # before any reminder was sent
    assert user.drain() == []
    await user.send_command("help")
    assert "/absent" in (await user.next_message())["text"]

    await user.send_command("absent")
    ask = await user.next_message()
    assert "reason" in ask["text"]
    await user.press(ask, callback_data=f"b1:{sid}:sick_child")
    assert "Your coach knows" in (await user.next_message())["text"]
    alert = await coach.next_message()
    assert "Reason: caring for a sick child." in alert["text"]
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE

    # The same report again (an old button, a second /absent): no second alert.
    await user.forge_press(ask, f"b1:{sid}:sick_child")
    assert "already told me" in (await user.next_message())["text"]
    # Another reason updates the report and the coach hears of the change once.
    await user.send_command("absent")
    again = await user.next_message()
    await user.press(again, callback_data=f"b1:{sid}:interview")
    await user.next_message()
    changed = await coach.next_message()
    assert "changed the reason" in changed["text"]
    assert coach.drain() == []
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE


async def test_i_cannot_come_written_in_words_can_become_the_absence_notice(
    world: World,
) -> None:
    _, amina, coach, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(hours=2)
    await user.send_text("I can't come today, my child is sick")
    offer = await user.next_message()
    assert "If you cannot come to Job club" in offer["text"]
    await user.press(offer, text="I cannot come")
    ask = await user.next_message()
    await user.press(ask, callback_data=f"b1:{sid}:sick_child")
    assert "Your coach knows" in (await user.next_message())["text"]
    assert "caring for a sick child" in (await coach.next_message())["text"]
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE
    # At the close she is not a no-show and is not told "we missed you".
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE
    assert all("missed" not in m["text"] for m in user.drain())


async def test_attendance_offers_i_cannot_come_for_upcoming_sessions(world: World) -> None:
    _, _, _, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(hours=30)
    await user.send_command("attendance")
    overview = await user.next_message()
    await user.press(overview, callback_data=f"a1:{sid}")
    assert "reason" in (await user.next_message())["text"]


VENUE: dict[str, Any] = {
    "kind": ActivityKind.PLACEMENT_DAY,
    "title": "Placement",
    "duration_minutes": 480,
    "recurrence": Recurrence.ONCE,
    "weekdays": (),
    "latitude": 59.3327,
    "longitude": 18.0650,
    "radius_m": 200,
}


async def record_entry(world: World, session_id: int, person: Person) -> Any:
    async with world._session() as session:
        return await Store(session).attendance.record_of(session_id, person.id)


@pytest.mark.parametrize("confirmed", [True, False])
async def test_a_participant_without_location_checks_in_and_the_coach_confirms(
    world: World, confirmed: bool
) -> None:
    _, amina, coach, user = await setup(world, **VENUE)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(minutes=5)
    await user.send_command("here")
    ask = await user.next_message()
    sent = [c for c in world.emu.calls if c.method == "sendMessage" and c.status == 200]
    keyboard = sent[-1].params["reply_markup"]["keyboard"]
    assert keyboard[1][0]["text"] == "I can't share location"
    assert "I can't share location" in ask["text"]
    await user.send_text(keyboard[1][0]["text"])  # the reply button sends its label
    told = await user.next_message()
    assert "without a location" in told["text"]
    entry = await record_entry(world, sid, amina)
    assert (entry.status, entry.verified) == (Presence.PRESENT, False)
    await user.send_command("attendance")
    assert "present, not confirmed yet" in (await user.next_message())["text"]

    alert = await coach.next_message()
    assert "Amina" in alert["text"]
    assert "without sharing a location" in alert["text"]
    await coach.press(alert, text="Yes, confirm" if confirmed else "No, not there")
    done = await coach.next_message()
    entry = await record_entry(world, sid, amina)
    if confirmed:
        assert "Confirmed" in done["text"]
        assert (entry.status, entry.verified) == (Presence.PRESENT, True)
    else:
        assert "was not at" in done["text"]
        assert "recorded as absent" in (await user.next_message())["text"]
        assert (entry.status, entry.verified) == (Presence.UNREPORTED, True)
    await coach.forge_press(alert, f"w1:{sid}:{amina.id}:y")  # the buttons are gone
    assert "no longer active" in (await coach.next_message())["text"], "decided once"
    assert (await record_entry(world, sid, amina)) == entry


async def test_moved_session_is_announced_and_reminded_at_the_new_time(world: World) -> None:
    _, _, coach, user = await setup(world)
    sid = await first_session_id(world)
    await coach.send_command("sessions")
    listing = await coach.next_message()
    await coach.press(listing, callback_data=f"v1:{sid}")
    assert "instead" in (await coach.next_message())["text"]
    await coach.send_text("tomorrow at one")
    assert "like" in (await coach.next_message())["text"], "a bad answer is asked again"
    await coach.send_text("2026-11-24 13:00")
    assert "Moved" in (await coach.next_message())["text"]
    assert "moved" in (await user.next_message())["text"]

    assert world.app.core is not None
    await world.app.core.tick()
    async with world._session() as session:
        store = Store(session).attendance
        upcoming = await store.sessions_between(START, START + timedelta(days=2))
    assert [s.starts_at for s in upcoming] == [datetime(2026, 11, 24, 12, 0, tzinfo=UTC)]
    world.clock.now = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    await world.app.core.tick()
    await at(world, datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    evening = await user.next_message()
    assert "Tomorrow: Job club" in evening["text"]
    assert "13:00" in evening["text"], "the new time, on a 24-hour clock"


async def test_a_message_sent_to_the_coach_before_the_session_is_no_no_show(
    world: World,
) -> None:
    """Word sent through "Send to my coach" counts for the no-show list."""
    _, amina, coach, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(hours=2)
    await user.send_text("The bus is not running this morning, sorry")
    offer = await user.next_message()
    await user.press(offer, text="Send to my coach")
    assert "Sent to" in (await user.next_message())["text"]
    assert "The bus is not running" in (await coach.next_message())["text"]
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    listing = await coach.next_message()
    assert "No check-in, but a message to their coach from: Amina" in listing["text"]
    assert "no message from" not in listing["text"]
    assert all("missed" not in m["text"] for m in user.drain())
    assert await record(world, sid, amina) is Presence.NOTIFIED_ABSENCE
    await user.send_command("attendance")
    overview = await user.next_message()
    assert "absent, reported in time (a message to the coach)" in overview["text"]


async def test_a_message_from_the_day_before_yesterday_does_not_count(world: World) -> None:
    _, amina, coach, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START - timedelta(hours=40)
    await user.send_text("Can we talk about my CV next week please")
    offer = await user.next_message()
    await user.press(offer, text="Send to my coach")
    await user.next_message()
    await coach.next_message()
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    assert "We missed you" in (await user.next_message())["text"]
    assert "no message from: Amina" in (await coach.next_message())["text"]
    assert await record(world, sid, amina) is Presence.UNREPORTED


async def test_the_coach_records_a_no_show_present_afterwards(world: World) -> None:
    """Amina was there but her phone was flat: Karin records her present from /sessions."""
    _, amina, coach, user = await setup(world)
    sid = await first_session_id(world)
    world.clock.now = START + timedelta(minutes=21)
    assert world.app.core is not None
    await world.app.core.tick()
    assert "We missed you" in (await user.next_message())["text"]
    await coach.next_message()
    world.clock.now = START + timedelta(hours=3)
    await coach.send_command("sessions")
    listing = await coach.next_message()
    assert "Your sessions in the past week" in listing["text"]
    await coach.press(listing, text="Attendance 1")
    roster = await coach.next_message()
    assert "Amina: absent, not reported" in roster["text"]
    await coach.press(roster, text="Present 1")
    edited = await coach.next_edit()
    while edited["message_id"] != roster["message_id"]:
        edited = await coach.next_edit()
    assert coach.buttons(edited) == [], "nobody left to mark"
    told = await user.next_message()
    assert "Your coach recorded you as present at Job club" in told["text"]
    assert await record(world, sid, amina) is Presence.PRESENT
    await user.send_command("attendance")
    assert "present" in (await user.next_message())["text"]


async def test_a_new_activity_is_in_sessions_at_once(world: World) -> None:
    world.clock.now = SUNDAY_NOON
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    await world.person(Role.PARTICIPANT, 42, "Amina", locale="en", coach=coach)
    karin = world.emu.user(500, "Karin", "en")
    await karin.send_command("activity")
    await karin.next_message()
    steps: list[tuple[str, str]] = [
        ("button", "Group meeting"),
        ("text", "CV workshop"),
        ("button", "Every week"),
        ("button", "Monday"),
        ("text", "10:00"),
        ("button", "2 h"),
        ("text", "Room 3"),
        ("button", "Done"),
        ("button", "Save"),
    ]
    for how, value in steps:
        if how == "text":
            await karin.send_text(value)
        else:
            await karin.press(karin.last_message, text=value)  # type: ignore[arg-type]
        reply = await karin.next_message()
    assert "Saved" in reply["text"]
    await karin.send_command("sessions")  # no timer tick in between
    listing = await karin.next_message()
    assert "CV workshop" in listing["text"]
