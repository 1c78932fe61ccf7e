"""Placements through the dispatcher: recording one, follow-ups on working days, one-tap
answers, worrying answers and silence reaching the coach, hiring, ending and exit codes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.calendar import swedish_holidays
from flows.config import Config
from flows.placement_model import FollowUpState, PlacementKind
from flows.placements.payloads import (
    Ask,
    Contact,
    EndOn,
    EndWith,
    ExitOf,
    Extend,
    Hire,
    KindOf,
    NewFor,
    OpenPlacement,
    Save,
    StartOn,
)
from tests.flowclient import FlowClient, Turn
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    DAWIT,
    ERIK,
    KARIN,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
)


def local(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock in Stockholm on `day` (winter time)."""
    return datetime(day.year, day.month, day.day, hour - 1, 0, tzinfo=UTC)


async def record(world: World, kind: PlacementKind = PlacementKind.PREPARATORY) -> int:
    """Karin records Amina's placement at Bageriet with Erik, from today for 3 months."""
    c = world.client
    c.cfg = Config(bot_username="stegvis_test_bot", holidays=swedish_holidays)
    await c.command(KARIN, "placement")
    await c.press(KARIN, NewFor(world.id(AMINA)).pack())
    await c.text(KARIN, "Bageriet Söder")
    await c.press(KARIN, Contact(str(world.id(ERIK))).pack())
    await c.press(KARIN, KindOf(kind).pack())
    await c.press(KARIN, StartOn("today").pack())
    summary = await c.press(KARIN, EndOn("3m").pack())
    assert "Amina at Bageriet Söder, contact person Erik." in summary.texts()[0]
    saved = await c.press(KARIN, Save("ok").pack())
    assert "Saved." in saved.texts()[0]
    [placement] = await c.ports.placements.of_participant(world.id(AMINA))
    return placement.id


async def at(c: FlowClient, moment: datetime) -> Turn:
    # The follow-up timer only: the morning digests are tested in test_digests.
    c.now = moment
    return Turn(await c.tick(name="placements.follow_up"), "idle", {}, False)


async def test_day_3_asks_both_sides_and_a_worrying_answer_reaches_the_coach_at_once() -> None:
    world = await build()
    c = world.client
    await record(world)
    planned = await c.ports.placements.follow_ups(world.id(AMINA))
    assert [(f.key.split(":")[1], f.due_on) for f in planned][:3] == [
        ("3d", date(2026, 11, 26)),
        ("2w", date(2026, 12, 7)),
        ("ca", date(2026, 12, 21)),
    ]
    assert (await at(c, local(date(2026, 11, 26), 9))).to(ERIK) == [], "not before 10:00"
    due = await at(c, local(date(2026, 11, 26)))
    [erik] = due.texts(ERIK)
    assert "Follow-up of Amina at Bageriet Söder: how is it going overall?" in erik
    [amina] = due.texts(AMINA)
    assert "How is it going at Bageriet Söder?" in amina
    assert (await at(c, local(date(2026, 11, 26), 11))).messages == (), "asked once"
    [fu] = [
        f
        for f in await c.ports.placements.follow_ups(world.id(AMINA))
        if f.state is FollowUpState.ASKED
    ]
    second = await c.press(ERIK, Ask(fu.id, "overall", "good").pack())
    assert "Attendance and punctuality?" in second.texts(ERIK)[0]
    await c.press(ERIK, Ask(fu.id, "attendance", "good").pack())
    worried = await c.press(ERIK, Ask(fu.id, "tasks", "concern").pack())
    [alert] = worried.texts(KARIN)
    assert "a worrying answer from Erik" in alert
    assert "overall: Good" in alert
    assert "work tasks: Concerns" in alert
    assert "Amina:\nno answer yet" in alert
    await c.press(AMINA, Ask(fu.id, "feel", "ok").pack())
    both = await c.press(AMINA, Ask(fu.id, "contact", "yes").pack())
    [alert] = both.texts(KARIN)
    assert "work tasks: Concerns" in alert, "side by side: his answers"
    assert "how it goes: OK" in alert, "side by side: hers"
    assert all("work tasks" not in t for t in both.texts(AMINA)), "she never sees his answers"
    await c.press(ERIK, Ask(fu.id, "cooperation", "good").pack())
    done = await c.press(ERIK, Ask(fu.id, "contact", "no").pack())
    assert done.state == "placements.comment"
    noted = await c.text(ERIK, "She is quick but needs the safety rules in Arabic.")
    assert "She is quick but needs the safety rules in Arabic." in noted.texts(KARIN)[0]
    assert (await c.ports.placements.follow_up(fu.id)).state is FollowUpState.ANSWERED  # type: ignore[union-attr]


