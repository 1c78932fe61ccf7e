"""Fan-out: reminders due in the same minute, sent under Telegram's limits, every part in
its own process and the emulator strict (a sliding one-second window overall, one message
per chat per second).

    python bench/fanout.py [--reminders 10000] [--per-chat 5] [--rate 30] [--runtime aiogram]

Prints the rate against the limit, 429s, the busiest one-second window and the shortest gap
between two messages to one chat. Targets: >= 97 % of the limit, 0 x 429, no chat above
1 msg/s.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from harness import (
    Driver,
    db_in,
    emulator,
    enqueue_reminders,
    load,
    seed_people,
    stegvis,
    temp_dir,
)

FIRST_CHAT = 100_000


async def main() -> None:
    """Run the fan-out and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--per-chat", type=int, default=5)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    chats = max(1, args.reminders // args.per_chat)
    print(f"{args.reminders} reminders to {chats} chats at {args.rate:.0f}/s; {load()}")
    with temp_dir() as scratch:
        tmp = Path(scratch)
        async with emulator(tmp, strict=True, rate=args.rate) as api:
            driver = Driver(api)
            db_url = db_in(tmp, "fanout")
            await seed_people(db_url, 0)
            await enqueue_reminders(db_url, args.reminders, chats, FIRST_CHAT)
            await driver.post(
                "/_bench/users", {"users": list(range(FIRST_CHAT, FIRST_CHAT + chats))}
            )
            bot = await stegvis(api, db_url, tmp, args.runtime, STEGVIS_GLOBAL_RATE=str(args.rate))
            try:
                figures = await driver.wait_messages(args.reminders, within=3600)
            finally:
                await bot.stop()
                await driver.close()
    span = figures["last"] - figures["first"]
    rate = (figures["messages"] - 1) / span if span > 0 else float("nan")
    print(f"sent:                 {figures['messages']} in {span:.1f} s")
    print(f"429s:                 {figures['refused_429']}")
    print(f"busiest second:       {figures['busiest_second']} messages")
    print(f"shortest gap in chat: {figures['shortest_gap_in_a_chat']:.2f} s")
    print(f"rate: {rate:.2f}/s = {rate / args.rate:.1%} of the {args.rate:.0f}/s limit ({load()})")


if __name__ == "__main__":
    asyncio.run(main())
