"""In-memory placements (the same contract as storage.placements.SqlPlacements)."""

from __future__ import annotations

import dataclasses
from datetime import date

from flows.model import Person, Role
from flows.placement_model import OPEN_FOLLOW_UPS, Exit, FollowUp, Placement, Reply
from storage.placements import FOLLOW_UP_FIELDS, PLACEMENT_FIELDS
from tests.fakes.db import FakeDb


class FakePlacements:
    """Placements, follow-ups, answers and exits in dicts of the FakeDb."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def create(self, draft: Placement, invite_id: int | None) -> Placement:
        """Store a new placement; with an invite, its employer is whoever redeems it."""
        made = dataclasses.replace(draft, id=self.db.next_id())
        if invite_id is not None:
            made = dataclasses.replace(made, employer_id=0)
            self.db.placement_invites[made.id] = invite_id
        self.db.placements[made.id] = made
        return made

    def _joined(self, found: Placement | None) -> Placement | None:
        return found if found is not None and found.employer_id else None

    async def get(self, placement_id: int) -> Placement | None:
        """Return one placement (None while its employer has not joined)."""
        return self._joined(self.db.placements.get(placement_id))

    def _all(self) -> list[Placement]:
        return sorted(
            (p for p in self.db.placements.values() if p.employer_id), key=lambda p: p.id
        )

    async def active(self) -> list[Placement]:
        """Return every placement still going on, with an employer who has joined."""
        return [p for p in self._all() if p.active]

    async def of_participant(self, participant_id: int) -> list[Placement]:
        """Return a participant's placements."""
        return [p for p in self._all() if p.participant_id == participant_id]

    async def change(self, placement_id: int, **changes: object) -> Placement | None:
        """Change a placement (kind, subsidy, hired_on, ends_on, ended_on, outcome)."""
        unknown = set(changes) - PLACEMENT_FIELDS
        if unknown:
            raise ValueError(f"placements cannot change {sorted(unknown)}")
        found = self._joined(self.db.placements.get(placement_id))
        if found is None:
            return None
        self.db.placements[placement_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]
        return self.db.placements[placement_id]

    async def bind_employers(self) -> None:
        """Give placements whose employer invite has been redeemed their employer."""
        for pid, invite_id in list(self.db.placement_invites.items()):
            invite = self.db.invites.get(invite_id)
            if invite is not None and invite.used_by is not None:
                self.db.placements[pid] = dataclasses.replace(
                    self.db.placements[pid], employer_id=invite.used_by
                )
                del self.db.placement_invites[pid]

    async def add_follow_up(
        self,
        participant_id: int,
        placement_id: int | None,
        key: str,
        due_on: date,
        competence: bool,
    ) -> FollowUp | None:
        """Plan a follow-up; None if one with this key is planned already."""
        if any(
            f.participant_id == participant_id and f.key == key
            for f in self.db.follow_ups.values()
        ):
            return None
        made = FollowUp(self.db.next_id(), participant_id, placement_id, key, due_on, competence)
        self.db.follow_ups[made.id] = made
        return made

    async def follow_up(self, follow_up_id: int) -> FollowUp | None:
        """Return one follow-up."""
        return self.db.follow_ups.get(follow_up_id)

    async def follow_ups(self, participant_id: int) -> list[FollowUp]:
        """Return a participant's follow-ups, by date."""
        found = [f for f in self.db.follow_ups.values() if f.participant_id == participant_id]
        return sorted(found, key=lambda f: (f.due_on, f.id))

    async def open_follow_ups(self, until: date) -> list[FollowUp]:
        """Return follow-ups planned or asked and due on or before `until`."""
        found = [
            f
            for f in self.db.follow_ups.values()
            if f.state in OPEN_FOLLOW_UPS and f.due_on <= until
        ]
        return sorted(found, key=lambda f: (f.due_on, f.id))

    async def set_follow_up(self, follow_up_id: int, **changes: object) -> None:
        """Change a follow-up (state, due_on, asked_at, note)."""
        unknown = set(changes) - FOLLOW_UP_FIELDS
        if unknown:
            raise ValueError(f"follow-ups cannot change {sorted(unknown)}")
        found = self.db.follow_ups.get(follow_up_id)
        if found is not None:
            self.db.follow_ups[follow_up_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]

    async def reply(self, answer: Reply) -> None:
        """Store an answer (a later answer to the same question replaces it)."""
        key = (answer.follow_up_id, answer.side, answer.question)
        self.db.replies.pop(key, None)
        self.db.replies[key] = answer

    async def replies(self, follow_up_id: int) -> list[Reply]:
        """Return the answers to a follow-up, in the order given."""
        return [r for r in self.db.replies.values() if r.follow_up_id == follow_up_id]

    async def record_exit(self, record: Exit) -> None:
        """Record a participant's exit (once)."""
        self.db.exits.setdefault(record.participant_id, record)

    async def exit_of(self, participant_id: int) -> Exit | None:
        """Return a participant's exit, if any."""
        return self.db.exits.get(participant_id)

    async def employers(self, unit_id: int) -> list[Person]:
        """Return the employer contacts of a unit."""
        found = [
            p for p in self.db.people.values() if p.unit_id == unit_id and p.role is Role.EMPLOYER
        ]
        return sorted(found, key=lambda p: (p.display_name, p.id))
