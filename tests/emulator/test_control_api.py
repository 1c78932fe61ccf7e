"""The control API and demo page that drive the emulator over HTTP."""

from __future__ import annotations

import asyncio

import aiohttp
from aiogram import Bot
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
)

from bot.emulator import Emulator


async def test_demo_users_send_and_press_through_the_control_api(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    emu.add_demo_user(42, "Amina", "ar", "Participant – Amina (ar)")
    api = f"{emu.base_url}/_emulator/api"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{api}/users") as response:
            assert await response.json() == [
                {
                    "id": 42,
                    "first_name": "Amina",
                    "language_code": "ar",
                    "label": "Participant – Amina (ar)",
                    "start_payload": "",
                }
            ]
        async with http.post(f"{api}/chat/42/send", json={"text": "/start abc"}) as response:
            assert response.status == 200
        updates = await aiogram_bot.get_updates(timeout=0)
        message = updates[0].message
        assert message is not None
        assert message.text == "/start abc"
        assert message.entities is not None
        assert message.entities[0].type == "bot_command"

        async with http.get(f"{api}/chat/42", params={"after": "0", "wait": "0"}) as response:
            chat = await response.json()
        assert [e["from"] for e in chat["entries"]] == ["user"]
        last_seq = chat["last_seq"]
        poll = asyncio.create_task(
            http.get(f"{api}/chat/42", params={"after": str(last_seq), "wait": "10"})
        )
        sent = await aiogram_bot.send_message(
            42,
            "<b>مرحبا</b>",
            parse_mode="HTML",
            reply_markup={"inline_keyboard": [[{"text": "نعم", "callback_data": "v1:y"}]]},
        )
        async with asyncio.timeout(5):
            response = await poll
        entries = (await response.json())["entries"]
        response.release()
        assert entries[0]["text"] == "<b>مرحبا</b>"
        assert entries[0]["parse_mode"] == "HTML"
        assert entries[0]["buttons"] == [[{"text": "نعم", "callback_data": "v1:y"}]]

        async with http.post(
            f"{api}/chat/42/press", json={"message_id": sent.message_id, "callback_data": "v1:y"}
        ) as response:
            assert response.status == 200
        async with http.post(
            f"{api}/chat/42/press", json={"message_id": sent.message_id, "callback_data": "x"}
        ) as response:
            assert response.status == 404
        updates = await aiogram_bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
        query = updates[0].callback_query
        assert query is not None
        assert query.data == "v1:y"

        await aiogram_bot.edit_message_text("klar", chat_id=42, message_id=sent.message_id)
        async with http.get(f"{api}/chat/42", params={"after": "0", "wait": "0"}) as response:
            entries = (await response.json())["entries"]
        edited = next(e for e in entries if e["message_id"] == sent.message_id)
        assert edited["edited"] is True
        assert edited["text"] == "klar"


async def test_files_and_page_are_served(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.add_demo_user(7, "Erik", "sv", "Coach – Erik (sv)")
    sent = await aiogram_bot.send_document(7, BufferedInputFile(b"%PDF-x", filename="plan.pdf"))
    assert sent.document is not None
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.base_url}/_emulator/api/file/{sent.document.file_id}") as r:
            assert await r.read() == b"%PDF-x"
            assert r.headers["Content-Disposition"] == 'attachment; filename="plan.pdf"'
        async with http.get(f"{emu.base_url}/_emulator/api/chat/7?wait=0") as r:
            entries = (await r.json())["entries"]
            assert entries[0]["document"] == {
                "file_id": sent.document.file_id,
                "file_name": "plan.pdf",
            }
        async with http.get(f"{emu.base_url}/") as r:
            page = await r.text()
            assert r.status == 200
            assert "<html" in page
            assert "http://" not in page.replace("http://www.w3.org", "")
        async with http.get(f"{emu.base_url}/_emulator/api/chat/999") as r:
            assert r.status == 404


async def test_a_chat_menu_falls_back_from_chat_to_private_chats_to_default_by_language(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    emu.add_demo_user(42, "Amina", "ar", "Participant – Amina (ar)")
    emu.add_demo_user(43, "Erik", "sv", "Employer – Erik (sv)")
    emu.add_demo_user(44, "Ann", "en-GB", "Not invited – Ann")
    assert emu.menu(42) == [], "no commands set: no menu"
    await aiogram_bot.set_my_commands([BotCommand(command="start", description="Start")])
    await aiogram_bot.set_my_commands(
        [BotCommand(command="start", description="ابدأ")], language_code="ar"
    )
    assert [c["description"] for c in emu.menu(42)] == ["ابدأ"], "default scope, her language"
    assert [c["description"] for c in emu.menu(43)] == ["Start"], "default scope, no language"
    private = BotCommandScopeAllPrivateChats()
    helps = [BotCommand(command="help", description="Hjälp")]
    await aiogram_bot.set_my_commands(helps, scope=private)
    assert [c["command"] for c in emu.menu(42)] == ["help"], "private chats before default"
    await aiogram_bot.set_my_commands(
        [BotCommand(command="here", description="Check in")],
        scope=BotCommandScopeChat(chat_id=44),
        language_code="en",
    )
    assert [c["command"] for c in emu.menu(44)] == ["here"], "the chat's, in her language"
    await aiogram_bot.set_my_commands(
        [BotCommand(command="sessions", description="Pass")], scope=BotCommandScopeChat(chat_id=43)
    )
    assert [c["command"] for c in emu.menu(43)] == ["sessions"], "the chat's, no language"
    await aiogram_bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=43))
    assert [c["command"] for c in emu.menu(43)] == ["help"], "deleted: the next scope again"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.base_url}/_emulator/api/chat/44/commands") as response:
            assert await response.json() == [{"command": "here", "description": "Check in"}]
        async with http.get(f"{emu.base_url}/_emulator/api/chat/999/commands") as response:
            assert response.status == 404
        async with http.get(f"{emu.base_url}/_emulator/api/bot") as response:
            assert (await response.json())["username"] == emu.bot_username


async def test_the_page_gets_each_message_with_the_time_it_was_sent(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.add_demo_user(42, "Amina", "ar", "Participant – Amina (ar)")
    await user.send_text("hej")
    sent = await aiogram_bot.send_message(42, "Hej!")
    chat = f"{emu.base_url}/_emulator/api/chat/42?wait=0"
    async with aiohttp.ClientSession() as http, http.get(chat) as response:
        entries = (await response.json())["entries"]
    assert [e["date"] for e in entries] == [user.sent[0]["date"], int(sent.date.timestamp())]
