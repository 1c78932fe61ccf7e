"""Property tests of the path's date arithmetic: working days, holidays, breaks, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from bot.calendar import swedish_holidays
from flows.path.dates import PLAN_WITHIN, deadlines
from flows.placements.plan import after, is_working_day, working_days_between

HOLIDAYS = swedish_holidays(date(2019, 1, 1), date(2040, 12, 31))
STARTS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
PAUSES = st.integers(min_value=0, max_value=400)


@given(STARTS)
@example(date(2024, 12, 23))  # Christmas Eve, Christmas, New Year's Eve and Epiphany
def test_the_plan_is_due_on_the_fifth_working_day_after_the_start(start: date) -> None:
    due = deadlines(start, 0, HOLIDAYS).plan_due
    assert is_working_day(due, HOLIDAYS)
    assert working_days_between(start, due, HOLIDAYS) == PLAN_WITHIN
    assert due - start <= timedelta(days=21), "even over Christmas, New Year and Epiphany"


@given(STARTS, PAUSES, PAUSES)
def test_breaks_move_every_deadline_later_by_their_length(start: date, a: int, b: int) -> None:
    fewer, more = sorted((a, b))
    one, two = deadlines(start, fewer, HOLIDAYS), deadlines(start, more, HOLIDAYS)
    assert two.review_due - one.review_due == timedelta(days=more - fewer)
    assert two.last_day - one.last_day == timedelta(days=more - fewer)
    assert two.plan_due >= one.plan_due
    assert is_working_day(two.plan_due, HOLIDAYS)
    assert one.review_due == after(start, "6m") + timedelta(days=fewer)
    assert one.plan_due < one.review_due < one.last_day


@given(
    st.sampled_from([date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28)]), st.integers(0, 23)
)
def test_any_hour_of_a_dst_day_gives_the_same_deadlines(day: date, hour: int) -> None:
    zone = ZoneInfo("Europe/Stockholm")
    moment = datetime(day.year, day.month, day.day, 0, tzinfo=zone) + timedelta(hours=hour)
    local = moment.astimezone(UTC).astimezone(zone).date()
    assert deadlines(local, 0, HOLIDAYS) == deadlines(day, 0, HOLIDAYS)
