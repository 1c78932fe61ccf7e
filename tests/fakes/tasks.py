"""In-memory tasks (the same contract as storage.tasks.SqlTasks)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date

from flows.model import OPEN, Task, TaskState, TaskStats, TimeFit, UnitTask
from storage.tasks import CHANGEABLE
from tests.fakes.db import FakeDb


class FakeTasks:
    """Tasks in a dict of the FakeDb."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def create(self, draft: Task) -> Task:
        """Store a new task and return it."""
        task = dataclasses.replace(draft, id=self.db.next_id())
        self.db.tasks[task.id] = task
        return task

    async def get(self, task_id: int) -> Task | None:
        """Return one task."""
        return self.db.tasks.get(task_id)

    async def of_participant(self, participant_id: int) -> list[Task]:
        """Return all the participant's tasks, the earliest due first."""
        found = [t for t in self.db.tasks.values() if t.participant_id == participant_id]
        return sorted(found, key=lambda t: (t.due_on, t.id))

    async def change(
        self, task_id: int, allowed_from: frozenset[TaskState], **changes: object
    ) -> Task | None:
        """Apply changes if the task is in one of `allowed_from`; None if it was not."""
        unknown = set(changes) - CHANGEABLE
        if unknown:
            raise ValueError(f"tasks cannot change {sorted(unknown)}")
        task = self.db.tasks.get(task_id)
        if task is None or task.state not in allowed_from:
            return None
        task = dataclasses.replace(task, **changes)  # type: ignore[arg-type]
        self.db.tasks[task_id] = task
        return task

    async def rate(
        self, task_id: int, *, useful: bool | None = None, time_fit: TimeFit | None = None
    ) -> Task | None:
        """Store the participant's answer on usefulness or on the time it took."""
        task = self.db.tasks.get(task_id)
        if task is None:
            return None
        if useful is not None:
            task = dataclasses.replace(task, useful=useful)
        if time_fit is not None:
            task = dataclasses.replace(task, time_fit=time_fit)
        self.db.tasks[task_id] = task
        return task

    async def due_between(self, first: date, last: date) -> list[Task]:
        """Return open tasks due in [first, last], the earliest first."""
        found = [
            t for t in self.db.tasks.values() if t.state in OPEN and first <= t.due_on <= last
        ]
        return sorted(found, key=lambda t: (t.due_on, t.id))

    async def stats(self) -> list[TaskStats]:
        """Return, per library task, how many reported it and how they rated it."""
        by_key: dict[str, list[Task]] = defaultdict(list)
        for task in self.db.tasks.values():
            if task.library_key:
                by_key[task.library_key].append(task)
        return [
            TaskStats(
                key,
                sum(t.reported_at is not None for t in tasks),
                sum(t.useful is True for t in tasks),
                sum(t.useful is False for t in tasks),
                sum(t.time_fit == "short" for t in tasks),
                sum(t.time_fit == "right" for t in tasks),
                sum(t.time_fit == "long" for t in tasks),
            )
            for key, tasks in sorted(by_key.items())
        ]

    async def unit_library(self, unit_id: int) -> list[UnitTask]:
        """Return the unit's own tasks, by step and title."""
        found = [t for t in self.db.unit_tasks.values() if t.unit_id == unit_id]
        return sorted(found, key=lambda t: (t.step.value, t.title, t.id))

    async def unit_task(self, task_id: int) -> UnitTask | None:
        """Return one of the units' own tasks."""
        return self.db.unit_tasks.get(task_id)

    async def add_unit_task(self, draft: UnitTask) -> UnitTask:
        """Store a task in a unit's own library."""
        task = dataclasses.replace(draft, id=self.db.next_id())
        self.db.unit_tasks[task.id] = task
        return task
