"""Injected faults, blocked users and rate limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import telegram
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from telegram.error import Forbidden, RetryAfter

from bot.emulator import Emulator, Fault


async def test_injected_429_carries_retry_after(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns on every RetryAfter unless it is told to use timedelta already.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    emu.user(42)
    emu.inject(Fault(method="sendMessage", kind="429", count=2, retry_after=7))
    with pytest.raises(TelegramRetryAfter) as caught:
        await aiogram_bot.send_message(42, "hej")
    assert caught.value.retry_after == 7
    with pytest.raises(RetryAfter) as ptb_caught:
        await ptb_bot.send_message(42, "hej")
    assert ptb_caught.value.retry_after == timedelta(seconds=7)
    await aiogram_bot.send_message(42, "nu går det")
    assert [c.status for c in emu.calls if c.method == "sendMessage"] == [429, 429, 200]
    assert emu.violations == []
    assert emu.rate_limited == 0


async def test_faults_match_method_and_chat(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(42)
    emu.user(43)
    emu.inject(Fault(method="SENDMESSAGE", kind="500", chat_id=43))
    emu.inject(Fault(method="getMe", kind="502"))
    await aiogram_bot.send_message(42, "ok")
    with pytest.raises(TelegramServerError):
        await aiogram_bot.send_message(43, "fails")
    with pytest.raises(TelegramServerError):
        await aiogram_bot.get_me()
    await aiogram_bot.send_message(43, "ok")
    assert [c.status for c in emu.calls] == [200, 500, 502, 200]


async def test_timeout_after_effect_delivers_but_loses_the_answer(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(42)
    emu.inject(Fault(method="sendMessage", kind="timeout", delay=0.05, after_effect=True))
    with pytest.raises(TelegramServerError):
        await aiogram_bot.send_message(42, "kanske")
    assert (await user.next_message())["text"] == "kanske"
    assert emu.calls[-1].status == 504


async def test_blocked_user_gives_403(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot
) -> None:
    emu.user(42)
    emu.block(42)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await aiogram_bot.send_message(42, "hej")
    with pytest.raises(Forbidden, match="blocked"):
        await ptb_bot.send_message(42, "hej")
    emu.unblock(42)
    await aiogram_bot.send_message(42, "hej igen")
    assert emu.violations == []


@pytest.fixture
async def limited() -> AsyncIterator[tuple[Emulator, Bot]]:
    """Run an emulator that enforces 1 msg/s per chat with a burst of 3."""
    emulator = Emulator(per_chat_rate=1.0, per_chat_burst=3, global_rate=5.0)
    base_url = await emulator.start()
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    yield emulator, Bot(emulator.token, session=session)
    if session._session is not None:
        await session._session.close()
    await emulator.stop()


async def test_per_chat_rate_limit_gives_429(limited: tuple[Emulator, Bot]) -> None:
    emu, bot = limited
    emu.user(42)
    for n in range(3):
        await bot.send_message(42, f"{n}")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(42, "för snabbt")
    assert caught.value.retry_after >= 1
    assert emu.rate_limited == 1
    assert emu.violations == []
    assert "Too Many Requests: retry after" in (emu.calls[-1].description or "")


async def test_global_rate_limit_gives_429(limited: tuple[Emulator, Bot]) -> None:
    emu, bot = limited
    for chat_id in range(1, 7):
        emu.user(chat_id)
    for chat_id in range(1, 6):
        await bot.send_message(chat_id, "hej")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(6, "hej")
    assert emu.rate_limited == 1


async def test_the_global_limit_is_a_sliding_window_not_a_bucket(
    limited: tuple[Emulator, Bot],
) -> None:
    emu, bot = limited
    for chat_id in range(1, 12):
        emu.user(chat_id)
    for chat_id in range(1, 6):
        await bot.send_message(chat_id, "hej")
    # A token bucket would have refilled a little by now and let one more through; within
    # the same second the window is still full.
    for chat_id in range(6, 9):
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(chat_id, "hej")
    assert emu.busiest_second == 5
