"""In-memory paths, plans and breaks (the same contract as storage.paths.SqlPaths)."""

from __future__ import annotations

import dataclasses
from datetime import date

from flows.path_model import Break, Path, PathStatus, PlanVersion
from storage.paths import PATH_FIELDS, PLAN_FIELDS
from tests.fakes.db import FakeDb


def fake_on_break(db: FakeDb, participant_id: int, day: date) -> bool:
    """Say whether a break pauses the participant's path on that day."""
    return any(
        b.participant_id == participant_id
        and b.starts_on <= day
        and (b.ended_on is None or b.ended_on > day)
        for b in db.breaks.values()
    )


class FakePaths:
    """Paths, plans and breaks in dicts of the FakeDb."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def path(self, participant_id: int) -> Path | None:
        """Return a participant's path, if it has started."""
        return self.db.paths.get(participant_id)

    async def start(self, participant_id: int, started_on: date) -> Path:
        """Start a participant's path (once)."""
        return self.db.paths.setdefault(
            participant_id, Path(participant_id, started_on, PathStatus.PLANNING)
        )

    async def set_path(self, participant_id: int, **changes: object) -> None:
        """Change a path (status, paused_days)."""
        unknown = set(changes) - PATH_FIELDS
        if unknown:
            raise ValueError(f"paths cannot change {sorted(unknown)}")
        found = self.db.paths.get(participant_id)
        if found is not None:
            self.db.paths[participant_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]

    async def open_paths(self) -> list[Path]:
        """Return every path not ended by an exit."""
        return sorted(
            (p for p in self.db.paths.values() if p.status is not PathStatus.EXITED),
            key=lambda p: p.participant_id,
        )

    async def plans(self, participant_id: int) -> list[PlanVersion]:
        """Return every version of the participant's plan, the first first."""
        found = [p for p in self.db.plans.values() if p.participant_id == participant_id]
        return sorted(found, key=lambda p: p.version)

    async def add_plan(self, draft: PlanVersion) -> PlanVersion:
        """Store a new version, numbered after the last."""
        last = max((p.version for p in await self.plans(draft.participant_id)), default=0)
        made = dataclasses.replace(draft, id=self.db.next_id(), version=last + 1)
        self.db.plans[made.id] = made
        return made

    async def set_plan(self, plan_id: int, **changes: object) -> None:
        """Record a version's confirmation or approval."""
        unknown = set(changes) - PLAN_FIELDS
        if unknown:
            raise ValueError(f"plans cannot change {sorted(unknown)}")
        found = self.db.plans.get(plan_id)
        if found is not None:
            self.db.plans[plan_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]

    async def breaks(self, participant_id: int) -> list[Break]:
        """Return the participant's breaks, the first first."""
        found = [b for b in self.db.breaks.values() if b.participant_id == participant_id]
        return sorted(found, key=lambda b: b.id)

    async def add_break(self, draft: Break) -> Break:
        """Store a new break."""
        made = dataclasses.replace(draft, id=self.db.next_id())
        self.db.breaks[made.id] = made
        return made

    async def end_break(self, break_id: int, ended_on: date) -> None:
        """Record the restart after a break."""
        found = self.db.breaks.get(break_id)
        if found is not None:
            self.db.breaks[break_id] = dataclasses.replace(found, ended_on=ended_on)
