"""The full-time week: planned hours from sessions and tasks, and tasks that fill a gap."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from flows.model import ReportKind, Session, Task, TaskState, TaskStep
from flows.tasks.library import BY_KEY, LIBRARY
from flows.tasks.planner import plan_week, suggest

MONDAY = date(2026, 12, 7)


def session(day: int, hours: float, cancelled: bool = False) -> Session:
    start = datetime(2026, 12, 7 + day, 9, 0, tzinfo=UTC)
    return Session(day + 1, 1, start, start + timedelta(hours=hours), cancelled=cancelled)


def task(key: str, due: date, state: TaskState = TaskState.ASSIGNED, id: int = 1) -> Task:
    entry = BY_KEY[key]
    return Task(
        id,
        7,
        3,
        key,
        entry.step,
        entry.title,
        entry.how,
        None,
        entry.hours,
        entry.report,
        due,
        state,
        datetime(2026, 12, 1, tzinfo=UTC),
    )


def test_planned_hours_add_sessions_and_tasks_due_that_week() -> None:
    sessions = [session(0, 3), session(2, 3), session(3, 2, cancelled=True)]
    tasks = [
        task("cv_first", MONDAY + timedelta(days=4)),  # 4 h, this week
        task("cv_facts", MONDAY + timedelta(days=6), TaskState.APPROVED, 2),  # 2 h, done
        task("letter_first", MONDAY + timedelta(days=7), id=3),  # next week
        task("skills_list", MONDAY + timedelta(days=1), TaskState.CANCELLED, 4),
    ]
    week = plan_week(MONDAY, 40, sessions, tasks)
    assert week.session_hours == 6
    assert week.sessions == 2
    assert week.task_hours == 6
    assert week.planned == 12
    assert week.gap == 28


def test_a_twelve_hour_gap_is_filled_with_varied_tasks_never_one_already_had() -> None:
    history = [
        task("cv_facts", MONDAY, TaskState.APPROVED, 1),
        task("cv_first", MONDAY, TaskState.REPORTED, 2),
        task("skills_list", MONDAY, TaskState.ASSIGNED, 3),
    ]
    ideas = suggest(12, history)
    keys = [e.key for e in ideas]
    assert not {"cv_facts", "cv_first", "skills_list"} & set(keys)
    assert 0 < sum(e.hours for e in ideas) <= 12
    assert sum(e.hours for e in ideas) >= 10, "the gap is (nearly) filled"
    steps = [e.step for e in ideas]
    # Steps the participant has not worked on come first, and no step twice in a row.
    assert steps[0] not in {TaskStep.CV, TaskStep.SKILLS}
    assert all(a != b for a, b in itertools.pairwise(steps))
    assert len(set(steps)) >= 3


def test_nothing_is_suggested_without_a_gap_and_nothing_bigger_than_the_gap() -> None:
    assert suggest(0, []) == []
    small = suggest(0.5, [])
    assert small
    assert all(e.hours <= 0.5 for e in small)


def test_the_library_covers_all_eight_steps_with_over_fifty_tasks() -> None:
    assert len(LIBRARY) >= 50
    assert {e.step for e in LIBRARY} == set(TaskStep)
    assert len({e.key for e in LIBRARY}) == len(LIBRARY)
    assert {e.report for e in LIBRARY} == set(ReportKind)
    for entry in LIBRARY:
        lines = entry.how.split("\n")
        assert len(lines) >= 2, entry.key
        assert all(len(line) <= 120 for line in lines), f"{entry.key}: one short action per line"
        assert 0 < entry.hours <= 8
