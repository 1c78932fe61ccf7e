"""The primary runtime: aiogram 3, as a thin adapter around the core."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import aiohttp
from aiogram import Bot
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
    InlineKeyboardMarkup,
)

from bot.config import OFFICIAL_API
from bot.intake import Intake
from bot.runtime.base import ALLOWED_UPDATES
from bot.transport import Blocked, Rejected, RetryAfter, Transient

log = logging.getLogger(__name__)


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


def api_result(method: str, answer: Any) -> Any:
    """Return a Bot API answer's result, or raise the error it reports as ours."""
    if isinstance(answer, dict) and answer.get("ok"):
        return answer.get("result")
    if not isinstance(answer, dict):
        raise Transient(f"{method}: unreadable answer")
    code = int(answer.get("error_code") or 0)
    description = f"{method}: {answer.get('description', '')}"
    if code == 429:
        retry = (answer.get("parameters") or {}).get("retry_after", 1)
        raise RetryAfter(float(retry))
    if code == 403:
        raise Blocked(description)
    if code >= 500 or code == 0:
        raise Transient(description)
    raise Rejected(description)


class AiogramTransport:
    """Bot API calls through aiogram's Bot."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> int:
        """Send an HTML message and return its id.

        The hot path: the request goes as JSON through aiogram's own HTTP session and API
        server, without building (and validating) aiogram's models for it and its answer.
        """
        body: dict[str, Any] = {
            "chat_id": chat_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if reply_markup:
            body["reply_markup"] = reply_markup
        result = await self._call("sendMessage", body)
        return int(result["message_id"])

    async def send_file(
        self, chat_id: int, kind: str, file_id: str, caption: str, markup: dict[str, Any] | None
    ) -> int:
        """Send a photo or document already on Telegram by its file id."""
        body: dict[str, Any] = {"chat_id": chat_id, kind: file_id, "parse_mode": "HTML"}
        if caption:
            body["caption"] = caption
        if markup:
            body["reply_markup"] = markup
        method = "sendPhoto" if kind == "photo" else "sendDocument"
        result = await self._call(method, body)
        return int(result["message_id"])

    async def _call(self, method: str, body: dict[str, Any]) -> Any:
        # The runtime always builds its Bot with an AiohttpSession (see AiogramRuntime).
        assert isinstance(self.bot.session, AiohttpSession)
        session = await self.bot.session.create_session()
        url = self.bot.session.api.api_url(token=self.bot.token, method=method)
        try:
            async with session.post(
                url, json=body, timeout=aiohttp.ClientTimeout(total=self.bot.session.timeout)
            ) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            # The type only: an aiohttp error's text can carry the URL, and so the token.
            raise Transient(f"{method}: {type(exc).__name__}") from exc
        return api_result(method, answer)

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

    async def set_buttons(
        self, chat_id: int, message_id: int, reply_markup: dict[str, Any] | None
    ) -> None:
        """Replace a message's inline keyboard (None removes it)."""
        markup = InlineKeyboardMarkup.model_validate(reply_markup) if reply_markup else None
        with _mapped_errors():
            await self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=markup
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
    """aiogram's client for everything the bot says; updates come in through the intake."""

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
        self.intake: Intake | None = None

    async def start(self) -> str:
        """Check the token against the API (getMe) and return the bot's username."""
        me = await self.bot.get_me()
        log.info("aiogram runtime connected as @%s", me.username)
        return str(me.username)

    async def feed(self, update: dict[str, Any]) -> None:
        """Store an update that arrived through the webhook (processed from the inbox)."""
        assert self.intake is not None, "the intake must be attached before updates arrive"
        await self.intake.accept([update])

    async def set_webhook(self, url: str, secret: str) -> None:
        """Register our webhook URL with its secret."""
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def stop(self) -> None:
        """Close the HTTP session."""
        await self.bot.session.close()
