"""The in-memory `Access` port: the same rules as storage/access.py, over a FakeDb."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.model import Person, Role
from flows.recruitment_model import SHOWN
from storage.access import may_use_activity, may_use_workplace


@dataclass
class FakeAccess:
    """Visibility over the FakeDb; staff reads are kept in `reads`."""

    db: Any
    reads: list[tuple[int, int, str, datetime]] = field(default_factory=list)

    async def can_see(self, viewer: Person, participant_id: int) -> bool:
        """Say whether the viewer may see this participant."""
        target = self.db.people.get(participant_id)
        if target is None or target.role is not Role.PARTICIPANT:
            return False
        if viewer.role is Role.PARTICIPANT:
            return viewer.id == participant_id
        if viewer.role is Role.MANAGER:
            return target.unit_id == viewer.unit_id
        if viewer.role is Role.COACH:
            return any(
                c.coach_id == viewer.id and c.participant_id == participant_id and c.until is None
                for c in self.db.caseloads
            )
        if viewer.role is Role.EMPLOYER:
            return any(
                p.employer_id == viewer.id and p.participant_id == participant_id and p.active
                for p in self.db.placements.values()
            ) or any(
                p.participant_id == participant_id
                and p.state in SHOWN
                and self._speaks_for(viewer, self.db.assignments[p.assignment_id].workplace_id)
                for p in self.db.presentations.values()
            )
        return False

    def _speaks_for(self, viewer: Person, workplace_id: int) -> bool:
        return any(c[0] == workplace_id and c[2] == viewer.id for c in self.db.workplace_contacts)

    async def can_use_workplace(self, viewer: Person, workplace_id: int) -> bool:
        """Say whether the viewer may act for or on this workplace."""
        if viewer.role is Role.EMPLOYER:
            return self._speaks_for(viewer, workplace_id)
        found = self.db.workplaces.get(workplace_id)
        return found is not None and may_use_workplace(viewer, found.unit_id)

    async def can_use_activity(self, viewer: Person, activity_id: int) -> bool:
        """Say whether the viewer may act on this activity's sessions."""
        activity = self.db.activities.get(activity_id)
        if activity is None:
            return False
        enrolled = viewer.id in activity.participant_ids
        return may_use_activity(viewer, activity.unit_id, activity.coach_id, enrolled)

    async def log_read(self, viewer: Person, participant_id: int, what: str, at: datetime) -> None:
        """Keep the read in memory."""
        self.reads.append((viewer.id, participant_id, what, at))