async def test_silence_gets_one_reminder_after_2_working_days_then_the_coach_after_4() -> None:
    world = await build()
    c = world.client
    await record(world)
    await at(c, local(date(2026, 11, 26)))
    assert (await at(c, local(date(2026, 11, 27)))).messages == ()
    reminder = await at(c, local(date(2026, 11, 30)))  # Monday: 2 working days later
    [text] = reminder.texts(ERIK)
    assert text.startswith("A reminder: your answer takes a minute.")
    assert reminder.to(AMINA) == [], "the participant is not chased"
    assert (await at(c, local(date(2026, 12, 1)))).messages == ()
    silence = await at(c, local(date(2026, 12, 2)))
    [alert] = silence.texts(KARIN)
    assert "Erik at Bageriet Söder has not answered the follow-up about Amina" in alert
    assert (await at(c, local(date(2026, 12, 3)))).to(KARIN) == [], "told once"


async def test_only_the_placements_own_employer_and_participant_can_answer() -> None:
    world = await build()
    c = world.client
    await record(world)
    await at(c, local(date(2026, 11, 26)))
    [fu] = await c.ports.placements.open_follow_ups(date(2026, 11, 26))
    for user in (BILAL, DAWIT, BERIT):
        assert (await c.press(user, Ask(fu.id, "overall", "good").pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(ERIK, Ask(fu.id, "feel", "bad").pack())).texts() == [STALE]
    assert (await c.press(ERIK, Ask(fu.id, "overall", "hacked").pack())).texts() == [STALE]
    assert (await c.press(ERIK, Ask(10**17, "overall", "good").pack())).texts() == [STALE]
    assert (await c.press(ERIK, "f7:" + "9" * 40 + ":overall:good")).texts() == [STALE]
    assert await c.ports.placements.replies(fu.id) == []


async def test_hiring_replaces_the_plan_and_ending_and_exit_take_codes() -> None:
    world = await build()
    c = world.client
    pid = await record(world)
    amina = world.id(AMINA)
    view = await c.press(KARIN, OpenPlacement(pid).pack())
    assert "Contact person: Erik" in view.texts()[0]
    await c.press(KARIN, Hire(pid, "job").pack())
    keys = {f.key.split(":")[1]: f.state for f in await c.ports.placements.follow_ups(amina)}
    assert keys["3d"] is FollowUpState.CANCELLED
    assert keys["h2w"] is FollowUpState.PLANNED
    assert {k for k, s in keys.items() if s is FollowUpState.PLANNED} == {
        "h2w",
        "h1m",
        "h3m",
        "h6m",
        "h12m",
    }
    # Ending without a code is not possible: the buttons ask for it step by step.
    ask = await c.press(KARIN, EndWith(pid, "-", "-").pack())
    assert "What comes next for the participant?" in ask.texts()[0]
    assert (await c.ports.placements.get(pid)).active  # type: ignore[union-attr]
    await c.press(KARIN, EndWith(pid, "work", "-").pack())
    job = await c.press(KARIN, EndWith(pid, "work_unsubsidised", "-").pack())
    assert "What kind of job?" in job.texts()[0]
    ended = await c.press(KARIN, EndWith(pid, "work_unsubsidised", "permanent").pack())
    assert "Work without subsidy, Permanent" in ended.texts()[0]
    assert (await c.ports.placements.get(pid)).outcome == "work_unsubsidised:permanent"  # type: ignore[union-attr]
    # The exit: a reason, then (for work) the outcome and the job type; it ends her path.
    await c.ports.paths.start(amina, date(2026, 11, 23))
    await c.press(KARIN, ExitOf(amina, "-", "-", "-").pack())
    await c.press(KARIN, ExitOf(amina, "work", "-", "-").pack())
    await c.press(KARIN, ExitOf(amina, "work", "work_nystart", "-").pack())
    done = await c.press(KARIN, ExitOf(amina, "work", "work_nystart", "hourly").pack())
    assert "exit is recorded" in done.texts()[0]
    assert (await c.ports.paths.path(amina)).status.value == "exited"  # type: ignore[union-attr]
    left = await c.ports.placements.exit_of(amina)
    assert left is not None
    assert (left.reason, left.outcome) == ("work", "work_nystart:hourly")
    # Six months later she is asked how it goes; her answer is a code.
    six = [f for f in await c.ports.placements.follow_ups(amina) if f.key == "exit:6m"]
    assert six
    assert six[0].due_on == date(2027, 5, 24)
    asked = await at(c, local(date(2027, 5, 24), 11))
    assert "do you work or study now?" in asked.texts(AMINA)[0]
    await c.press(AMINA, Ask(six[0].id, "status", "work").pack())
    [reply] = await c.ports.placements.replies(six[0].id)
    assert (reply.question, reply.value) == ("status", "work")


def test_the_buttons_fixed_choices_cover_every_question_and_code() -> None:
    from typing import get_args

    from flows.placement_model import EXIT_REASONS, JOB_TYPES, OUTCOME_GROUPS, OUTCOMES
    from flows.placements.payloads import (
        AnswerValue,
        ExitReason,
        JobType,
        OutcomeCode,
        QuestionKey,
    )
    from flows.placements.questions import AFTER_EXIT, COMPETENCE, EMPLOYER, PARTICIPANT

    asked = [*EMPLOYER, *COMPETENCE, *PARTICIPANT, *AFTER_EXIT]
    assert {q.key for q in asked} <= set(get_args(QuestionKey))
    assert {v for q in asked for v, _ in q.answers} <= set(get_args(AnswerValue))
    assert {*OUTCOMES, *OUTCOME_GROUPS} <= set(get_args(OutcomeCode))
    assert set(JOB_TYPES) <= set(get_args(JobType))
    assert set(EXIT_REASONS) <= set(get_args(ExitReason))


async def test_the_employer_writes_to_the_coach_who_answers_and_nobody_else_can() -> None:
    world = await build()
    c = world.client
    pid = await record(world)
    ask = await c.command(ERIK, "contact")
    assert "Write your message to Karin." in ask.texts()[0]
    sent = await c.text(ERIK, "Amina was not here today. Is she ill?")
    [to_karin] = sent.to(KARIN)
    assert "Erik (Bageriet Söder) writes to you:" in sent.texts(KARIN)[0]
    assert "Amina was not here today. Is she ill?" in sent.texts(KARIN)[0]
    reply = to_karin.buttons[0][0].payload
    assert (await c.press(BERIT, reply)).texts() == [NOT_ALLOWED]
    await c.press(KARIN, reply)
    answered = await c.text(KARIN, "I will call you in ten minutes.")
    assert "Answer from the coach Karin:" in answered.texts(ERIK)[0]
    assert "I will call you in ten minutes." in answered.texts(ERIK)[0]
    # Once the placement has ended, the line is closed.
    await c.press(KARIN, EndWith(pid, "other_unknown", "-").pack())
    closed = await c.command(ERIK, "contact")
    assert "only while a coach follows a placement with you" in closed.texts()[0]
    assert (await c.press(KARIN, reply)).texts() == [NOT_ALLOWED]


async def test_extending_moves_the_plan_without_asking_anything_twice() -> None:
    world = await build()
    c = world.client
    pid = await record(world)
    amina = world.id(AMINA)
    await at(c, local(date(2026, 11, 26)))  # day 3 is asked
    before = {f.key: f for f in await c.ports.placements.follow_ups(amina)}
    view = await c.press(KARIN, Extend(pid, "3m").pack())
    assert "The planned end is now Sunday, May 23, 2027." in view.texts()[0]
    after = {f.key: f for f in await c.ports.placements.follow_ups(amina)}
    assert after[f"{pid}:3d"].state is FollowUpState.ASKED, "what was asked stays asked"
    assert after[f"{pid}:end"].due_on > before[f"{pid}:end"].due_on
    assert len([k for k in after if k.endswith(":end")]) == 1
    assert set(before) <= set(after), "nothing lost"
    assert (await at(c, local(date(2026, 11, 26), 14))).to(ERIK) == [], "nothing asked twice"


async def test_old_or_repeated_answer_buttons_never_reopen_or_overwrite_a_follow_up() -> None:
    world = await build()
    c = world.client
    await record(world)
    await at(c, local(date(2026, 11, 26)))
    [fu] = await c.ports.placements.open_follow_ups(date(2026, 11, 26))
    assert (await c.press(ERIK, Ask(fu.id, "tasks", "concern").pack())).texts() == [STALE], (
        "not the question asked now"
    )
    await c.press(ERIK, Ask(fu.id, "overall", "good").pack())
    assert (await c.press(ERIK, Ask(fu.id, "overall", "concern").pack())).texts() == [STALE]
    await c.press(AMINA, Ask(fu.id, "feel", "good").pack())
    await c.press(AMINA, Ask(fu.id, "contact", "yes").pack())
    replay = await c.press(AMINA, Ask(fu.id, "contact", "no").pack())
    assert replay.texts() == [STALE]
    assert replay.to(KARIN) == []
    answers = {
        (r.side.value, r.question): r.value for r in await c.ports.placements.replies(fu.id)
    }
    assert answers == {
        ("employer", "overall"): "good",
        ("participant", "feel"): "good",
        ("participant", "contact"): "yes",
    }


async def test_after_a_hand_over_the_new_coach_follows_the_placement_and_the_old_one_cannot() -> (
    None
):
    world = await build()
    c = world.client
    pid = await record(world)
    c.db.assign_caseload(world.id(OLLE), world.id(AMINA), c.now)
    assert "Amina at Bageriet Söder" in (await c.command(OLLE, "placements")).texts()[0]
    assert "no placements" in (await c.command(KARIN, "placements")).texts()[0]
    assert (await c.press(KARIN, OpenPlacement(pid).pack())).texts() == [NOT_ALLOWED]
    await at(c, local(date(2026, 11, 26)))
    [fu] = await c.ports.placements.open_follow_ups(date(2026, 11, 26))
    worried = await c.press(ERIK, Ask(fu.id, "overall", "concern").pack())
    assert worried.to(KARIN) == [], "the old coach is told nothing"
    assert len(worried.to(OLLE)) == 1, "the new coach gets the alert"
    await c.command(ERIK, "contact")
    sent = await c.text(ERIK, "A question")
    reply = sent.to(OLLE)[0].buttons[0][0].payload
    assert (await c.press(KARIN, reply)).texts() == [NOT_ALLOWED]
    assert (await c.press(OLLE, reply)).state == "placements.answer"
