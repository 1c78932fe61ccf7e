"""Time-driven work: APScheduler wakes the outbox sender, the flows' timers and housekeeping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import Sender
from bot.waiting import wait_event
from flows.attendance.rules import HEALTH_CATEGORIES
from flows.routes import Every
from storage.admin import forget_health_reasons, purge_inbox, purge_outbox

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
TICK_SECONDS = 60
INBOX_KEEP = timedelta(days=3)


class OutboxScheduler:
    """Deliver due outbox rows; the database, not the scheduler, is the source of truth."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        clock: Callable[[], datetime],
        *,
        batch: int = 200,
        lease_seconds: float = 120.0,
        timezone: str = "Europe/Stockholm",
        health_retention: timedelta = timedelta(days=60),
        outbox_retention: timedelta = timedelta(days=30),
    ) -> None:
        self.outbox_retention = outbox_retention
        self.health_retention = health_retention
        self.sessions = sessions
        # The sender's outbox: claims and marks carry the same lease owner.
        self.outbox = sender.outbox
        self.sender = sender
        self.clock = clock
        self.batch = batch
        self.lease = lease_seconds
        self.scheduler = AsyncIOScheduler(timezone=timezone)
        self._running = False
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(
        self,
        tick: Callable[[], Awaitable[object]] | None = None,
        timers: Sequence[tuple[str, Every, time, Callable[[], Awaitable[object]]]] = (),
    ) -> None:
        """Start the scheduler, rebuild its timers from pending outbox rows, run `tick` often.

        `tick` (the flows' minute timers: sessions, reminders, no-shows) runs at start and
        every minute; each of `timers` (name, cadence, local time, job) runs daily, or
        weekly on Mondays, at its time in the scheduler's zone.
        """
        self.scheduler.start()
        for name, every, at, job in timers:
            if every is Every.MINUTE:
                continue
            self.scheduler.add_job(
                self._until_stopped,
                "cron",
                args=[job],
                hour=at.hour,
                minute=at.minute,
                day_of_week="mon" if every is Every.WEEK else "*",
                id=f"timer:{name}",
                coalesce=True,
                max_instances=1,
            )
        if tick is not None:
            self.scheduler.add_job(
                self._until_stopped,
                "interval",
                args=[tick],
                seconds=TICK_SECONDS,
                id="planner",
                coalesce=True,
                max_instances=1,
                next_run_time=datetime.now(UTC),
            )
        self.scheduler.add_job(
            self.run_due,
            "interval",
            seconds=SWEEP_SECONDS,
            id="outbox-sweep",
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.housekeeping, "cron", hour=3, minute=17, id="housekeeping", coalesce=True
        )
        await self.reschedule()

    async def _until_stopped(self, job: Callable[[], Awaitable[object]]) -> None:
        # stop() cancels running jobs; that is the shutdown, not an error to log as one.
        try:
            await job()
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            log.info("scheduler stopped while %s was running", getattr(job, "__name__", job))

    async def reschedule(self) -> None:
        """Set a date trigger at the next due outbox row, if any."""
        due = await self.outbox.next_due_at()
        if due is not None:
            self.wake_at(due)

    def wake_at(self, when: datetime) -> None:
        """Run the dispatcher at `when` (UTC), unless it is already due to run earlier."""
        job = self.scheduler.get_job("outbox-next")
        # A job added before the scheduler starts has no next run time yet.
        next_run = getattr(job, "next_run_time", None)
        if next_run is not None and next_run <= when:
            return
        self.scheduler.add_job(
            self.run_due,
            "date",
            run_date=max(when, datetime.now(UTC)),
            id="outbox-next",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def run_due(self) -> int:
        """Claim and deliver every due row; return how many were claimed."""
        if self._running:
            # The sweep and the date trigger often fire together; the running loop claims
            # whatever is due and reschedules, and one loop keeps the in-flight set to a batch.
            return 0
        self._running = True
        self._idle.clear()
        total = 0
        try:
            # Record pending sent-marks first, so no row sent a moment ago looks unsent.
            await self.sender.flush()
            while not self._stopping:
                rows = await self.outbox.claim_due(self.clock(), self.batch, self.lease)
                if not rows:
                    break
                total += len(rows)
                await self.sender.deliver(rows)
                # The same before the next claim: a batch that outlived its lease (a long
                # 429 pause, many rows for one chat) would otherwise be sent twice.
                await self.sender.flush()
            if total:
                log.info("outbox: delivered a batch of %s", total)
            await self.reschedule()
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # stop() cancels running jobs; rows still claimed are sent after their lease.
            log.info("outbox: stopped while delivering")
        finally:
            self._running = False
            self._idle.set()
        return total

    async def housekeeping(self) -> None:
        """Apply retention: processed update ids after days, health reasons after weeks,
        sent messages after the outbox retention (health ones sooner, invite links at once)."""
        now = self.clock()
        async with self.sessions() as session, session.begin():
            removed = await purge_inbox(session, now - INBOX_KEEP)
            forgotten = await forget_health_reasons(
                session, now - self.health_retention, sorted(HEALTH_CATEGORIES)
            )
            messages = await purge_outbox(
                session, now, self.outbox_retention, self.health_retention
            )
        log.info(
            "housekeeping: %s inbox rows purged, %s health reasons dropped, %s messages removed",
            removed,
            forgotten,
            messages,
        )

    def stop(self) -> None:
        """Stop claiming work; the batch being sent may finish (see drain)."""
        self._stopping = True
        if self.scheduler.running:
            self.scheduler.pause()

    async def drain(self, grace: float) -> None:
        """Let the batch being sent finish (up to `grace` seconds), then shut down."""
        if not await wait_event(self._idle, grace):
            log.warning("outbox: stopping in the middle of a batch; the rest is sent later")
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
