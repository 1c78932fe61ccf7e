"""Durable intake: updates are stored before Telegram hears they arrived, then processed.

Polling: our own `getUpdates` loop asks for at most `batch` updates, stores them in the inbox
and only then asks again with the next offset (which is what acknowledges them to Telegram);
it stops asking while `max_pending` updates wait. Webhook: the server answers 200 once the
update is stored. Either way a worker processes the inbox oldest first, at most one update
per chat at a time (so one flooding chat takes one slot, never all of them) and at most
`max_in_flight` overall. On start, what was stored and not processed is processed first.
Memory stays bounded whatever the backlog: payloads wait in the database, not here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.runtime.base import ALLOWED_UPDATES
from bot.runtime.updates import chat_of
from bot.waiting import wait_event
from storage.inbox import Inbox

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]
RETRY_SECONDS = 2.0


class Intake:
    """The inbox in front of the core: accept, then process fairly across chats."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        handle: Handler,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        batch: int = 100,
        max_pending: int = 1000,
        max_in_flight: int = 128,
    ) -> None:
        self.sessions = sessions
        self.inbox = Inbox(sessions)
        self.handle = handle
        self.clock = clock
        self.batch = batch
        self.max_pending = max_pending
        self.max_in_flight = max_in_flight
        self._busy: set[int] = set()
        # A read-ahead of waiting updates per chat, oldest first; `_more`: the inbox may hold
        # updates that are not in it.
        self._buffer: dict[int, deque[tuple[int, dict[str, Any]]]] = {}
        self._more = True
        self._held_back: dict[int, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()  # the worker: something was stored or finished
        self._room = asyncio.Event()  # the poller: the backlog may have shrunk
        self._stopping = False
        self._worker: asyncio.Task[None] | None = None

    async def accept(self, updates: list[dict[str, Any]]) -> int:
        """Store updates (ignoring ones seen before); return how many were new."""
        rows = [
            (u["update_id"], chat_of(u), u)
            for u in updates
            if isinstance(u, dict) and isinstance(u.get("update_id"), int)
        ]
        new = await self.inbox.accept(rows, self.clock())
        self._more = True
        self._wake.set()
        return new

    def start(self) -> None:
        """Start the worker (it processes what is already stored first)."""
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        while not self._stopping:
            # Cleared before looking, so an update stored meanwhile is never missed.
            self._wake.clear()
            free = self.max_in_flight - len(self._tasks)
            if free > 0:
                picked = self._pick(free)
                if not picked and self._more:
                    await self._refill()
                    picked = self._pick(free)
                for chat_id, update_id, payload in picked:
                    self._busy.add(chat_id)
                    task = asyncio.get_running_loop().create_task(
                        self._process(chat_id, update_id, payload)
                    )
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                if picked:
                    continue
            now = time.monotonic()
            timeout = min(self._held_back.values(), default=now + 5.0) - now
            await wait_event(self._wake, max(timeout, 0.05))

    def _pick(self, free: int) -> list[tuple[int, int, dict[str, Any]]]:
        """Take the oldest buffered update of each chat that is free, up to `free` of them."""
        now = time.monotonic()
        picked: list[tuple[int, int, dict[str, Any]]] = []
        for chat_id, rows in list(self._buffer.items()):
            if len(picked) >= free:
                break
            if chat_id in self._busy or self._held_back.get(chat_id, 0.0) > now:
                continue
            update_id, payload = rows.popleft()
            if not rows:
                del self._buffer[chat_id]
            picked.append((chat_id, update_id, payload))
        return picked

    async def _refill(self) -> None:
        """Read the oldest waiting updates of chats that are free (a bounded read-ahead)."""
        now = time.monotonic()
        self._held_back = {c: t for c, t in self._held_back.items() if t > now}
        limit = 2 * self.batch
        rows = await self.inbox.pending(limit, self._busy | set(self._held_back))
        self._buffer = {}
        for update_id, chat_id, payload in rows:
            self._buffer.setdefault(chat_id, deque()).append((update_id, payload))
        # Busy chats were skipped: when one finishes, the database is asked again.
        self._more = len(rows) == limit

    async def _process(self, chat_id: int, update_id: int, payload: dict[str, Any]) -> None:
        try:
            await self.handle(payload)
        except Exception:
            # The core answers flow errors itself; this is the database or a malformed
            # update. The update stays in the inbox and this chat waits a little.
            log.exception("update %s could not be processed; trying again soon", update_id)
            self._held_back[chat_id] = time.monotonic() + RETRY_SECONDS
        finally:
            self._busy.discard(chat_id)
            self._more = True
            self._wake.set()
            self._room.set()

    async def backlog(self) -> int:
        """Count stored updates not processed yet."""
        return await self.inbox.count_pending()

    async def poll(self, get_updates: GetUpdates) -> None:
        """Fetch, store, acknowledge, repeat; wait while the backlog is full."""
        offset: int | None = None
        while not self._stopping:
            self._room.clear()
            if await self.backlog() >= self.max_pending:
                await wait_event(self._room, 0.5)
                continue
            try:
                updates = await get_updates(offset, self.batch)
            except (aiohttp.ClientError, TimeoutError, PollError) as exc:
                # Not the error's text: an aiohttp error can carry the URL with the token.
                detail = exc if isinstance(exc, PollError) else type(exc).__name__
                log.warning("getUpdates failed (%s); trying again", detail)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if updates:
                await self.accept(updates)
                # Only now, with the batch committed, does the next call acknowledge it.
                offset = max(u["update_id"] for u in updates) + 1

    async def stop(self, grace: float) -> bool:
        """Stop taking updates; let those in flight finish within `grace`; True if they did."""
        self._stopping = True
        self._wake.set()
        self._room.set()
        if self._worker is not None:
            await asyncio.gather(self._worker, return_exceptions=True)
        if not self._tasks:
            return True
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.warning("%s updates left in the inbox for after the restart", len(pending))
        return not pending

    async def drain(self, grace: float) -> bool:
        """Wait until nothing is stored and unprocessed (tests and benchmarks)."""
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not self._tasks and await self.backlog() == 0:
                return True
            await asyncio.sleep(0.02)
        return False


class PollError(Exception):
    """getUpdates answered with an error."""


class GetUpdates:
    """The Bot API's getUpdates (and deleteWebhook) over plain HTTP, for either runtime."""

    def __init__(self, token: str, api_base_url: str, timeout: int = 25) -> None:
        self.url = f"{api_base_url.rstrip('/')}/bot{token}"
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout + 10)
            )
        return self._session

    async def _call(self, method: str, body: dict[str, Any]) -> Any:
        async with self._client().post(f"{self.url}/{method}", json=body) as response:
            answer = await response.json(content_type=None)
        if not isinstance(answer, dict) or not answer.get("ok"):
            described = answer.get("description") if isinstance(answer, dict) else answer
            raise PollError(f"{method}: {response.status} {described}")
        return answer.get("result")

    async def delete_webhook(self) -> None:
        """Switch the bot to polling, keeping pending updates."""
        await self._call("deleteWebhook", {"drop_pending_updates": False})

    async def __call__(self, offset: int | None, limit: int) -> list[dict[str, Any]]:
        """Return the next updates after `offset` (acknowledging those before it)."""
        body: dict[str, Any] = {
            "limit": limit,
            "timeout": self.timeout,
            "allowed_updates": ALLOWED_UPDATES,
        }
        if offset is not None:
            body["offset"] = offset
        result = await self._call("getUpdates", body)
        return [u for u in result or [] if isinstance(u, dict)]

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
