"""Daily digests for a large unit: 1,000 coaches x 50 participants, the bot and the emulator
in their own processes, the database on SQLite (or BENCH_DATABASE_URL).

    python bench/digest.py [--coaches 1000] [--per-coach 50] [--runs 3] [--runtime aiogram]

Seeds a unit whose participants each have a group meeting yesterday (with absences and
no-shows) and today, a task (some overdue) and a last contact (a few silent), then starts
`stegvis run` repeatedly: each start makes the day's digests at once (the unit's digest time
has passed). The bot logs how long the timer took to make and store every message (digests
and nudges); the driver waits until the emulator has received them all. Prints the median of
the runs against the target (all digests within 60 s) with the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import Driver, db_in, emulator, load, median, stegvis, temp_dir
from sqlalchemy import delete, insert

from storage.db import make_engine, migrate, session_factory
from storage.digest_rows import DigestRunRow
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AttendanceRow,
    CaseloadRow,
    OutboxMessageRow,
    PersonRow,
    SessionRow,
    TaskRow,
    UnitRow,
)

ZONE = ZoneInfo("Europe/Stockholm")
FIRST_COACH = 1_000_000
FIRST_PARTICIPANT = 2_000_000
TOOK = re.compile(r"timer digests.morning made (\d+) messages in ([\d.]+) s")


async def seed(db_url: str, coaches: int, per_coach: int) -> tuple[int, int]:
    """Bulk-insert the unit; return (digests expected, nudges expected)."""
    await asyncio.to_thread(migrate, db_url)
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    today = now.astimezone(ZONE).date()
    yesterday = today - timedelta(days=1)
    nudges = 0
    try:
        async with session_factory(engine)() as session, session.begin():
            unit_id = (
                await session.execute(
                    insert(UnitRow)
                    .values(
                        code="bench",
                        name="Bench unit",
                        timezone="Europe/Stockholm",
                        languages=["sv", "en"],
                        settings={"digest_at": "00:00"},
                        created_at=now,
                    )
                    .returning(UnitRow.id)
                )
            ).scalar_one()
            for c in range(coaches):
                coach_id = (
                    await session.execute(
                        insert(PersonRow)
                        .values(
                            role="coach",
                            unit_id=unit_id,
                            display_name=f"Coach {c}",
                            locale=("sv", "en", "ar")[c % 3],
                            telegram_user_id=FIRST_COACH + c,
                            chat_id=FIRST_COACH + c,
                            settings={"days": [0, 1, 2, 3, 4, 5, 6]},
                            created_at=now,
                        )
                        .returning(PersonRow.id)
                    )
                ).scalar_one()
                people = []
                for p in range(per_coach):
                    n = c * per_coach + p
                    silent = 8 if n % 100 == 0 else 15 if n % 100 == 1 else 1
                    nudges += silent == 8
                    people.append(
                        {
                            "role": "participant",
                            "unit_id": unit_id,
                            "display_name": f"Deltagare {n}",
                            "locale": ("sv", "ar", "so", "uk")[n % 4],
                            "telegram_user_id": FIRST_PARTICIPANT + n,
                            "chat_id": FIRST_PARTICIPANT + n,
                            "last_seen_at": now - timedelta(days=silent),
                            "created_at": now,
                        }
                    )
                ids = list(
                    (
                        await session.execute(
                            insert(PersonRow).returning(
                                PersonRow.id, sort_by_parameter_order=True
                            ),
                            people,
                        )
                    ).scalars()
                )
                await session.execute(
                    insert(CaseloadRow),
                    [
                        {
                            "coach_id": coach_id,
                            "participant_id": i,
                            "since": now - timedelta(days=60),
                        }
                        for i in ids
                    ],
                )
                activity_id = (
                    await session.execute(
                        insert(ActivityRow)
                        .values(
                            unit_id=unit_id,
                            kind="group_meeting",
                            title=f"Jobbklubb {c}",
                            place="Rum 1",
                            coach_id=coach_id,
                            starts_on=yesterday,
                            start_time=datetime.min.time().replace(hour=10),
                            duration_minutes=120,
                            recurrence="once",
                            weekdays=[],
                            timezone="Europe/Stockholm",
                            created_at=now,
                        )
                        .returning(ActivityRow.id)
                    )
                ).scalar_one()
                await session.execute(
                    insert(ActivityParticipantRow),
                    [{"activity_id": activity_id, "participant_id": i} for i in ids],
                )
                sessions = []
                for day in (yesterday, today):
                    start = datetime.combine(day, datetime.min.time(), ZONE).replace(hour=10)
                    sessions.append(
                        (
                            await session.execute(
                                insert(SessionRow)
                                .values(
                                    activity_id=activity_id,
                                    starts_at=start,
                                    ends_at=start + timedelta(hours=2),
                                    cancelled=False,
                                    closed=day == yesterday,
                                )
                                .returning(SessionRow.id)
                            )
                        ).scalar_one()
                    )
                statuses = ["present"] * 8 + ["notified_absence", "unreported"]
                await session.execute(
                    insert(AttendanceRow),
                    [
                        {
                            "session_id": sessions[0],
                            "participant_id": i,
                            "status": statuses[k % 10],
                            "note": "",
                            "recorded_at": now,
                            "verified": True,
                        }
                        for k, i in enumerate(ids)
                    ],
                )
                await session.execute(
                    insert(TaskRow),
                    [
                        {
                            "participant_id": i,
                            "coach_id": coach_id,
                            "library_key": None,
                            "step": "other",
                            "title": "Ring tre arbetsgivare",
                            "instructions": "",
                            "hours": 2.0,
                            "report_kind": "done",
                            "due_on": today - timedelta(days=2 if k % 5 == 0 else -3),
                            "state": "assigned",
                            "created_at": now,
                        }
                        for k, i in enumerate(ids)
                    ],
                )
            # Only the daily digests are timed: this week's summaries count as made.
            await session.execute(
                insert(DigestRunRow).values(unit_id=unit_id, kind="weekly", day=today, made_at=now)
            )
    finally:
        await engine.dispose()
    return coaches, nudges


async def reset(db_url: str) -> None:
    """Forget the day's digests before the next run."""
    engine = make_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            await session.execute(delete(DigestRunRow).where(DigestRunRow.kind == "daily"))
            # The digests and nudges go; reminders other timers planned stay planned.
            made = OutboxMessageRow.key.like("digest:%") | OutboxMessageRow.key.like("nudge:%")
            await session.execute(delete(OutboxMessageRow).where(made))
    finally:
        await engine.dispose()


