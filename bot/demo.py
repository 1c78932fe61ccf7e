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
from bot.config import Settings
from bot.emulator import Emulator
from flows.model import ActivityKind, Recurrence, Role
from storage.activities import create_activity
from storage.admin import assign_caseload, create_person, set_unit_settings
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.people import SqlPeople

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
    DemoPerson(1010, "Yasmin", "ar", None),
    DemoPerson(1099, "Stranger", "en", None),
)
ROLE_LABEL = {
    Role.COACH: "Coach",
    Role.PARTICIPANT: "Participant",
    Role.EMPLOYER: "Employer",
}


async def seed(db_url: str, now: datetime) -> str:
    """Create the demo unit and people; return the new participant's invite token."""
    await asyncio.to_thread(migrate, db_url)
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await ensure_unit(session, "demo", "Jobbtorg Demo", "Europe/Stockholm")
            # No quiet hours: the demo shows its reminders whatever the hour it is tried at.
            quiet = {"quiet_hours_start": "00:00", "quiet_hours_end": "00:00"}
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
            await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.GROUP_MEETING,
                title="Jobbklubben",
                place="Storgatan 1, rum 3",
                coach_id=coach_id,
                starts_on=now.date(),
                start_time=time(9, 0),
                duration_minutes=180,
                recurrence=Recurrence.WEEKLY,
                weekdays=(0, 1, 2, 3, 4),
                participant_ids=participants,
            )
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
    return issued.token


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
        token = await seed(db_url, datetime.now(UTC))
    except BaseException:
        await emulator.stop()
        raise
    for p in PEOPLE:
        if p.role is None and p.user_id == 1010:
            label = f"New participant with an invite – {p.name} ({p.locale})"
            emulator.add_demo_user(p.user_id, p.name, p.locale, label, start_payload=token)
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
    )
    app = App(settings, runtime=runtime)
    task = asyncio.create_task(app.run_polling())
    started = asyncio.create_task(app.started.wait())
    await asyncio.wait({task, started}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        started.cancel()
        await emulator.stop()
        task.result()
    return Demo(emulator, app, task, token, f"{base_url}/")


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
