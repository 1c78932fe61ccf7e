"""Participants' paths, action-plan versions and breaks (implements flows.ports.Paths)."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.path_model import Break, BreakReason, Path, PathStatus, PlanVersion
from storage.path_rows import BreakRow, PathRow, PlanRow

PATH_FIELDS = frozenset({"status", "paused_days"})
PLAN_FIELDS = frozenset({"confirmed_at", "approved_at", "approved_by"})


def to_path(row: PathRow) -> Path:
    """Convert a path row to the domain record."""
    return Path(row.participant_id, row.started_on, PathStatus(row.status), row.paused_days)


def to_plan(row: PlanRow) -> PlanVersion:
    """Convert a plan row to the domain record."""
    return PlanVersion(
        id=row.id,
        participant_id=row.participant_id,
        version=row.version,
        goal=row.goal,
        steps=tuple(str(s) for s in row.steps),
        commitment=row.commitment,
        created_at=row.created_at,
        created_by=row.created_by,
        confirmed_at=row.confirmed_at,
        approved_at=row.approved_at,
        approved_by=row.approved_by,
    )


def to_break(row: BreakRow) -> Break:
    """Convert a break row to the domain record."""
    return Break(
        row.id,
        row.participant_id,
        BreakReason(row.reason),
        row.starts_on,
        row.expected_end,
        row.ended_on,
    )


async def on_break(session: AsyncSession, participant_id: int, day: date) -> bool:
    """Say whether a break pauses the participant's path on that day."""
    found = await session.scalar(
        select(BreakRow.id).where(
            BreakRow.participant_id == participant_id,
            BreakRow.starts_on <= day,
            (BreakRow.ended_on.is_(None)) | (BreakRow.ended_on > day),
        )
    )
    return found is not None


class SqlPaths:
    """Paths, plans and breaks in their tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def path(self, participant_id: int) -> Path | None:
        """Return a participant's path, if it has started."""
        row = await self.session.get(PathRow, participant_id)
        return to_path(row) if row else None

    async def start(self, participant_id: int, started_on: date) -> Path:
        """Start a participant's path (once; a second start returns the first)."""
        row = await self.session.get(PathRow, participant_id)
        if row is None:
            row = PathRow(
                participant_id=participant_id,
                started_on=started_on,
                status=PathStatus.PLANNING.value,
                paused_days=0,
            )
            self.session.add(row)
            await self.session.flush()
        return to_path(row)

    async def set_path(self, participant_id: int, **changes: object) -> None:
        """Change a path (status, paused_days)."""
        unknown = set(changes) - PATH_FIELDS
        if unknown:
            raise ValueError(f"paths cannot change {sorted(unknown)}")
        values = {k: v.value if isinstance(v, PathStatus) else v for k, v in changes.items()}
        await self.session.execute(
            update(PathRow).where(PathRow.participant_id == participant_id).values(**values)
        )

    async def open_paths(self) -> list[Path]:
        """Return every path not ended by an exit."""
        rows = await self.session.scalars(
            select(PathRow)
            .where(PathRow.status != PathStatus.EXITED.value)
            .order_by(PathRow.participant_id)
        )
        return [to_path(r) for r in rows]

    async def plans(self, participant_id: int) -> list[PlanVersion]:
        """Return every version of the participant's plan, the first first."""
        rows = await self.session.scalars(
            select(PlanRow)
            .where(PlanRow.participant_id == participant_id)
            .order_by(PlanRow.version)
        )
        return [to_plan(r) for r in rows]

    async def add_plan(self, draft: PlanVersion) -> PlanVersion:
        """Store a new version, numbered after the last."""
        last = await self.session.scalar(
            select(func.max(PlanRow.version)).where(PlanRow.participant_id == draft.participant_id)
        )
        row = PlanRow(
            participant_id=draft.participant_id,
            version=(last or 0) + 1,
            goal=draft.goal,
            steps=list(draft.steps),
            commitment=draft.commitment,
            created_at=draft.created_at,
            created_by=draft.created_by,
            approved_by="",
        )
        self.session.add(row)
        await self.session.flush()
        return to_plan(row)

    async def set_plan(self, plan_id: int, **changes: object) -> None:
        """Record a version's confirmation or approval."""
        unknown = set(changes) - PLAN_FIELDS
        if unknown:
            raise ValueError(f"plans cannot change {sorted(unknown)}")
        await self.session.execute(update(PlanRow).where(PlanRow.id == plan_id).values(**changes))

    async def breaks(self, participant_id: int) -> list[Break]:
        """Return the participant's breaks, the first first."""
        rows = await self.session.scalars(
            select(BreakRow).where(BreakRow.participant_id == participant_id).order_by(BreakRow.id)
        )
        return [to_break(r) for r in rows]

    async def add_break(self, draft: Break) -> Break:
        """Store a new break."""
        row = BreakRow(
            participant_id=draft.participant_id,
            reason=draft.reason.value,
            starts_on=draft.starts_on,
            expected_end=draft.expected_end,
        )
        self.session.add(row)
        await self.session.flush()
        return dataclasses.replace(draft, id=row.id)

    async def end_break(self, break_id: int, ended_on: date) -> None:
        """Record the restart after a break."""
        await self.session.execute(
            update(BreakRow).where(BreakRow.id == break_id).values(ended_on=ended_on)
        )
