"""What both framework adapters offer to the application (updates come in via the intake)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from bot.transport import Transport

if TYPE_CHECKING:
    from bot.intake import Intake

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


class Runtime(Protocol):
    """A Telegram framework adapter: receives updates and provides the transport."""

    name: str
    intake: Intake | None

    @property
    def transport(self) -> Transport:
        """The Bot API calls of this runtime's client."""
        ...

    async def start(self) -> str:
        """Prepare the client (no updates are received yet); return the bot's username."""
        ...

    async def feed(self, update: dict[str, Any]) -> None:
        """Store one update that arrived through the webhook in the inbox."""
        ...

    async def set_webhook(self, url: str, secret: str) -> None:
        """Register the webhook with Telegram."""
        ...

    async def stop(self) -> None:
        """Stop receiving updates and close the client."""
        ...
