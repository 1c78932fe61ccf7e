"""Seeding and administration: units, people, caseloads, activities, housekeeping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    Person,
    Role,
    Unit,
)
from storage.models import (
    AttendanceRow,
    CaseloadRow,
    InboxRow,
    OutboxMessageRow,
    PersonRow,
    UnitRow,
)
from storage.people import DEFAULT_LANGUAGES, to_person, to_unit
from storage.sql import rowcount


async def create_unit(
    session: AsyncSession,
    code: str,
    name: str,
    timezone: str = "Europe/Stockholm",
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> Unit:
    """Create a unit."""
    row = UnitRow(code=code, name=name, timezone=timezone, languages=list(languages))
    session.add(row)
    await session.flush()
    return to_unit(row)


async def unit_by_code(session: AsyncSession, code: str) -> Unit | None:
    """Return the unit with this code, if any."""
    row = await session.scalar(select(UnitRow).where(UnitRow.code == code))
    return None if row is None else to_unit(row)


async def create_person(
    session: AsyncSession,
    role: Role,
    unit_id: int,
    display_name: str,
    locale: str,
    telegram_user_id: int | None = None,
    chat_id: int | None = None,
) -> Person:
    """Create a person directly (admin and demo seeding; users join through invites)."""
    row = PersonRow(
        role=role.value,
        unit_id=unit_id,
        display_name=display_name,
        locale=locale,
        telegram_user_id=telegram_user_id,
        chat_id=chat_id,
    )
    session.add(row)
    await session.flush()
    return to_person(row)


async def assign_caseload(
    session: AsyncSession, coach_id: int, participant_id: int, since: datetime
) -> None:
    """Make `coach_id` the participant's active coach, ending any previous assignment."""
    await session.execute(
        update(CaseloadRow)
        .where(CaseloadRow.participant_id == participant_id, CaseloadRow.until.is_(None))
        .values(until=since)
        .execution_options(synchronize_session=False)
    )
    session.add(CaseloadRow(coach_id=coach_id, participant_id=participant_id, since=since))
    await session.flush()


async def purge_inbox(session: AsyncSession, older_than: datetime) -> int:
    """Delete processed inbox records received before `older_than`; return how many.

    Updates still waiting are never deleted, however old.
    """
    result = await session.execute(
        delete(InboxRow).where(InboxRow.received_at < older_than, InboxRow.done_at.is_not(None))
    )
    return rowcount(result)


async def purge_outbox(
    session: AsyncSession, now: datetime, keep: timedelta, health: timedelta
) -> int:
    """Apply the outbox retention; return how many rows were deleted or emptied.

    Finished messages (sent, failed, expired) go after `keep`; those carrying health
    reasons after `health` if that is shorter; secrets (invite links) lose their text as
    soon as they are finished.
    """
    finished = OutboxMessageRow.status.in_(("sent", "failed", "expired"))
    since = func.coalesce(OutboxMessageRow.sent_at, OutboxMessageRow.created_at)
    health_cut = now - min(keep, health)
    old = or_(
        since < now - keep,
        and_(OutboxMessageRow.retention == "health", since < health_cut),
    )
    deleted = await session.execute(
        delete(OutboxMessageRow).where(finished, old).execution_options(synchronize_session=False)
    )
    emptied = await session.execute(
        update(OutboxMessageRow)
        .where(finished, OutboxMessageRow.retention == "secret", OutboxMessageRow.text != "")
        .values(text="", reply_markup=None, attachment=None)
        .execution_options(synchronize_session=False)
    )
    return rowcount(deleted) + rowcount(emptied)


async def forget_health_reasons(
    session: AsyncSession, older_than: datetime, categories: Sequence[str]
) -> int:
    """Drop reasons that reveal health (and any note) from records older than `older_than`.

    The absence itself stays on record; only the health detail goes (short retention).
    """
    result = await session.execute(
        update(AttendanceRow)
        .where(
            AttendanceRow.category.in_(list(categories)), AttendanceRow.recorded_at < older_than
        )
        .values(category=None, note="")
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


async def set_unit_settings(
    session: AsyncSession, unit_id: int, settings: Mapping[str, Any]
) -> Unit:
    """Replace a unit's settings and return the updated unit."""
    result = await session.execute(
        update(UnitRow)
        .where(UnitRow.id == unit_id)
        .values(settings=dict(settings))
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) != 1:
        raise LookupError(f"no unit {unit_id}")
    row = await session.get(UnitRow, unit_id, populate_existing=True)
    assert row is not None
    return to_unit(row)
