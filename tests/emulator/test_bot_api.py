"""The real aiogram and python-telegram-bot clients against the emulator."""

from __future__ import annotations

import aiohttp
import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest

from bot.emulator import Emulator


def _keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ja", callback_data=data)]]
    )


async def test_send_message_round_trip_with_aiogram(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42, first_name="Amina", language_code="ar")
    me = await aiogram_bot.get_me()
    assert me.username == "stegvis_demo_bot"
    sent = await aiogram_bot.send_message(
        42, "<b>مرحبا</b> &lt;Amina&gt;", parse_mode="HTML", reply_markup=_keyboard("v1:yes")
    )
    assert sent.text == "مرحبا <Amina>"
    assert sent.chat.id == 42
    assert sent.from_user is not None
    assert sent.from_user.id == emu.bot_id
    received = await user.next_message()
    assert received["message_id"] == sent.message_id
    assert user.buttons(received)[0][0]["callback_data"] == "v1:yes"
    second = await aiogram_bot.send_message(42, "två")
    assert second.message_id == sent.message_id + 1
    assert emu.calls[-1].method == "sendMessage"
    assert emu.violations == []


async def test_send_message_round_trip_with_ptb(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    user = emu.user(43, first_name="Erik", language_code="sv")
    sent = await ptb_bot.send_message(
        43,
        "<i>Hej</i>",
        parse_mode="HTML",
        reply_markup=telegram.InlineKeyboardMarkup(
            [[telegram.InlineKeyboardButton("OK", callback_data="v1:ok")]]
        ),
    )
    assert sent.text == "Hej"
    assert (await user.next_message())["reply_markup"]["inline_keyboard"][0][0]["text"] == "OK"


async def test_limits_are_accepted_at_the_edge(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(42)
    await aiogram_bot.send_message(42, "x" * 4096)
    await aiogram_bot.send_message(42, "&amp;" * 4096, parse_mode="HTML")
    await aiogram_bot.send_message(42, "ok", reply_markup=_keyboard("é" * 32))
    await aiogram_bot.send_message(
        42,
        "keyboard",
        reply_markup=ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Ja")]]),
    )
    assert emu.violations == []


@pytest.mark.parametrize(
    ("text", "parse_mode", "markup", "error"),
    [
        ("x" * 4097, None, None, "Bad Request: message is too long"),
        ("ok", None, _keyboard("x" * 65), "Bad Request: BUTTON_DATA_INVALID"),
        ("<b>unclosed", "HTML", None, "can't find end tag"),
        ("<foo>x</foo>", "HTML", None, 'unsupported start tag "foo" at byte offset 0'),
        ("1 < 2", "HTML", None, 'unsupported start tag "" at byte offset 2'),
        ("", None, None, "message text is empty"),
        (
            "Gå med: https://t.me/stegvis_demo_bot?start=has+plus",
            None,
            None,
            "deep link start parameter",
        ),
    ],
)
async def test_rule_breaking_messages_are_rejected_by_aiogram(
    emu: Emulator,
    aiogram_bot: Bot,
    text: str,
    parse_mode: str | None,
    markup: InlineKeyboardMarkup | None,
    error: str,
) -> None:
    emu.user(42)
    with pytest.raises(TelegramBadRequest) as caught:
        await aiogram_bot.send_message(42, text, parse_mode=parse_mode, reply_markup=markup)
    assert error.lower() in caught.value.message.lower()
    assert len(emu.violations) == 1
    assert emu.violations[0].status == 400
    assert emu.violations[0].method == "sendMessage"


async def test_rule_breaking_messages_are_rejected_by_ptb(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(42)
    with pytest.raises(BadRequest, match="too long"):
        await ptb_bot.send_message(42, "y" * 4097)
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await ptb_bot.send_message(
            42,
            "x",
            reply_markup=telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("b", callback_data="ä" * 33)]]
            ),
        )
    with pytest.raises(BadRequest, match="parse entities"):
        await ptb_bot.send_message(42, "<b>x", parse_mode="HTML")
    assert [v.description for v in emu.violations] == [
        "Bad Request: message is too long",
        "Bad Request: BUTTON_DATA_INVALID",
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    ]


