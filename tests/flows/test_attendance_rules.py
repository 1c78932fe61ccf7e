"""Scheduling rules: recurrence, daylight saving, holidays, windows and quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.date import DateTrigger

from bot.calendar import swedish_holidays
from flows.attendance.rules import (
    CheckIn,
    Rules,
    absence,
    check_in,
    occurrences,
    reminder_times,
    rules_for,
)
from flows.model import Activity, ActivityKind, Presence, Recurrence, Session

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def weekly(weekday: int, at: time = time(9, 0), **extra: object) -> Activity:
    values: dict[str, object] = {
        "id": 1,
        "unit_id": 1,
        "kind": ActivityKind.GROUP_MEETING,
        "title": "Grupp",
        "place": "Rum 1",
        "coach_id": None,
        "starts_on": date(2026, 1, 1),
        "start_time": at,
        "duration_minutes": 60,
        "recurrence": Recurrence.WEEKLY,
        "weekdays": (weekday,),
    }
    values.update(extra)
    return Activity(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2026, 3, 29), 7), (date(2026, 10, 25), 8)],
    ids=["spring-forward", "fall-back"],
)
def test_weekly_0900_activity_fires_at_0900_local_on_dst_change_days(
    day: date, utc_hour: int
) -> None:
    [(start, end)] = occurrences(weekly(6), day, day, set())
    assert start == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert start.astimezone(STOCKHOLM).time() == time(9, 0)
    assert end - start == timedelta(hours=1)
    # The scheduler fires date triggers at the stored UTC instant: 09:00 on the wall clock.
    trigger = DateTrigger(run_date=start, timezone=STOCKHOLM)
    fire = trigger.get_next_fire_time(None, start - timedelta(days=1))
    assert fire is not None
    assert fire.astimezone(STOCKHOLM).replace(tzinfo=None) == datetime.combine(day, time(9))


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_lead_reminder_keeps_local_time_across_dst(day: date) -> None:
    [(start, end)] = occurrences(weekly(6), day, day, set())
    session = Session(1, 1, start, end)
    due = dict(reminder_times(session, "Europe/Stockholm", Rules(), start - timedelta(days=3)))
    assert due["soon"].astimezone(STOCKHOLM).time() == time(8, 0)
    assert due["evening"].astimezone(STOCKHOLM) == datetime.combine(
        day - timedelta(days=1), time(18), STOCKHOLM
    )


def test_holidays_skip_recurring_sessions_unless_told_otherwise() -> None:
    easter_monday = date(2026, 4, 6)
    holidays = swedish_holidays(date(2026, 4, 1), date(2026, 4, 30))
    assert easter_monday in holidays
    assert date(2026, 4, 12) not in holidays, "ordinary Sundays are not holidays"
    mondays = [
        s.date() for s, _ in occurrences(weekly(0), date(2026, 4, 1), date(2026, 4, 20), holidays)
    ]
    assert easter_monday not in mondays
    assert date(2026, 4, 13) in mondays
    keep = weekly(0, skip_holidays=False)
    assert easter_monday in [
        s.date() for s, _ in occurrences(keep, date(2026, 4, 1), date(2026, 4, 20), holidays)
    ]


def test_biweekly_runs_every_other_week_from_its_start() -> None:
    act = weekly(2, recurrence=Recurrence.BIWEEKLY, starts_on=date(2026, 9, 2))
    days = [s.date() for s, _ in occurrences(act, date(2026, 9, 1), date(2026, 9, 30), set())]
    assert days == [date(2026, 9, 2), date(2026, 9, 16), date(2026, 9, 30)]


def test_one_off_activity_has_one_session() -> None:
    act = weekly(0, recurrence=Recurrence.ONCE, starts_on=date(2026, 5, 5))
    assert len(occurrences(act, date(2026, 5, 1), date(2026, 5, 31), set())) == 1


def test_check_in_window_and_absence_timing() -> None:
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    s = Session(1, 1, start, start + timedelta(hours=1))
    rules = rules_for({"checkin_before_minutes": 30, "checkin_after_minutes": 20})
    assert check_in(s, start - timedelta(minutes=31), rules) is CheckIn.TOO_EARLY
    assert check_in(s, start - timedelta(minutes=30), rules) is CheckIn.PRESENT
    assert check_in(s, start + timedelta(minutes=5), rules) is CheckIn.LATE
    assert check_in(s, start + timedelta(minutes=21), rules) is CheckIn.CLOSED
    assert absence(s, start - timedelta(minutes=1)) is Presence.NOTIFIED_ABSENCE
    assert absence(s, start + timedelta(minutes=1)) is Presence.LATE_NOTICE


def test_reminder_in_quiet_hours_moves_to_their_end() -> None:
    start = datetime.combine(date(2026, 11, 24), time(7, 30), STOCKHOLM).astimezone(UTC)
    s = Session(1, 1, start, start + timedelta(hours=1))
    due = dict(reminder_times(s, "Europe/Stockholm", Rules(), start - timedelta(days=2)))
    assert due["soon"].astimezone(STOCKHOLM).time() == time(7, 0)


def test_unit_settings_override_the_defaults() -> None:
    rules = rules_for(
        {
            "checkin_after_minutes": 5,
            "absence_categories": ["unwell", "other"],
            "quiet_hours_start": "22:00",
        }
    )
    assert rules.checkin_after == timedelta(minutes=5)
    assert rules.categories == ("unwell", "other")
    assert rules.quiet_start == time(22)
