"""One sender for every outgoing message: per-chat and global rate limits, retries, 403s."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from storage.outbox import Outbox, OutboxRow

log = logging.getLogger(__name__)


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

    async def answer_callback(self, query_id: str, text: str | None) -> None:
        """Acknowledge a button press, optionally with a short toast."""
        ...

    async def clear_buttons(self, chat_id: int, message_id: int) -> None:
        """Remove the inline keyboard from a message."""
        ...

    async def set_commands(
        self, commands: Sequence[tuple[str, str]], chat_id: int | None, language_code: str | None
    ) -> None:
        """Set the command menu for a chat (or the default scope) and language."""
        ...

    async def close(self) -> None:
        """Release the client's connections."""
        ...


@dataclass
class RateLimiter:
    """Reserve send slots: at most `global_rate`/s overall and one per `interval` per chat."""

    global_rate: float
    per_chat_interval: float

    def __post_init__(self) -> None:
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def reserve(self, chat_id: int) -> float:
        """Reserve the next slot for a chat and return how long to wait for it."""
        now = time.monotonic()
        chat_slot = max(now, self._next_chat.get(chat_id, 0.0), self._paused_until)
        slot = max(chat_slot, self._next_global)
        self._next_global = slot + 1.0 / self.global_rate
        self._next_chat[chat_id] = slot + self.per_chat_interval
        if len(self._next_chat) > 10_000:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        return slot - now

    def sent(self, chat_id: int) -> None:
        """Note that a call to the chat just returned: the next starts an interval later.

        Telegram counts arrivals; spacing only the starts lets a slow first request arrive
        right before a fast second one.
        """
        done = time.monotonic() + self.per_chat_interval
        if self._next_chat.get(chat_id, 0.0) < done:
            self._next_chat[chat_id] = done

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` (after a 429)."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)


FLUSH_DELAY = 0.05
BlockedHandler = Callable[[int], Awaitable[None]]


class Sender:
    """Deliver outbox rows through a transport, honouring Telegram's limits."""

    def __init__(
        self,
        transport: Transport,
        outbox: Outbox,
        *,
        global_rate: float = 30.0,
        per_chat_interval: float = 1.0,
        retries: int = 5,
        on_blocked: BlockedHandler | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.transport = transport
        self.outbox = outbox
        self.limiter = RateLimiter(global_rate, per_chat_interval)
        self.retries = retries
        self.on_blocked = on_blocked
        self.clock = clock or (lambda: datetime.now(UTC))
        self._chat_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.stats: defaultdict[str, int] = defaultdict(int)
        self._sent: list[tuple[int, int]] = []
        self._flusher: asyncio.Task[None] | None = None

    def _record_sent(self, pairs: list[tuple[int, int]]) -> None:
        # Marking rows sent is batched over a few milliseconds: one write transaction per
        # batch instead of one per message. A crash inside that window can repeat those
        # messages, which DESIGN.md allows for in-flight messages; none can be lost.
        self._sent.extend(pairs)
        if self._flusher is None:
            self._flusher = asyncio.get_running_loop().create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_DELAY)
        await self.flush()

    async def flush(self) -> None:
        """Record every sent message in the outbox now."""
        self._flusher = None
        batch, self._sent = self._sent, []
        if batch:
            await self.outbox.mark_sent(batch, self.clock())

    async def close(self) -> None:
        """Flush pending bookkeeping (call at shutdown)."""
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self.flush()

    async def deliver(self, rows: Sequence[OutboxRow]) -> None:
        """Send rows (in order per chat, chats concurrently) and record the outcome."""
        by_chat: dict[int, list[OutboxRow]] = defaultdict(list)
        for row in rows:
            by_chat[row.chat_id].append(row)
        if len(by_chat) == 1:
            await self._deliver_chat(next(iter(by_chat.values())))
        else:
            await asyncio.gather(
                *(self._deliver_chat(chat_rows) for chat_rows in by_chat.values())
            )

    async def _deliver_chat(self, rows: list[OutboxRow]) -> None:
        async with self._chat_locks[rows[0].chat_id]:
            for row in rows:
                message_id = await self._send(row)
                if message_id is not None:
                    # Noted at once, so a stop in the middle of a chat's rows repeats none.
                    self._record_sent([(row.id, message_id)])

    async def _send(self, row: OutboxRow) -> int | None:
        attempt = 0
        while True:
            wait = self.limiter.reserve(row.chat_id)
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                if row.attachment is not None and row.attachment_name:
                    message_id = await self.transport.send_document(
                        row.chat_id, row.attachment_name, row.attachment, row.text
                    )
                else:
                    message_id = await self.transport.send_message(
                        row.chat_id, row.text, row.reply_markup
                    )
                self.limiter.sent(row.chat_id)
                return message_id
            except RetryAfter as exc:
                self.stats["retry_after"] += 1
                log.warning("429 from Telegram: pausing %.1fs", exc.seconds)
                self.limiter.pause(exc.seconds)
            except Transient as exc:
                attempt += 1
                self.stats["transient"] += 1
                if attempt > self.retries:
                    log.warning("giving up on outbox row %s for now: %s", row.id, exc)
                    await self.outbox.retry_later(
                        row.id, self.clock() + timedelta(minutes=1), str(exc)
                    )
                    return None
                await asyncio.sleep(min(0.2 * 2**attempt, 10.0))
            except Blocked:
                self.stats["blocked"] += 1
                log.info(
                    "chat %s is unreachable (403); outbox row %s dropped", row.chat_id, row.id
                )
                await self.outbox.mark_failed(row.id, "blocked", self.clock())
                if self.on_blocked is not None:
                    await self.on_blocked(row.chat_id)
                return None
            except Rejected as exc:
                self.stats["rejected"] += 1
                log.error("Telegram rejected outbox row %s: %s", row.id, exc)
                await self.outbox.mark_failed(row.id, str(exc)[:200], self.clock())
                return None
