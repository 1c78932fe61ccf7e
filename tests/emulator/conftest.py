"""Fixtures that start the emulator and real Bot API clients against it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.emulator import Emulator

TOKEN = "123456:TEST-TOKEN"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    """Run an emulator with rate limits off."""
    emulator = Emulator(token=TOKEN, enforce_rate_limits=False)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def aiogram_bot(emu: Emulator) -> AsyncIterator[Bot]:
    """Return an aiogram Bot that talks to the emulator."""
    assert emu.base_url is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    yield Bot(TOKEN, session=session)
    # Close the aiohttp session directly: aiogram's close() sleeps 0.25 s to let SSL
    # transports finish, and the emulator speaks plain HTTP.
    if session._session is not None:
        await session._session.close()


@pytest.fixture
async def ptb_bot(emu: Emulator) -> AsyncIterator[telegram.Bot]:
    """Return a python-telegram-bot Bot that talks to the emulator."""
    async with telegram.Bot(
        TOKEN, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot"
    ) as bot:
        yield bot
