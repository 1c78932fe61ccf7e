"""Who may see whom: the one place the visibility rule lives in the query layer."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import Person, Role
from storage.models import CaseloadRow, PersonRow
from storage.repositories import to_person


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
    # Employers see the participants of their own active placements; placements do not exist
    # yet, so they see nobody. Participants never see other participants.
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
