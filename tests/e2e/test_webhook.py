"""Webhook mode: secret header, redelivery after non-2xx, graceful SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.app import App
from bot.emulator import Emulator, Fault
from storage.db import migrate, sqlite_url
from tests.e2e.conftest import RUNTIMES, TOKEN, Clock, World, make_settings

SECRET = "s3cret-webhook-token-0123456789"
PATH = "/telegram/webhook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest_asyncio.fixture(params=RUNTIMES)
async def hooked(
    request: pytest.FixtureRequest, emulator: Emulator, tmp_path: Path
) -> AsyncIterator[World]:
    """The bot in webhook mode behind the emulator."""
    db_url = sqlite_url(tmp_path / "bot.sqlite3")
    await asyncio.to_thread(migrate, db_url)
    from datetime import UTC, datetime

    clock = Clock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    app = App(
        make_settings(emulator.base_url, db_url, tmp_path), runtime=request.param, clock=clock
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    task = asyncio.create_task(app.run_webhook(url, SECRET, "127.0.0.1", port, PATH))
    await emulator.wait_for(lambda: emulator.webhook_url == url, timeout=15)
    world = World(emulator, app, db_url, clock)
    world.webhook = url  # type: ignore[attr-defined]
    yield world
    app.stop()
    await asyncio.wait_for(task, 15)


async def test_webhook_receives_updates_with_the_secret(hooked: World) -> None:
    token = await hooked.invite()
    user = hooked.emu.user(42, first_name="Amina", language_code="en")
    update = await user.send_command("start", token)
    assert "Amina" in (await user.next_message())["text"]
    await hooked.emu.wait_for(lambda: (update["update_id"], 200) in hooked.emu.webhook_attempts)
    assert hooked.emu.webhook_secret == SECRET


@pytest.mark.parametrize("header", [None, "wrong-secret-value-000000000000"])
async def test_webhook_refuses_wrong_or_missing_secret(hooked: World, header: str | None) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": header} if header else {}
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "text": "/start",
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "Eve"},
        },
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            hooked.webhook,
            json=update,
            headers=headers,  # type: ignore[attr-defined]
        ) as response,
    ):
        assert response.status == 403
    assert hooked.app.core is not None
    assert hooked.app.core.processed == 0


async def test_update_is_redelivered_after_a_non_2xx_answer(hooked: World) -> None:
    runtime = hooked.app.runtime
    original = runtime.feed
    failures = 0

    async def flaky_feed(update: dict[str, Any]) -> None:
        nonlocal failures
        if failures == 0:
            failures += 1
            raise RuntimeError("database briefly unavailable")
        await original(update)

    runtime.feed = flaky_feed  # type: ignore[method-assign]
    user = hooked.emu.user(43, first_name="Dawit", language_code="en")
    update = await user.send_text("hello")
    assert "invite" in (await user.next_message())["text"]
    await hooked.emu.wait_for(lambda: (update["update_id"], 200) in hooked.emu.webhook_attempts)
    attempts = [
        status for uid, status in hooked.emu.webhook_attempts if uid == update["update_id"]
    ]
    assert attempts == [500, 200]


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_sigterm_finishes_in_flight_updates_and_exits_within_10_seconds(
    emulator: Emulator, tmp_path: Path, runtime: str
) -> None:
    db_url = sqlite_url(tmp_path / "bot.sqlite3")
    await asyncio.to_thread(migrate, db_url)
    port = free_port()
    env = {
        **os.environ,
        "STEGVIS_BOT_TOKEN": TOKEN,
        "STEGVIS_BOT_USERNAME": "stegvis_test_bot",
        "STEGVIS_API_BASE_URL": str(emulator.base_url),
        "STEGVIS_DATABASE_URL": db_url,
        "STEGVIS_DATA_DIR": str(tmp_path),
        "STEGVIS_WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}",
        "STEGVIS_WEBHOOK_SECRET": SECRET,
        "STEGVIS_WEBHOOK_PORT": str(port),
        "STEGVIS_PER_CHAT_INTERVAL": "0",
        "STEGVIS_RUNTIME": runtime,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--webhook",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emulator.wait_for(lambda: emulator.webhook_url is not None, timeout=20)
        # Hold the bot's reply for 2 s so the update is still in flight when SIGTERM arrives.
        emulator.inject(Fault(method="sendMessage", kind="timeout", delay=2.0))
        held = asyncio.Event()
        original = emulator.execute

        async def spy(name: str, params: dict[str, Any]) -> Any:
            if name == "sendMessage":
                held.set()
            return await original(name, params)

        emulator.execute = spy  # type: ignore[method-assign]
        user = emulator.user(44, first_name="Olena", language_code="en")
        await user.send_text("hello")
        await asyncio.wait_for(held.wait(), 10)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 12)
        elapsed = time.monotonic() - started
        assert code == 0
        assert elapsed < 10
        assert "invite" in (await user.next_message(timeout=1))["text"]
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        assert proc.stderr is not None
        err = (await proc.stderr.read()).decode()
        assert "Traceback" not in err, err
