"""Conversation state per flow: a command or another flow's button ends a pending step,
says what happened to the unfinished answer, and never hands a later text to the old step."""

from __future__ import annotations

from enum import StrEnum

import pytest

from flows import onboarding
from flows.dispatch import Registry
from flows.model import AttendanceRecord, Presence
from flows.output import Outcome
from flows.ports import Conversation
from flows.routes import EVERYONE, Command, Ctx, Flow, Step
from flows.text import msg
from tests.flowclient import Turn
from tests.flows.world import AMINA, KARIN, World, build

CV_QUESTION = "hello, can I ask about my CV?"


@pytest.fixture
async def world() -> World:
    return await build()


async def note_step(world: World) -> None:
    await world.client.press(AMINA, f"a1:{world.today.id}")
    turn = await world.client.press(AMINA, f"b1:{world.today.id}:other")
    assert turn.state == "attendance.absence_note"
    assert turn.data == {"attendance": {"absence": world.today.id}}


async def test_a_command_ends_the_absence_note_and_later_text_never_reaches_the_coach(
    world: World,
) -> None:
    await note_step(world)
    to_coach: list[str] = []
    turn = await world.client.command(AMINA, "attendance")
    to_coach += turn.texts(KARIN)
    assert turn.state == "idle"
    assert "attendance" not in turn.data
    said = turn.texts(AMINA)
    assert said[0] == "I recorded your absence (other reason) without a note."
    assert "Your activities this month" in said[-1]
    later = await world.client.text(AMINA, CV_QUESTION)
    to_coach += later.texts(KARIN)
    assert to_coach, "the coach still hears about the absence"
    assert all(CV_QUESTION not in text for text in to_coach)
    assert [m.chat_id for m in later.messages] == [AMINA], "only the offer to pass it on"
    entry = await world.client.ports.attendance.record_of(world.today.id, world.id(AMINA))
    assert entry is not None
    assert (entry.status, entry.category, entry.note) == (Presence.NOTIFIED_ABSENCE, "other", "")


async def test_the_note_itself_goes_to_the_coach_and_ends_the_step(world: World) -> None:
    await note_step(world)
    turn = await world.client.text(AMINA, "The bus strike")
    assert any("The bus strike" in text for text in turn.texts(KARIN))
    assert turn.state == "idle"


async def test_another_flows_button_ends_the_step_too(world: World) -> None:
    await note_step(world)
    turn = await world.client.press(AMINA, "l1:sv")
    assert turn.state == "idle"
    assert "attendance" not in turn.data
    assert turn.texts(AMINA)[0] == "I recorded your absence (other reason) without a note."


async def test_skip_outside_its_step_is_stale(world: World) -> None:
    turn = await world.client.press(AMINA, "n1:skip")
    assert "no longer active" in turn.texts(AMINA)[0]
    assert await world.client.ports.attendance.record_of(world.today.id, world.id(AMINA)) is None


async def test_a_too_long_note_is_sent_back_not_cut(world: World) -> None:
    await note_step(world)
    turn = await world.client.text(AMINA, "x" * 501)
    assert "under 500 characters (yours has 501)" in turn.texts(AMINA)[0]
    assert turn.state == "attendance.absence_note"
    assert await world.client.ports.attendance.record_of(world.today.id, world.id(AMINA)) is None


async def test_cancel_leaves_any_step_and_says_so(world: World) -> None:
    await note_step(world)
    turn = await world.client.command(AMINA, "cancel")
    assert turn.texts(AMINA)[-1] == "Stopped. Type /help to see what you can do."
    assert turn.state == "idle"
    idle = await world.client.command(AMINA, "cancel")
    assert idle.texts(AMINA) == ["There is nothing to stop. Type /help to see what you can do."]


async def test_leaving_the_dispute_comment_tells_that_nothing_was_sent(world: World) -> None:
    await world.client.ports.attendance.record(
        AttendanceRecord(world.today.id, world.id(AMINA), Presence.LATE, world.client.now)
    )
    asked = await world.client.press(AMINA, f"d1:{world.today.id}")
    assert asked.state == "attendance.dispute_comment"
    turn = await world.client.command(AMINA, "help")
    assert turn.texts(AMINA)[0] == "Your dispute was not sent. Use /attendance to start again."
    assert turn.to(KARIN) == []
    assert turn.state == "idle"


async def test_leaving_the_location_step_takes_the_location_button_away(world: World) -> None:
    activity = world.client.db.activities[world.activity_id]
    world.client.db.activities[world.activity_id] = type(activity)(
        **{**activity.__dict__, "latitude": 59.3, "longitude": 18.0}
    )
    asked = await world.client.press(AMINA, f"c1:{world.today.id}")
    assert asked.state == "attendance.checkin_location"
    turn = await world.client.command(AMINA, "help")
    assert turn.messages[0].remove_keyboard
    assert turn.texts(AMINA)[0] == "OK, no check-in. Use /here to try again."


async def test_leaving_the_move_step_tells_the_session_was_not_moved(world: World) -> None:
    await world.client.press(KARIN, f"v1:{world.tomorrow.id}")
    turn = await world.client.command(KARIN, "sessions")
    assert turn.texts(KARIN)[0] == "The session was not moved. Use /sessions to start again."
    assert turn.state == "idle"


async def test_a_command_in_the_middle_of_planning_drops_the_draft_and_says_so(
    world: World,
) -> None:
    await world.client.command(KARIN, "activity")
    await world.client.press(KARIN, "p1:k:workshop")
    titled = await world.client.text(KARIN, "CV workshop")
    assert titled.state == "planning.choosing"
    turn = await world.client.command(KARIN, "help")
    assert turn.texts(KARIN)[0] == "OK, nothing was saved."
    assert "planning" not in turn.data
    old = await world.client.press(KARIN, "p1:r:weekly")
    assert "no longer active" in old.texts(KARIN)[0]


