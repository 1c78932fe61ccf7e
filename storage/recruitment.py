"""Workplaces, contact persons, assignments, presentations and the contact log (implements
flows.programme_ports.Recruitment)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import Person
from flows.recruitment_model import (
    SHOWN,
    Assignment,
    Channel,
    ContactEntry,
    Figures,
    Pitch,
    Presentation,
    Status,
    Workplace,
)
from storage.models import InviteRow, PersonRow
from storage.people import to_person
from storage.recruitment_rows import (
    AssignmentRow,
    ContactLogRow,
    PresentationRow,
    WorkplaceContactRow,
    WorkplaceRow,
)
from storage.sql import insert_ignoring_conflicts, rowcount

# What `set_assignment` and `set_presentation` may change.
ASSIGNMENT_FIELDS = frozenset(
    {"status", "presented_at", "interviewing_at", "filled_at", "closed_at"}
)
PRESENTATION_FIELDS = frozenset(
    {"state", "answered_at", "verdict_at", "interview_at", "interview_ok", "placement_id"}
)


def chat_day(workplace_id: int, by_id: int, at: datetime) -> str:
    """The key that makes a day's chat with one contact person count once."""
    return f"{at.date().isoformat()}:{workplace_id}:{by_id}"


def _check(changes: dict[str, object], allowed: frozenset[str], what: str) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"{what} cannot change {sorted(unknown)}")


def to_workplace(row: WorkplaceRow) -> Workplace:
    """Convert a workplace row to the domain record."""
    return Workplace(
        id=row.id,
        unit_id=row.unit_id,
        name=row.name,
        org_number=row.org_number,
        address=row.address,
        industry=row.industry,
        size=row.size,
        coach_id=row.coach_id,
        created_at=row.created_at,
    )


def to_assignment(row: AssignmentRow) -> Assignment:
    """Convert an assignment row to the domain record."""
    return Assignment(
        id=row.id,
        workplace_id=row.workplace_id,
        unit_id=row.unit_id,
        occupation=row.occupation,
        headcount=row.headcount,
        starts_on=row.starts_on,
        hours=row.hours,
        must_haves=tuple(row.must_haves or ()),
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        status=Status(row.status),
        presented_at=row.presented_at,
        interviewing_at=row.interviewing_at,
        filled_at=row.filled_at,
        closed_at=row.closed_at,
    )


def to_presentation(row: PresentationRow) -> Presentation:
    """Convert a presentation row to the domain record."""
    return Presentation(
        id=row.id,
        assignment_id=row.assignment_id,
        participant_id=row.participant_id,
        coach_id=row.coach_id,
        cv_id=row.cv_id,
        asked_at=row.asked_at,
        state=Pitch(row.state),
        answered_at=row.answered_at,
        verdict_at=row.verdict_at,
        interview_at=row.interview_at,
        interview_ok=row.interview_ok,
        placement_id=row.placement_id,
    )


def shown_to_query(employer_id: int) -> Select[tuple[int]]:
    """The participants whose CV reached a workplace `employer_id` speaks for, with consent."""
    return (
        select(PresentationRow.participant_id)
        .join(AssignmentRow, AssignmentRow.id == PresentationRow.assignment_id)
        .join(WorkplaceContactRow, WorkplaceContactRow.workplace_id == AssignmentRow.workplace_id)
        .where(
            WorkplaceContactRow.person_id == employer_id,
            PresentationRow.state.in_([p.value for p in SHOWN]),
        )
    )


