"""Tasks over the emulator, both runtimes, real SQLite: give, report with a photo, review,
send back, help, more time, reminders, the daily overdue list and the week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.i18n import default_catalogs
from flows.model import Role
from flows.tasks.library import BY_KEY
from tests.e2e.conftest import World
from tests.e2e.conftest import run_timers_at as at

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


async def people(world: World, locale: str = "en") -> tuple[Any, Any]:
    world.clock.now = MONDAY
    coach = await world.person(Role.COACH, 500, "Karin", locale="en")
    await world.person(Role.PARTICIPANT, 42, "Amina", locale=locale, coach=coach)
    return world.emu.user(500, "Karin", "en"), world.emu.user(42, "Amina", locale)


def button(user: Any, message: dict[str, Any], starts: str) -> str:
    return next(
        b["text"] for r in user.buttons(message) for b in r if b["text"].startswith(starts)
    )


def number_of(message: dict[str, Any], title: str) -> str:
    """The number of the listed line that names the title (its button says the number)."""
    return next(
        line.split(".", 1)[0] for line in message["text"].splitlines() if f". {title}" in line
    )


async def give(coach: Any, step: str, title: str, day: str = "In 3 days") -> None:
    """Karin gives Amina a library task, with the buttons."""
    await coach.send_command("assign")
    whom = await coach.next_message()
    await coach.press(whom, text="Amina")
    await coach.next_edit()
    await coach.press(whom, text="Done")
    steps = await coach.next_message()
    await coach.press(steps, text=step)
    tasks = await coach.next_message()
    await coach.press(tasks, text=number_of(tasks, title))
    due = await coach.next_message()
    assert "By when?" in due["text"]
    await coach.press(due, text=day)
    summary = await coach.next_message()
    assert "Send this task?" in summary["text"]
    await coach.press(summary, text="Send")
    assert (await coach.next_message())["text"] == "Sent to Amina."


async def test_a_photo_report_reaches_the_coach_who_approves(world: World) -> None:
    coach, amina = await people(world)
    await give(coach, "Your skills", "Take photos of your certificates")
    task = await amina.next_message()
    assert "A task from your coach Karin: Take photos of your certificates" in task["text"]
    assert "Report: send a photo here." in task["text"]
    await amina.press(task, text="Report")
    ask = await amina.next_message()
    assert "Send the photo" in ask["text"]
    await amina.send_sticker()
    wrong = await amina.next_message()
    assert "Nothing is reported yet" in wrong["text"]
    await amina.send_photo(caption="my diploma from Aleppo")
    thanks = await amina.next_message()
    assert "your coach has your report" in thanks["text"]
    report = await coach.next_message()
    assert "photo" in report, "the coach receives the photo itself"
    assert "Amina reported “Take photos of your certificates”" in report["caption"]
    assert "my diploma from Aleppo" in report["caption"]
    await amina.press(thanks, text="Useful")
    await coach.press(report, text="Approve")
    assert (await coach.next_message())["text"] == "Approved. Amina is told."
    told = await amina.next_message()
    assert "approved “Take photos of your certificates”. Well done!" in told["text"]


async def test_sent_back_with_a_comment_and_reported_again(world: World) -> None:
    coach, amina = await people(world)
    await give(coach, "CV", "Collect the facts for your CV")
    task = await amina.next_message()
    await amina.press(task, text="Report")
    await amina.next_message()
    await amina.send_text("Cleaner at Nobina 2019–2021")
    await amina.next_message()
    report = await coach.next_message()
    await coach.press(report, text="Send back")
    assert "What should Amina change?" in (await coach.next_message())["text"]
    await coach.send_text("Add your school and SFI, please")
    assert "Sent back to Amina" in (await coach.next_message())["text"]
    back = await amina.next_message()
    assert "Add your school and SFI, please" in back["text"]
    await amina.press(back, text="Report")
    await amina.next_message()
    await amina.send_text("Cleaner at Nobina 2019–2021. SFI course D 2022.")
    await amina.next_message()
    again = await coach.next_message()
    assert "SFI course D 2022." in again["text"]


async def test_help_more_time_reminders_and_the_overdue_list(world: World) -> None:
    coach, amina = await people(world)
    await give(coach, "The labour market", "Read ten job adverts", day="Tomorrow")
    task = await amina.next_message()
    await amina.press(task, text="I don't understand")
    assert "I have told your coach Karin" in (await amina.next_message())["text"]
    alert = await coach.next_message()
    assert "Amina does not understand the task “Read ten job adverts”" in alert["text"]
    assert [b["text"] for r in coach.buttons(alert) for b in r] == ["Reply"]
    # The evening reminder (17:00 in Stockholm) comes at its time.
    await at(world, MONDAY + timedelta(hours=7))
    reminder = await amina.next_message()
    assert "“Read ten job adverts” is due tomorrow" in reminder["text"]
    await amina.press(task, text="I need more time")
    assert "to move it to" in (await amina.next_message())["text"]
    ask = await coach.next_message()
    assert "Amina asks for more time for “Read ten job adverts”" in ask["text"]
    assert "from Tuesday, November 24 to Friday, November 27" in ask["text"]
    await coach.press(ask, text="Move the date")
    assert "Amina is told" in (await coach.next_message())["text"]
    moved = await amina.next_message()
    assert "moved “Read ten job adverts” to Friday, November 27" in moved["text"]
    # The morning reminder of the old date was withdrawn: nothing on Tuesday morning.
    await at(world, MONDAY + timedelta(days=1))
    assert amina.drain() == []
    # The new date's reminders: Thursday evening and Friday morning.
    await at(world, datetime(2026, 11, 26, 16, 0, tzinfo=UTC))
    eve = await amina.next_message()
    assert "“Read ten job adverts” is due tomorrow, Friday, November 27" in eve["text"]
    await at(world, datetime(2026, 11, 27, 7, 0, tzinfo=UTC))
    assert "“Read ten job adverts” is due today" in (await amina.next_message())["text"]
    # Overdue on Saturday: Karin gets one list at 09:00 her time, and not again that day.
    await at(world, datetime(2026, 11, 28, 7, 30, tzinfo=UTC))
    assert coach.drain() == [], "not before 09:00"
    await at(world, datetime(2026, 11, 28, 8, 5, tzinfo=UTC))
    overdue = await coach.next_message()
    assert overdue["text"].startswith("Overdue tasks:")
    assert "Amina: “Read ten job adverts”, due Friday, November 27" in overdue["text"]
    await at(world, datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    assert coach.drain() == []
    assert amina.drain() == []


async def test_the_week_and_a_suggested_task(world: World) -> None:
    coach, amina = await people(world)
    await give(coach, "CV", "Write your first CV")
    await amina.next_message()
    await amina.send_command("week")
    week = await amina.next_message()
    assert "Tasks: 4 h" in week["text"]
    assert "Planned: 4 of 40 h. Left to fill: 36 h." in week["text"]
    await coach.send_command("week")
    whose = await coach.next_message()
    await coach.press(whose, text="Amina")
    seen = await coach.next_message()
    suggestion = next(
        b for r in coach.buttons(seen) for b in r if b["callback_data"].startswith("t12:")
    )
    await coach.press(seen, callback_data=suggestion["callback_data"])
    due = await coach.next_message()
    await coach.press(due, text="In a week")
    summary = await coach.next_message()
    await coach.press(summary, text="Send")
    assert (await coach.next_message())["text"] == "Sent to Amina."
    given = await amina.next_message()
    assert "A task from your coach Karin" in given["text"]


async def test_a_library_task_reaches_an_arabic_reader_in_arabic(world: World) -> None:
    coach, amina = await people(world, locale="ar")
    await give(coach, "CV", "Collect the facts for your CV")
    task = await amina.next_message()
    entry, arabic = BY_KEY["cv_facts"], default_catalogs()
    for msgid in (entry.title, entry.purpose):
        assert arabic.gettext("ar", msgid) in task["text"]
    steps = arabic.gettext("ar", entry.how).splitlines()
    assert len(steps) == len(entry.how.splitlines()), "one action per line, as in the library"
    assert all(step in task["text"] for step in steps)
    assert "Collect the facts" not in task["text"]
    assert "Why:" not in task["text"]
    await amina.press(task, text=arabic.gettext("ar", "Report"))
    await amina.next_message()
    await amina.send_text("عاملة نظافة في نوبينا ٢٠١٩–٢٠٢١")
    await amina.next_message()
    report = await coach.next_message()
    assert "Amina reported “Collect the facts for your CV”" in report["text"], "coach's language"
    assert "عاملة نظافة في نوبينا ٢٠١٩–٢٠٢١" in report["text"], "her words, unchanged"
