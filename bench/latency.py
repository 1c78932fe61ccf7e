"""Reply latency (p50/p95/p99), every part in its own process.

1. Fixed offered rates (20, 50, 100 updates/s by default), each update from a different
   user, rate limits off as in throughput.py: how long a person waits for the answer.
2. The same for interactive updates while 10,000 reminders fan out, with the shipped limits
   in Stegvis (30 msg/s, 1 per chat per second) and Telegram's limits in the emulator:
   interactive replies must stay fast (target p99 <= 1 s).

    python bench/latency.py [--rates 20,50,100] [--seconds 10] [--reminders 10000]
                            [--interactive-rate 5] [--runtime aiogram]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

from harness import (
    FIRST_USER,
    Driver,
    db_in,
    emulator,
    enqueue_reminders,
    load,
    seed_people,
    stegvis,
    temp_dir,
)

FANOUT_FIRST = 200_000


async def offer(driver: Driver, rate: float, seconds: float, first_user: int) -> int:
    """Send `rate` updates a second for `seconds`, each from a new user; return how many."""
    sent, started, tick = 0, time.monotonic(), 0.1
    while (elapsed := time.monotonic() - started) < seconds:
        due = int(rate * (elapsed + tick)) - sent
        if due > 0:
            items = [
                {"user": first_user + sent + i, "text": f"hej {sent + i}"} for i in range(due)
            ]
            await driver.send(items)
            sent += due
        await asyncio.sleep(tick)
    return sent


def line(label: str, figures: dict[str, Any]) -> str:
    lat = figures["latency"]

    def ms(value: float | None) -> str:
        return "   -" if value is None else f"{value * 1000:6.0f}"

    return (
        f"{label:38} n={lat['n']:5}  p50 {ms(lat['p50'])} ms  p95 {ms(lat['p95'])} ms  "
        f"p99 {ms(lat['p99'])} ms"
    )


async def fixed_rates(args: argparse.Namespace, tmp: Path) -> None:
    for rate in args.rates:
        users = int(rate * args.seconds) + 10
        async with emulator(tmp) as api:
            driver = Driver(api)
            db_url = db_in(tmp, f"latency-{rate}")
            await seed_people(db_url, users)
            env = {"STEGVIS_PER_CHAT_INTERVAL": "0", "STEGVIS_GLOBAL_RATE": "1000000"}
            bot = await stegvis(api, db_url, tmp, args.runtime, **env)
            try:
                await driver.ready(bot)
                sent = await offer(driver, rate, args.seconds, FIRST_USER)
                figures = await driver.wait_messages(sent, within=120)
                print(line(f"{rate:5.0f} updates/s, limits off", figures), f"({load()})")
            finally:
                await bot.stop()
                await driver.close()


async def during_fanout(args: argparse.Namespace, tmp: Path) -> None:
    users = int(args.interactive_rate * args.seconds * 3) + 10
    async with emulator(tmp, strict=True) as api:
        driver = Driver(api)
        db_url = db_in(tmp, "latency-fanout")
        await seed_people(db_url, users)
        await enqueue_reminders(db_url, args.reminders, args.reminders, FANOUT_FIRST)
        chats = list(range(FANOUT_FIRST, FANOUT_FIRST + args.reminders))
        await driver.post("/_bench/users", {"users": chats})
        bot = await stegvis(api, db_url, tmp, args.runtime)
        try:
            await driver.ready(bot)
            await asyncio.sleep(2)  # the fan-out is under way
            sent = await offer(driver, args.interactive_rate, args.seconds * 3, FIRST_USER)
            deadline = time.monotonic() + 120
            while (figures := await driver.stats())["latency"]["n"] < sent:
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.2)
            label = f"{args.interactive_rate:.0f}/s interactive + fan-out"
            print(line(label, figures), f"({load()})")
            print(
                f"{'':38} reminders sent meanwhile: {figures['messages'] - sent}; "
                f"429s: {figures['refused_429']}; busiest second: {figures['busiest_second']}"
            )
            p99 = figures["latency"]["p99"]
            verdict = "meets" if p99 is not None and p99 <= 1.0 else "misses"
            print(f"interactive p99 during the fan-out: {p99:.3f} s ({verdict} the 1 s target)")
        finally:
            await bot.stop()
            await driver.close()


async def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rates", type=lambda s: [float(x) for x in s.split(",")], default=[20, 50, 100]
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--interactive-rate", type=float, default=5.0)
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    print(f"Stegvis on {args.runtime}; {load()}")
    with temp_dir() as scratch:
        await fixed_rates(args, Path(scratch))
        await during_fanout(args, Path(scratch))


if __name__ == "__main__":
    asyncio.run(main())