async def test_unknown_chat_is_a_violation(emu: Emulator, aiogram_bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await aiogram_bot.send_message(999, "hej")
    assert emu.violations[0].description == "Bad Request: chat not found"


async def test_wrong_token_and_unknown_method(emu: Emulator) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.base_url}/bot1:WRONG/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.get(f"{emu.base_url}/bot{emu.token}/noSuchMethod") as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found"
        async with http.get(f"{emu.base_url}/bot{emu.token}/GETME") as response:
            assert (await response.json())["result"]["id"] == emu.bot_id
        emu.user(5)
        async with http.post(
            f"{emu.base_url}/bot{emu.token}/sendMessage",
            json={"chat_id": "5", "text": "json body"},
        ) as response:
            assert (await response.json())["result"]["text"] == "json body"
        async with http.get(
            f"{emu.base_url}/bot{emu.token}/sendMessage", params={"chat_id": "5", "text": "query"}
        ) as response:
            assert (await response.json())["result"]["chat"]["id"] == 5


async def test_edit_delete_and_callback_answer(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42)
    sent = await aiogram_bot.send_message(42, "Fråga?", reply_markup=_keyboard("v1:q"))
    await user.press(sent.message_id, callback_data="v1:q")
    query = emu.pending_updates[-1]["callback_query"]
    assert query["data"] == "v1:q"
    assert query["message"]["message_id"] == sent.message_id
    await aiogram_bot.answer_callback_query(query["id"], text="Tack")
    assert (await user.next_callback_answer())["text"] == "Tack"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await aiogram_bot.answer_callback_query(query["id"])
    with pytest.raises(LookupError):
        await user.press(sent.message_id, callback_data="nope")
    await aiogram_bot.edit_message_text("Svar: ja", chat_id=42, message_id=sent.message_id)
    assert user.message(sent.message_id)["text"] == "Svar: ja"
    assert "reply_markup" not in user.message(sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await aiogram_bot.edit_message_text("Svar: ja", chat_id=42, message_id=sent.message_id)
    await aiogram_bot.edit_message_reply_markup(
        chat_id=42, message_id=sent.message_id, reply_markup=_keyboard("v1:again")
    )
    assert user.buttons(sent.message_id)[0][0]["callback_data"] == "v1:again"
    assert await aiogram_bot.delete_message(42, sent.message_id)
    assert user.messages == []


async def test_commands_are_stored_per_scope_and_language(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot
) -> None:
    emu.user(42)
    await aiogram_bot.set_my_commands([BotCommand(command="start", description="Börja")])
    await aiogram_bot.set_my_commands(
        [BotCommand(command="hjalp", description="مساعدة")],
        scope=BotCommandScopeChat(chat_id=42),
        language_code="ar",
    )
    assert emu.commands() == [{"command": "start", "description": "Börja"}]
    assert emu.commands(42, "ar") == [{"command": "hjalp", "description": "مساعدة"}]
    got = await ptb_bot.get_my_commands(scope=telegram.BotCommandScopeChat(42), language_code="ar")
    assert [c.command for c in got] == ["hjalp"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await aiogram_bot.set_my_commands([BotCommand(command="Start", description="x")])
    await ptb_bot.delete_my_commands()
    assert emu.commands() == []
    assert await ptb_bot.set_chat_menu_button(menu_button=telegram.MenuButtonCommands())
    assert await ptb_bot.send_chat_action(42, "typing")


async def test_documents_upload_and_download_with_aiogram(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(42)
    sent = await aiogram_bot.send_document(
        42,
        BufferedInputFile(b"%PDF-1.4 aiogram", filename="plan.pdf"),
        caption="<b>Plan</b>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "plan.pdf"
    assert sent.caption == "Plan"
    assert (await user.next_message())["document"]["file_size"] == 16
    downloaded = await aiogram_bot.download(sent.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == b"%PDF-1.4 aiogram"
    again = await aiogram_bot.send_document(42, sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    photo = await aiogram_bot.send_photo(42, BufferedInputFile(b"\xff\xd8jpeg", "p.jpg"))
    assert photo.photo
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await aiogram_bot.send_document(42, sent.document.file_id, caption="x" * 1025)


async def test_documents_upload_and_download_with_ptb(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(42)
    await user.send_document("cv.pdf", b"%PDF-user")
    sent = await ptb_bot.send_document(42, document=b"%PDF-1.4 ptb", filename="intyg.pdf")
    assert sent.document is not None
    assert sent.document.file_name == "intyg.pdf"
    tg_file = await ptb_bot.get_file(sent.document.file_id)
    assert bytes(await tg_file.download_as_bytearray()) == b"%PDF-1.4 ptb"
    user_doc = emu.pending_updates[-1]["message"]["document"]
    user_file = await ptb_bot.get_file(user_doc["file_id"])
    assert bytes(await user_file.download_as_bytearray()) == b"%PDF-user"
    assert emu.violations == []
