"""Attendance rules: expanding recurrences, check-in windows, reminder times.

Pure functions. Times are stored in UTC and computed in the activity's zone, so a weekly
09:00 activity stays at 09:00 local time across daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from flows.model import Activity, Presence, Recurrence, Session

DEFAULT_CATEGORIES = ("unwell", "sick_child", "interview", "work_shift", "authority", "other")
# Absence reasons that reveal health: shown to the coach only, never to employers.
HEALTH_CATEGORIES = frozenset({"unwell", "sick_child"})
# The category of a participant who sent their coach a message instead of checking in.
MESSAGE_CATEGORY = "message"
# How far ahead a message may be about a session ("today", "tomorrow morning").
WORD_AHEAD = timedelta(hours=18)


@dataclass(frozen=True)
class Rules:
    """A unit's attendance settings, with the defaults from the issue."""

    checkin_before: timedelta = timedelta(minutes=30)
    checkin_after: timedelta = timedelta(minutes=20)
    reminder_lead: timedelta = timedelta(minutes=60)
    evening_at: time = time(18, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    horizon: timedelta = timedelta(days=14)


def rules_for(settings: Mapping[str, Any]) -> Rules:
    """Read a unit's settings (minutes and HH:MM strings), falling back to the defaults."""

    def minutes(key: str, default: timedelta) -> timedelta:
        value = settings.get(key)
        return timedelta(minutes=int(value)) if isinstance(value, int | float) else default

    def clock(key: str, default: time) -> time:
        value = settings.get(key)
        return time.fromisoformat(value) if isinstance(value, str) else default

    base = Rules()
    categories = settings.get("absence_categories")
    return Rules(
        checkin_before=minutes("checkin_before_minutes", base.checkin_before),
        checkin_after=minutes("checkin_after_minutes", base.checkin_after),
        reminder_lead=minutes("reminder_lead_minutes", base.reminder_lead),
        evening_at=clock("evening_reminder_at", base.evening_at),
        quiet_start=clock("quiet_hours_start", base.quiet_start),
        quiet_end=clock("quiet_hours_end", base.quiet_end),
        categories=tuple(categories) if isinstance(categories, list) else base.categories,
    )


def _runs_on(activity: Activity, day: date) -> bool:
    if activity.recurrence is Recurrence.ONCE:
        return day == activity.starts_on
    weekdays = activity.weekdays or (activity.starts_on.weekday(),)
    if day.weekday() not in weekdays:
        return False
    if activity.recurrence is Recurrence.BIWEEKLY:
        first_monday = activity.starts_on - timedelta(days=activity.starts_on.weekday())
        return ((day - first_monday).days // 7) % 2 == 0
    return True


def occurrences(
    activity: Activity, first: date, last: date, holidays: Container[date]
) -> list[tuple[datetime, datetime]]:
    """Return (start, end) in UTC of the activity's sessions on days first..last."""
    zone = ZoneInfo(activity.timezone)
    day = max(first, activity.starts_on)
    end_day = min(last, activity.ends_on) if activity.ends_on else last
    spans = []
    while day <= end_day:
        if _runs_on(activity, day) and not (activity.skip_holidays and day in holidays):
            local = datetime.combine(day, activity.start_time, tzinfo=zone)
            finish = local + timedelta(minutes=activity.duration_minutes)
            spans.append((local.astimezone(UTC), finish.astimezone(UTC)))
        day += timedelta(days=1)
    return spans


class CheckIn(StrEnum):
    """What a check-in at a given moment means."""

    TOO_EARLY = "too_early"
    PRESENT = "present"
    LATE = "late"
    CLOSED = "closed"


def check_in(session: Session, now: datetime, rules: Rules) -> CheckIn:
    """Classify a check-in: the window runs from `before` the start to `after` it."""
    if now < session.starts_at - rules.checkin_before:
        return CheckIn.TOO_EARLY
    if now > session.starts_at + rules.checkin_after:
        return CheckIn.CLOSED
    return CheckIn.PRESENT if now <= session.starts_at else CheckIn.LATE


def presence_of(result: CheckIn) -> Presence:
    """Return what a successful check-in records."""
    return Presence.PRESENT if result is CheckIn.PRESENT else Presence.LATE


def absence(session: Session, now: datetime) -> Presence:
    """An absence reported before the start is notified; after it, a late notice."""
    return Presence.NOTIFIED_ABSENCE if now < session.starts_at else Presence.LATE_NOTICE


def sent_word(session: Session, messaged_at: datetime | None, now: datetime) -> bool:
    """Whether a message to the coach at `messaged_at` may be about this session."""
    return messaged_at is not None and session.starts_at - WORD_AHEAD <= messaged_at <= now


def window_closes(session: Session, rules: Rules) -> datetime:
    """Return when the check-in window ends (no-shows are recorded then)."""
    return session.starts_at + rules.checkin_after


def is_quiet(moment: time, rules: Rules) -> bool:
    """Whether a local time of day falls in the unit's quiet hours."""
    if rules.quiet_start <= rules.quiet_end:
        return rules.quiet_start <= moment < rules.quiet_end
    return moment >= rules.quiet_start or moment < rules.quiet_end


def reminder_times(
    session: Session, timezone: str, rules: Rules, now: datetime
) -> list[tuple[str, datetime]]:
    """Return (kind, due UTC) for the evening-before and the lead-time reminders.

    A reminder that would fall in quiet hours moves to the end of them if that is still
    before the start; otherwise it is dropped. The lead-time reminder whose time has passed
    (the session was planned late, or the bot was away) goes now, while the session has not
    started: it carries the only "I cannot come" button someone may see. A missed evening
    reminder is dropped ("tomorrow" would be wrong).
    """
    zone = ZoneInfo(timezone)
    start_local = session.starts_at.astimezone(zone)
    wanted = [
        (
            "evening",
            datetime.combine(start_local.date() - timedelta(days=1), rules.evening_at, zone),
        ),
        ("soon", start_local - rules.reminder_lead),
    ]
    out = []
    for kind, local in wanted:
        due = local
        if is_quiet(local.timetz().replace(tzinfo=None), rules):
            day = local.date() if local.time() < rules.quiet_end else local.date() + timedelta(1)
            due = datetime.combine(day, rules.quiet_end, zone)
        due_utc = due.astimezone(UTC)
        if now < due_utc < session.starts_at:
            out.append((kind, due_utc))
        elif (
            kind == "soon"
            and due_utc <= now < session.starts_at
            and not is_quiet(now.astimezone(zone).timetz().replace(tzinfo=None), rules)
        ):
            out.append((kind, now))
    return out
