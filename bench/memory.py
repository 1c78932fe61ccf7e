"""Memory with a backlog: 20,000 updates wait at Telegram when the bot starts.

    python bench/memory.py [--updates 20000] [--users 2000] [--runtime aiogram]

The bot stores at most its backlog limit in the inbox and asks Telegram for more only as it
catches up, so its memory does not grow with the queue. Prints the bot process's peak RSS
(target <= 300 MB) and how fast it worked the queue off.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from harness import FIRST_USER, Driver, db_in, emulator, load, seed_people, stegvis, temp_dir


async def main() -> None:
    """Queue the updates, start the bot, sample its memory until all are answered."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    print(f"{args.updates} queued updates from {args.users} users; {load()}")
    with temp_dir() as scratch:
        tmp = Path(scratch)
        async with emulator(tmp) as api:
            driver = Driver(api)
            db_url = db_in(tmp, "memory")
            await seed_people(db_url, args.users)
            items = [
                {"user": FIRST_USER + n % args.users, "text": f"hej {n}"}
                for n in range(args.updates)
            ]
            await driver.send(items)
            env = {"STEGVIS_PER_CHAT_INTERVAL": "0", "STEGVIS_GLOBAL_RATE": "1000000"}
            bot = await stegvis(api, db_url, tmp, args.runtime, **env)
            started, peak = time.monotonic(), 0.0
            try:
                while (figures := await driver.stats())["messages"] < args.updates:
                    if bot.proc.returncode is not None:
                        raise RuntimeError(bot.log.read_text()[-2000:])
                    peak = max(peak, bot.rss_mb()[1])
                    await asyncio.sleep(0.2)
                elapsed = time.monotonic() - started
                current, peak = bot.rss_mb()
            finally:
                await bot.stop()
                await driver.close()
    print(f"answered:  {figures['messages']} in {elapsed:.1f} s ({args.updates / elapsed:.0f}/s)")
    print(f"peak RSS:  {peak:.0f} MB (target <= 300 MB); at the end {current:.0f} MB ({load()})")


if __name__ == "__main__":
    asyncio.run(main())
