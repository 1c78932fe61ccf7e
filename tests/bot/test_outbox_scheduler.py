"""The scheduler runs the flows' daily and weekly timers at their local time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time
from typing import cast
from zoneinfo import ZoneInfo

from bot.delivery import Sender
from bot.outbox_scheduler import OutboxScheduler
from bot.transport import Transport
from flows.routes import Every
from storage.db import make_engine, migrate, session_factory
from storage.outbox import Outbox


async def nothing() -> None:
    return None


async def test_daily_and_weekly_timers_are_scheduled_at_their_local_time(sqlite_url: str) -> None:
    await asyncio.to_thread(migrate, sqlite_url)
    engine = make_engine(sqlite_url)
    sessions = session_factory(engine)
    # No row is ever due here: the transport is never called.
    sender = Sender(cast(Transport, None), Outbox(sessions))
    scheduler = OutboxScheduler(
        sessions,
        sender,
        lambda: datetime.now(UTC),
        timezone="Europe/Stockholm",
    )
    timers = [
        ("digest.daily", Every.DAY, time(6, 30), nothing),
        ("report.weekly", Every.WEEK, time(7, 0), nothing),
        ("attendance.plan", Every.MINUTE, time(6, 0), nothing),
    ]
    try:
        await scheduler.start(timers=timers)
        daily = scheduler.scheduler.get_job("timer:digest.daily")
        weekly = scheduler.scheduler.get_job("timer:report.weekly")
        assert daily is not None
        assert weekly is not None
        assert scheduler.scheduler.get_job("timer:attendance.plan") is None, "minute: by tick"
        zone = ZoneInfo("Europe/Stockholm")
        first_daily = daily.next_run_time.astimezone(zone)
        first_weekly = weekly.next_run_time.astimezone(zone)
        assert (first_daily.hour, first_daily.minute) == (6, 30)
        assert (first_weekly.weekday(), first_weekly.hour) == (0, 7)
    finally:
        scheduler.stop()
        await scheduler.drain(1.0)
        await engine.dispose()
