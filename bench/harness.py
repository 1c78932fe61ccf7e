"""What every benchmark shares: the emulator, the bots and the load driver as separate
processes, seeding, polling the emulator's figures, RSS and the machine's load."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.model import Role  # noqa: E402
from storage.admin import create_person, create_unit  # noqa: E402
from storage.db import make_engine, migrate, session_factory, sqlite_url  # noqa: E402
from storage.outbox import OutgoingItem  # noqa: E402
from storage.store import Store  # noqa: E402

TOKEN = "777000:BENCH-TOKEN-abcdefghijklmnop"
FIRST_USER = 10_000
PYTHON = sys.executable


@dataclass
class Proc:
    """A child process and what it printed on stderr (in a file, so it never blocks)."""

    proc: asyncio.subprocess.Process
    log: Path

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 15)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()

    def rss_mb(self) -> tuple[float, float]:
        """Return (current, peak) resident memory in MB."""
        fields = {}
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        for line in status.splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # type: ignore[return-value]


async def spawn(args: Sequence[str], log: Path, env: dict[str, str] | None = None) -> Proc:
    """Start a child process with its stderr in `log`."""
    handle = log.open("wb")
    proc = await asyncio.create_subprocess_exec(
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=handle,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    return Proc(proc, log)


@contextlib.asynccontextmanager
async def emulator(tmp: Path, *, strict: bool = False, rate: float = 30.0) -> AsyncIterator[str]:
    """Run the emulator process; yield its base URL."""
    args = [PYTHON, "bench/emulator_proc.py", "--global-rate", str(rate)]
    proc = await spawn([*args, *(["--strict"] if strict else [])], tmp / "emulator.log")
    try:
        assert proc.proc.stdout is not None
        line = (await asyncio.wait_for(proc.proc.stdout.readline(), 30)).decode()
        if not line.startswith("ready "):
            raise RuntimeError(f"emulator did not start: {(tmp / 'emulator.log').read_text()}")
        yield line.split()[1]
    finally:
        await proc.stop()


async def seed_people(db_url: str, users: int, first: int = FIRST_USER) -> None:
    """Migrate the database and add `users` participants bound to Telegram users."""
    await asyncio.to_thread(migrate, db_url)
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "bench", "Bench unit")
            for i in range(users):
                await create_person(
                    session,
                    Role.PARTICIPANT,
                    unit.id,
                    f"U{i}",
                    "sv",
                    telegram_user_id=first + i,
                    chat_id=first + i,
                )
    finally:
        await engine.dispose()


async def stegvis(api: str, db_url: str, tmp: Path, runtime: str, **env: str) -> Proc:
    """Start `stegvis run` (polling) against the emulator."""
    values = {
        "STEGVIS_BOT_TOKEN": TOKEN,
        "STEGVIS_BOT_USERNAME": "bench_bot",
        "STEGVIS_API_BASE_URL": api,
        "STEGVIS_DATABASE_URL": db_url,
        "STEGVIS_DATA_DIR": str(tmp),
        "STEGVIS_RUNTIME": runtime,
        **env,
    }
    return await spawn([PYTHON, "-m", "bot.cli", "run"], tmp / f"stegvis-{runtime}.log", values)


async def echo(api: str, tmp: Path, runtime: str) -> Proc:
    """Start a bare echo bot of the framework."""
    args = [PYTHON, "bench/echo_bot.py", "--runtime", runtime, "--api", api]
    return await spawn(args, tmp / f"echo-{runtime}.log")


class Driver:
    """The load driver: sends updates through the emulator's bench API and reads figures."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.http = aiohttp.ClientSession()

    async def close(self) -> None:
        await self.http.close()

    async def post(self, path: str, body: dict[str, Any]) -> None:
        async with self.http.post(f"{self.api}{path}", json=body) as response:
            response.raise_for_status()

    async def send(self, items: list[dict[str, Any]]) -> None:
        for i in range(0, len(items), 500):
            await self.post("/_bench/send", {"items": items[i : i + 500]})

    async def stats(self) -> dict[str, Any]:
        async with self.http.get(f"{self.api}/_bench/stats") as response:
            return await response.json()  # type: ignore[no-any-return]

    async def wait_messages(self, count: int, within: float = 900) -> dict[str, Any]:
        """Wait until `count` messages arrived (at most `within` seconds); return the figures."""
        deadline = time.monotonic() + within
        while True:
            found = await self.stats()
            if found["messages"] >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {found['messages']} of {count} messages arrived")
            await asyncio.sleep(0.05)

    async def ready(self, proc: Proc, user: int = FIRST_USER - 1) -> None:
        """Wait until the bot answers (it is polling): one warm-up message from `user`."""
        await self.post("/_bench/reset", {})
        await self.send([{"user": user, "text": "/start"}])
        deadline = time.monotonic() + 60
        while (await self.stats())["messages"] < 1:
            if proc.proc.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bot did not start: {proc.log.read_text()[-2000:]}")
            await asyncio.sleep(0.1)
        await self.post("/_bench/reset", {})


async def enqueue_reminders(db_url: str, count: int, chats: int, first_chat: int) -> None:
    """Put `count` keyed reminders, due now, in the outbox, round-robin over `chats` chats."""
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    try:
        for start in range(0, count, 1000):
            async with session_factory(engine)() as session, session.begin():
                items = [
                    OutgoingItem(
                        chat_id=first_chat + n % chats, text=f"Påminnelse {n}", key=f"r:{n}"
                    )
                    for n in range(start, min(count, start + 1000))
                ]
                await Store(session).enqueue_rows(items, now)
    finally:
        await engine.dispose()


def load() -> str:
    """Return the machine's load averages."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def median(values: Sequence[float]) -> float:
    """Return the median."""
    return statistics.median(values)


def temp_dir() -> tempfile.TemporaryDirectory[str]:
    """A scratch directory for databases and logs."""
    return tempfile.TemporaryDirectory(prefix="stegvis-bench-")


def db_in(tmp: Path, name: str) -> str:
    """Return a fresh SQLite URL in `tmp` (or BENCH_DATABASE_URL when set)."""
    return os.environ.get("BENCH_DATABASE_URL") or sqlite_url(tmp / f"{name}.sqlite3")
