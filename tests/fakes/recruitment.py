"""In-memory recruitment (the same contract as storage.recruitment.SqlRecruitment)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from flows.model import Person
from flows.recruitment_model import (
    Assignment,
    Channel,
    ContactEntry,
    Figures,
    Pitch,
    Presentation,
    Workplace,
)
from storage.recruitment import ASSIGNMENT_FIELDS, PRESENTATION_FIELDS
from tests.fakes.db import FakeDb, utc


def _within(value: datetime | None, first: datetime, last: datetime) -> bool:
    return value is not None and first <= value < last


class FakeRecruitment:
    """Workplaces, assignments, presentations and contacts in the FakeDb."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def add_workplace(self, draft: Workplace) -> Workplace:
        """Store a new workplace."""
        made = dataclasses.replace(draft, id=self.db.next_id(), created_at=utc(draft.created_at))
        self.db.workplaces[made.id] = made
        return made

    async def workplace(self, workplace_id: int) -> Workplace | None:
        """Return one workplace."""
        return self.db.workplaces.get(workplace_id)

    async def workplaces(self, unit_id: int) -> list[Workplace]:
        """Return a unit's workplaces, by name."""
        found = [w for w in self.db.workplaces.values() if w.unit_id == unit_id]
        return sorted(found, key=lambda w: (w.name, w.id))

    async def workplace_of(self, person_id: int) -> Workplace | None:
        """Return the workplace the contact person speaks for (the first added)."""
        for workplace_id, _, pid, _ in self.db.workplace_contacts:
            if pid == person_id:
                return self.db.workplaces[workplace_id]
        return None

    async def add_contact(
        self, workplace_id: int, name: str, person_id: int | None, invite_id: int | None
    ) -> None:
        """Add a contact person."""
        self.db.workplace_contacts.append([workplace_id, name, person_id, invite_id])

    async def contacts(self, workplace_id: int) -> list[Person]:
        """Return the contact persons who use the bot."""
        return [
            self.db.people[pid]
            for wid, _, pid, _ in self.db.workplace_contacts
            if wid == workplace_id and pid is not None
        ]

    async def invited(self, workplace_id: int, now: datetime) -> list[str]:
        """Return the names of contact persons whose invite is still open."""
        return [
            n
            for wid, n, pid, invite in self.db.workplace_contacts
            if wid == workplace_id
            and pid is None
            and invite is not None
            and self.db.invites[invite].usable_at(now)
        ]

    async def add_assignment(self, draft: Assignment) -> Assignment:
        """Store a new assignment."""
        made = dataclasses.replace(draft, id=self.db.next_id(), created_at=utc(draft.created_at))
        self.db.assignments[made.id] = made
        return made

    async def assignment(self, assignment_id: int) -> Assignment | None:
        """Return one assignment."""
        return self.db.assignments.get(assignment_id)

    async def assignments(self, workplace_id: int) -> list[Assignment]:
        """Return a workplace's assignments, the newest first."""
        found = [a for a in self.db.assignments.values() if a.workplace_id == workplace_id]
        return sorted(found, key=lambda a: (a.created_at, a.id), reverse=True)

    async def set_assignment(self, assignment_id: int, **changes: object) -> None:
        """Change an assignment's status and its dates."""
        unknown = set(changes) - ASSIGNMENT_FIELDS
        if unknown:
            raise ValueError(f"assignments cannot change {sorted(unknown)}")
        found = self.db.assignments.get(assignment_id)
        if found is not None:
            self.db.assignments[assignment_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]

    async def add_presentation(self, draft: Presentation) -> Presentation | None:
        """Store a new presentation; None if the participant is a candidate already."""
        if any(
            p.assignment_id == draft.assignment_id and p.participant_id == draft.participant_id
            for p in self.db.presentations.values()
        ):
            return None
        made = dataclasses.replace(draft, id=self.db.next_id(), asked_at=utc(draft.asked_at))
        self.db.presentations[made.id] = made
        return made

    async def presentation(self, presentation_id: int) -> Presentation | None:
        """Return one presentation."""
        return self.db.presentations.get(presentation_id)

    async def presentations(self, assignment_id: int) -> list[Presentation]:
        """Return an assignment's candidates, the first asked first."""
        found = [p for p in self.db.presentations.values() if p.assignment_id == assignment_id]
        return sorted(found, key=lambda p: p.id)

    async def set_presentation(self, presentation_id: int, **changes: object) -> None:
        """Change a presentation."""
        unknown = set(changes) - PRESENTATION_FIELDS
        if unknown:
            raise ValueError(f"presentations cannot change {sorted(unknown)}")
        found = self.db.presentations.get(presentation_id)
        if found is not None:
            self.db.presentations[presentation_id] = dataclasses.replace(found, **changes)  # type: ignore[arg-type]

    async def advance(
        self, presentation_id: int, from_states: frozenset[Pitch], **changes: object
    ) -> bool:
        """Change a presentation only if it is in one of `from_states`."""
        found = self.db.presentations.get(presentation_id)
        if found is None or found.state not in from_states:
            return False
        await self.set_presentation(presentation_id, **changes)
        return True

    async def interviews(self, after: datetime) -> list[Presentation]:
        """Return presentations with an interview booked after `after`, the soonest first."""
        found = [
            p
            for p in self.db.presentations.values()
            if p.state is Pitch.INTERVIEW and p.interview_at is not None and p.interview_at > after
        ]
        return sorted(found, key=lambda p: (p.interview_at or after, p.id))

    async def log_contact(
        self, workplace_id: int, channel: Channel, by_id: int, at: datetime
    ) -> ContactEntry | None:
        """Log a contact; a chat counts once a day per person."""
        at = utc(at)
        if channel is Channel.CHAT and any(
            e.channel is Channel.CHAT
            and e.workplace_id == workplace_id
            and e.by_id == by_id
            and e.at.date() == at.date()
            for e in self.db.contact_log.values()
        ):
            return None
        made = ContactEntry(self.db.next_id(), workplace_id, channel, by_id, at)
        self.db.contact_log[made.id] = made
        return made

    async def delete_contact(
        self, entry_id: int, workplace_id: int, by_id: int
    ) -> ContactEntry | None:
        """Delete a contact `by_id` logged with this workplace by mistake."""
        found = self.db.contact_log.get(entry_id)
        if found is None or found.workplace_id != workplace_id or found.by_id != by_id:
            return None
        return self.db.contact_log.pop(entry_id)

    async def contact_counts(self, workplace_id: int, since: datetime) -> dict[Channel, int]:
        """Count a workplace's contacts since a time, by channel."""
        counts: dict[Channel, int] = {}
        for e in self.db.contact_log.values():
            if e.workplace_id == workplace_id and e.at >= since:
                counts[e.channel] = counts.get(e.channel, 0) + 1
        return counts

    async def figures(self, unit_id: int, first: datetime, last: datetime) -> Figures:
        """Return the unit's recruitment figures for [first, last)."""
        mine = [a for a in self.db.assignments.values() if a.unit_id == unit_id]
        ids = {a.id for a in mine}
        units = {w.id for w in self.db.workplaces.values() if w.unit_id == unit_id}
        contacts: dict[Channel, int] = {}
        for e in self.db.contact_log.values():
            if e.workplace_id in units and _within(e.at, first, last):
                contacts[e.channel] = contacts.get(e.channel, 0) + 1
        return Figures(
            open_assignments=sum(
                1
                for a in mine
                if a.created_at < last
                and (a.filled_at is None or a.filled_at >= last)
                and (a.closed_at is None or a.closed_at >= last)
            ),
            new_assignments=sum(1 for a in mine if _within(a.created_at, first, last)),
            filled=sum(1 for a in mine if _within(a.filled_at, first, last)),
            closed=sum(1 for a in mine if _within(a.closed_at, first, last)),
            hires=sum(
                1
                for p in self.db.presentations.values()
                if p.assignment_id in ids
                and p.state is Pitch.HIRED
                and _within(p.verdict_at, first, last)
            ),
            new_employers=sum(
                1
                for w in self.db.workplaces.values()
                if w.unit_id == unit_id and _within(w.created_at, first, last)
            ),
            contacts=contacts,
        )
