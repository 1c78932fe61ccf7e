"""The full-time week: planned hours from sessions and tasks, and tasks that fill the gap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flows.model import Session, Task, TaskState, TaskStep
from flows.tasks.library import LIBRARY, LibraryTask


@dataclass(frozen=True)
class Week:
    """One participant's week: what is planned, against their target."""

    monday: date
    target: float
    session_hours: float
    sessions: int
    tasks: tuple[Task, ...]

    @property
    def task_hours(self) -> float:
        """Estimated hours of the tasks due this week."""
        return sum(t.hours for t in self.tasks)

    @property
    def planned(self) -> float:
        """Sessions plus tasks."""
        return self.session_hours + self.task_hours

    @property
    def gap(self) -> float:
        """Hours left to fill (never below zero)."""
        return max(self.target - self.planned, 0.0)


def plan_week(
    monday: date, target: float, sessions: Sequence[Session], tasks: Sequence[Task]
) -> Week:
    """Add up a week: sessions not cancelled, and tasks due in it that are not cancelled."""
    held = [s for s in sessions if not s.cancelled]
    hours = sum((s.ends_at - s.starts_at).total_seconds() / 3600 for s in held)
    sunday = date.fromordinal(monday.toordinal() + 6)
    due = tuple(
        t for t in tasks if monday <= t.due_on <= sunday and t.state is not TaskState.CANCELLED
    )
    return Week(monday, target, round(hours, 2), len(held), due)


def suggest(
    gap: float,
    history: Sequence[Task],
    library: Sequence[LibraryTask] = LIBRARY,
    limit: int = 6,
) -> list[LibraryTask]:
    """Library tasks that fit the gap: never one the participant has had (done or open);
    steps they have not worked on first; then the steps in turn, so the week is varied."""
    had = {t.library_key for t in history if t.state is not TaskState.CANCELLED}
    worked = {t.step for t in history if t.state is not TaskState.CANCELLED}
    candidates = [entry for entry in library if entry.key not in had]
    order = list(TaskStep)
    by_step: dict[TaskStep, list[LibraryTask]] = {s: [] for s in order}
    for entry in candidates:
        by_step[entry.step].append(entry)
    # Steps not worked on come first, each keeping the library's order.
    steps = [s for s in order if s not in worked] + [s for s in order if s in worked]
    chosen: list[LibraryTask] = []
    left = gap
    while left > 0 and len(chosen) < limit:
        took = False
        for step in steps:
            fitting = next((e for e in by_step[step] if e.hours <= left), None)
            if fitting is None:
                continue
            by_step[step].remove(fitting)
            chosen.append(fitting)
            left -= fitting.hours
            took = True
            if left <= 0 or len(chosen) >= limit:
                break
        if not took:
            break
    return chosen
