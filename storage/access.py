"""Who may see whom: the one place the visibility rule lives in the query layer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import Person, Role
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AuditRow,
    CaseloadRow,
    PersonRow,
)
from storage.people import to_person
from storage.placement_rows import PlacementRow
from storage.recruitment import shown_to_query
from storage.recruitment_rows import WorkplaceContactRow, WorkplaceRow


def visible_participants_query(viewer: Person) -> Select[tuple[PersonRow]] | None:
    """Return the query for the participants `viewer` may see, or None if they see nobody."""
    participants = select(PersonRow).where(
        PersonRow.role == Role.PARTICIPANT.value, PersonRow.erased_at.is_(None)
    )
    if viewer.role is Role.MANAGER:
        return participants.where(PersonRow.unit_id == viewer.unit_id)
    if viewer.role is Role.COACH:
        return participants.join(CaseloadRow, CaseloadRow.participant_id == PersonRow.id).where(
            CaseloadRow.coach_id == viewer.id, CaseloadRow.until.is_(None)
        )
    if viewer.role is Role.EMPLOYER:
        # Employers see the participants of their own active placements and those who
        # consented to being presented to their workplace, nobody else.
        placed = select(PlacementRow.participant_id).where(
            PlacementRow.employer_id == viewer.id, PlacementRow.ended_on.is_(None)
        )
        return participants.where(
            or_(PersonRow.id.in_(placed), PersonRow.id.in_(shown_to_query(viewer.id)))
        )
    # Participants never see other participants.
    return None


async def visible_participants(session: AsyncSession, viewer: Person) -> list[Person]:
    """Return the participants `viewer` may see, ordered by id."""
    query = visible_participants_query(viewer)
    if query is None:
        return []
    rows = (await session.scalars(query.order_by(PersonRow.id))).all()
    return [to_person(row) for row in rows]


async def can_see(session: AsyncSession, viewer: Person, participant_id: int) -> bool:
    """Say whether `viewer` may see the participant's data."""
    query = visible_participants_query(viewer)
    if query is None:
        return False
    found = await session.scalar(
        query.with_only_columns(PersonRow.id).where(PersonRow.id == participant_id)
    )
    return found is not None


def may_use_activity(viewer: Person, unit_id: int, coach_id: int | None, enrolled: bool) -> bool:
    """The activity rule: a participant enrolled in it, its coach in its unit, its unit's
    manager. Employers never act on activities."""
    if viewer.role is Role.PARTICIPANT:
        return enrolled
    if viewer.unit_id != unit_id:
        return False
    if viewer.role is Role.COACH:
        return coach_id == viewer.id
    return viewer.role is Role.MANAGER


def may_use_workplace(viewer: Person, unit_id: int) -> bool:
    """The staff side of the workplace rule: the unit's coaches and manager (an employer's
    side is being one of its contact persons; participants never)."""
    return viewer.role in (Role.COACH, Role.MANAGER) and viewer.unit_id == unit_id


class SqlAccess:
    """The `Access` port: the visibility rules above, and the audit log of staff reads."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def can_see(self, viewer: Person, participant_id: int) -> bool:
        """Say whether the viewer may see this participant (a participant: only themself)."""
        if viewer.role is Role.PARTICIPANT:
            return viewer.id == participant_id
        return await can_see(self.session, viewer, participant_id)

    async def can_use_activity(self, viewer: Person, activity_id: int) -> bool:
        """Say whether the viewer may act on this activity's sessions."""
        row = await self.session.get(ActivityRow, activity_id)
        if row is None:
            return False
        enrolled = (
            viewer.role is Role.PARTICIPANT
            and (await self.session.get(ActivityParticipantRow, (activity_id, viewer.id)))
            is not None
        )
        return may_use_activity(viewer, row.unit_id, row.coach_id, enrolled)

    async def can_use_workplace(self, viewer: Person, workplace_id: int) -> bool:
        """Say whether the viewer may act for or on this employer's workplace."""
        if viewer.role is Role.EMPLOYER:
            found = await self.session.scalar(
                select(WorkplaceContactRow.id).where(
                    WorkplaceContactRow.workplace_id == workplace_id,
                    WorkplaceContactRow.person_id == viewer.id,
                )
            )
            return found is not None
        row = await self.session.get(WorkplaceRow, workplace_id)
        return row is not None and may_use_workplace(viewer, row.unit_id)

    async def log_read(self, viewer: Person, participant_id: int, what: str, at: datetime) -> None:
        """Record that a staff member opened or acted on a participant's data."""
        self.session.add(
            AuditRow(at=at, actor_id=viewer.id, subject_id=participant_id, action=f"read:{what}")
        )
        await self.session.flush()
