"""The participant's path through the dispatcher: start, a plan drafted, confirmed and
approved, a second version, breaks that silence attendance and move deadlines, alerts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.calendar import swedish_holidays
from flows.path.payloads import Act, Mine, PathOf, Pause, StepsDone, StepsFrom
from flows.path_model import BreakReason, PathStatus
from tests.flowclient import FlowClient, Turn, text_of
from tests.flows.world import AMINA, BERIT, BILAL, KARIN, NOT_ALLOWED, OLLE, STALE, World, build


async def started(world: World) -> FlowClient:
    c = world.client
    c.cfg = dataclasses.replace(c.cfg, holidays=swedish_holidays)
    view = await c.press(KARIN, Act(world.id(AMINA), "start").pack())
    assert "The path has started today." in view.texts()[0]
    assert "Action plan due: Monday, November 30" in view.texts()[0], "5 working days"
    return c


async def draft(world: World, goal: str, steps: list[str], commitment: str) -> Turn:
    c, amina = world.client, world.id(AMINA)
    await c.press(KARIN, Act(amina, "draft").pack())
    await c.text(KARIN, goal)
    await c.text(KARIN, "\n".join(steps))
    await c.press(KARIN, StepsDone(amina).pack())
    return await c.text(KARIN, commitment)


async def test_a_plan_is_drafted_read_confirmed_and_approved_then_changed() -> None:
    world = await build()
    c = await started(world)
    amina = world.id(AMINA)
    saved = await draft(
        world, "Work as a cook", ["SFI D by March", "Placement at Bageriet"], "I come every day"
    )
    assert "Saved as version 1." in saved.texts(KARIN)[0]
    assert "/plan" in saved.texts(AMINA)[0]
    shown = await c.command(AMINA, "plan")
    text = "\n".join(shown.texts())
    assert "Action plan, version 1 (not confirmed yet)" in text
    assert "1. SFI D by March" in text
    assert "I commit to: I come every day" in text
    agreed = await c.press(AMINA, Mine("agree", 1).pack())
    assert "has confirmed the action plan (version 1)" in agreed.texts(KARIN)[0]
    assert "confirmed, waiting for the home district's approval" in agreed.texts(AMINA)[1]
    assert (await c.press(AMINA, Mine("agree", 1).pack())).texts() == [STALE], "once"
    await c.press(KARIN, Act(amina, "approve").pack())
    approved = await c.text(KARIN, "Söder district, Lisa Berg")
    assert "is approved" in approved.texts(AMINA)[0]
    assert (await c.ports.paths.path(amina)).status is PathStatus.ACTIVE  # type: ignore[union-attr]
    await draft(
        world, "Work as a cook", ["Placement at Bageriet", "Apply to 5 restaurants"], "I apply"
    )
    latest = "\n".join((await c.command(AMINA, "plan")).texts())
    assert "version 2 (not confirmed yet)" in latest
    first = "\n".join((await c.press(AMINA, Mine("version", 1).pack())).texts())
    assert "approved on" in first, "the earlier version stays readable as it was"
    assert "Söder district, Lisa Berg" in first
    asked = await c.press(AMINA, Mine("ask", 2).pack())
    assert asked.state == "path.question"
    passed = await c.text(AMINA, "Which restaurants?")
    assert (
        "asks about step 2 of the action plan (“Apply to 5 restaurants”)" in passed.texts(KARIN)[0]
    )
    pdfs = await c.press(AMINA, Mine("pdf", 2).pack())
    assert [m.printable.locale for m in pdfs.messages] == ["en", "sv"]  # type: ignore[union-attr]
    # A break and the restart: version 1 is still the approved plan, so the path is active.
    await c.press(KARIN, Pause(amina, BreakReason.OTHER, "30d", 0).pack())
    await c.press(KARIN, Act(amina, "restart").pack())
    assert (await c.ports.paths.path(amina)).status is PathStatus.ACTIVE  # type: ignore[union-attr]


async def test_a_break_silences_attendance_and_moves_the_review_and_a_restart_resumes() -> None:
    world = await build()
    c = await started(world)
    amina = world.id(AMINA)
    before = (await c.press(KARIN, PathOf(amina).pack())).texts()[0]
    assert "Review due: Sunday, May 23, 2027" in before
    await c.press(KARIN, Pause(amina, BreakReason.PARENTAL, "-", 0).pack())
    paused = await c.press(KARIN, Pause(amina, BreakReason.PARENTAL, "30d", 0).pack())
    assert "paused from today" in paused.texts(AMINA)[0]
    # Tomorrow's session: no reminder for Amina, and no no-show when it closes.
    c.now = world.tomorrow.starts_at - timedelta(hours=2)
    reminders = await c.tick()
    assert all(s.chat_id != AMINA for s in reminders.messages)
    c.now = world.tomorrow.starts_at + timedelta(hours=3)
    closed = await c.tick()
    assert all(s.chat_id != AMINA for s in closed.messages), "no 'we missed you'"
    assert await c.ports.attendance.record_of(world.tomorrow.id, amina) is None
    assert any(s.chat_id == BILAL for s in closed.messages), "Bilal is still expected"
    # Thirty days later she restarts: the review moves by the 30 days.
    c.now = datetime(2026, 12, 23, 9, 0, tzinfo=UTC)
    back = await c.press(KARIN, Act(amina, "restart").pack())
    assert "Welcome back!" in back.texts(AMINA)[0]
    assert "Review due: Tuesday, June 22, 2027" in back.texts(KARIN)[0]
    assert (await c.ports.paths.path(amina)).paused_days == 30  # type: ignore[union-attr]
    # The old length button of that break starts no new one.
    old = Pause(amina, BreakReason.PARENTAL, "30d", 0).pack()
    assert (await c.press(KARIN, old)).texts() == [STALE]
    assert len(await c.ports.paths.breaks(amina)) == 1


async def test_the_coach_is_told_ahead_of_the_plan_and_review_deadlines_once() -> None:
    world = await build()
    c = await started(world)
    c.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday: the plan is due Monday
    told = await c.tick()
    [alert] = [s for s in told.messages if (s.key or "").startswith("path:")]
    assert "Amina's action plan is due on Monday, November 30" in text_of(alert)
    assert alert.key == f"path:{world.id(AMINA)}:plan:2026-11-30"
    c.now = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
    later = await c.tick()
    review = [text_of(s) for s in later.messages if (s.key or "").startswith("path:")]
    assert any("6-month review is due on Sunday, May 23, 2027" in t for t in review)


async def test_coaches_outside_the_caseload_can_neither_read_nor_change_a_path() -> None:
    world = await build()
    await started(world)
    c, amina = world.client, world.id(AMINA)
    for coach in (OLLE, BERIT):
        for payload in (
            PathOf(amina),
            Act(amina, "draft"),
            Act(amina, "start"),
            Pause(amina, BreakReason.ILLNESS, "30d", 0),
        ):
            assert (await c.press(coach, payload.pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(BILAL, Mine("agree", 1).pack())).texts() == [STALE], "no plan of hers"
    reads = [r for r in c.ports.access.reads if r[1] == amina and r[2].startswith("path:")]  # type: ignore[attr-defined]
    assert reads, "the coach's reads are audit-logged"
    assert all(r[0] == world.id(KARIN) for r in reads)


async def test_plan_steps_can_be_drawn_from_what_is_planned() -> None:
    world = await build()
    c = await started(world)
    amina = world.id(AMINA)
    await c.press(KARIN, Act(amina, "draft").pack())
    await c.text(KARIN, "Work as a cook")
    drawn = await c.press(KARIN, StepsFrom(amina).pack())
    text = drawn.texts()[0]
    assert "Job club (2026-11-23)" in text, "the activity she is enrolled in, with its date"
    again = await c.press(KARIN, StepsFrom(amina).pack())
    assert again.texts()[0].count("Job club") == 1, "nothing twice"
    await c.press(KARIN, StepsDone(amina).pack())
    await c.text(KARIN, "I come")
    [plan] = await c.ports.paths.plans(amina)
    assert plan.steps == ("Job club (2026-11-23)",)
