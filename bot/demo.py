"""`stegvis demo`: a demo unit on a fresh SQLite file, the emulator, the bot and a web page."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.admin import ensure_unit, issue_invite
from bot.app import App
from bot.calendar import swedish_holidays
from bot.config import Settings
from bot.cv_inputs import CV_INPUTS
from bot.demo_story import (
    act,
    demo_cv,
    demo_path,
    demo_placement,
    demo_recruitment,
    demo_tasks,
)
from bot.emulator import Emulator
from flows.attendance.payloads import CheckInAt, DisputeRecord
from flows.attendance.rules import occurrences
from flows.config import Config
from flows.model import Activity, ActivityKind, AttendanceRecord, Presence, Recurrence, Role
from flows.output import Menu, Say
from storage.activities import create_activity
from storage.admin import assign_caseload, create_person, set_unit_settings
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.people import SqlPeople
from storage.store import Store

log = logging.getLogger(__name__)

DEMO_TOKEN = "123456:DEMO-TOKEN-not-a-real-telegram-token"
DEMO_BOT = "stegvis_demo_bot"
# Where the demo's CV workshop is (check-in compares a shared location with it), and the
# places the demo page offers when the bot asks for a location.
VENUE = (59.3326, 18.0649)
PLACES = (
    ("At Storgatan 1 (the workshop)", 59.3327, 18.0651),
    ("At home, 4 km away", 59.3000, 18.0900),
)


@dataclass(frozen=True)
class DemoPerson:
    """A demo user: Telegram identity and role."""

    user_id: int
    name: str
    locale: str
    role: Role | None


PEOPLE = (
    DemoPerson(1001, "Karin", "sv", Role.COACH),
    DemoPerson(1002, "Amina", "ar", Role.PARTICIPANT),
    DemoPerson(1003, "Dawit", "ti", Role.PARTICIPANT),
    DemoPerson(1004, "Olena", "uk", Role.PARTICIPANT),
    DemoPerson(1005, "Hodan", "so", Role.PARTICIPANT),
    DemoPerson(1006, "Erik", "sv", Role.EMPLOYER),
    DemoPerson(1007, "Maria", "sv", Role.MANAGER),
    DemoPerson(1010, "Yasmin", "ar", None),
    DemoPerson(1099, "Stranger", "en", None),
)
ROLE_LABEL = {
    Role.COACH: "Coach",
    Role.PARTICIPANT: "Participant",
    Role.EMPLOYER: "Employer",
    Role.MANAGER: "Unit manager",
}
HISTORY_DAYS = 14


@dataclass(frozen=True)
class Past:
    """What was recorded for one participant at a past session, minutes from its start."""

    status: Presence
    minutes: int
    category: str | None = None


# The history, counted back from the latest past session (1 is the latest), by Telegram id;
# everyone else was there on time. The latest sessions are in the current month on most
# days, so /attendance shows them.
HISTORY = {
    (1, 1005): Past(Presence.NOTIFIED_ABSENCE, -15 * 60, "sick_child"),  # the evening before
    (2, 1002): Past(Presence.LATE, 11),  # disputed, see DISPUTE
    (3, 1003): Past(Presence.UNREPORTED, 20),  # a no-show, recorded when check-in closed
    (4, 1004): Past(Presence.NOTIFIED_ABSENCE, -18 * 60, "interview"),
    (5, 1005): Past(Presence.LATE, 14),
    (6, 1003): Past(Presence.LATE_NOTICE, 25, "authority"),
}
# Checked in through the bot without sharing a location: the coach is asked to confirm.
UNVERIFIED = (1, 1004)
# A participant's dispute of a record, waiting for the coach's decision.
DISPUTE = (2, 1002, "Jag var där i tid, men incheckningen fungerade inte i telefonen.")


@dataclass(frozen=True)
class Seeded:
    """The new participant's invite token and what the coach is to be told at start."""

    token: str
    coach_messages: tuple[Say, ...]


