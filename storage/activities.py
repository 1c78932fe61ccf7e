"""Activities: the record mapper and the writes that create and enrol."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from sqlalchemy import (
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    Activity,
    ActivityKind,
    Recurrence,
    check_activity,
)
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
)
from storage.sql import insert_ignoring_conflicts, rowcount


def to_activity(row: Any, participant_ids: Sequence[int] = ()) -> Activity:
    """Convert an activity row and its enrolled participant ids to the domain record."""
    return Activity(
        id=row.id,
        unit_id=row.unit_id,
        kind=ActivityKind(row.kind),
        title=row.title,
        place=row.place,
        coach_id=row.coach_id,
        starts_on=row.starts_on,
        start_time=row.start_time,
        duration_minutes=row.duration_minutes,
        recurrence=Recurrence(row.recurrence),
        weekdays=tuple(row.weekdays or ()),
        ends_on=row.ends_on,
        timezone=row.timezone,
        skip_holidays=row.skip_holidays,
        participant_ids=tuple(sorted(participant_ids)),
        latitude=row.latitude,
        longitude=row.longitude,
        radius_m=row.radius_m,
    )


def activity_fields(draft: Activity) -> dict[str, Any]:
    """The keyword arguments of create_activity taken from an Activity record."""
    fields = {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
    del fields["id"]
    return fields


async def create_activity(
    session: AsyncSession,
    *,
    unit_id: int,
    kind: ActivityKind,
    title: str,
    place: str,
    coach_id: int | None,
    starts_on: date,
    start_time: time,
    duration_minutes: int,
    recurrence: Recurrence,
    weekdays: Sequence[int] = (),
    ends_on: date | None = None,
    timezone: str = "Europe/Stockholm",
    skip_holidays: bool = True,
    participant_ids: Sequence[int] = (),
    latitude: float | None = None,
    longitude: float | None = None,
    radius_m: int = 300,
) -> Activity:
    """Create an activity (CLI import and tests) and enroll its participants."""
    check_activity(tuple(weekdays), duration_minutes)
    row = ActivityRow(
        unit_id=unit_id,
        kind=ActivityKind(kind).value,
        title=title,
        place=place,
        coach_id=coach_id,
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        recurrence=Recurrence(recurrence).value,
        weekdays=sorted(set(weekdays)),
        ends_on=ends_on,
        timezone=timezone,
        skip_holidays=skip_holidays,
        active=True,
        latitude=latitude,
        longitude=longitude,
        radius_m=radius_m,
    )
    session.add(row)
    await session.flush()
    await enroll(session, row.id, participant_ids)
    return to_activity(row, tuple(dict.fromkeys(participant_ids)))


async def enroll(session: AsyncSession, activity_id: int, participant_ids: Sequence[int]) -> None:
    """Enroll participants in an activity; already enrolled ones are skipped."""
    if not participant_ids:
        return
    stmt = insert_ignoring_conflicts(
        session, ActivityParticipantRow, "activity_id", "participant_id"
    )
    conn = await session.connection()
    await conn.execute(
        stmt,
        [
            {"activity_id": activity_id, "participant_id": participant_id}
            for participant_id in dict.fromkeys(participant_ids)
        ],
    )


async def set_activity_active(session: AsyncSession, activity_id: int, active: bool) -> None:
    """Mark an activity active or not; inactive ones keep their sessions and records."""
    result = await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id)
        .values(active=active)
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) != 1:
        raise LookupError(f"no activity {activity_id}")