async def wait_for_line(log: Path, within: float) -> tuple[int, float]:
    """Wait for the bot's timer line; return (messages, seconds)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        text = await asyncio.to_thread(log.read_text, errors="replace")
        for found in TOOK.finditer(text):
            return int(found[1]), float(found[2])
        await asyncio.sleep(0.2)
    raise TimeoutError(f"no digest timer line in {log}")


async def main() -> None:
    """Seed, run the bot several times, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coaches", type=int, default=1000)
    parser.add_argument("--per-coach", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runtime", default="aiogram", choices=["aiogram", "ptb"])
    args = parser.parse_args()
    total = args.coaches * args.per_coach
    print(f"{args.coaches} coaches x {args.per_coach} participants ({total}); {load()}")
    with temp_dir() as scratch:
        tmp = Path(scratch)
        db_url = db_in(tmp, "digest")
        started = time.monotonic()
        digests, nudges = await seed(db_url, args.coaches, args.per_coach)
        print(
            f"seeded in {time.monotonic() - started:.0f} s: "
            f"{digests} digests and {nudges} nudges due"
        )
        made, delivered = [], []
        async with emulator(tmp) as api:
            driver = Driver(api)
            chats = [FIRST_COACH + c for c in range(args.coaches)]
            chats += [FIRST_PARTICIPANT + n for n in range(0, total, 100)]
            await driver.post("/_bench/users", {"users": chats})
            try:
                for run in range(args.runs):
                    await reset(db_url)
                    await driver.post("/_bench/reset", {})
                    log_env = {"STEGVIS_GLOBAL_RATE": "30"}
                    bot = await stegvis(api, db_url, tmp, args.runtime, **log_env)
                    try:
                        count, seconds = await wait_for_line(bot.log, 600)
                        clock = time.monotonic()
                        await driver.wait_messages(digests + nudges, within=900)
                        sending = time.monotonic() - clock
                    finally:
                        await bot.stop()
                        bot.log.rename(tmp / f"stegvis-run{run}.log")
                    made.append(seconds)
                    delivered.append(sending)
                    print(
                        f"run {run + 1}: {count} messages made in {seconds:.1f} s "
                        f"({digests / seconds:.0f} digests/s), "
                        f"all delivered {sending:.1f} s later; {load()}"
                    )
            finally:
                await driver.close()
    middle = median(made)
    print(f"median: {digests} digests made in {middle:.1f} s ({digests / middle:.0f}/s)")
    print(f"target: all within 60 s -> {'met' if middle <= 60 else 'NOT met'}")
    print(f"delivery at 30 msg/s (Telegram's limit), median {median(delivered):.1f} s after")


if __name__ == "__main__":
    asyncio.run(main())
