"""`stegvis demo`: the page is served and a newcomer can redeem the invite and pick Arabic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.demo import start_demo

ARABIC = re.compile(r"[\u0600-\u06FF]")


async def chat(
    http: aiohttp.ClientSession, url: str, user: int, after: int, skip: int | None = None
) -> list[Any]:
    """Long-poll the chat API, as the page does, until a new bot message (not `skip`) shows."""
    for _ in range(5):
        async with http.get(f"{url}_emulator/api/chat/{user}", params={"after": after}) as r:
            body = await r.json()
        bot = [e for e in body["entries"] if e["from"] == "bot" and e["message_id"] != skip]
        if bot:
            return bot
        after = body["last_seq"]
    raise AssertionError("the bot did not answer on the demo page")


async def test_demo_page_lets_a_newcomer_redeem_the_invite_and_pick_arabic(
    tmp_path: Path,
) -> None:
    demo = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(demo.url) as page:
                assert page.status == 200
                assert "Stegvis" in await page.text()
            async with http.get(f"{demo.url}_emulator/api/users") as r:
                users = {u["id"]: u for u in await r.json()}
            newcomer = users[1010]
            assert newcomer["start_payload"] == demo.token
            assert {u["language_code"] for u in users.values()} >= {"ar", "ti", "uk", "so"}

            send = {"text": f"/start {newcomer['start_payload']}"}
            async with http.post(f"{demo.url}_emulator/api/chat/1010/send", json=send) as r:
                assert r.status == 200
            [question] = await chat(http, demo.url, 1010, 0)
            codes = [b["callback_data"] for row in question["buttons"] for b in row]
            assert "l1:ar" in codes
            press = {"message_id": question["message_id"], "callback_data": "l1:ar"}
            async with http.post(f"{demo.url}_emulator/api/chat/1010/press", json=press) as r:
                assert r.status == 200
            welcome = await chat(http, demo.url, 1010, question["seq"], question["message_id"])
            assert ARABIC.search(welcome[0]["text"])
            assert "Jobbtorg Demo" in welcome[0]["text"]
            assert "Karin" in welcome[0]["text"]
    finally:
        await demo.stop()
    assert not demo.emulator.violations


async def test_a_second_demo_on_a_busy_port_fails_and_leaves_the_first_alone(
    tmp_path: Path,
) -> None:
    first = await start_demo(tmp_path, "127.0.0.1", 0, "aiogram")
    try:
        db_file = tmp_path / "demo.sqlite3"
        before = db_file.read_bytes()
        port = int(first.url.rstrip("/").rsplit(":", 1)[1])
        with pytest.raises(OSError, match="in use"):
            await start_demo(tmp_path, "127.0.0.1", port, "aiogram")
        assert db_file.read_bytes() == before, "the running demo's data is untouched"
        async with aiohttp.ClientSession() as http, http.get(first.url) as page:
            assert page.status == 200
    finally:
        await first.stop()
