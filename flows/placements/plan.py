"""Follow-up plans: which follow-ups a placement has and when, on working days.

Pure functions. A unit can set its own plans (`stegvis unit set CODE follow_up_start=3d,2w`);
the defaults come from the programme methods: preparatory employment on day 3, in week 2, a
competence analysis in week 4, then every 4 weeks and a week before the planned end; after
hiring in week 2 and after 1, 3, 6 and 12 months. Every follow-up has a stable key, so a
changed plan finds its follow-ups again instead of planning them twice.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flows.placement_model import HIRED, Placement, PlacementKind

DEFAULTS: dict[str, tuple[str, ...]] = {
    "follow_up_start": ("3d", "2w"),
    "follow_up_every": ("4w",),
    "follow_up_competence": ("4w",),
    "follow_up_hired": ("2w", "1m", "3m", "6m", "12m"),
    "follow_up_after_exit": ("6m", "12m"),
}
# Without a planned end, a placement is followed up for this long (then it is reviewed).
OPEN_ENDED = timedelta(weeks=26)
BEFORE_END = timedelta(days=7)
_TOKEN = re.compile(r"([0-9]{1,3})([dwm])", re.ASCII)

Holidays = Callable[[date, date], Container[date]]


@dataclass(frozen=True)
class Due:
    """One follow-up a plan asks for."""

    key: str
    due_on: date
    competence: bool = False


def after(start: date, token: str) -> date:
    """The day `token` ("3d", "2w", "6m") after `start`; months keep the day of the month."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise ValueError(f"not a span: {token!r}")
    n, unit = int(match[1]), match[2]
    if unit == "d":
        return start + timedelta(days=n)
    if unit == "w":
        return start + timedelta(weeks=n)
    month = start.month - 1 + n
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, holidays: Container[date]) -> bool:
    """Monday to Friday, not a public holiday, and not the eves most workplaces close on
    (Midsummer Eve, Christmas Eve, New Year's Eve)."""
    eve = (day.month, day.day) in ((12, 24), (12, 31)) or (
        day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4
    )
    return day.weekday() < 5 and day not in holidays and not eve


def working_day(day: date, holidays: Container[date]) -> date:
    """The day itself if it is a working day, else the next one."""
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def working_days_between(first: date, last: date, holidays: Container[date]) -> int:
    """How many working days come after `first` up to and including `last`."""
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day, holidays)
    return count


def tokens(settings: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A unit's plan setting (a list or "3d,2w"), or the default; bad tokens are ignored."""
    value = settings.get(key)
    raw = value.split(",") if isinstance(value, str) else value
    if not isinstance(raw, list | tuple):
        return DEFAULTS[key]
    found = tuple(str(t).strip() for t in raw if _TOKEN.fullmatch(str(t).strip()))
    return found or DEFAULTS[key]


def placement_plan(
    placement: Placement, settings: Mapping[str, Any], holidays: Holidays | None
) -> list[Due]:
    """The follow-ups of a placement as it is now (after hiring: the post-hire plan only)."""
    if placement.kind in HIRED:
        start = placement.hired_on or placement.starts_on
        wanted = [
            (f"{placement.id}:h{t}", after(start, t), False)
            for t in tokens(settings, "follow_up_hired")
        ]
    else:
        wanted = _before_hiring(placement, settings)
    return _on_working_days(wanted, holidays)


def _before_hiring(
    placement: Placement, settings: Mapping[str, Any]
) -> list[tuple[str, date, bool]]:
    start, pid = placement.starts_on, placement.id
    end = placement.ends_on or start + OPEN_ENDED
    wanted = [(f"{pid}:{t}", after(start, t), False) for t in tokens(settings, "follow_up_start")]
    competence = None
    if placement.kind is PlacementKind.PREPARATORY:
        competence = after(start, tokens(settings, "follow_up_competence")[0])
        wanted.append((f"{pid}:ca", competence, True))
    step, base, n = tokens(settings, "follow_up_every")[0], competence or start, 1
    # The last regular follow-up keeps a week clear of the one before the end.
    while (day := after(base, _times(step, n))) < end - 2 * BEFORE_END:
        wanted.append((f"{pid}:e{n}", day, False))
        n += 1
    if placement.ends_on is not None and placement.ends_on - BEFORE_END > start:
        wanted.append((f"{pid}:end", placement.ends_on - BEFORE_END, False))
    return [w for w in wanted if w[1] <= end]


def _times(token: str, n: int) -> str:
    match = _TOKEN.fullmatch(token)
    assert match is not None
    return f"{int(match[1]) * n}{match[2]}"


def exit_plan(
    exited_on: date, settings: Mapping[str, Any], holidays: Holidays | None
) -> list[Due]:
    """The check-ins after a participant's exit (+6 and +12 months by default)."""
    wanted = [
        (f"exit:{t}", after(exited_on, t), False) for t in tokens(settings, "follow_up_after_exit")
    ]
    return _on_working_days(wanted, holidays)


def _on_working_days(wanted: list[tuple[str, date, bool]], holidays: Holidays | None) -> list[Due]:
    if not wanted:
        return []
    first = min(d for _, d, _ in wanted)
    days = holidays(first, first + timedelta(days=800)) if holidays else frozenset()
    return [Due(key, working_day(day, days), competence) for key, day, competence in wanted]
