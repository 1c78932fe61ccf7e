"""Fan-out: many reminders due in the same minute, sent through the outbox under Telegram's limits.

Seeds N chats, enqueues keyed outbox rows all due this minute, starts the bot (aiogram runtime,
in-process) against an emulator that enforces the rate limits, and measures from the first
send to the last: messages/s against the configured global rate, 429s, and the highest
per-chat rate seen by the emulator.

    python bench/fanout.py [--reminders 10000] [--chats N] [--rate 30]
    python bench/fanout.py --reminders 2000 --rate 100      # quick run
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import logging
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import App
from bot.config import Settings
from bot.emulator import Emulator
from flows.model import Role
from storage.admin import create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.outbox import OutgoingItem
from storage.store import Store

TOKEN = "777000:BENCH-TOKEN-abcdefghijklmnop"
FIRST_CHAT = 100_000
CHUNK = 1000


class Arrivals:
    """When each sendMessage reached the emulator, per chat, and how it was answered."""

    def __init__(self, emu: Emulator) -> None:
        self.ok: list[tuple[float, int]] = []
        self.refused = 0
        original = emu.execute

        async def timed(name: str, params: dict[str, Any]) -> Any:
            arrived = time.monotonic()
            response = await original(name, params)
            if name.lower() == "sendmessage":
                if response.status == 200:
                    self.ok.append((arrived, int(params["chat_id"])))
                else:
                    self.refused += 1
            return response

        emu.execute = timed  # type: ignore[method-assign]


async def seed(db_url: str, chats: list[int], reminders: int) -> None:
    """Create the people and enqueue the reminders, all due at the start of this minute."""
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    due = now.replace(second=0, microsecond=0)
    async with sessions() as session, session.begin():
        unit = await create_unit(session, "bench", "Bench unit")
        for chat in chats:
            await create_person(
                session,
                Role.PARTICIPANT,
                unit.id,
                f"P{chat}",
                "sv",
                telegram_user_id=chat,
                chat_id=chat,
            )
    # Round-robin over chats, as a day's reminders are: one occurrence per participant.
    items = [
        OutgoingItem(
            chat_id=chats[i % len(chats)],
            text=f"Påminnelse {i}: dagens pass börjar 09:00",
            key=f"reminder:bench{i // len(chats)}:{chats[i % len(chats)]}:morning",
            due_at=due,
        )
        for i in range(reminders)
    ]
    for start in range(0, len(items), CHUNK):
        async with sessions() as session, session.begin():
            await Store(session).enqueue(items[start : start + CHUNK], now)
    await engine.dispose()


def per_chat_figures(ok: list[tuple[float, int]]) -> tuple[float, int]:
    """Return the shortest gap between two messages to one chat and the most in any 1 s."""
    by_chat: dict[int, list[float]] = defaultdict(list)
    for at, chat in ok:
        by_chat[chat].append(at)
    min_gap = float("inf")
    max_in_window = 0
    for times in by_chat.values():
        times.sort()
        for i, at in enumerate(times):
            if i:
                min_gap = min(min_gap, at - times[i - 1])
            # Messages in the half-open second [at, at + 1).
            max_in_window = max(max_in_window, bisect.bisect_left(times, at + 1.0) - i)
    return min_gap, max_in_window


def global_peak(ok: list[tuple[float, int]]) -> int:
    """Return the most messages that arrived within any one second."""
    times = sorted(at for at, _ in ok)
    return max((bisect.bisect_left(times, at + 1.0) - i for i, at in enumerate(times)), default=0)


async def main() -> None:
    """Run the fan-out and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=0, help="default: one per reminder")
    parser.add_argument("--rate", type=float, default=30.0, help="global messages/s")
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    chats = [FIRST_CHAT + i for i in range(args.chats or args.reminders)]

    with tempfile.TemporaryDirectory() as tmp:
        db_url = sqlite_url(Path(tmp) / "fanout.sqlite3")
        await asyncio.to_thread(migrate, db_url)
        emu = Emulator(
            token=TOKEN,
            bot_username="bench_bot",
            enforce_rate_limits=True,
            global_rate=args.rate,
            per_chat_rate=1.0,
        )
        await emu.start()
        try:
            for chat in chats:
                emu.user(chat, first_name=f"P{chat}")
            seeding = time.perf_counter()
            await seed(db_url, chats, args.reminders)
            seeding = time.perf_counter() - seeding
            arrivals = Arrivals(emu)
            settings = Settings(
                bot_token=TOKEN,  # type: ignore[arg-type]
                bot_username="bench_bot",
                api_base_url=emu.base_url,  # type: ignore[arg-type]
                database_url=db_url,
                data_dir=Path(tmp),
                global_rate=args.rate,
                per_chat_interval=1.0,
            )
            app = App(settings, runtime=args.runtime)
            task = asyncio.create_task(app.run_polling())
            budget = args.reminders / args.rate * 2 + 60
            await emu.wait_for(lambda: len(arrivals.ok) >= args.reminders, timeout=budget)
            app.stop()
            await task
        finally:
            await emu.stop()

    ok = arrivals.ok
    first, last = ok[0][0], ok[-1][0]
    span = last - first
    achieved = (len(ok) - 1) / span if span > 0 else float("inf")
    min_gap, per_chat_max = per_chat_figures(ok)
    print(f"reminders:              {args.reminders} to {len(chats)} chats, all due at once")
    print(f"seeding (people+outbox): {seeding:7.1f} s")
    print(f"first to last send:     {span:8.1f} s")
    print(f"achieved rate:          {achieved:8.2f} messages/s")
    print(f"configured rate:        {args.rate:8.2f} messages/s")
    print(f"ratio:                  {achieved / args.rate:8.1%}")
    print(f"peak in any 1 s:        {global_peak(ok):8d} messages")
    print(f"429s (rate limited):    {emu.rate_limited:8d}")
    print(f"other refusals:         {arrivals.refused - emu.rate_limited:8d}")
    gap = "n/a, one message per chat" if min_gap == float("inf") else f"{min_gap:.3f} s"
    print(f"max per chat in 1 s:    {per_chat_max:8d} (shortest gap in a chat: {gap})")
    ok_target = achieved >= 0.95 * args.rate and emu.rate_limited == 0 and per_chat_max <= 1
    print(f"target (>=95%, no 429, <=1/s per chat): {'met' if ok_target else 'MISSED'}")


if __name__ == "__main__":
    asyncio.run(main())
