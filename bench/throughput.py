"""Throughput: N updates from many users through emulator -> runtime -> flows -> SQLite -> back.

Runs Stegvis (aiogram runtime, full stack) and a bare aiogram echo bot against the same
emulator code in the same process and run, and prints updates/s for both and the ratio.

    python bench/throughput.py [--updates 3000] [--users 300] [--runtime aiogram]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.app import App
from bot.config import Settings
from bot.emulator import Emulator
from flows.model import Role
from storage.admin import create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url

TOKEN = "777000:BENCH-TOKEN-abcdefghijklmnop"
FIRST_USER = 10_000


def sent_messages(emu: Emulator) -> int:
    """Count messages the bot has sent so far."""
    return sum(len(emu.user(FIRST_USER + i).messages) for i in range(emu.bench_users))  # type: ignore[attr-defined]


async def drive(emu: Emulator, updates: int, users: int) -> float:
    """Send `updates` texts round-robin from `users` users; return seconds until all answered."""
    emu.bench_users = users  # type: ignore[attr-defined]
    clients = [
        emu.user(FIRST_USER + i, first_name=f"U{i}", language_code="sv") for i in range(users)
    ]
    started = time.perf_counter()
    for n in range(updates):
        await clients[n % users].send_text(f"hej {n}")
    await emu.wait_for(lambda: sent_messages(emu) >= updates, timeout=600)
    return time.perf_counter() - started


async def with_emulator(run: Callable[[Emulator], Awaitable[float]]) -> float:
    """Run one case against a fresh emulator without rate limits."""
    emu = Emulator(token=TOKEN, bot_username="bench_bot", enforce_rate_limits=False)
    await emu.start()
    try:
        return await run(emu)
    finally:
        await emu.stop()


async def echo_case(updates: int, users: int) -> float:
    """A bare aiogram echo bot: the baseline."""

    async def run(emu: Emulator) -> float:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
        dp = Dispatcher()

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "?")

        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
        await emu.polling.wait()
        try:
            return await drive(emu, updates, users)
        finally:
            await dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            await bot.session.close()

    return await with_emulator(run)


async def stegvis_case(updates: int, users: int, runtime: str, db_dir: Path) -> float:
    """Stegvis with the whole stack: inbox, conversation state, flows, outbox, sender."""
    db_url = os.environ.get("BENCH_DATABASE_URL") or sqlite_url(
        db_dir / f"bench-{runtime}.sqlite3"
    )
    await asyncio.to_thread(migrate, db_url)
    engine = make_engine(db_url)
    async with session_factory(engine)() as session, session.begin():
        unit = await create_unit(session, "bench", "Bench unit")
        for i in range(users):
            await create_person(
                session,
                Role.PARTICIPANT,
                unit.id,
                f"U{i}",
                "sv",
                telegram_user_id=FIRST_USER + i,
                chat_id=FIRST_USER + i,
            )
    await engine.dispose()

    async def run(emu: Emulator) -> float:
        settings = Settings(
            bot_token=TOKEN,
            bot_username="bench_bot",
            api_base_url=emu.base_url,  # type: ignore[arg-type]
            database_url=db_url,
            data_dir=db_dir,
            per_chat_interval=0.0,
            global_rate=1e6,
        )
        app = App(settings, runtime=runtime)
        task = asyncio.create_task(app.run_polling())
        await app.started.wait()
        await emu.polling.wait()
        try:
            return await drive(emu, updates, users)
        finally:
            app.stop()
            await task

    return await with_emulator(run)


async def main() -> None:
    """Run both cases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        await echo_case(min(300, args.updates), args.users)  # warm-up
        echo = await echo_case(args.updates, args.users)
        ours = await stegvis_case(args.updates, args.users, args.runtime, Path(tmp))
    echo_rate, our_rate = args.updates / echo, args.updates / ours
    print(f"updates: {args.updates} from {args.users} users")
    print(f"aiogram echo bot:       {echo_rate:8.1f} updates/s")
    print(f"stegvis ({args.runtime:7}):     {our_rate:8.1f} updates/s")
    print(f"ratio stegvis/echo:     {our_rate / echo_rate:8.2f}  (target >= 0.5)")


if __name__ == "__main__":
    asyncio.run(main())