async def seed(db_url: str, now: datetime) -> Seeded:
    """Create the demo unit, people, activities and two weeks of attendance history."""
    await asyncio.to_thread(migrate, db_url)
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await ensure_unit(session, "demo", "Jobbtorg Demo", "Europe/Stockholm")
            # No quiet hours: the demo shows its reminders whatever the hour it is tried at,
            # and the coach's morning digest comes at start.
            quiet = {
                "quiet_hours_start": "00:00",
                "quiet_hours_end": "00:00",
                "digest_at": "00:00",
            }
            await set_unit_settings(session, unit.id, quiet)
            coach_id = 0
            for p in PEOPLE:
                if p.role is None:
                    continue
                person = await create_person(
                    session,
                    p.role,
                    unit.id,
                    p.name,
                    p.locale,
                    telegram_user_id=p.user_id,
                    chat_id=p.user_id,
                )
                if p.role is Role.COACH:
                    coach_id = person.id
                elif p.role is Role.PARTICIPANT:
                    await assign_caseload(session, coach_id, person.id, now)
            participants = [p.id for p in await SqlPeople(session).caseload(coach_id)]
            club = await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.GROUP_MEETING,
                title="Jobbklubben",
                place="Storgatan 1, rum 3",
                coach_id=coach_id,
                starts_on=now.date() - timedelta(days=HISTORY_DAYS),
                start_time=time(9, 0),
                duration_minutes=180,
                recurrence=Recurrence.WEEKLY,
                weekdays=(0, 1, 2, 3, 4),
                participant_ids=participants,
                latitude=VENUE[0],
                longitude=VENUE[1],
                radius_m=200,
            )
            told = await history(Store(session), club, now)
            cfg = Config(bot_username=DEMO_BOT, holidays=swedish_holidays, **CV_INPUTS)
            told += await demo_tasks(Store(session), cfg, now)
            await demo_cv(Store(session), cfg, now)
            told += await demo_placement(Store(session), cfg, now)
            await demo_path(Store(session), cfg, now)
            told += await demo_recruitment(Store(session), cfg, now)
            # A session about to start, so /here and "I cannot come" work in the demo now.
            soon = (now + timedelta(minutes=20)).astimezone(ZoneInfo("Europe/Stockholm"))
            await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.WORKSHOP,
                title="CV-verkstad",
                place="Storgatan 1, rum 5",
                coach_id=coach_id,
                starts_on=soon.date(),
                start_time=time(soon.hour, soon.minute - soon.minute % 5),
                duration_minutes=90,
                recurrence=Recurrence.ONCE,
                participant_ids=participants,
                latitude=VENUE[0],
                longitude=VENUE[1],
                radius_m=200,
            )
            issued = await issue_invite(
                session,
                role=Role.PARTICIPANT,
                unit_code="demo",
                bot_username=DEMO_BOT,
                now=now,
                ttl=timedelta(days=7),
                display_name="Yasmin",
                coach_id=coach_id,
            )
    finally:
        await engine.dispose()
    return Seeded(issued.token, told)


async def history(store: Store, activity: Activity, now: datetime) -> tuple[Say, ...]:
    """Record the activity's past sessions, closed, and return what the coach is to be told."""
    # Records go through the repositories; the unconfirmed check-in and the dispute go
    # through the flows as the participants' own presses and words, so the coach gets the
    # very messages (and buttons) the bot sends for them. Closed sessions get no reminders
    # and no no-show messages from the minute timer, and what the flows said to the
    # participants back then is not sent now.
    first = now.date() - timedelta(days=HISTORY_DAYS)
    holidays = swedish_holidays(first, now.date())
    spans = [s for s in occurrences(activity, first, now.date(), holidays) if s[1] <= now]
    past = await store.attendance.add_sessions(activity.id, spans)
    caseload = await store.people.caseload(activity.coach_id or 0)
    people = {p.telegram_user_id: p for p in caseload if p.telegram_user_id is not None}
    cfg = Config(bot_username=DEMO_BOT, holidays=swedish_holidays, **CV_INPUTS)
    said: list[Say] = []
    for back, session in enumerate(reversed(past), start=1):
        for number, (user_id, person) in enumerate(sorted(people.items())):
            if (back, user_id) == UNVERIFIED:
                at = session.starts_at - timedelta(minutes=8)
                pressed = CheckInAt(session.id).pack()
                said += await act(store, cfg, user_id, at, pressed, "I can't share location")
                continue
            done = HISTORY.get((back, user_id), Past(Presence.PRESENT, -2 - number))
            at = session.starts_at + timedelta(minutes=done.minutes)
            entry = AttendanceRecord(session.id, person.id, done.status, at, done.category)
            await store.attendance.record(entry)
        await store.attendance.set_session(session.id, closed=True)
    back, user_id, comment = DISPUTE
    if len(past) >= back:
        session = past[-back]
        at = max(now - timedelta(hours=1), session.ends_at) - timedelta(minutes=1)
        pressed = DisputeRecord(session.id).pack()
        said += await act(store, cfg, user_id, at, pressed, comment)
    coach = await store.people.get(activity.coach_id or 0)
    return tuple(s for s in said if coach is not None and s.chat_id == coach.chat_id)


