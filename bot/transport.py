"""What a Telegram runtime gives the sender: the Bot API calls it makes, and the errors it
raises (each runtime maps its framework's errors to these)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class TelegramError(Exception):
    """A Bot API call failed."""


class RetryAfter(TelegramError):
    """Telegram asked us to wait (429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Blocked(TelegramError):
    """The user blocked the bot or deleted the chat (403)."""


class Transient(TelegramError):
    """A 5xx, a timeout or a network error: worth retrying."""


class Rejected(TelegramError):
    """A 400: the request itself is wrong; retrying will not help."""


class Transport(Protocol):
    """The Bot API calls the shell makes; each runtime implements it with its own client."""

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> int:
        """Send an HTML message and return its message id."""
        ...

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        """Send a file with an HTML caption and return the message id."""
        ...

    async def send_file(
        self, chat_id: int, kind: str, file_id: str, caption: str, markup: dict[str, Any] | None
    ) -> int:
        """Send a photo or document already on Telegram by its id; return the message id."""
        ...

    async def answer_callback(self, query_id: str, text: str | None) -> None:
        """Acknowledge a button press, optionally with a short toast."""
        ...

    async def set_buttons(
        self, chat_id: int, message_id: int, reply_markup: dict[str, Any] | None
    ) -> None:
        """Replace a message's inline keyboard (None removes it)."""
        ...

    async def set_commands(
        self, commands: Sequence[tuple[str, str]], chat_id: int | None, language_code: str | None
    ) -> None:
        """Set the command menu for a chat (or the default scope) and language."""
        ...

    async def close(self) -> None:
        """Release the client's connections."""
        ...