class SqlRecruitment:
    """Recruitment in its tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_workplace(self, draft: Workplace) -> Workplace:
        """Store a new workplace."""
        row = WorkplaceRow(
            unit_id=draft.unit_id,
            name=draft.name,
            org_number=draft.org_number,
            address=draft.address,
            industry=draft.industry,
            size=draft.size,
            coach_id=draft.coach_id,
            created_at=draft.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        return to_workplace(row)

    async def workplace(self, workplace_id: int) -> Workplace | None:
        """Return one workplace."""
        row = await self.session.get(WorkplaceRow, workplace_id)
        return to_workplace(row) if row else None

    async def workplaces(self, unit_id: int) -> list[Workplace]:
        """Return a unit's workplaces, by name."""
        rows = await self.session.scalars(
            select(WorkplaceRow)
            .where(WorkplaceRow.unit_id == unit_id)
            .order_by(WorkplaceRow.name, WorkplaceRow.id)
        )
        return [to_workplace(r) for r in rows]

    async def workplace_of(self, person_id: int) -> Workplace | None:
        """Return the workplace an employer contact person speaks for (the first added)."""
        row = await self.session.scalar(
            select(WorkplaceRow)
            .join(WorkplaceContactRow, WorkplaceContactRow.workplace_id == WorkplaceRow.id)
            .where(WorkplaceContactRow.person_id == person_id)
            .order_by(WorkplaceContactRow.id)
            .limit(1)
        )
        return to_workplace(row) if row else None

    async def add_contact(
        self, workplace_id: int, name: str, person_id: int | None, invite_id: int | None
    ) -> None:
        """Add a contact person (bound to the person who redeems `invite_id`)."""
        self.session.add(
            WorkplaceContactRow(
                workplace_id=workplace_id, name=name, person_id=person_id, invite_id=invite_id
            )
        )
        await self.session.flush()

    async def contacts(self, workplace_id: int) -> list[Person]:
        """Return the contact persons who use the bot."""
        rows = await self.session.scalars(
            select(PersonRow)
            .join(WorkplaceContactRow, WorkplaceContactRow.person_id == PersonRow.id)
            .where(WorkplaceContactRow.workplace_id == workplace_id, PersonRow.erased_at.is_(None))
            .order_by(WorkplaceContactRow.id)
        )
        return [to_person(r) for r in rows]

    async def invited(self, workplace_id: int, now: datetime) -> list[str]:
        """Return the names of contact persons whose invite is still open."""
        rows = await self.session.scalars(
            select(WorkplaceContactRow.name)
            .join(InviteRow, InviteRow.id == WorkplaceContactRow.invite_id)
            .where(
                WorkplaceContactRow.workplace_id == workplace_id,
                WorkplaceContactRow.person_id.is_(None),
                InviteRow.used_at.is_(None),
                InviteRow.expires_at > now,
            )
            .order_by(WorkplaceContactRow.id)
        )
        return list(rows)

    async def add_assignment(self, draft: Assignment) -> Assignment:
        """Store a new assignment."""
        row = AssignmentRow(
            workplace_id=draft.workplace_id,
            unit_id=draft.unit_id,
            occupation=draft.occupation,
            headcount=draft.headcount,
            starts_on=draft.starts_on,
            hours=draft.hours,
            must_haves=list(draft.must_haves),
            note=draft.note,
            created_by=draft.created_by,
            created_at=draft.created_at,
            status=draft.status.value,
        )
        self.session.add(row)
        await self.session.flush()
        return to_assignment(row)

    async def assignment(self, assignment_id: int) -> Assignment | None:
        """Return one assignment."""
        row = await self.session.get(AssignmentRow, assignment_id)
        return to_assignment(row) if row else None

    async def assignments(self, workplace_id: int) -> list[Assignment]:
        """Return a workplace's assignments, the newest first."""
        rows = await self.session.scalars(
            select(AssignmentRow)
            .where(AssignmentRow.workplace_id == workplace_id)
            .order_by(AssignmentRow.created_at.desc(), AssignmentRow.id.desc())
        )
        return [to_assignment(r) for r in rows]

    async def set_assignment(self, assignment_id: int, **changes: object) -> None:
        """Change an assignment's status and its dates."""
        _check(changes, ASSIGNMENT_FIELDS, "assignments")
        values = {k: (v.value if isinstance(v, Status) else v) for k, v in changes.items()}
        await self.session.execute(
            update(AssignmentRow).where(AssignmentRow.id == assignment_id).values(**values)
        )

    async def add_presentation(self, draft: Presentation) -> Presentation | None:
        """Store a new presentation; None if the participant is a candidate already."""
        found = await self.session.scalar(
            select(PresentationRow.id).where(
                PresentationRow.assignment_id == draft.assignment_id,
                PresentationRow.participant_id == draft.participant_id,
            )
        )
        if found is not None:
            return None
        row = PresentationRow(
            assignment_id=draft.assignment_id,
            participant_id=draft.participant_id,
            coach_id=draft.coach_id,
            cv_id=draft.cv_id,
            asked_at=draft.asked_at,
            state=draft.state.value,
        )
        try:
            # The unique pair settles two coaches presenting the same person at once.
            async with self.session.begin_nested():
                self.session.add(row)
                await self.session.flush()
        except IntegrityError:
            return None
        return to_presentation(row)

    async def presentation(self, presentation_id: int) -> Presentation | None:
        """Return one presentation."""
        row = await self.session.get(PresentationRow, presentation_id)
        return to_presentation(row) if row else None

    async def presentations(self, assignment_id: int) -> list[Presentation]:
        """Return an assignment's candidates, the first asked first."""
        rows = await self.session.scalars(
            select(PresentationRow)
            .where(PresentationRow.assignment_id == assignment_id)
            .order_by(PresentationRow.id)
        )
        return [to_presentation(r) for r in rows]

    async def set_presentation(self, presentation_id: int, **changes: object) -> None:
        """Change a presentation."""
        _check(changes, PRESENTATION_FIELDS, "presentations")
        values = {k: (v.value if isinstance(v, Pitch) else v) for k, v in changes.items()}
        await self.session.execute(
            update(PresentationRow).where(PresentationRow.id == presentation_id).values(**values)
        )

    async def advance(
        self, presentation_id: int, from_states: frozenset[Pitch], **changes: object
    ) -> bool:
        """Change a presentation only if it is in one of `from_states`."""
        _check(changes, PRESENTATION_FIELDS, "presentations")
        values = {k: (v.value if isinstance(v, Pitch) else v) for k, v in changes.items()}
        result = await self.session.execute(
            update(PresentationRow)
            .where(
                PresentationRow.id == presentation_id,
                PresentationRow.state.in_([s.value for s in from_states]),
            )
            .values(**values)
        )
        return rowcount(result) == 1

    async def interviews(self, after: datetime) -> list[Presentation]:
        """Return presentations with an interview booked after `after`, the soonest first."""
        rows = await self.session.scalars(
            select(PresentationRow)
            .where(
                PresentationRow.state == Pitch.INTERVIEW.value,
                PresentationRow.interview_at > after,
            )
            .order_by(PresentationRow.interview_at, PresentationRow.id)
        )
        return [to_presentation(r) for r in rows]

    async def log_contact(
        self, workplace_id: int, channel: Channel, by_id: int, at: datetime
    ) -> ContactEntry | None:
        """Log a contact; a chat counts once a day per person."""
        day = chat_day(workplace_id, by_id, at) if channel is Channel.CHAT else None
        values = {
            "workplace_id": workplace_id,
            "channel": channel.value,
            "by_id": by_id,
            "at": at,
            "chat_day": day,
        }
        stmt = insert_ignoring_conflicts(self.session, ContactLogRow, "chat_day")
        table = ContactLogRow.__table__
        result = await self.session.execute(stmt.returning(table.c.id), values)
        made = result.scalar_one_or_none()
        if made is None:
            return None
        return ContactEntry(made, workplace_id, channel, by_id, at)

    async def delete_contact(
        self, entry_id: int, workplace_id: int, by_id: int
    ) -> ContactEntry | None:
        """Delete a contact `by_id` logged with this workplace by mistake."""
        row = await self.session.get(ContactLogRow, entry_id)
        if row is None or row.workplace_id != workplace_id or row.by_id != by_id:
            return None
        gone = ContactEntry(row.id, row.workplace_id, Channel(row.channel), row.by_id, row.at)
        await self.session.execute(delete(ContactLogRow).where(ContactLogRow.id == entry_id))
        return gone

    async def contact_counts(self, workplace_id: int, since: datetime) -> dict[Channel, int]:
        """Count a workplace's contacts since a time, by channel."""
        rows = await self.session.execute(
            select(ContactLogRow.channel, func.count())
            .where(ContactLogRow.workplace_id == workplace_id, ContactLogRow.at >= since)
            .group_by(ContactLogRow.channel)
        )
        return {Channel(channel): int(n) for channel, n in rows}

    async def figures(self, unit_id: int, first: datetime, last: datetime) -> Figures:
        """Return the unit's recruitment figures for [first, last)."""

        def within(column: Any) -> Any:
            return func.count().filter(column >= first, column < last)

        a = AssignmentRow
        ended_after = or_(a.filled_at.is_(None), a.filled_at >= last)
        closed_after = or_(a.closed_at.is_(None), a.closed_at >= last)
        row = (
            await self.session.execute(
                select(
                    func.count().filter(a.created_at < last, ended_after, closed_after),
                    within(a.created_at),
                    within(a.filled_at),
                    within(a.closed_at),
                ).where(a.unit_id == unit_id)
            )
        ).one()
        hires = await self.session.scalar(
            select(func.count())
            .select_from(PresentationRow)
            .join(AssignmentRow, AssignmentRow.id == PresentationRow.assignment_id)
            .where(
                AssignmentRow.unit_id == unit_id,
                PresentationRow.state == Pitch.HIRED.value,
                PresentationRow.verdict_at >= first,
                PresentationRow.verdict_at < last,
            )
        )
        employers = await self.session.scalar(
            select(func.count()).where(
                WorkplaceRow.unit_id == unit_id,
                WorkplaceRow.created_at >= first,
                WorkplaceRow.created_at < last,
            )
        )
        contacts = await self.session.execute(
            select(ContactLogRow.channel, func.count())
            .join(WorkplaceRow, WorkplaceRow.id == ContactLogRow.workplace_id)
            .where(
                WorkplaceRow.unit_id == unit_id,
                ContactLogRow.at >= first,
                ContactLogRow.at < last,
            )
            .group_by(ContactLogRow.channel)
        )
        return Figures(
            open_assignments=int(row[0]),
            new_assignments=int(row[1]),
            filled=int(row[2]),
            closed=int(row[3]),
            hires=int(hires or 0),
            new_employers=int(employers or 0),
            contacts={Channel(c): int(n) for c, n in contacts},
        )
