"""Tasks given to participants (implements flows.ports.Tasks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    OPEN,
    ReportKind,
    Task,
    TaskState,
    TaskStats,
    TaskStep,
    TimeFit,
    UnitTask,
)
from storage.models import TaskRow, UnitTaskRow

# What `change` may set: the fields a flow moves on; never who the task is for.
CHANGEABLE = frozenset(
    {
        "state",
        "due_on",
        "report_text",
        "report_file_id",
        "report_file_name",
        "reported_at",
        "comment",
        "asked_due_on",
    }
)


def to_task(row: TaskRow) -> Task:
    """Convert a task row to the domain record."""
    return Task(
        id=row.id,
        participant_id=row.participant_id,
        coach_id=row.coach_id,
        library_key=row.library_key,
        step=TaskStep(row.step),
        title=row.title,
        instructions=row.instructions,
        text_locale=row.text_locale,
        purpose=row.purpose,
        hours=row.hours,
        report_kind=ReportKind(row.report_kind),
        due_on=row.due_on,
        state=TaskState(row.state),
        created_at=row.created_at,
        report_text=row.report_text,
        report_file_id=row.report_file_id,
        report_file_name=row.report_file_name,
        reported_at=row.reported_at,
        comment=row.comment,
        asked_due_on=row.asked_due_on,
        useful=row.useful,
        time_fit=row.time_fit,  # type: ignore[arg-type]
    )


def _stored(value: object) -> object:
    return value.value if isinstance(value, TaskState) else value


class SqlTasks:
    """Tasks in the `tasks` table; a change moves a task only from the states it names."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, draft: Task) -> Task:
        """Store a new task and return it."""
        values: dict[str, Any] = {
            "participant_id": draft.participant_id,
            "coach_id": draft.coach_id,
            "library_key": draft.library_key,
            "step": draft.step.value,
            "title": draft.title,
            "instructions": draft.instructions,
            "text_locale": draft.text_locale,
            "purpose": draft.purpose,
            "hours": draft.hours,
            "report_kind": draft.report_kind.value,
            "due_on": draft.due_on,
            "state": draft.state.value,
            "created_at": draft.created_at,
        }
        new_id = (
            await self.session.execute(insert(TaskRow).values(**values).returning(TaskRow.id))
        ).scalar_one()
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, task_id: int) -> Task | None:
        """Return one task."""
        row = await self.session.get(TaskRow, task_id, populate_existing=True)
        return None if row is None else to_task(row)

    async def of_participant(self, participant_id: int) -> list[Task]:
        """Return all the participant's tasks, the earliest due first."""
        rows = await self.session.scalars(
            select(TaskRow)
            .where(TaskRow.participant_id == participant_id)
            .order_by(TaskRow.due_on, TaskRow.id)
        )
        return [to_task(r) for r in rows]

    async def change(
        self, task_id: int, allowed_from: frozenset[TaskState], **changes: object
    ) -> Task | None:
        """Apply changes if the task is in one of `allowed_from`; None if it was not."""
        unknown = set(changes) - CHANGEABLE
        if unknown:
            raise ValueError(f"tasks cannot change {sorted(unknown)}")
        result = await self.session.execute(
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.state.in_([s.value for s in allowed_from]))
            .values(version=TaskRow.version + 1, **{k: _stored(v) for k, v in changes.items()})
            .returning(TaskRow.id)
        )
        if result.scalar_one_or_none() is None:
            return None
        return await self.get(task_id)

    async def rate(
        self, task_id: int, *, useful: bool | None = None, time_fit: TimeFit | None = None
    ) -> Task | None:
        """Store the participant's answer on usefulness or on the time it took."""
        values: dict[str, Any] = {}
        if useful is not None:
            values["useful"] = useful
        if time_fit is not None:
            values["time_fit"] = time_fit
        if values:
            await self.session.execute(
                update(TaskRow).where(TaskRow.id == task_id).values(**values)
            )
        return await self.get(task_id)

    async def due_between(self, first: date, last: date) -> list[Task]:
        """Return open tasks due in [first, last], the earliest first."""
        rows = await self.session.scalars(
            select(TaskRow)
            .where(
                TaskRow.due_on >= first,
                TaskRow.due_on <= last,
                TaskRow.state.in_([s.value for s in OPEN]),
            )
            .order_by(TaskRow.due_on, TaskRow.id)
        )
        return [to_task(r) for r in rows]

    async def stats(self) -> list[TaskStats]:
        """Return, per library task, how many reported it and how they rated it."""

        def count(condition: Any) -> Any:
            return func.count().filter(condition)

        reported = TaskRow.reported_at.is_not(None)
        rows = await self.session.execute(
            select(
                TaskRow.library_key,
                count(reported),
                count(TaskRow.useful.is_(True)),
                count(TaskRow.useful.is_(False)),
                count(TaskRow.time_fit == "short"),
                count(TaskRow.time_fit == "right"),
                count(TaskRow.time_fit == "long"),
            )
            .where(TaskRow.library_key.is_not(None))
            .group_by(TaskRow.library_key)
            .order_by(TaskRow.library_key)
        )
        return [TaskStats(str(r[0]), *(int(v) for v in r[1:])) for r in rows]

    async def unit_library(self, unit_id: int) -> list[UnitTask]:
        """Return the unit's own tasks, by step and title."""
        rows = await self.session.scalars(
            select(UnitTaskRow)
            .where(UnitTaskRow.unit_id == unit_id)
            .order_by(UnitTaskRow.step, UnitTaskRow.title, UnitTaskRow.id)
        )
        return [to_unit_task(r) for r in rows]

    async def unit_task(self, task_id: int) -> UnitTask | None:
        """Return one of the units' own tasks."""
        row = await self.session.get(UnitTaskRow, task_id)
        return None if row is None else to_unit_task(row)

    async def add_unit_task(self, draft: UnitTask) -> UnitTask:
        """Store a task in a unit's own library."""
        values: dict[str, Any] = {
            "unit_id": draft.unit_id,
            "step": draft.step.value,
            "title": draft.title,
            "purpose": draft.purpose,
            "instructions": draft.instructions,
            "hours": draft.hours,
            "report_kind": draft.report_kind.value,
            "locale": draft.locale,
            "created_at": draft.created_at,
        }
        new_id = (
            await self.session.execute(
                insert(UnitTaskRow).values(**values).returning(UnitTaskRow.id)
            )
        ).scalar_one()
        found = await self.unit_task(new_id)
        assert found is not None
        return found


def to_unit_task(row: UnitTaskRow) -> UnitTask:
    """Convert a unit task row to the domain record."""
    return UnitTask(
        id=row.id,
        unit_id=row.unit_id,
        step=TaskStep(row.step),
        title=row.title,
        purpose=row.purpose,
        instructions=row.instructions,
        hours=row.hours,
        report_kind=ReportKind(row.report_kind),
        locale=row.locale,
        created_at=row.created_at,
    )
