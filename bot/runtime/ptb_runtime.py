"""The second runtime: python-telegram-bot 22, as a thin adapter around the core."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.config import OFFICIAL_API
from bot.intake import Intake
from bot.runtime.base import ALLOWED_UPDATES
from bot.transport import Blocked, Rejected, Transient
from bot.transport import RetryAfter as OurRetryAfter

# Opt in to PTB's future timedelta durations; otherwise every 429 emits a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@contextlib.contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except RetryAfter as exc:
        # The private field avoids PTB's deprecation warning on the int/timedelta switch.
        raise OurRetryAfter(exc._retry_after.total_seconds()) from exc
    except Forbidden as exc:
        raise Blocked(exc.message) from exc
    except BadRequest as exc:
        raise Rejected(exc.message) from exc
    except (NetworkError, TimeoutError) as exc:
        raise Transient(str(exc)) from exc
    except TelegramError as exc:
        raise Rejected(exc.message) from exc


def _markup(
    data: dict[str, Any] | None, bot: Any
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    if not data:
        return None
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, bot)
    if "remove_keyboard" in data:
        return ReplyKeyboardRemove.de_json(data, bot)
    return InlineKeyboardMarkup.de_json(data, bot)


class PtbTransport:
    """Bot API calls through PTB's Bot."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.app = app

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> int:
        """Send an HTML message and return its id."""
        bot = self.app.bot
        markup = _markup(reply_markup, bot)
        with _mapped_errors():
            sent = await bot.send_message(
                chat_id,
                text,
                parse_mode="HTML",
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        return int(sent.message_id)

    async def send_file(
        self, chat_id: int, kind: str, file_id: str, caption: str, markup: dict[str, Any] | None
    ) -> int:
        """Send a photo or document already on Telegram by its file id."""
        bot = self.app.bot
        keyboard = _markup(markup, bot)
        with _mapped_errors():
            if kind == "photo":
                sent = await bot.send_photo(
                    chat_id,
                    file_id,
                    caption=caption or None,
                    parse_mode="HTML",
                    reply_markup=keyboard,
                )
            else:
                sent = await bot.send_document(
                    chat_id,
                    file_id,
                    caption=caption or None,
                    parse_mode="HTML",
                    reply_markup=keyboard,
                )
        return int(sent.message_id)

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        """Send a file and return the message id."""
        with _mapped_errors():
            sent = await self.app.bot.send_document(
                chat_id,
                InputFile(content, filename=filename),
                caption=caption or None,
                parse_mode="HTML",
            )
        return int(sent.message_id)

    async def answer_callback(self, query_id: str, text: str | None) -> None:
        """Acknowledge a button press."""
        with _mapped_errors():
            await self.app.bot.answer_callback_query(query_id, text=text)

    async def set_buttons(
        self, chat_id: int, message_id: int, reply_markup: dict[str, Any] | None
    ) -> None:
        """Replace a message's inline keyboard (None removes it)."""
        markup = InlineKeyboardMarkup.de_json(reply_markup, self.app.bot) if reply_markup else None
        with _mapped_errors():
            await self.app.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=markup
            )

    async def set_commands(
        self, commands: Sequence[tuple[str, str]], chat_id: int | None, language_code: str | None
    ) -> None:
        """Set a command menu."""
        scope = BotCommandScopeChat(chat_id) if chat_id else BotCommandScopeDefault()
        with _mapped_errors():
            await self.app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands], scope=scope, language_code=language_code
            )

    async def close(self) -> None:
        """Nothing to do: the application owns the HTTP clients."""


class PtbRuntime:
    """PTB's client for everything the bot says; updates come in through the intake."""

    name = "ptb"

    def __init__(
        self, token: str, api_base_url: str = OFFICIAL_API, timeout: float = 30.0
    ) -> None:
        builder = Application.builder().token(token).updater(None)
        builder = builder.request(
            HTTPXRequest(connection_pool_size=64, read_timeout=timeout, write_timeout=timeout)
        )
        if api_base_url != OFFICIAL_API:
            builder = builder.base_url(f"{api_base_url}/bot").base_file_url(
                f"{api_base_url}/file/bot"
            )
        self.app = builder.build()
        self.transport = PtbTransport(self.app)
        self.intake: Intake | None = None

    async def start(self) -> str:
        """Initialise the client (getMe) and return the bot's username."""
        await self.app.initialize()
        log.info("ptb runtime connected as @%s", self.app.bot.username)
        return str(self.app.bot.username)

    async def feed(self, update: dict[str, Any]) -> None:
        """Store an update that arrived through the webhook (processed from the inbox)."""
        assert self.intake is not None, "the intake must be attached before updates arrive"
        await self.intake.accept([update])

    async def set_webhook(self, url: str, secret: str) -> None:
        """Register our webhook URL with its secret."""
        await self.app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def stop(self) -> None:
        """Shut the client down (it has no update processing of its own to wait for)."""
        await self.app.shutdown()
