"""E2E fixtures: the emulator over real HTTP, a real runtime, a real SQLite database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.admin import ensure_unit, issue_invite
from bot.app import App
from bot.config import Settings
from bot.emulator import Emulator
from flows.model import Person, Role
from storage.admin import assign_caseload, create_person, set_unit_settings
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.store import Store

TOKEN = "424242:E2E-TEST-TOKEN-abcdefghijkl"
BOT = "stegvis_test_bot"
RUNTIMES = ["aiogram", "ptb"]


@dataclass
class Clock:
    """A controllable clock for the bot under test."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class World:
    """A running bot, its emulator and helpers to set up people."""

    emu: Emulator
    app: App
    db_url: str
    clock: Clock
    settings: Settings | None = None
    runtime: str = "aiogram"
    task: asyncio.Task[None] | None = None

    async def restart(self) -> None:
        """Stop the bot as a deploy would (SIGTERM's path) and start a new one on the same data."""
        assert self.task is not None
        assert self.settings is not None
        self.app.stop()
        await asyncio.wait_for(self.task, 15)
        self.app, self.task = await _start(self.settings, self.runtime, self.clock)

    async def seed_unit(self) -> int:
        async with self._session() as session, session.begin():
            unit = await ensure_unit(session, "u1", "Jobbtorg Söder", "Europe/Stockholm")
            if "digest_at" not in unit.settings:
                # Morning digests are tried in test_digests; elsewhere each would be one more
                # message in a coach's chat than the test is about.
                await set_unit_settings(session, unit.id, {**unit.settings, "digest_at": "off"})
        return unit.id

    async def person(
        self, role: Role, user_id: int, name: str, locale: str = "sv", coach: Person | None = None
    ) -> Person:
        unit_id = await self.seed_unit()
        async with self._session() as session, session.begin():
            p = await create_person(
                session, role, unit_id, name, locale, telegram_user_id=user_id, chat_id=user_id
            )
            if coach is not None:
                await assign_caseload(session, coach.id, p.id, self.clock())
        return p

    async def person_by_user(self, user_id: int) -> Person:
        async with self._session() as session:
            found = await Store(session).people.by_telegram_user(user_id)
        assert found is not None
        return found

    async def invite(
        self,
        role: Role = Role.PARTICIPANT,
        ttl: timedelta = timedelta(days=3),
        coach: Person | None = None,
    ) -> str:
        await self.seed_unit()
        async with self._session() as session, session.begin():
            issued = await issue_invite(
                session,
                role=role,
                unit_code="u1",
                bot_username=BOT,
                now=self.clock(),
                ttl=ttl,
                coach_id=coach.id if coach else None,
            )
        return issued.token

    def _session(self):  # type: ignore[no-untyped-def]
        return _Sessions(self.db_url)


class _Sessions:
    """A short-lived engine + session for test setup."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.cm = session_factory(self.engine)()

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return await self.cm.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        await self.cm.__aexit__(*exc)  # type: ignore[arg-type]
        await self.engine.dispose()


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[Emulator]:
    """A Bot API emulator; the test fails if the bot broke any Bot API rule."""
    emu = Emulator(token=TOKEN, bot_username=BOT, enforce_rate_limits=False)
    await emu.start()
    yield emu
    await emu.stop()
    assert not emu.violations, f"the bot sent requests Telegram would reject: {emu.violations}"


def make_settings(base_url: str, db_url: str, tmp_path: Path, **extra: object) -> Settings:
    """Settings for a bot under test."""
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "bot_username": BOT,
        "api_base_url": base_url,
        "database_url": db_url,
        "data_dir": tmp_path,
        "per_chat_interval": 0.0,
        "global_rate": 1000.0,
        "shutdown_grace": 5.0,
        # Alerts go at once unless a test gathers them (test_digests).
        "alert_gather_seconds": 0.0,
    }
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


@pytest_asyncio.fixture(params=RUNTIMES)
async def world(
    request: pytest.FixtureRequest, emulator: Emulator, tmp_path: Path
) -> AsyncIterator[World]:
    """The bot running with the requested runtime in polling mode against the emulator."""
    db_url = sqlite_url(tmp_path / "bot.sqlite3")
    await asyncio.to_thread(migrate, db_url)
    clock = Clock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    settings = make_settings(emulator.base_url, db_url, tmp_path)
    app, task = await _start(settings, request.param, clock)
    world = World(emulator, app, db_url, clock, settings, request.param, task)
    yield world
    world.app.stop()
    assert world.task is not None
    await asyncio.wait_for(world.task, 15)


async def _start(settings: Settings, runtime: str, clock: Clock) -> tuple[App, asyncio.Task[None]]:
    """Start the bot in polling mode against the emulator; return it once it runs."""
    app = App(settings, runtime=runtime, clock=clock, request_timeout=5.0, run_timers=False)
    task = asyncio.create_task(app.run_polling())
    started = asyncio.create_task(app.started.wait())
    done, _ = await asyncio.wait({task, started}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    assert started in done, "bot did not start"
    return app, task


async def run_timers_at(world: World, moment: datetime) -> None:
    """Move the clock, run the timers and let the outbox deliver what became due."""
    world.clock.now = moment
    assert world.app.core is not None
    await world.app.core.tick()
    await world.app.dispatcher.run_due()
