"""Throughput against the framework's bare echo bot, every part in its own process.

The emulator, the load driver (this script) and the bot run as separate processes. After a
warm-up of each, echo and Stegvis runs alternate in pairs; each pair gives a ratio and the
median ratio is printed last. Two workloads: `plain` (the short texts an echo bot handles)
and `mixed` (commands, sentences long enough for language detection, button presses).
Rate limits are off in the emulator and in Stegvis, as an echo bot has none: this measures
processing, not Telegram's limits (see latency.py and fanout.py for those).

    python bench/throughput.py [--updates 3000] [--users 300] [--pairs 3]
                               [--runtime aiogram|ptb|both] [--workload plain|mixed|both]
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
    echo,
    emulator,
    load,
    median,
    seed_people,
    stegvis,
    temp_dir,
)

SENTENCE = "Jag kan inte komma i dag eftersom mitt barn är sjukt och jag måste stanna hemma"


def workload(kind: str, updates: int, users: int) -> list[dict[str, Any]]:
    """Return the updates to send, round-robin over the users."""
    items: list[dict[str, Any]] = []
    for n in range(updates):
        user = FIRST_USER + n % users
        if kind == "plain":
            items.append({"user": user, "text": f"hej {n}"})
            continue
        step = (n // users) % 4
        if step == 0:
            items.append({"user": user, "text": "/help"})
        elif step == 1:
            items.append({"user": user, "text": f"{SENTENCE} ({n})"})
        elif step == 2:
            items.append({"user": user, "press": "m1:skip"})
        else:
            items.append({"user": user, "text": f"hej {n}"})
    return items


async def one_run(bot: str, runtime: str, kind: str, updates: int, users: int, tmp: Path) -> float:
    """Run one bot against a fresh emulator and database; return updates per second."""
    async with emulator(tmp) as api:
        driver = Driver(api)
        try:
            if bot == "echo":
                proc = await echo(api, tmp, runtime)
            else:
                db_url = db_in(tmp, f"bench-{time.monotonic_ns()}")
                await seed_people(db_url, users)
                proc = await stegvis(
                    api,
                    db_url,
                    tmp,
                    runtime,
                    STEGVIS_PER_CHAT_INTERVAL="0",
                    STEGVIS_GLOBAL_RATE="1000000",
                )
            try:
                await driver.ready(proc)
                if kind == "mixed":
                    await driver.post(
                        "/_bench/seed", {"users": list(range(FIRST_USER, FIRST_USER + users))}
                    )
                items = workload(kind, updates, users)
                started = time.monotonic()
                await driver.send(items)
                await driver.wait_messages(len(items))
                return len(items) / (time.monotonic() - started)
            finally:
                await proc.stop()
        finally:
            await driver.close()


async def compare(runtime: str, kind: str, args: argparse.Namespace, tmp: Path) -> float:
    """Warm up, alternate echo and Stegvis in pairs, print each pair; return the median ratio."""
    warm = min(300, args.updates)
    await one_run("echo", runtime, kind, warm, args.users, tmp)
    await one_run("stegvis", runtime, kind, warm, args.users, tmp)
    ratios = []
    for pair in range(args.pairs):
        order = ["echo", "stegvis"] if pair % 2 == 0 else ["stegvis", "echo"]
        rates = {
            bot: await one_run(bot, runtime, kind, args.updates, args.users, tmp) for bot in order
        }
        ratios.append(rates["stegvis"] / rates["echo"])
        print(
            f"  {runtime:7} {kind:5} pair {pair + 1}: echo {rates['echo']:7.1f}/s  "
            f"stegvis {rates['stegvis']:7.1f}/s  ratio {ratios[-1]:.2f}  ({load()})",
            flush=True,
        )
    return median(ratios)


async def main() -> None:
    """Run the comparisons and print the figures, the median ratios last."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--runtime", default="both", choices=["aiogram", "ptb", "both"])
    parser.add_argument("--workload", default="both", choices=["plain", "mixed", "both"])
    args = parser.parse_args()
    runtimes = ["aiogram", "ptb"] if args.runtime == "both" else [args.runtime]
    kinds = ["plain", "mixed"] if args.workload == "both" else [args.workload]
    print(f"{args.updates} updates from {args.users} users; {args.pairs} pairs; {load()}")
    results = {}
    with temp_dir() as scratch:
        for runtime in runtimes:
            for kind in kinds:
                results[(runtime, kind)] = await compare(runtime, kind, args, Path(scratch))
    targets = {"aiogram": 0.5, "ptb": 0.8}
    for (runtime, kind), ratio in results.items():
        print(
            f"median ratio stegvis/{runtime} echo, {kind:5}: {ratio:.2f} "
            f"(target >= {targets[runtime]})"
        )


if __name__ == "__main__":
    asyncio.run(main())
