"""Placements, follow-ups, answers and exits (implements flows.ports.Placements)."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import Person, Role
from flows.placement_model import (
    OPEN_FOLLOW_UPS,
    Exit,
    FollowUp,
    FollowUpState,
    Placement,
    PlacementKind,
    Reply,
    Side,
)
from storage.models import InviteRow, PersonRow
from storage.people import to_person
from storage.placement_rows import ExitRow, FollowUpReplyRow, FollowUpRow, PlacementRow

# What `change` may set on a placement and `set_follow_up` on a follow-up.
PLACEMENT_FIELDS = frozenset({"kind", "subsidy", "hired_on", "ends_on", "ended_on", "outcome"})
FOLLOW_UP_FIELDS = frozenset({"state", "due_on", "asked_at", "reminded_at", "alerted_at", "note"})


def to_placement(row: PlacementRow) -> Placement:
    """Convert a placement row (with its employer) to the domain record."""
    assert row.employer_id is not None
    return Placement(
        id=row.id,
        participant_id=row.participant_id,
        employer_id=row.employer_id,
        coach_id=row.coach_id,
        unit_id=row.unit_id,
        workplace=row.workplace,
        kind=PlacementKind(row.kind),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        created_at=row.created_at,
        subsidy=row.subsidy,
        hired_on=row.hired_on,
        ended_on=row.ended_on,
        outcome=row.outcome,
    )


def to_follow_up(row: FollowUpRow) -> FollowUp:
    """Convert a follow-up row to the domain record."""
    return FollowUp(
        id=row.id,
        participant_id=row.participant_id,
        placement_id=row.placement_id,
        key=row.key,
        due_on=row.due_on,
        competence=row.competence,
        state=FollowUpState(row.state),
        asked_at=row.asked_at,
        reminded_at=row.reminded_at,
        alerted_at=row.alerted_at,
        note=row.note,
    )


class SqlPlacements:
    """Placements and their follow-ups in their tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, draft: Placement, invite_id: int | None) -> Placement:
        """Store a new placement; with an invite, its employer is whoever redeems it."""
        row = PlacementRow(
            participant_id=draft.participant_id,
            employer_id=None if invite_id is not None else draft.employer_id,
            invite_id=invite_id,
            coach_id=draft.coach_id,
            unit_id=draft.unit_id,
            workplace=draft.workplace,
            kind=draft.kind.value,
            subsidy=draft.subsidy,
            starts_on=draft.starts_on,
            ends_on=draft.ends_on,
            created_at=draft.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        return dataclasses.replace(draft, id=row.id, employer_id=row.employer_id or 0)

    async def get(self, placement_id: int) -> Placement | None:
        """Return one placement (None while its employer has not joined)."""
        row = await self.session.get(PlacementRow, placement_id)
        return to_placement(row) if row and row.employer_id is not None else None

    async def active(self) -> list[Placement]:
        """Return every placement still going on, with an employer who has joined."""
        return await self._where(PlacementRow.ended_on.is_(None))

    async def of_participant(self, participant_id: int) -> list[Placement]:
        """Return a participant's placements, active or not, the oldest first."""
        return await self._where(PlacementRow.participant_id == participant_id)

    async def _where(self, *conditions: object) -> list[Placement]:
        rows = await self.session.scalars(
            select(PlacementRow)
            .where(PlacementRow.employer_id.is_not(None), *conditions)  # type: ignore[arg-type]
            .order_by(PlacementRow.id)
        )
        return [to_placement(r) for r in rows]

    async def change(self, placement_id: int, **changes: object) -> Placement | None:
        """Change a placement (kind, subsidy, hired_on, ends_on, ended_on, outcome)."""
        unknown = set(changes) - PLACEMENT_FIELDS
        if unknown:
            raise ValueError(f"placements cannot change {sorted(unknown)}")
        row = await self.session.get(PlacementRow, placement_id)
        if row is None or row.employer_id is None:
            return None
        for name, value in changes.items():
            setattr(row, name, value.value if isinstance(value, PlacementKind) else value)
        await self.session.flush()
        return to_placement(row)

    async def bind_employers(self) -> None:
        """Give placements whose employer invite has been redeemed their employer."""
        used = (
            select(InviteRow.used_by)
            .where(InviteRow.id == PlacementRow.invite_id, InviteRow.used_by.is_not(None))
            .scalar_subquery()
        )
        await self.session.execute(
            update(PlacementRow)
            .where(PlacementRow.employer_id.is_(None), PlacementRow.invite_id.is_not(None))
            .values(employer_id=used)
            .execution_options(synchronize_session=False)
        )

    async def add_follow_up(
        self,
        participant_id: int,
        placement_id: int | None,
        key: str,
        due_on: date,
        competence: bool,
    ) -> FollowUp | None:
        """Plan a follow-up; None if one with this key is planned already."""
        found = await self.session.scalar(
            select(FollowUpRow.id).where(
                FollowUpRow.participant_id == participant_id, FollowUpRow.key == key
            )
        )
        if found is not None:
            return None
        row = FollowUpRow(
            participant_id=participant_id,
            placement_id=placement_id,
            key=key,
            due_on=due_on,
            competence=competence,
            state=FollowUpState.PLANNED.value,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # planned by another transaction in the meantime
            return None
        return to_follow_up(row)

    async def follow_up(self, follow_up_id: int) -> FollowUp | None:
        """Return one follow-up."""
        row = await self.session.get(FollowUpRow, follow_up_id)
        return to_follow_up(row) if row else None

    async def follow_ups(self, participant_id: int) -> list[FollowUp]:
        """Return a participant's follow-ups, by date."""
        rows = await self.session.scalars(
            select(FollowUpRow)
            .where(FollowUpRow.participant_id == participant_id)
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
        )
        return [to_follow_up(r) for r in rows]

    async def open_follow_ups(self, until: date) -> list[FollowUp]:
        """Return follow-ups planned or asked and due on or before `until`."""
        rows = await self.session.scalars(
            select(FollowUpRow)
            .where(
                FollowUpRow.state.in_([s.value for s in OPEN_FOLLOW_UPS]),
                FollowUpRow.due_on <= until,
            )
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
        )
        return [to_follow_up(r) for r in rows]

    async def set_follow_up(self, follow_up_id: int, **changes: object) -> None:
        """Change a follow-up (state, due_on, asked_at, note)."""
        unknown = set(changes) - FOLLOW_UP_FIELDS
        if unknown:
            raise ValueError(f"follow-ups cannot change {sorted(unknown)}")
        values = {k: v.value if isinstance(v, FollowUpState) else v for k, v in changes.items()}
        await self.session.execute(
            update(FollowUpRow).where(FollowUpRow.id == follow_up_id).values(**values)
        )

    async def reply(self, answer: Reply) -> None:
        """Store an answer (a later answer to the same question replaces it)."""
        row = await self.session.scalar(
            select(FollowUpReplyRow).where(
                FollowUpReplyRow.follow_up_id == answer.follow_up_id,
                FollowUpReplyRow.side == answer.side.value,
                FollowUpReplyRow.question == answer.question,
            )
        )
        if row is None:
            row = FollowUpReplyRow(
                follow_up_id=answer.follow_up_id, side=answer.side.value, question=answer.question
            )
            self.session.add(row)
        row.value, row.comment, row.at = answer.value, answer.comment, answer.at
        await self.session.flush()

    async def replies(self, follow_up_id: int) -> list[Reply]:
        """Return the answers to a follow-up, in the order given."""
        rows = await self.session.scalars(
            select(FollowUpReplyRow)
            .where(FollowUpReplyRow.follow_up_id == follow_up_id)
            .order_by(FollowUpReplyRow.id)
        )
        return [
            Reply(r.follow_up_id, Side(r.side), r.question, r.value, r.comment, r.at) for r in rows
        ]

    async def record_exit(self, record: Exit) -> None:
        """Record a participant's exit (once)."""
        if await self.session.get(ExitRow, record.participant_id) is None:
            self.session.add(ExitRow(**dataclasses.asdict(record)))
            await self.session.flush()

    async def exit_of(self, participant_id: int) -> Exit | None:
        """Return a participant's exit, if any."""
        row = await self.session.get(ExitRow, participant_id)
        if row is None:
            return None
        return Exit(row.participant_id, row.reason, row.outcome, row.exited_on, row.coach_id)

    async def employers(self, unit_id: int) -> list[Person]:
        """Return the employer contacts of a unit."""
        rows = await self.session.scalars(
            select(PersonRow)
            .where(
                PersonRow.unit_id == unit_id,
                PersonRow.role == Role.EMPLOYER.value,
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        return [to_person(r) for r in rows]
