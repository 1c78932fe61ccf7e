"""Outbox durability across process restarts: real subprocesses, real HTTP, real SQLite."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import pytest_asyncio
from sqlalchemy import func, select

from bot.emulator import Emulator
from flows.model import Role
from storage.admin import create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.models import OutboxMessageRow
from storage.outbox import OutgoingItem
from storage.store import Store
from tests.e2e.conftest import BOT, TOKEN

START_TIMEOUT = 30.0
# A bot process needs several seconds to start (importing aiogram's types alone takes ~3 s
# here); the reminder must still be in the future after the first process has started with
# it pending and been stopped again. A start and a stop took 12.2 s on a busy run, so the
# margin is generous: the test waits for the due time anyway.
DUE_IN = timedelta(seconds=25)


@dataclass
class Bot:
    """`stegvis run` in a subprocess, polling the emulator."""

    emu: Emulator
    db_url: str
    tmp_path: Path
    name: str
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    log_file: IO[bytes] | None = None

    async def start(self) -> None:
        env = {
            **os.environ,
            "STEGVIS_BOT_TOKEN": TOKEN,
            "STEGVIS_BOT_USERNAME": BOT,
            "STEGVIS_API_BASE_URL": str(self.emu.base_url),
            "STEGVIS_DATABASE_URL": self.db_url,
            "STEGVIS_DATA_DIR": str(self.tmp_path),
            "STEGVIS_PER_CHAT_INTERVAL": "0",
            "STEGVIS_SHUTDOWN_GRACE": "5",
            **self.env,
        }
        # A file, not a pipe: nobody reads a pipe while the bot runs, and a full one blocks it.
        self.log_file = (self.tmp_path / f"{self.name}.log").open("wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self.log_file,
        )

    def log(self) -> str:
        return (self.tmp_path / f"{self.name}.log").read_text(errors="replace")

    async def stop(self, sig: signal.Signals) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), 15)
        if self.log_file is not None:
            self.log_file.close()
        return code


@pytest_asyncio.fixture
async def db_url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "bot.sqlite3")
    await asyncio.to_thread(migrate, url)
    return url


@pytest_asyncio.fixture
async def bots(tmp_path: Path) -> AsyncIterator[list[Bot]]:
    """Every bot process a test starts; any still running at the end is killed."""
    started: list[Bot] = []
    yield started
    for bot in started:
        if bot.proc is not None and bot.proc.returncode is None:
            bot.proc.kill()
            await bot.proc.wait()
        if bot.log_file is not None:
            bot.log_file.close()


async def seed_people(db_url: str, user_ids: Sequence[int]) -> None:
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            for uid in user_ids:
                await create_person(
                    session,
                    Role.PARTICIPANT,
                    unit.id,
                    f"P{uid}",
                    "sv",
                    telegram_user_id=uid,
                    chat_id=uid,
                )
    finally:
        await engine.dispose()


async def enqueue(db_url: str, items: Sequence[OutgoingItem]) -> list[int]:
    """Enqueue rows the way a job does: Store.enqueue in one transaction."""
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            return await Store(session).enqueue(items, datetime.now(UTC))
    finally:
        await engine.dispose()


async def status_counts(db_url: str) -> Counter[str]:
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            rows = await session.execute(
                select(OutboxMessageRow.status, func.count()).group_by(OutboxMessageRow.status)
            )
            return Counter({status: int(n) for status, n in rows})
    finally:
        await engine.dispose()


class Received:
    """Texts of successful sendMessage calls, counted incrementally from `emu.calls`."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.counts: Counter[str] = Counter()
        self._seen = 0

    def update(self) -> Counter[str]:
        calls = self.emu.calls
        for call in calls[self._seen :]:
            if call.method == "sendMessage" and call.status == 200:
                self.counts[str(call.params.get("text"))] += 1
        self._seen = len(calls)
        return self.counts

    def when(self, pred: Callable[[Counter[str]], bool]) -> Callable[[], bool]:
        return lambda: pred(self.update())