async def test_a_too_long_title_is_sent_back_not_cut(world: World) -> None:
    await world.client.command(KARIN, "activity")
    await world.client.press(KARIN, "p1:k:workshop")
    turn = await world.client.text(KARIN, "T" * 81)
    assert "under 80 characters" in turn.texts(KARIN)[0]
    assert turn.state == "planning.title"


async def test_a_legacy_or_unknown_state_is_treated_as_idle(world: World) -> None:
    world.client.conversations[AMINA] = Conversation(AMINA, "absence_note", {"absence": [1, "x"]})
    turn = await world.client.text(AMINA, CV_QUESTION)
    assert turn.state == "idle"
    assert turn.to(KARIN) == []
    assert set(turn.data) <= {"contact", "onboarding"}


# -- resumable steps, with a flow made for the test ---------------------------------------------


class Draft(StrEnum):
    WRITING = "writing"


async def begin(ctx: Ctx[object]) -> Outcome:
    return Outcome(messages=(ctx.say(msg("Write")),), state=Draft.WRITING, data={"lines": []})


async def write(ctx: Ctx[object]) -> Outcome:
    lines = [*ctx.data.get("lines", []), ctx.event.text]
    return Outcome(data={**ctx.data, "lines": lines})


RESUMABLE: Flow[object] = Flow(
    name="drafts",
    ports=lambda ports: ports,
    commands=(Command("draft", begin, EVERYONE, "Write a draft"),),
    steps=(Step(Draft.WRITING, write, resumable=True),),
)


async def test_a_resumable_step_survives_other_commands_but_not_cancel(world: World) -> None:
    world.client.registry = Registry((onboarding.FLOW, RESUMABLE))
    await world.client.command(AMINA, "draft")
    await world.client.text(AMINA, "first line")
    helped = await world.client.command(AMINA, "help")
    assert helped.state == "drafts.writing"
    kept = await world.client.text(AMINA, "second line")
    assert kept.data["drafts"] == {"lines": ["first line", "second line"]}
    stopped = await world.client.command(AMINA, "cancel")
    assert stopped.state == "idle"
    assert "drafts" not in stopped.data


async def at_the_date_step(world: World, date_text: str) -> Turn:
    """Karin plans a one-off workshop up to the date, and types `date_text`."""
    await world.client.command(KARIN, "activity")
    await world.client.press(KARIN, "p1:k:workshop")
    await world.client.text(KARIN, "CV workshop")
    await world.client.press(KARIN, "p1:r:once")
    return await world.client.text(KARIN, date_text)


async def at_the_time_step(world: World) -> None:
    dated = await at_the_date_step(world, "2026-12-01")
    assert dated.state == "planning.time"


@pytest.mark.parametrize(
    ("date_text", "time_text"),
    [("۲۰۲۶-۱۲-۰۱", "۱۳:۳۰"), ("٢٠٢٦-١٢-٠١", "١٣:٣٠"), ("2026-12-01", "13.30")],
    ids=["persian", "arabic", "ascii"],
)
async def test_dates_and_times_may_be_typed_in_arabic_or_persian_digits(
    world: World, date_text: str, time_text: str
) -> None:
    dated = await at_the_date_step(world, date_text)
    assert dated.state == "planning.time", dated.texts(KARIN)
    timed = await world.client.text(KARIN, time_text)
    assert timed.data["planning"]["draft"]["time"] == "13:30"  # type: ignore[index]
    moved = await world.client.press(KARIN, f"v1:{world.tomorrow.id}")
    assert moved.state == "attendance.move_session"
    done = await world.client.text(KARIN, f"{date_text} {time_text}")
    assert "Moved" in done.texts(KARIN)[0]


STOP = ["avbryt", "Avbryt!", "cancel", "STOP", "скасувати", "إلغاء", "jooji"]


@pytest.mark.parametrize("word", STOP)
async def test_the_word_for_stop_leaves_a_guided_step_in_any_language(
    world: World, word: str
) -> None:
    await note_step(world)
    turn = await world.client.text(AMINA, word)
    assert turn.state == "idle"
    assert turn.texts(AMINA)[-1] == "Stopped. Type /help to see what you can do."
    assert turn.to(KARIN) == [] or all(word not in t for t in turn.texts(KARIN)), (
        "the stop word is never taken as the note"
    )


async def test_a_stop_word_outside_a_step_is_an_ordinary_message(world: World) -> None:
    turn = await world.client.text(AMINA, "avbryt")
    assert "Stopped" not in " ".join(turn.texts(AMINA))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("kl 14", "14:00"), ("Kl. 9.15", "09:15"), ("14", "14:00"), ("9:05", "09:05")],
)
async def test_a_time_may_be_written_the_swedish_way(
    world: World, typed: str, stored: str
) -> None:
    await at_the_time_step(world)
    timed = await world.client.text(KARIN, typed)
    assert timed.data["planning"]["draft"]["time"] == stored  # type: ignore[index]


@pytest.mark.parametrize("typed", ["kl 25", "14:75", "kl", "fjorton"])
async def test_an_impossible_time_is_asked_again(world: World, typed: str) -> None:
    await at_the_time_step(world)
    turn = await world.client.text(KARIN, typed)
    assert turn.state == "planning.time"
    assert "like 09:30" in turn.texts(KARIN)[0]
