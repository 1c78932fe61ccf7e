"""The primary runtime: aiogram 3, as a thin adapter around the core."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.config import OFFICIAL_API
from bot.delivery import Blocked, Rejected, RetryAfter, Transient
from bot.runtime.base import ALLOWED_UPDATES
from bot.runtime.core import Core

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@contextlib.contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except TelegramRetryAfter as exc:
        raise RetryAfter(float(exc.retry_after)) from exc
    except TelegramForbiddenError as exc:
        raise Blocked(exc.message) from exc
    except (TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
        raise Transient(str(exc)) from exc
    except (TelegramBadRequest, TelegramAPIError) as exc:
        raise Rejected(str(exc)) from exc


def _markup(
    data: dict[str, Any] | None,
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    if not data:
        return None
    if "keyboard" in data:
        return ReplyKeyboardMarkup.model_validate(data)
    if "remove_keyboard" in data:
        return ReplyKeyboardRemove.model_validate(data)
    return InlineKeyboardMarkup.model_validate(data)


class AiogramTransport:
    """Bot API calls through aiogram's Bot."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> int:
        """Send an HTML message and return its id."""
        markup = _markup(reply_markup)
        with _mapped_errors():
            sent = await self.bot.send_message(
                chat_id,
                text,
                parse_mode="HTML",
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        return sent.message_id

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        """Send a file and return the message id."""
        with _mapped_errors():
            sent = await self.bot.send_document(
                chat_id,
                BufferedInputFile(content, filename),
                caption=caption or None,
                parse_mode="HTML",
            )
        return sent.message_id

    async def answer_callback(self, query_id: str, text: str | None) -> None:
        """Acknowledge a button press."""
        with _mapped_errors():
            await self.bot.answer_callback_query(query_id, text=text)

    async def clear_buttons(self, chat_id: int, message_id: int) -> None:
        """Remove a message's inline keyboard."""
        with _mapped_errors():
            await self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=None
            )

    async def set_commands(
        self, commands: Sequence[tuple[str, str]], chat_id: int | None, language_code: str | None
    ) -> None:
        """Set a command menu."""
        scope = BotCommandScopeChat(chat_id=chat_id) if chat_id else BotCommandScopeDefault()
        with _mapped_errors():
            await self.bot.set_my_commands(
                [BotCommand(command=c, description=d) for c, d in commands],
                scope=scope,
                language_code=language_code,
            )

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.bot.session.close()


class AiogramRuntime:
    """Receive updates with aiogram and hand them to the core."""

    name = "aiogram"

    def __init__(
        self, token: str, api_base_url: str = OFFICIAL_API, timeout: float = 30.0
    ) -> None:
        api = None if api_base_url == OFFICIAL_API else TelegramAPIServer.from_base(api_base_url)
        session = (
            AiohttpSession(api=api, timeout=timeout) if api else AiohttpSession(timeout=timeout)
        )
        self.bot = Bot(token, session=session)
        self.transport = AiogramTransport(self.bot)
        self.core: Core | None = None
        self.dp = Dispatcher()
        self.dp.message.register(self._on_message)
        self.dp.edited_message.register(self._on_message)
        self.dp.callback_query.register(self._on_callback)
        self._polling: asyncio.Task[None] | None = None

    async def _dispatch(self, update: Update) -> None:
        assert self.core is not None, "core must be attached before updates arrive"
        await self.core.feed(update.model_dump(mode="json", exclude_none=True, by_alias=True))

    async def _on_message(self, message: Message, event_update: Update) -> None:
        await self._dispatch(event_update)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        await self._dispatch(event_update)

    async def start(self) -> str:
        """Check the token against the API (getMe) and return the bot's username."""
        me = await self.bot.get_me()
        log.info("aiogram runtime connected as @%s", me.username)
        return str(me.username)

    async def start_polling(self) -> None:
        """Poll getUpdates until stopped."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        await self.dp.start_polling(
            self.bot,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=ALLOWED_UPDATES,
            polling_timeout=25,
        )

    async def feed(self, update: dict[str, Any]) -> None:
        """Process an update from the webhook."""
        await self.dp.feed_update(
            self.bot, Update.model_validate(update, context={"bot": self.bot})
        )

    async def set_webhook(self, url: str, secret: str) -> None:
        """Register our webhook URL with its secret."""
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def stop(self) -> None:
        """Stop polling (if running) and close the session."""
        with contextlib.suppress(RuntimeError):
            await self.dp.stop_polling()
        await self.bot.session.close()
