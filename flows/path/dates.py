"""The path's deadlines: the action plan within 5 working days of the start, a review after
6 months and at most 18 months in the programme, each moved by the days breaks paused it.

Pure functions on dates (time zones and daylight saving do not touch a date)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

from flows.placements.plan import after, is_working_day, working_day

PLAN_WITHIN = 5  # working days
REVIEW_AFTER = "6m"
LONGEST_STAY = "18m"


@dataclass(frozen=True)
class Deadlines:
    """The dates the method sets for one path."""

    plan_due: date
    review_due: date
    last_day: date


def working_days_after(start: date, days: int, holidays: Container[date]) -> date:
    """The `days`-th working day after `start`."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        left -= is_working_day(day, holidays)
    return day


def deadlines(
    started_on: date, paused_days: int, holidays: Container[date], paused_now: int = 0
) -> Deadlines:
    """The path's deadlines, moved by ended breaks and by a break still going on."""
    shift = timedelta(days=paused_days + paused_now)
    plan_due = working_days_after(started_on, PLAN_WITHIN, holidays) + shift
    return Deadlines(
        plan_due=working_day(plan_due, holidays),
        review_due=after(started_on, REVIEW_AFTER) + shift,
        last_day=after(started_on, LONGEST_STAY) + shift,
    )
