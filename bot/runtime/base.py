"""What both framework adapters offer to the application."""

from __future__ import annotations

from typing import Any, Protocol

from bot.delivery import Transport
from bot.runtime.core import Core

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


class Runtime(Protocol):
    """A Telegram framework adapter: receives updates and provides the transport."""

    name: str
    transport: Transport
    core: Core | None

    async def start(self) -> str:
        """Prepare the client (no updates are received yet); return the bot's username."""
        ...

    async def start_polling(self) -> None:
        """Receive updates with getUpdates until stop() is called."""
        ...

    async def feed(self, update: dict[str, Any]) -> None:
        """Process one update that arrived through the webhook."""
        ...

    async def set_webhook(self, url: str, secret: str) -> None:
        """Register the webhook with Telegram."""
        ...

    async def stop(self) -> None:
        """Stop receiving updates and close the client."""
        ...
