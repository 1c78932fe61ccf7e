"""Durable intake over real processes: what Telegram was told we have, we process exactly once;
a stop within the grace period loses nothing; a flooding chat never delays the others."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

import pytest

from bot.emulator import Emulator
from tests.e2e.conftest import World
from tests.e2e.test_outbox_durability import START_TIMEOUT, Bot, bots, db_url

__all__ = ["bots", "db_url"]  # fixtures shared with the outbox durability tests

INVITE = "you need a personal invite link"
RUNTIMES = ["aiogram", "ptb"]


class WebhookBot(Bot):
    """`stegvis run --webhook` in a subprocess."""

    async def start(self) -> None:
        original = asyncio.create_subprocess_exec

        async def with_webhook(*args: object, **kw: object) -> asyncio.subprocess.Process:
            return await original(*args, "--webhook", **kw)  # type: ignore[arg-type]

        asyncio.create_subprocess_exec = with_webhook  # type: ignore[assignment]
        try:
            await super().start()
        finally:
            asyncio.create_subprocess_exec = original


def answers(emu: Emulator, users: list[int]) -> Counter[int]:
    """Count the replies each user got."""
    return Counter(
        int(c.params["chat_id"])
        for c in emu.calls
        if c.method == "sendMessage" and c.status == 200 and int(c.params["chat_id"]) in users
    )


async def send_from(emu: Emulator, users: list[int]) -> None:
    for uid in users:
        await emu.user(uid, first_name=f"U{uid}", language_code="en").send_text("hello")


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_updates_acknowledged_before_a_kill_are_processed_once_after_restart(
    emulator: Emulator, db_url: str, tmp_path: Path, bots: list[Bot], runtime: str, mode: str
) -> None:
    users = list(range(3001, 3011))
    webhook: dict[str, str] = {}
    if mode == "webhook":
        from tests.e2e.test_webhook import PATH, SECRET, free_port

        port = free_port()
        webhook = {
            "STEGVIS_WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}",
            "STEGVIS_WEBHOOK_SECRET": SECRET,
            "STEGVIS_WEBHOOK_PORT": str(port),
        }
    # The first process stores and acknowledges updates but processes none (a kill -9 in the
    # window between the two leaves exactly this behind).
    kind = WebhookBot if mode == "webhook" else Bot
    first = kind(
        emulator,
        db_url,
        tmp_path,
        "first",
        {"STEGVIS_RUNTIME": runtime, "STEGVIS_MAX_IN_FLIGHT": "0", **webhook},
    )
    bots.append(first)
    await first.start()
    if mode == "webhook":
        await emulator.wait_for(lambda: emulator.webhook_url is not None, START_TIMEOUT)
    else:
        await asyncio.wait_for(emulator.polling.wait(), START_TIMEOUT)
    await send_from(emulator, users)
    await emulator.wait_for(lambda: not emulator.pending_updates, 15)
    assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
    assert answers(emulator, users) == Counter()

    second = Bot(emulator, db_url, tmp_path, "second", {"STEGVIS_RUNTIME": runtime})
    bots.append(second)
    await second.start()
    await emulator.wait_for(lambda: len(answers(emulator, users)) == len(users), START_TIMEOUT)
    await asyncio.sleep(0)
    assert answers(emulator, users) == Counter({uid: 1 for uid in users})
    assert await second.stop(signal.SIGTERM) == 0


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_sigterm_with_a_queue_exits_in_time_and_the_restart_answers_all_once(
    emulator: Emulator, db_url: str, tmp_path: Path, bots: list[Bot], runtime: str
) -> None:
    users = list(range(4001, 4031))
    env = {"STEGVIS_RUNTIME": runtime, "STEGVIS_SHUTDOWN_GRACE": "5"}
    first = Bot(emulator, db_url, tmp_path, "first", env)
    bots.append(first)
    await first.start()
    await asyncio.wait_for(emulator.polling.wait(), START_TIMEOUT)
    await send_from(emulator, users)
    loop = asyncio.get_running_loop()
    began = loop.time()
    assert await first.stop(signal.SIGTERM) == 0
    assert loop.time() - began < 5 + 2, "the stop kept to the grace period"
    assert "Traceback" not in first.log()

    second = Bot(emulator, db_url, tmp_path, "second", env)
    bots.append(second)
    await second.start()
    await emulator.wait_for(lambda: len(answers(emulator, users)) == len(users), START_TIMEOUT)
    assert await second.stop(signal.SIGTERM) == 0
    assert answers(emulator, users) == Counter({uid: 1 for uid in users})


async def test_a_flooding_chat_never_delays_the_others(world: World) -> None:
    flooder, others = 5000, list(range(5001, 5021))
    flood = world.emu.user(flooder, first_name="Flood", language_code="en")
    for _ in range(1000):
        await flood.send_text("spam")
    for uid in others:
        user = world.emu.user(uid, first_name=f"U{uid}", language_code="en")
        for _ in range(5):
            await user.send_text("hello")
    await world.emu.wait_for(
        lambda: all(answers(world.emu, [uid])[uid] == 5 for uid in others), 60
    )
    replies = [
        int(c.params["chat_id"])
        for c in world.emu.calls
        if c.method == "sendMessage" and c.status == 200
    ]
    last_other = max(i for i, chat in enumerate(replies) if chat in others)
    flood_before = replies[:last_other].count(flooder)
    assert flood_before < 100, f"the others waited for {flood_before} flood replies"
