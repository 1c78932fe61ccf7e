"""Summaries over the emulator, both runtimes: a unit with two weeks of activity gives the
daily and weekly digest the figures counted by hand, five alerts in a minute arrive as one
message, and a hand-over moves a participant to the other coach's next digest."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import update

from bot.render import Renderer
from flows.cv_model import Section
from flows.model import (
    OPEN,
    ActivityKind,
    AttendanceRecord,
    Person,
    Presence,
    Recurrence,
    ReportKind,
    Role,
    Task,
    TaskState,
    TaskStep,
)
from flows.text import msg
from storage.activities import create_activity, enroll
from storage.admin import set_unit_settings
from storage.models import PersonRow
from storage.store import Store
from tests.e2e.conftest import World, make_settings

MONDAY = datetime(2026, 11, 30, 5, 31, tzinfo=UTC)  # 06:31 in Stockholm
KARIN, OLLE, MARIA, AMINA, BILAL = 1300, 1301, 1302, 1310, 1311


def pdf_text(document: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def at_ten(day: int) -> datetime:
    """10:00 in Stockholm on a day of November 2026."""
    return datetime(2026, 11, day, 9, 0, tzinfo=UTC)


def task(person: Person, coach: Person, title: str, due: date, hours: float) -> Task:
    return Task(
        0,
        person.id,
        coach.id,
        None,
        TaskStep.OTHER,
        title,
        "",
        "sv",
        hours,
        ReportKind.DONE,
        due,
        TaskState.ASSIGNED,
        at_ten(16),
    )


async def seed(world: World) -> dict[str, Person]:
    """Two weeks of Jobbklubb (Mon, Wed, Fri), attendance, two tasks, gender and contact."""
    karin = await world.person(Role.COACH, KARIN, "Karin", locale="en")
    olle = await world.person(Role.COACH, OLLE, "Olle", locale="en")
    maria = await world.person(Role.MANAGER, MARIA, "Maria", locale="sv")
    amina = await world.person(Role.PARTICIPANT, AMINA, "Amina", locale="ar", coach=karin)
    bilal = await world.person(Role.PARTICIPANT, BILAL, "Bilal", locale="sv", coach=karin)
    for user_id, name in [(MARIA, "Maria"), (AMINA, "Amina"), (BILAL, "Bilal")]:
        world.emu.user(user_id, first_name=name)
    unit_id = await world.seed_unit()
    async with world._session() as session, session.begin():
        await set_unit_settings(session, unit_id, {"digest_at": "06:30"})
        club = await create_activity(
            session,
            unit_id=unit_id,
            kind=ActivityKind.GROUP_MEETING,
            title="Jobbklubb",
            place="Rum 3",
            coach_id=karin.id,
            starts_on=date(2026, 11, 16),
            start_time=time(10, 0),
            duration_minutes=120,
            recurrence=Recurrence.ONCE,
        )
        await enroll(session, club.id, [amina.id, bilal.id])
        ports = Store(session).ports()
        days = (16, 18, 23, 25, 27, 30)
        made = await ports.attendance.add_sessions(
            club.id, [(at_ten(d), at_ten(d) + timedelta(hours=2)) for d in days]
        )
        by_day = {s.starts_at.day: s.id for s in made}
        marks = {
            16: (Presence.PRESENT, Presence.PRESENT),
            18: (Presence.PRESENT, Presence.NOTIFIED_ABSENCE),
            23: (Presence.PRESENT, Presence.PRESENT),
            25: (Presence.LATE, Presence.UNREPORTED),
            27: (Presence.UNREPORTED, Presence.NOTIFIED_ABSENCE),
        }
        for day, statuses in marks.items():
            for person, status in zip((amina, bilal), statuses, strict=True):
                record = AttendanceRecord(by_day[day], person.id, status, at_ten(day))
                await ports.attendance.record(record)
            await ports.attendance.set_session(by_day[day], closed=True)
        await ports.tasks.create(
            task(amina, karin, "Ring tre arbetsgivare", date(2026, 11, 26), 2)
        )
        done = await ports.tasks.create(
            task(bilal, karin, "Skriv ditt CV", date(2026, 11, 24), 1.5)
        )
        await ports.tasks.change(done.id, OPEN, state=TaskState.REPORTED, reported_at=at_ten(24))
        await session.execute(
            update(PersonRow)
            .where(PersonRow.id.in_([amina.id, bilal.id]))
            .values(last_seen_at=at_ten(29))
        )
        await session.execute(
            update(PersonRow).where(PersonRow.id == amina.id).values(gender="woman")
        )
        await session.execute(
            update(PersonRow).where(PersonRow.id == bilal.id).values(gender="man")
        )
    return {"karin": karin, "olle": olle, "maria": maria, "amina": amina, "bilal": bilal}


async def morning(world: World, moment: datetime) -> None:
    world.clock.now = moment
    assert world.app.core is not None
    await world.app.core.tick()
    await world.app.dispatcher.run_due()


def callbacks(user: Any, message: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in user.buttons(message) for b in row]


async def test_two_weeks_of_activity_give_the_digests_counted_by_hand(world: World) -> None:
    people = await seed(world)
    karin = world.emu.user(KARIN, first_name="Karin", language_code="en")
    maria = world.emu.user(MARIA, first_name="Maria", language_code="sv")
    await morning(world, MONDAY)

    daily, week, chart, pdf = await karin.wait_messages(4)
    assert daily["text"].split("\n\n") == [
        "Good morning, Karin. Your day, Monday, November 30:",
        "Today:",
        "10:00 Jobbklubb – expected: Amina, Bilal",
        "Needs you:",
        "1. Amina did not come to Jobbklubb (Friday, November 27, 10:00) and sent no word.",
        "2. Bilal reported an absence from Jobbklubb (Friday, November 27, 10:00).",
        "3. Amina: the task “Ring tre arbetsgivare” was due Thursday, November 26.",
    ]
    amina, bilal = people["amina"].id, people["bilal"].id
    assert callbacks(karin, daily) == [f"g1:{amina}", f"g1:{bilal}", f"g1:{amina}"]
    parts = len(Section)
    assert week["text"].split("\n\n") == [
        "Your week Monday, November 23 – Sunday, November 29: 2 participants.",
        "Amina:\nattendance 67 % (2 of 3)\ntasks: 0 done, 1 overdue\n8 of 40 hours planned\n"
        f"CV: 0 of {parts} parts",
        "Bilal:\nattendance 33 % (1 of 3)\ntasks: 1 done, 0 overdue\n7.5 of 40 hours planned\n"
        f"CV: 0 of {parts} parts",
    ]
    assert chart["document"]["file_name"] == "week-2026-11-23.png"
    image = Image.open(io.BytesIO(world.emu.file_bytes(chart["document"]["file_id"])))
    assert image.format == "PNG"
    assert image.width > 1000
    assert pdf["document"]["file_name"] == "week-2026-11-23.pdf"
    text = pdf_text(world.emu.file_bytes(pdf["document"]["file_id"]))
    assert "Amina" in text
    assert "Attendance (%): 67" in text
    assert "Attendance (%)" in text.split("Attendance and hours per participant")[-1]

    await karin.press(week, callback_data=callbacks(karin, week)[0])
    csv_message = await karin.next_message()
    assert csv_message["document"]["file_name"] == "week-2026-11-23.csv"
    rows = world.emu.file_bytes(csv_message["document"]["file_id"]).decode("utf-8-sig")
    lines = rows.strip().splitlines()
    assert lines[0].startswith("Participant;Sessions;Attended;Absent;Attendance (%)")
    assert [line.split(";")[:5] for line in lines[1:]] == [
        ["Amina", "3", "2", "1", "67"],
        ["Bilal", "3", "1", "2", "33"],
    ]

    report, report_pdf, report_csv = await maria.wait_messages(3)
    sv = Renderer()

    def label(text: str) -> str:
        return sv.text(msg(text), "sv", markup=False)

    assert f"{label('Participants worked with')}: 2" in report["text"]
    assert f"{label('Attendance (%)')}: 50" in report["text"]
    assert "1 / 1 / 0 / 0" in report["text"], "women / men / other / not recorded"
    found = pdf_text(world.emu.file_bytes(report_pdf["document"]["file_id"]))
    assert label("Participants worked with") in found
    assert "Jobbtorg Söder" in found
    assert report_csv["document"]["file_name"] == "rapport-2026-11-23.csv"

    await morning(world, MONDAY + timedelta(minutes=30))
    assert karin.drain() == [], "the day's digests are made once"


async def test_a_handed_over_participant_is_in_the_new_coachs_next_digest(world: World) -> None:
    people = await seed(world)
    karin = world.emu.user(KARIN, first_name="Karin", language_code="en")
    olle = world.emu.user(OLLE, first_name="Olle", language_code="en")
    amina_user = world.emu.user(AMINA, first_name="Amina", language_code="ar")
    await morning(world, MONDAY)
    daily = (await karin.wait_messages(4))[0]
    amina = people["amina"].id

    world.clock.now = MONDAY + timedelta(hours=3)
    await karin.press(daily, callback_data=f"g1:{amina}")
    card = await karin.next_message()
    assert card["text"].startswith("Amina · coach Karin")
    await karin.press(card, callback_data=f"g4:{amina}")
    offer = await karin.next_message()
    await karin.press(offer, callback_data=f"g5:{amina}:{people['olle'].id}")
    assert "handed over from Karin to Olle" in (await karin.next_message())["text"]
    assert "handed over from Karin to Olle" in (await olle.next_message())["text"]
    told = await amina_user.next_message()
    assert "Olle" in told["text"]

    await karin.press(daily, callback_data=f"g1:{amina}")
    refused = await karin.next_message()
    assert "Amina" not in refused["text"], "the old coach's button answers not allowed"

    karin.drain()
    olle.drain()
    await morning(world, MONDAY + timedelta(days=1))
    digests = {}
    for user in (karin, olle):
        digests[user] = next(m["text"] for m in user.drain() if "Good morning" in m["text"])
    assert "Amina: the task “Ring tre arbetsgivare” was due" in digests[olle]
    assert "Amina" not in digests[karin]
    assert "Bilal" in digests[karin]


async def test_five_urgent_alerts_in_a_minute_reach_the_coach_as_one_message(
    world: World,
) -> None:
    assert world.settings is not None
    world.settings = make_settings(
        world.emu.base_url, world.db_url, world.settings.data_dir, alert_gather_seconds=60
    )
    await world.restart()
    coach = await world.person(Role.COACH, KARIN, "Karin", locale="sv")
    karin = world.emu.user(KARIN, first_name="Karin", language_code="sv")
    names = ["Amina", "Bilal", "Cecilia", "Dawit", "Elin"]
    start = world.clock.now
    for n, name in enumerate(names):
        await world.person(Role.PARTICIPANT, 1320 + n, name, locale="sv", coach=coach)
        user = world.emu.user(1320 + n, first_name=name, language_code="sv")
        world.clock.now = start + timedelta(seconds=12 * n)
        await user.send_text(f"Hej Karin, det är {name}. Kan du ringa mig i dag?")
        offer = await user.next_message()
        await user.press(offer, callback_data="m1:send")
        await user.next_message()
    await world.app.dispatcher.run_due()
    assert karin.drain() == [], "held for the others that may follow"
    world.clock.now = start + timedelta(seconds=61)
    await world.app.dispatcher.run_due()
    [alert] = await karin.wait_messages(1)
    for name in names:
        assert f"det är {name}." in alert["text"]
    assert len(callbacks(karin, alert)) == 5, "every alert keeps its Reply button"
    assert karin.drain() == []
