"""Long polling, webhooks and redelivery."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramConflictError
from aiohttp import web
from telegram.error import Conflict

from bot.emulator import Emulator


async def test_long_poll_returns_as_soon_as_a_user_writes(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42, first_name="Amina", language_code="ar", username="amina")
    assert await aiogram_bot.get_updates(timeout=0) == []
    poll = asyncio.create_task(aiogram_bot.get_updates(timeout=20))
    await asyncio.wait_for(emu.polling.wait(), 5)
    sent = await user.send_command("start", args="TOKEN_1")
    async with asyncio.timeout(5):
        updates = await poll
    assert [u.update_id for u in updates] == [sent["update_id"]]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start TOKEN_1"
    assert message.entities is not None
    assert message.entities[0].type == "bot_command"
    assert message.from_user is not None
    assert message.from_user.language_code == "ar"
    again = await aiogram_bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert again == []


async def test_updates_of_every_kind_parse_in_both_clients(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(42)
    first = await user.send_text("hej")
    await user.forward_text("/start TOKEN", origin_user_id=7)
    await user.send_sticker()
    await user.send_voice()
    await user.send_photo(caption="bild")
    await user.send_document("cv.pdf", b"%PDF-1")
    await user.send_location(59.33, 18.06)
    await user.edit_text(first["message"]["message_id"], "hej igen")
    bot_message = await aiogram_bot.send_message(
        42, "Val", reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "v1:a"}]]}
    )
    await user.press(bot_message.model_dump(), text="A")
    ptb_updates = await ptb_bot.get_updates(timeout=0)
    assert len(ptb_updates) == 9
    assert ptb_updates[1].message is not None
    assert ptb_updates[1].message.forward_origin is not None
    assert ptb_updates[7].edited_message is not None
    assert ptb_updates[7].edited_message.text == "hej igen"
    assert ptb_updates[8].callback_query is not None
    assert ptb_updates[8].callback_query.data == "v1:a"
    updates = await aiogram_bot.get_updates(timeout=0)
    assert updates[6].message is not None
    assert updates[6].message.location is not None
    assert updates[2].message is not None
    assert updates[2].message.sticker is not None


async def test_second_poller_terminates_the_first(emu: Emulator, aiogram_bot: Bot) -> None:
    first = asyncio.create_task(aiogram_bot.get_updates(timeout=20))
    await asyncio.wait_for(emu.polling.wait(), 5)
    assert await aiogram_bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        async with asyncio.timeout(5):
            await first


@dataclass
class Receiver:
    """A tiny webhook endpoint that fails the first ``failures`` requests."""

    failures: int = 1
    reply: dict[str, Any] | None = None
    received: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    cond: asyncio.Condition = field(default_factory=asyncio.Condition)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        """Record the update and answer 500 while failures remain."""
        body = await request.json()
        async with self.cond:
            self.received.append((body, request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
            self.cond.notify_all()
        if self.failures > 0:
            self.failures -= 1
            return web.Response(status=500)
        if self.reply is not None:
            return web.json_response(self.reply)
        return web.Response(status=200)

    async def wait_for(self, n: int) -> None:
        """Wait until ``n`` requests arrived."""
        async with self.cond, asyncio.timeout(5):
            await self.cond.wait_for(lambda: len(self.received) >= n)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """Serve a webhook receiver on a free local port."""
    recv = Receiver()
    app = web.Application()
    app.router.add_post("/hook", recv.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    recv.url = f"http://127.0.0.1:{port}/hook"
    yield recv
    await runner.cleanup()


async def test_webhook_delivers_with_secret_and_retries_after_500(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot, receiver: Receiver
) -> None:
    user = emu.user(42)
    early = await user.send_text("före webhook")
    await aiogram_bot.set_webhook(receiver.url, secret_token="s3cret_-X")
    info = await ptb_bot.get_webhook_info()
    assert info.url == receiver.url
    await receiver.wait_for(2)
    assert [body["update_id"] for body, _ in receiver.received] == [early["update_id"]] * 2
    assert {secret for _, secret in receiver.received} == {"s3cret_-X"}
    await emu.wait_for(lambda: len(emu.webhook_attempts) >= 2)
    assert emu.webhook_attempts == [(early["update_id"], 500), (early["update_id"], 200)]
    emu.redeliver(early["update_id"])
    await receiver.wait_for(3)
    assert receiver.received[2][0] == receiver.received[0][0]
    later = await user.send_text("efter")
    await receiver.wait_for(4)
    assert receiver.received[3][0]["update_id"] == later["update_id"]
    with pytest.raises(Conflict, match="webhook is active"):
        await ptb_bot.get_updates(timeout=0)
    with pytest.raises(TelegramConflictError):
        await aiogram_bot.get_updates()
    assert await aiogram_bot.delete_webhook()
    assert await aiogram_bot.get_updates(timeout=0) == []


async def test_webhook_keeps_retrying_a_dead_endpoint_until_deleted(
    emu: Emulator, aiogram_bot: Bot, receiver: Receiver
) -> None:
    receiver.failures = 3
    user = emu.user(42)
    await aiogram_bot.set_webhook(receiver.url)
    update = await user.send_text("hej")
    await emu.wait_for(lambda: len(emu.webhook_attempts) >= 4)
    await emu.wait_for(lambda: emu.pending_updates == [])
    assert [status for _, status in emu.webhook_attempts] == [500, 500, 500, 200]
    assert receiver.received[0][1] is None
    assert emu.pending_updates == []
    assert update["update_id"] == emu.webhook_attempts[-1][0]


async def test_drop_pending_updates(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42)
    await user.send_text("gammal")
    await aiogram_bot.delete_webhook(drop_pending_updates=True)
    assert await aiogram_bot.get_updates(timeout=0) == []


async def test_redelivered_update_reaches_a_poller_again(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42)
    sent = await user.send_text("en gång")
    updates = await aiogram_bot.get_updates(timeout=0)
    await user.send_text("två")
    emu.redeliver(sent["update_id"])
    more = await aiogram_bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert [u.update_id for u in more] == [sent["update_id"] + 1, sent["update_id"]]
    assert more[1].model_dump(exclude_none=True) == updates[0].model_dump(exclude_none=True)


async def test_webhook_reply_with_a_method_is_executed(
    emu: Emulator, aiogram_bot: Bot, receiver: Receiver
) -> None:
    receiver.failures = 0
    receiver.reply = {"method": "sendMessage", "chat_id": 42, "text": "svar i svaret"}
    user = emu.user(42)
    await aiogram_bot.set_webhook(receiver.url)
    await user.send_text("hej")
    assert (await user.next_message())["text"] == "svar i svaret"
    receiver.reply = {"method": "deleteWebhook"}
    await user.send_text("sluta")
    await emu.wait_for(lambda: emu.webhook_url is None)
    info = await aiogram_bot.get_webhook_info()
    assert info.url == ""
    chat = await aiogram_bot.get_chat(42)
    assert chat.id == 42
