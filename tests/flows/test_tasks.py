"""The tasks flow through the dispatcher: giving, reporting, review, help, reminders, the week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flows.events import Event, Kind
from flows.model import ReportKind, Task, TaskState, TaskStep, UnitTask
from flows.tasks.library import BY_KEY
from flows.tasks.payloads import (
    AskHelp,
    DueIn,
    MoreTime,
    OwnHours,
    OwnReport,
    Pick,
    PickUnit,
    Rate,
    ReportTask,
    Review,
    Send,
    StepOf,
    Target,
    WeekOf,
    Whom,
    Withdraw,
    WriteOwn,
)
from tests.flowclient import NOW, text_of
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    CECILIA,
    DAWIT,
    KARIN,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
)


async def give(world: World, key: str, *whom: int, days: int = 3) -> list[Task]:
    """Karin gives a library task to participants, with the buttons."""
    c = world.client
    await c.command(KARIN, "assign")
    for uid in whom:
        await c.press(KARIN, Whom(str(world.id(uid))).pack())
    await c.press(KARIN, Whom("done").pack())
    await c.press(KARIN, StepOf(BY_KEY[key].step).pack())
    await c.press(KARIN, Pick(key).pack())
    await c.press(KARIN, DueIn(days).pack())
    turn = await c.press(KARIN, Send("ok").pack())
    assert turn.state == "idle"
    tasks = [t for uid in whom for t in await c.ports.tasks.of_participant(world.id(uid))]
    return [t for t in tasks if t.library_key == key]


async def test_a_task_reaches_the_participant_in_writing_in_their_language() -> None:
    world = await build()
    c = world.client
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    await c.press(KARIN, StepOf(TaskStep.CV).pack())
    await c.press(KARIN, Pick("cv_first").pack())
    summary = await c.press(KARIN, DueIn(3).pack())
    assert "Write your first CV (about 4 h), by Thursday, November 26" in summary.texts()[0]
    assert "Amina: 4 of 40 h planned that week, 36 h left to fill" in summary.texts()[0]
    sent = await c.press(KARIN, Send("ok").pack())
    [_given] = sent.to(AMINA)
    text = "\n".join(sent.texts(AMINA))
    assert "A task from your coach Karin: Write your first CV" in text
    assert "Why: Employers read a CV first." in text
    assert "List your jobs, the latest first." in text
    assert "Time: about 4 h. Report: send the document here. By: Thursday, November 26." in text
    assert sent.texts(KARIN) == ["Sent to Amina."]
    [task] = await c.ports.tasks.of_participant(world.id(AMINA))
    assert task.state is TaskState.ASSIGNED
    assert task.due_on == date(2026, 11, 26)
    assert ReportTask(task.id).pack() in sent.payloads(AMINA)


async def test_report_with_a_photo_reaches_the_coach_who_approves() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "skills_certificates", AMINA)
    asked = await c.press(AMINA, ReportTask(task.id).pack())
    assert asked.state == "tasks.report"
    # A sticker is not a report: explained, and the task stays open.
    sticker = await c.send(AMINA, Event(Kind.STICKER, c.now, file_id="st1"))
    assert "Nothing is reported yet" in sticker.texts()[0]
    assert (await c.ports.tasks.get(task.id)).state is TaskState.ASSIGNED  # type: ignore[union-attr]
    photo = await c.send(AMINA, Event(Kind.PHOTO, c.now, text="my diploma", file_id="ph-1"))
    [to_coach] = photo.to(KARIN)
    assert to_coach.file is not None
    assert to_coach.file.file_id == "ph-1"
    assert "Amina reported “Take photos of your certificates”" in photo.texts(KARIN)[0]
    assert "my diploma" in photo.texts(KARIN)[0]
    assert photo.outcome.drop_pending == (f"task:{task.id}:remind:",)
    stored = await c.ports.tasks.get(task.id)
    assert stored is not None
    assert stored.state is TaskState.REPORTED
    assert stored.report_file_id == "ph-1"
    assert stored.report_text == "my diploma"
    # The participant's two optional taps.
    await c.press(AMINA, Rate(task.id, "useful").pack())
    await c.press(AMINA, Rate(task.id, "long").pack())
    rated = await c.ports.tasks.get(task.id)
    assert rated is not None
    assert rated.useful is True
    assert rated.time_fit == "long"
    approved = await c.press(KARIN, Review(task.id, "ok").pack())
    assert approved.texts(AMINA) == [
        "Your coach Karin approved “Take photos of your certificates”. Well done!"
    ]
    # Pressed again: the report was already decided.
    again = await c.press(KARIN, Review(task.id, "ok").pack())
    assert again.texts() == [STALE]


async def test_sent_back_with_a_comment_then_reported_again() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "cv_facts", AMINA)
    await c.press(AMINA, ReportTask(task.id).pack())
    empty = await c.text(AMINA, "   ")
    assert "Please write your answer as text" in empty.texts()[0]
    await c.text(AMINA, "Cleaner 2019-2021, Nobina")
    ask = await c.press(KARIN, Review(task.id, "back").pack())
    assert ask.state == "tasks.comment"
    back = await c.text(KARIN, "Please add your school too")
    assert "Please add your school too" in back.texts(AMINA)[0]
    assert ReportTask(task.id).pack() in back.payloads(AMINA)
    returned = await c.ports.tasks.get(task.id)
    assert returned is not None
    assert returned.state is TaskState.RETURNED
    await c.press(AMINA, ReportTask(task.id).pack())
    again = await c.text(AMINA, "Cleaner 2019-2021. SFI 2022.")
    assert "SFI 2022." in again.texts(KARIN)[0]
    final = await c.ports.tasks.get(task.id)
    assert final is not None
    assert final.state is TaskState.REPORTED


async def test_help_and_more_time_reach_the_coach() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "market_adverts", AMINA, days=3)
    unclear = await c.press(AMINA, AskHelp(task.id, "unclear").pack())
    assert "Amina does not understand the task “Read ten job adverts”" in unclear.texts(KARIN)[0]
    assert unclear.texts(AMINA) == ["I have told your coach Karin. They will answer you here."]
    more = await c.press(AMINA, AskHelp(task.id, "time").pack())
    assert "Amina asks for more time for “Read ten job adverts”" in more.texts(KARIN)[0]
    assert MoreTime(task.id, "yes").pack() in more.payloads(KARIN)
    moved = await c.press(KARIN, MoreTime(task.id, "yes").pack())
    assert moved.texts(AMINA) == [
        "Your coach Karin moved “Read ten job adverts” to Sunday, November 29."
    ]
    after = await c.ports.tasks.get(task.id)
    assert after is not None
    assert after.due_on == date(2026, 11, 29)
    assert after.asked_due_on is None
    # The same button again: nothing was asked any more.
    assert (await c.press(KARIN, MoreTime(task.id, "yes").pack())).texts() == [STALE]


async def test_a_task_is_not_given_twice_and_a_done_task_is_reported_with_one_tap() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "market_register", AMINA)
    twice = await give(world, "market_register", AMINA, BILAL)
    assert len(twice) == 2, "Bilal got it; Amina still has one"
    done = await c.press(AMINA, ReportTask(task.id).pack())
    assert "Amina reported “Register in a job database”" in done.texts(KARIN)[0]
    stored = await c.ports.tasks.get(task.id)
    assert stored is not None
    assert stored.report_kind is ReportKind.DONE
    assert stored.state is TaskState.REPORTED


async def test_the_second_gift_tells_the_coach_who_already_has_it() -> None:
    world = await build()
    c = world.client
    await give(world, "network_map", AMINA)
    await c.command(KARIN, "assign")
    for uid in (AMINA, BILAL):
        await c.press(KARIN, Whom(str(world.id(uid))).pack())
    await c.press(KARIN, Whom("done").pack())
    await c.press(KARIN, Pick("network_map").pack())
    await c.press(KARIN, DueIn(3).pack())
    sent = await c.press(KARIN, Send("ok").pack())
    assert sent.texts(KARIN) == [
        "Sent to Bilal.\n\nNot sent again to Amina: the task is already open."
    ]


async def test_typed_due_dates_past_far_and_foreign_digits() -> None:
    world = await build()
    c = world.client
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    await c.press(KARIN, Pick("cv_first").pack())
    assert "That date has passed" in (await c.text(KARIN, "2026-11-01")).texts()[0]
    assert "within a year" in (await c.text(KARIN, "2031-01-01")).texts()[0]
    assert "like 2026-12-18" in (await c.text(KARIN, "next friday")).texts()[0]
    summary = await c.text(KARIN, "٢٠٢٦-١٢-٠٤")
    assert "by Friday, December 4" in summary.texts()[0]


async def test_search_finds_library_tasks_by_a_word() -> None:
    world = await build()
    c = world.client
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    found = await c.text(KARIN, "interview")
    payloads = found.payloads()
    assert Pick("interview_questions").pack() in payloads
    assert all(p.startswith("t3:") for p in payloads)
    none = await c.text(KARIN, "xylophone")
    assert "No task in the library matches" in none.texts()[0]


async def test_other_coaches_and_units_cannot_touch_a_task() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "cv_facts", AMINA)
    await c.press(AMINA, ReportTask(task.id).pack())
    await c.text(AMINA, "my facts")
    for outsider in (OLLE,):
        refused = await c.press(outsider, Review(task.id, "ok").pack())
        assert refused.texts() == [NOT_ALLOWED]
    # Another participant cannot report Amina's task.
    assert (await c.press(BILAL, ReportTask(task.id).pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(DAWIT, Rate(task.id, "useful").pack())).texts() == [NOT_ALLOWED]
    # Olle cannot give Karin's participants tasks: they are not in his caseload.
    await c.command(OLLE, "assign")
    assert (await c.press(OLLE, Whom(str(world.id(AMINA))).pack())).texts() == [STALE]
    stored = await c.ports.tasks.get(task.id)
    assert stored is not None
    assert stored.state is TaskState.REPORTED


async def test_reminders_the_evening_before_and_the_morning_of_and_overdue_once() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "cv_facts", AMINA, days=1)  # due Tuesday, November 24
    planned = await c.tick()
    mine = [s for s in planned.messages if (s.key or "").startswith("task:")]
    keys = sorted(s.key or "" for s in mine)
    assert keys == [
        f"task:{task.id}:remind:2026-11-24:day",
        f"task:{task.id}:remind:2026-11-24:eve",
    ]
    eve = next(s for s in mine if (s.key or "").endswith("eve"))
    assert eve.due_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC), "17:00 in Stockholm"
    # Two days later the task is overdue: Karin gets one list at 09:00 her time.
    c.now = NOW + timedelta(days=2)  # Wednesday 10:00 in Stockholm
    await give(world, "cv_first", BILAL, days=1)
    c.now = NOW + timedelta(days=3)
    overdue = await c.tick(name="tasks.plan")
    lists = [s for s in overdue.messages if s.chat_id == KARIN]
    assert len(lists) == 1
    text = text_of(lists[0])
    assert "Amina: “Collect the facts for your CV”, due Tuesday, November 24" in text
    assert "Bilal" not in text, "due today is not overdue"
    assert lists[0].key == f"overdue:{world.id(KARIN)}:2026-11-26", "one a day"


async def test_the_week_shows_hours_and_the_coach_fills_the_gap_from_it() -> None:
    world = await build()
    c = world.client
    await give(world, "cv_first", AMINA, days=3)
    mine = await c.command(AMINA, "week")
    text = mine.texts()[0]
    assert "Activities: 4 h" in text
    assert "Tasks: 4 h" in text
    assert "Write your first CV: by Thursday, November 26 (to do)" in text
    assert "Planned: 8 of 40 h. Left to fill: 32 h." in text
    assert not mine.payloads(), "a participant's week has no coach buttons"
    pick = await c.command(KARIN, "week")
    assert WeekOf(world.id(AMINA)).pack() in pick.payloads()
    assert WeekOf(world.id(CECILIA)).pack() not in pick.payloads(), "Olle's participant"
    seen = await c.press(KARIN, WeekOf(world.id(AMINA)).pack())
    suggestions = [p for p in seen.payloads() if p.startswith("t12:")]
    assert suggestions
    assert all(":cv_first" not in p for p in suggestions)
    await c.press(KARIN, suggestions[0])
    await c.press(KARIN, DueIn(1).pack())
    sent = await c.press(KARIN, Send("ok").pack())
    assert sent.texts(KARIN) == ["Sent to Amina."]
    # Another coach cannot open Amina's week, nor give her a suggested task.
    assert (await c.press(OLLE, WeekOf(world.id(AMINA)).pack())).texts() == [NOT_ALLOWED]
    assert (await c.press(OLLE, suggestions[0])).texts() == [NOT_ALLOWED]


async def test_a_coach_withdraws_a_task_and_the_participant_is_told() -> None:
    world = await build()
    c = world.client
    [task] = await give(world, "cv_first", AMINA, days=3)
    seen = await c.press(KARIN, WeekOf(world.id(AMINA)).pack())
    assert Withdraw(task.id).pack() in seen.payloads()
    gone = await c.press(KARIN, Withdraw(task.id).pack())
    assert "You do not need to do it." in gone.texts(AMINA)[0]
    assert gone.outcome.drop_pending == (f"task:{task.id}:remind:",)
    assert (await c.press(AMINA, ReportTask(task.id).pack())).texts() == [STALE]
    assert (await c.press(KARIN, Withdraw(task.id).pack())).texts() == [STALE]


async def test_a_one_off_task_is_shown_as_written_with_its_language() -> None:
    world = await build()
    c = world.client
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    asked = await c.press(KARIN, WriteOwn().pack())
    assert asked.state == "tasks.own"
    long_title = await c.text(KARIN, "x" * 130 + "\nstep one")
    assert "under 120 characters" in long_title.texts()[0]
    assert "Nothing is saved yet" in long_title.texts()[0]
    written = "Ring Lisa på Coop i morgon\nFråga om praktikplatsen.\nSkriv ner vad hon svarar."
    hours = await c.text(KARIN, written)
    await c.press(KARIN, OwnHours(3).pack())
    await c.press(KARIN, OwnReport(ReportKind.TEXT).pack())
    summary = await c.press(KARIN, DueIn(3).pack())
    assert "Ring Lisa på Coop i morgon (about 1.5 h)" in summary.texts()[0]
    assert OwnHours(1).pack() in hours.payloads()
    sent = await c.press(KARIN, Send("ok").pack())
    text = "\n".join(sent.texts(AMINA))
    assert "A task from your coach Karin: Ring Lisa på Coop i morgon" in text
    assert "Fråga om praktikplatsen.\nSkriv ner vad hon svarar." in text, "as written"
    [task] = await c.ports.tasks.of_participant(world.id(AMINA))
    assert task.library_key is None
    assert task.title == "Ring Lisa på Coop i morgon"
    assert task.hours == 1.5
    # The same one-off task is not given twice.
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    await c.press(KARIN, WriteOwn().pack())
    await c.text(KARIN, written)
    await c.press(KARIN, OwnHours(3).pack())
    await c.press(KARIN, OwnReport(ReportKind.TEXT).pack())
    await c.press(KARIN, DueIn(3).pack())
    again = await c.press(KARIN, Send("ok").pack())
    assert "Not sent again to Amina" in again.texts(KARIN)[0]


async def test_a_unit_hides_library_tasks_it_does_not_use() -> None:
    world = await build()
    c = world.client
    unit = world.people[KARIN].unit_id
    c.db.set_unit_settings(unit, {"hidden_tasks": ["cv_first", "cv_check"]})
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    shown = await c.press(KARIN, StepOf(TaskStep.CV).pack())
    assert Pick("cv_facts").pack() in shown.payloads()
    assert Pick("cv_first").pack() not in shown.payloads()
    assert (await c.press(KARIN, Pick("cv_first").pack())).texts() == [STALE]


async def test_the_units_own_tasks_are_offered_and_shown_as_written() -> None:
    world = await build()
    c = world.client
    unit = world.people[KARIN].unit_id
    ours = await c.ports.tasks.add_unit_task(
        UnitTask(
            0,
            unit,
            TaskStep.OTHER,
            "Besök Coop Farsta",
            "Se hur ett lager fungerar.",
            "Gå dit kl 9\nFråga efter Lisa",
            2.5,
            ReportKind.TEXT,
            "sv",
            NOW,
        )
    )
    await c.command(KARIN, "assign")
    await c.press(KARIN, Whom(str(world.id(AMINA))).pack())
    await c.press(KARIN, Whom("done").pack())
    listed = await c.press(KARIN, StepOf(TaskStep.OTHER).pack())
    assert PickUnit(ours.id).pack() in listed.payloads()
    found = await c.text(KARIN, "coop")
    assert PickUnit(ours.id).pack() in found.payloads()
    await c.press(KARIN, PickUnit(ours.id).pack())
    await c.press(KARIN, DueIn(3).pack())
    sent = await c.press(KARIN, Send("ok").pack())
    text = "\n".join(sent.texts(AMINA))
    assert "Besök Coop Farsta" in text
    assert "Why: Se hur ett lager fungerar." in text
    assert "Gå dit kl 9\nFråga efter Lisa" in text
    assert "(Written by your coach in svenska.)" in text, "Amina reads English"
    # Another unit's coach cannot take it, even with a forged button.
    await c.command(BERIT, "assign")
    await c.press(BERIT, Whom(str(world.id(DAWIT))).pack())
    await c.press(BERIT, Whom("done").pack())
    assert (await c.press(BERIT, PickUnit(ours.id).pack())).texts() == [STALE]


async def test_a_coach_sets_a_smaller_week_for_partial_sick_leave() -> None:
    world = await build()
    c = world.client
    seen = await c.press(KARIN, WeekOf(world.id(AMINA)).pack())
    assert Target(world.id(AMINA), 20).pack() in seen.payloads()
    smaller = await c.press(KARIN, Target(world.id(AMINA), 20).pack())
    assert "Planned: 4 of 20 h. Left to fill: 16 h." in smaller.texts()[0]
    person = await c.ports.people.get(world.id(AMINA))
    assert person is not None
    assert person.weekly_hours == 20
    assert (await c.press(KARIN, Target(world.id(AMINA), 37).pack())).texts() == [STALE]
    assert (await c.press(OLLE, Target(world.id(AMINA), 10).pack())).texts() == [NOT_ALLOWED]


async def test_task_reminders_keep_to_the_units_quiet_hours() -> None:
    world = await build()
    c = world.client
    unit = world.people[AMINA].unit_id
    c.db.set_unit_settings(unit, {"quiet_hours_start": "16:30", "quiet_hours_end": "09:30"})
    [task] = await give(world, "cv_facts", AMINA, days=1)  # due Tuesday, November 24
    planned = await c.tick()
    mine = [s for s in planned.messages if (s.key or "").startswith("task:")]
    assert [s.key for s in mine] == [f"task:{task.id}:remind:2026-11-24:day"], (
        "17:00 is inside quiet hours from 16:30: no evening reminder"
    )
    [day] = mine
    assert day.due_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC), "09:30 in Stockholm"
    assert day.expires_at == datetime(2026, 11, 24, 15, 30, tzinfo=UTC), "not after 16:30"
