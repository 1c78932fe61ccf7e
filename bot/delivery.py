"""One sender for every outgoing message: per-chat and global rate limits, retries, 403s.

Rows wait in one queue per chat, in order. A single loop hands out send slots: at most
`global_rate` calls a second overall, one call at a time per chat and `per_chat_interval`
between a chat's calls, interactive replies (answers to a person's own update) before bulk
messages (reminders, notices). Callers that only submit never wait for delivery, so a slow
or flooded chat never holds anyone else's slot. Every claimed row keeps its lease (renewed
while it waits, even through a long 429 pause), and only this sender's owner may mark it sent.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.transport import Blocked, Rejected, RetryAfter, Transient, Transport
from bot.waiting import wait_event
from storage.outbox import Outbox, OutboxRow

log = logging.getLogger(__name__)


FLUSH_DELAY = 0.05
# Gathered alerts go as one message while it stays well inside Telegram's limits.
GATHER_TEXT = 3800
GATHER_BUTTON_ROWS = 40
# Seconds added to the one-second window (clocks and rounding).
WINDOW_MARGIN = 0.005
BlockedHandler = Callable[[int], Awaitable[None]]


@dataclass
class _Item:
    row: OutboxRow
    interactive: bool
    done: asyncio.Future[None]
    attempts: int = 0


@dataclass
class _Limits:
    """When the next call may start: overall, per chat, and after a 429 pause."""

    global_rate: float
    per_chat_interval: float
    next_global: float = 0.0
    paused_until: float = 0.0
    next_chat: dict[int, float] = field(default_factory=dict)
    # (start, end) of recent calls; end is None while the call is under way.
    calls: deque[list[float | None]] = field(default_factory=deque)

    def chat_ready_at(self, chat_id: int) -> float:
        return max(self.next_chat.get(chat_id, 0.0), self.paused_until)

    def global_ready_at(self) -> float:
        ready = max(self.next_global, self.paused_until)
        # Telegram counts arrivals in any one-second window, and a request arrives somewhere
        # between its start and its answer. Starting a call only a second after the answer
        # to the call `limit` places back keeps every window within the limit, however the
        # requests bunch on the way (a loaded machine, a slow network).
        limit = int(self.global_rate)
        if limit and len(self.calls) >= limit:
            end = self.calls[-limit][1]
            ready = max(ready, float("inf") if end is None else end + 1.0 + WINDOW_MARGIN)
        return ready

    def started(self, chat_id: int, now: float) -> list[float | None]:
        """Note a call's start; the caller sets the record's end when it is answered."""
        self.next_global = max(self.next_global, now) + 1.0 / self.global_rate
        self.next_chat[chat_id] = now + self.per_chat_interval
        record: list[float | None] = [now, None]
        if self.global_rate < 10_000:
            self.calls.append(record)
            if len(self.calls) > 2 * self.global_rate:
                self.calls.popleft()
        return record

    def returned(self, chat_id: int) -> None:
        # Telegram counts arrivals: the next call to this chat starts an interval after this
        # one returned, so a slow first request cannot arrive right before a fast second.
        self.next_chat[chat_id] = time.monotonic() + self.per_chat_interval
        if len(self.next_chat) > 10_000:
            now = time.monotonic()
            self.next_chat = {c: t for c, t in self.next_chat.items() if t > now}

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)


def gathered(queue: deque[_Item]) -> list[_Item]:
    """Return the items the next call sends: the head, and the alerts right behind an alert
    head (plain texts, up to the size limits), which go with it as one message."""
    head = queue[0]
    if not head.row.gather:
        return [head]
    batch, length, rows = [head], len(head.row.text), _button_rows(head.row)
    for item in itertools.islice(queue, 1, None):
        extra_rows = _button_rows(item.row)
        if not item.row.gather or length + 2 + len(item.row.text) > GATHER_TEXT:
            break
        if rows + extra_rows > GATHER_BUTTON_ROWS:
            break
        batch.append(item)
        length += 2 + len(item.row.text)
        rows += extra_rows
    if len(batch) == 1:
        return batch
    keyboard = [r for i in batch for r in (i.row.reply_markup or {}).get("inline_keyboard", [])]
    combined = replace(
        head.row,
        text="\n\n".join(i.row.text for i in batch),
        reply_markup={"inline_keyboard": keyboard} if keyboard else None,
    )
    return [replace(head, row=combined), *batch[1:]]


def _button_rows(row: OutboxRow) -> int:
    return len((row.reply_markup or {}).get("inline_keyboard", []))


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
        lease_seconds: float = 120.0,
        draw: Callable[[dict[str, Any]], tuple[str, bytes]] | None = None,
    ) -> None:
        self.transport = transport
        self.outbox = outbox
        self.limits = _Limits(global_rate, per_chat_interval)
        self.retries = retries
        self.on_blocked = on_blocked
        self.clock = clock or (lambda: datetime.now(UTC))
        self.lease_seconds = lease_seconds
        # Draws a document an outbox row describes (a coach's week), in a worker thread.
        self.draw = draw
        self.stats: defaultdict[str, int] = defaultdict(int)
        self._sent: list[tuple[int, int]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._queues: dict[int, deque[_Item]] = {}
        self._busy: set[int] = set()
        # Chats whose head may go next: (ready at, order, chat), interactive and bulk apart.
        self._ready: tuple[list[tuple[float, int, int]], list[tuple[float, int, int]]] = ([], [])
        self._entry: dict[int, int] = {}
        self._order = itertools.count()
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._calls: set[asyncio.Task[None]] = set()
        self._held = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # -- submitting ----------------------------------------------------------------------

    def submit(
        self, rows: Sequence[OutboxRow], *, interactive: bool = True
    ) -> list[asyncio.Future[None]]:
        """Queue rows (in order per chat) and return at once; each future ends with its row."""
        loop = asyncio.get_running_loop()
        futures = []
        for row in rows:
            item = _Item(row, interactive, loop.create_future())
            queue = self._queues.setdefault(row.chat_id, deque())
            queue.append(item)
            futures.append(item.done)
            if len(queue) == 1 and row.chat_id not in self._busy:
                self._schedule(row.chat_id)
        if rows:
            self._held += len(rows)
            self._idle.clear()
            self._start()
            self._wake.set()
        return futures

    async def deliver(self, rows: Sequence[OutboxRow], *, interactive: bool = False) -> None:
        """Send rows (in order per chat, chats concurrently) and wait until each is done."""
        futures = self.submit(rows, interactive=interactive)
        if futures:
            await asyncio.gather(*futures, return_exceptions=True)

    def _start(self) -> None:
        if self._loop is None or self._loop.done():
            self._loop = asyncio.get_running_loop().create_task(self._run())
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.get_running_loop().create_task(self._renew_leases())

    def _schedule(self, chat_id: int) -> None:
        queue = self._queues.get(chat_id)
        if not queue:
            self._queues.pop(chat_id, None)
            self._entry.pop(chat_id, None)
            return
        order = next(self._order)
        self._entry[chat_id] = order
        heap = self._ready[0 if queue[0].interactive else 1]
        heapq.heappush(heap, (self.limits.chat_ready_at(chat_id), order, chat_id))

    # -- the loop that hands out send slots ------------------------------------------------

    def _next_chat(self, now: float) -> tuple[int | None, float | None]:
        """Return the chat to send to now (interactive first), or when to look again."""
        soonest: float | None = None
        for heap in self._ready:
            while heap:
                at, order, chat_id = heap[0]
                if self._entry.get(chat_id) != order or chat_id in self._busy:
                    heapq.heappop(heap)  # superseded
                    continue
                ready_at = max(at, self.limits.chat_ready_at(chat_id))
                if ready_at > at + 1e-9:
                    heapq.heapreplace(heap, (ready_at, order, chat_id))
                    continue
                if ready_at <= now:
                    heapq.heappop(heap)
                    return chat_id, None
                soonest = ready_at if soonest is None else min(soonest, ready_at)
                break
        return None, soonest

    async def _run(self) -> None:
        while True:
            now = time.monotonic()
            wait_global = self.limits.global_ready_at() - now
            if wait_global > 0:
                # Until the window frees (or, while the call it waits for is under way, until
                # something returns: every answer wakes this loop).
                self._wake.clear()
                await wait_event(self._wake, None if wait_global == float("inf") else wait_global)
                continue
            chat_id, soonest = self._next_chat(now)
            if chat_id is None:
                self._wake.clear()
                await wait_event(self._wake, None if soonest is None else max(soonest - now, 0.0))
                continue
            self._entry.pop(chat_id, None)
            self._busy.add(chat_id)
            record = self.limits.started(chat_id, now)
            task = asyncio.get_running_loop().create_task(self._call(chat_id, record))
            self._calls.add(task)
            task.add_done_callback(self._calls.discard)

    async def _call(self, chat_id: int, record: list[float | None]) -> None:
        queue = self._queues[chat_id]
        batch = gathered(queue)
        item = batch[0]
        try:
            finished = await self._send(item, [i.row.id for i in batch])
        except Exception:
            log.exception("sending outbox row %s failed unexpectedly", item.row.id)
            finished = True
        finally:
            record[1] = time.monotonic()
        self._busy.discard(chat_id)
        queue[0].attempts = item.attempts  # a gathered head is a copy: keep its retries
        if finished:
            for done in batch:
                queue.popleft()
                self._held -= 1
                if not done.done.done():
                    done.done.set_result(None)
            if self._held == 0:
                self._idle.set()
        self._schedule(chat_id)
        self._wake.set()

    async def _send(self, item: _Item, row_ids: list[int]) -> bool:
        """Make one call for the row (standing for `row_ids`: alerts gathered into it); True
        when they are finished (sent or given up)."""
        row = item.row
        try:
            if row.sheet is not None and row.attachment is None:
                drawn = await self._drawn(row)
                if drawn is None:
                    return True
                name, content = drawn
                message_id = await self.transport.send_document(
                    row.chat_id, name, content, row.text
                )
            elif row.file_id and row.file_kind:
                message_id = await self.transport.send_file(
                    row.chat_id, row.file_kind, row.file_id, row.text, row.reply_markup
                )
            elif row.attachment is not None and row.attachment_name:
                message_id = await self.transport.send_document(
                    row.chat_id, row.attachment_name, row.attachment, row.text
                )
            else:
                message_id = await self.transport.send_message(
                    row.chat_id, row.text, row.reply_markup
                )
        except RetryAfter as exc:
            self.stats["retry_after"] += 1
            log.warning("429 from Telegram: pausing %.1fs", exc.seconds)
            self.limits.pause(exc.seconds)
            return False
        except Transient as exc:
            item.attempts += 1
            self.stats["transient"] += 1
            if item.attempts > self.retries:
                log.warning("giving up on outbox row %s for now: %s", row.id, exc)
                for row_id in row_ids:
                    await self.outbox.retry_later(
                        row_id, self.clock() + timedelta(minutes=1), str(exc)
                    )
                return True
            self.limits.next_chat[row.chat_id] = time.monotonic() + min(
                0.2 * 2**item.attempts, 10.0
            )
            return False
        except Blocked:
            self.stats["blocked"] += 1
            log.info("chat %s is unreachable (403); outbox row %s dropped", row.chat_id, row.id)
            for row_id in row_ids:
                await self.outbox.mark_failed(row_id, "blocked", self.clock())
            if self.on_blocked is not None:
                await self.on_blocked(row.chat_id)
            return True
        except Rejected as exc:
            self.stats["rejected"] += 1
            log.error("Telegram rejected outbox row %s: %s", row.id, exc)
            for row_id in row_ids:
                await self.outbox.mark_failed(row_id, str(exc)[:200], self.clock())
            return True
        self.limits.returned(row.chat_id)
        self._record_sent([(row_id, message_id) for row_id in row_ids])
        return True

    async def _drawn(self, row: OutboxRow) -> tuple[str, bytes] | None:
        """Draw the row's document off the loop; a row that cannot be drawn is failed."""
        try:
            if self.draw is None:
                raise RuntimeError("this sender draws no documents")
            assert row.sheet is not None
            return await asyncio.to_thread(self.draw, row.sheet)
        except Exception:
            log.exception("outbox row %s: the document could not be drawn", row.id)
            await self.outbox.mark_failed(row.id, "document not drawn", self.clock())
            return None

    # -- leases and bookkeeping ----------------------------------------------------------------

    async def _renew_leases(self) -> None:
        """Keep the leases of the rows this sender holds, however long they wait (429s)."""
        while self._held:
            await asyncio.sleep(self.lease_seconds / 3)
            if self._held:
                await self.outbox.extend_leases(self.clock(), self.lease_seconds)

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

    async def settle(self) -> None:
        """Wait until everything queued is done, then record it (tests and benchmarks)."""
        await self._idle.wait()
        await self.flush()

    async def close(self, grace: float = 0.0) -> None:
        """Finish what is queued within `grace` seconds; hand back the rest; flush the marks.

        Rows not sent are released (pending again, no lease), so a restart sends them at
        once instead of after the lease.
        """
        if self._held and not await wait_event(self._idle, grace):
            log.warning("outbox: %s messages left for after the restart", self._held)
        for task in (self._loop, self._heartbeat, *self._calls):
            if task is not None:
                task.cancel()
        tasks = [t for t in (self._loop, self._heartbeat, *self._calls) if t is not None]
        await asyncio.gather(*tasks, return_exceptions=True)
        unsent = [item for queue in self._queues.values() for item in queue]
        sent_ids = {row_id for row_id, _ in self._sent}
        await self.outbox.release([i.row.id for i in unsent if i.row.id not in sent_ids])
        for item in unsent:
            if not item.done.done():
                item.done.cancel()
        self._queues.clear()
        self._held = 0
        self._idle.set()
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self.flush()
