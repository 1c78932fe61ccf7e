"""Follow-up plans on working days: defaults, unit settings, hiring, holidays, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.calendar import swedish_holidays
from flows.placement_model import Placement, PlacementKind
from flows.placements.plan import after, exit_plan, placement_plan, working_day

AT = datetime(2026, 3, 1, tzinfo=UTC)


def placement(kind: PlacementKind, start: date, end: date | None, **extra: object) -> Placement:
    return Placement(7, 1, 2, 3, 4, "Bageriet", kind, start, end, AT, **extra)  # type: ignore[arg-type]


def test_preparatory_employment_has_day_3_week_2_the_competence_analysis_and_every_4_weeks() -> (
    None
):
    plan = placement_plan(
        placement(PlacementKind.PREPARATORY, date(2026, 1, 12), date(2026, 5, 29)),
        {},
        swedish_holidays,
    )
    assert [(d.key, d.due_on, d.competence) for d in plan] == [
        ("7:3d", date(2026, 1, 15), False),
        ("7:2w", date(2026, 1, 26), False),
        ("7:ca", date(2026, 2, 9), True),
        ("7:e1", date(2026, 3, 9), False),
        ("7:e2", date(2026, 4, 7), False),  # Monday 6 April 2026 is Easter Monday
        ("7:e3", date(2026, 5, 4), False),
        ("7:end", date(2026, 5, 22), False),
    ]


def test_a_follow_up_on_a_weekend_or_holiday_moves_to_the_next_working_day_once() -> None:
    holidays = swedish_holidays(date(2026, 1, 1), date(2027, 12, 31))
    assert working_day(date(2026, 12, 24), holidays) == date(2026, 12, 28)  # Christmas
    assert working_day(date(2026, 6, 19), holidays) == date(2026, 6, 22)  # Midsummer Eve
    assert working_day(date(2026, 3, 28), holidays) == date(2026, 3, 30)  # Saturday
    # The plan crosses the DST change of 29 March 2026: days, not hours, so nothing shifts.
    plan = placement_plan(
        placement(PlacementKind.PLACEMENT, date(2026, 3, 25), date(2026, 4, 30)),
        {},
        swedish_holidays,
    )
    assert [(d.key, d.due_on) for d in plan] == [
        ("7:3d", date(2026, 3, 30)),  # Saturday 28 March -> Monday
        ("7:2w", date(2026, 4, 8)),
        ("7:end", date(2026, 4, 23)),
    ]
    assert len({d.key for d in plan}) == len(plan)


def test_after_hiring_only_the_post_hire_plan_remains() -> None:
    hired = placement(PlacementKind.JOB, date(2026, 1, 12), None, hired_on=date(2026, 8, 31))
    plan = placement_plan(hired, {}, swedish_holidays)
    assert [(d.key, d.due_on) for d in plan] == [
        ("7:h2w", date(2026, 9, 14)),
        ("7:h1m", date(2026, 9, 30)),
        ("7:h3m", date(2026, 11, 30)),
        ("7:h6m", date(2027, 3, 1)),  # 28 February 2027 is a Sunday
        ("7:h12m", date(2027, 8, 31)),
    ]


def test_a_unit_sets_its_own_plan_and_bad_settings_fall_back_to_the_defaults() -> None:
    p = placement(PlacementKind.TRIAL, date(2026, 9, 7), date(2026, 10, 30))
    own = placement_plan(p, {"follow_up_start": "1w", "follow_up_every": ["2w"]}, None)
    assert [d.key for d in own] == ["7:1w", "7:e1", "7:e2", "7:end"]
    odd = placement_plan(p, {"follow_up_start": "soon", "follow_up_every": 3}, None)
    assert [d.key for d in odd] == ["7:3d", "7:2w", "7:e1", "7:end"]


def test_months_keep_the_day_or_take_the_last_day_of_a_short_month() -> None:
    assert after(date(2026, 1, 31), "1m") == date(2026, 2, 28)
    assert after(date(2026, 11, 30), "3m") == date(2027, 2, 28)
    assert [d.key for d in exit_plan(date(2026, 12, 7), {}, swedish_holidays)] == [
        "exit:6m",
        "exit:12m",
    ]