def fresh_database(data_dir: Path) -> Path:
    """Return the demo database path, removing any earlier demo database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_file = data_dir / "demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    return db_file


@dataclass
class Demo:
    """A running demo: emulator (with the page) and bot."""

    emulator: Emulator
    app: App
    task: asyncio.Task[None]
    token: str
    url: str

    async def stop(self) -> None:
        """Stop the bot, then the emulator."""
        self.app.stop()
        await self.task
        await self.emulator.stop()


async def start_demo(data_dir: Path, host: str, port: int, runtime: str) -> Demo:
    """Start the emulator with its page, seed a fresh demo database, and start the bot.

    The port is taken first: a second demo on a busy port fails (OSError) before it touches
    the running demo's database.
    """
    emulator = Emulator(token=DEMO_TOKEN, bot_username=DEMO_BOT)
    emulator.demo_places = list(PLACES)
    base_url = await emulator.start(host=host, port=port)
    try:
        db_url = sqlite_url(fresh_database(data_dir))
        seeded = await seed(db_url, datetime.now(UTC))
    except BaseException:
        await emulator.stop()
        raise
    for p in PEOPLE:
        if p.role is None and p.user_id == 1010:
            label = f"New participant with an invite – {p.name} ({p.locale})"
            emulator.add_demo_user(p.user_id, p.name, p.locale, label, start_payload=seeded.token)
        elif p.role is None:
            emulator.add_demo_user(p.user_id, p.name, p.locale, f"Not invited – {p.name}")
        else:
            label = f"{ROLE_LABEL[p.role]} – {p.name} ({p.locale})"
            emulator.add_demo_user(p.user_id, p.name, p.locale, label)
    settings = Settings(
        bot_token=DEMO_TOKEN,
        bot_username=DEMO_BOT,
        api_base_url=base_url,
        database_url=db_url,
        data_dir=data_dir,
        # Alerts to the coach gather for a few seconds (not a minute): the demo is tried live.
        alert_gather_seconds=8,
    )
    app = App(settings, runtime=runtime)
    task = asyncio.create_task(app.run_polling())
    started = asyncio.create_task(app.started.wait())
    await asyncio.wait({task, started}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        started.cancel()
        await emulator.stop()
        task.result()
    await welcome_seeded(app, seeded.coach_messages)
    return Demo(emulator, app, task, seeded.token, f"{base_url}/")


async def welcome_seeded(app: App, coach_messages: tuple[Say, ...]) -> None:
    """Set the seeded people's menus, as redeeming an invite would, and tell the coach."""
    # The coach's messages go through the bot's own outbox and sender.
    core = app.core
    assert core is not None
    for p in PEOPLE:
        if p.role is not None:
            await core.set_menu(Menu(p.user_id, p.role, p.locale))
    async with app.sessions() as session, session.begin():
        rows = await core.enqueue(Store(session), coach_messages, app.clock())
    app.sender.submit(rows, interactive=False)


async def run_demo(data_dir: Path, host: str, port: int, runtime: str) -> None:
    """Seed, start the emulator and the bot, and serve until interrupted."""
    demo = await start_demo(data_dir, host, port, runtime)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"Stegvis demo is running: open {demo.url} in a browser (Ctrl+C stops it).")
    print(f"Invite link for the new participant: https://t.me/{DEMO_BOT}?start={demo.token}")
    await stop.wait()
    await demo.stop()
