"""The emulator as a process of its own for the benchmarks, with a small bench API.

    python bench/emulator_proc.py --port 0 [--strict] [--global-rate 30]

Prints `ready <base url>` when it listens. Beside the Bot API and the demo's control API it
serves:
  POST /_bench/send   {"items": [{"user": id, "text": "..."} | {"user": id, "press": "data"}]}
  POST /_bench/seed   {"users": [ids]}: one bot message with a button in each chat (to press)
  POST /_bench/users  {"users": [ids]}: make the chats exist (for messages the bot starts)
  GET  /_bench/stats  messages that arrived, 429s, the busiest second, reply latencies
  POST /_bench/reset  forget the counters (not the chats)
A reply's latency is measured in here: from the moment a user's update was queued to the
bot's next sendMessage to that chat.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import sys
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web

from bot.emulator import Emulator

TOKEN = "777000:BENCH-TOKEN-abcdefghijklmnop"


class Bench:
    """Counters and latencies over the emulator's sendMessage calls."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.reset()
        original = emu.execute

        async def timed(name: str, params: dict[str, Any]) -> web.Response:
            arrived = time.monotonic()
            response = await original(name, params)
            if name.lower() in ("sendmessage", "senddocument"):
                if response.status == 200:
                    chat = int(params["chat_id"])
                    self.arrivals.append((arrived, chat))
                    waiting = self.waiting.get(chat)
                    if waiting:
                        self.latencies.append(arrived - waiting.popleft())
                elif response.status == 429:
                    self.refused += 1
            return response

        emu.execute = timed  # type: ignore[method-assign]

    def reset(self) -> None:
        self.arrivals: list[tuple[float, int]] = []
        self.latencies: list[float] = []
        self.waiting: dict[int, deque[float]] = defaultdict(deque)
        self.refused = 0
        self.sent_updates = 0

    def stats(self) -> dict[str, Any]:
        times = [t for t, _ in self.arrivals]
        busiest, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            busiest = max(busiest, end - start + 1)
        per_chat: dict[int, list[float]] = defaultdict(list)
        for moment, chat in self.arrivals:
            per_chat[chat].append(moment)
        gaps = [b - a for ts in per_chat.values() for a, b in itertools.pairwise(ts)]
        lat = sorted(self.latencies)

        def pct(p: float) -> float | None:
            return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else None

        return {
            "messages": len(self.arrivals),
            "updates": self.sent_updates,
            "first": times[0] if times else None,
            "last": times[-1] if times else None,
            "refused_429": self.refused,
            "busiest_second": busiest,
            "shortest_gap_in_a_chat": min(gaps) if gaps else None,
            "latency": {"n": len(lat), "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99)},
        }


async def main() -> None:
    """Serve until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--strict", action="store_true", help="Telegram's rate limits on")
    parser.add_argument("--global-rate", type=float, default=30.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    emu = Emulator(
        token=TOKEN,
        bot_username="bench_bot",
        enforce_rate_limits=args.strict,
        global_rate=args.global_rate,
        per_chat_burst=1,
    )
    bench = Bench(emu)

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        now = time.monotonic()
        for item in body["items"]:
            user = emu.user(int(item["user"]), first_name=f"U{item['user']}", language_code="sv")
            bench.waiting[user.user_id].append(now)
            bench.sent_updates += 1
            if "press" in item:
                last = user.last_message
                if last is None:
                    raise web.HTTPBadRequest(text="nothing to press: seed first")
                await user.forge_press(last, item["press"])
            else:
                await user.send_text(item["text"])
        return web.json_response({"ok": True})

    async def seed(request: web.Request) -> web.Response:
        body = await request.json()
        for uid in body["users"]:
            emu.user(int(uid), first_name=f"U{uid}", language_code="sv")
            await emu.execute(
                "sendMessage",
                {
                    "chat_id": int(uid),
                    "text": "seed",
                    "reply_markup": {
                        "inline_keyboard": [[{"text": "ok", "callback_data": "m1:skip"}]]
                    },
                },
            )
        bench.reset()
        return web.json_response({"ok": True})

    async def users(request: web.Request) -> web.Response:
        body = await request.json()
        for uid in body["users"]:
            emu.user(int(uid), first_name=f"U{uid}", language_code="sv")
        return web.json_response({"ok": True})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(bench.stats())

    async def reset(_request: web.Request) -> web.Response:
        bench.reset()
        return web.json_response({"ok": True})

    emu.app.router.add_post("/_bench/send", send)
    emu.app.router.add_post("/_bench/seed", seed)
    emu.app.router.add_post("/_bench/users", users)
    emu.app.router.add_get("/_bench/stats", stats)
    emu.app.router.add_post("/_bench/reset", reset)
    base = await emu.start(port=args.port)
    print(f"ready {base}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