async def test_reminder_scheduled_before_a_restart_is_sent_exactly_once(
    emulator: Emulator, db_url: str, tmp_path: Path, bots: list[Bot]
) -> None:
    chat = 7001
    emulator.user(chat, first_name="Amina", language_code="sv")
    await seed_people(db_url, [chat])
    due = datetime.now(UTC) + DUE_IN
    reminder = OutgoingItem(
        chat_id=chat,
        text="Kvällspåminnelse: skriv hur dagen gick",
        key=f"reminder:s1:{chat}:evening",
        due_at=due,
    )
    # Due right after the reminder: something to wait for, so the test never waits on nothing.
    sentinel = OutgoingItem(
        chat_id=chat,
        text="sentinel",
        key=f"reminder:s1:{chat}:sentinel",
        due_at=due + timedelta(seconds=1.5),
    )
    assert len(await enqueue(db_url, [reminder, sentinel])) == 2
    received = Received(emulator)

    first = Bot(emulator, db_url, tmp_path, "first")
    bots.append(first)
    await first.start()
    # Polling begins only after the dispatcher has rebuilt its timers from the outbox.
    await asyncio.wait_for(emulator.polling.wait(), START_TIMEOUT)
    assert await first.stop(signal.SIGTERM) == 0
    assert datetime.now(UTC) < due, "the first process ran past the due time; nothing tested"
    assert received.update()[reminder.text] == 0
    assert "Traceback" not in first.log(), first.log()

    second = Bot(emulator, db_url, tmp_path, "second")
    bots.append(second)
    await second.start()
    await emulator.wait_for(received.when(lambda c: c[reminder.text] >= 1), timeout=20)

    # The same occurrence again (a plan re-expanded after the restart) is skipped by its key.
    assert await enqueue(db_url, [reminder]) == []
    await emulator.wait_for(received.when(lambda c: c[sentinel.text] >= 1), timeout=20)
    assert received.update()[reminder.text] == 1
    assert await second.stop(signal.SIGTERM) == 0
    assert "Traceback" not in second.log(), second.log()
    # The sentinel may still be `sending`: its reply can be in transit when SIGTERM lands.
    assert (await status_counts(db_url)).keys() <= {"sent", "sending"}


async def test_sigkill_while_sending_500_reminders_loses_none(
    db_url: str, tmp_path: Path, bots: list[Bot], record_property: Callable[[str, object], None]
) -> None:
    chats = [8000 + i for i in range(100)]
    per_chat = 5
    emu = Emulator(
        token=TOKEN,
        bot_username=BOT,
        enforce_rate_limits=True,
        global_rate=250,
        per_chat_rate=25,
        per_chat_burst=5,
    )
    await emu.start()
    try:
        for chat in chats:
            emu.user(chat, first_name=f"P{chat}")
        await seed_people(db_url, chats)
        now = datetime.now(UTC)
        items = [
            OutgoingItem(
                chat_id=chat,
                text=f"reminder {n} for {chat}",
                key=f"reminder:s{n}:{chat}:evening",
                due_at=now,
            )
            for n in range(per_chat)
            for chat in chats
        ]
        assert len(await enqueue(db_url, items)) == len(items)
        texts = {item.text for item in items}
        received = Received(emu)
        env = {
            "STEGVIS_GLOBAL_RATE": "200",
            "STEGVIS_PER_CHAT_INTERVAL": "0.05",
            # In-flight rows of the killed process must become claimable again quickly.
            "STEGVIS_OUTBOX_LEASE": "2",
        }

        first = Bot(emu, db_url, tmp_path, "first", env=env)
        bots.append(first)
        await first.start()
        await emu.wait_for(
            received.when(lambda c: sum(c[t] for t in texts) >= 200), timeout=START_TIMEOUT
        )
        assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
        # Rows the dead process had claimed: sent but not yet marked, or not yet sent.
        in_flight = (await status_counts(db_url))["sending"]
        sent_before = sum(received.update()[t] for t in texts)

        second = Bot(emu, db_url, tmp_path, "second", env=env)
        bots.append(second)
        await second.start()
        await emu.wait_for(received.when(lambda c: texts <= c.keys()), timeout=60)

        counts = received.update()
        lost = sorted(t for t in texts if counts[t] == 0)
        repeated = {t: counts[t] for t in texts if counts[t] > 1}
        extra = sum(n - 1 for n in repeated.values())
        print(
            f"SIGKILL after {sent_before} sends; {in_flight} rows in flight; "
            f"{len(repeated)} reminders sent twice or more ({extra} extra messages); "
            f"lost {len(lost)}; 429s {emu.rate_limited}"
        )
        record_property("sent_before_kill", sent_before)
        record_property("in_flight_at_kill", in_flight)
        record_property("duplicates", len(repeated))
        record_property("extra_messages", extra)
        record_property("rate_limited", emu.rate_limited)
        assert lost == []
        assert extra <= in_flight, (extra, in_flight)

        assert await second.stop(signal.SIGTERM) == 0
        assert "Traceback" not in second.log(), second.log()
        assert (await status_counts(db_url)).keys() <= {"sent", "sending"}
        assert not emu.violations, emu.violations
    finally:
        await emu.stop()
