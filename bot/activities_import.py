"""Import activities from a CSV file (as Swedish Excel writes it): parse, validate, create.

Parsing is pure (`parse_csv` in bot/activity_rows.py); resolving unit codes and people
needs the database (`resolve`); `import_activities` runs both and creates nothing unless
every row is valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.activity_rows import (
    ActivitySpec,
    ImportFailed,
    ResolvedActivity,
    RowError,
    decode,
    norm,
    parse_csv,
)
from flows.model import STAFF_ROLES, Activity, Role, Unit
from storage.activities import create_activity
from storage.admin import unit_by_code
from storage.models import ActivityRow, PersonRow


@dataclass(frozen=True)
class _Member:
    id: int
    role: Role
    name: str


def _find(
    ref: str, members: Sequence[_Member], roles: frozenset[Role], what: str, unit: str
) -> int | str:
    """Return the id of the person `ref` (an id or a display name) or an error message."""
    if ref.isascii() and ref.isdigit():
        found = [m for m in members if m.id == int(ref) and m.role in roles]
        return found[0].id if found else f"no {what} with id {ref} in unit {unit!r}"
    found = [m for m in members if norm(m.name) == norm(ref) and m.role in roles]
    if not found:
        return f"no {what} named {ref!r} in unit {unit!r}"
    if len(found) > 1:
        ids = ", ".join(str(m.id) for m in found)
        return f"{len(found)} people named {ref!r} in unit {unit!r} (ids {ids}); give the id"
    return found[0].id


async def resolve(
    session: AsyncSession, specs: Sequence[ActivitySpec]
) -> tuple[list[ResolvedActivity], list[RowError]]:
    """Resolve unit codes, coaches and participants; report unknown ones and duplicates."""
    units: dict[str, Unit | None] = {}
    members: dict[int, list[_Member]] = {}
    seen: dict[tuple[int, str, date, time], int] = {}
    resolved: list[ResolvedActivity] = []
    errors: list[RowError] = []
    for spec in specs:
        if spec.unit not in units:
            units[spec.unit] = await unit_by_code(session, spec.unit)
        unit = units[spec.unit]
        if unit is None:
            errors.append(RowError(spec.row, f"no unit with code {spec.unit!r}"))
            continue
        if unit.id not in members:
            rows = await session.execute(
                select(PersonRow.id, PersonRow.role, PersonRow.display_name).where(
                    PersonRow.unit_id == unit.id, PersonRow.erased_at.is_(None)
                )
            )
            members[unit.id] = [_Member(r.id, Role(r.role), r.display_name) for r in rows]
        people = members[unit.id]
        problems: list[str] = []
        coach_id: int | None = None
        if spec.coach:
            found = _find(spec.coach, people, STAFF_ROLES, "coach", unit.code)
            if isinstance(found, str):
                problems.append(found)
            else:
                coach_id = found
        participant_ids: list[int] = []
        for ref in spec.participants:
            found = _find(ref, people, frozenset({Role.PARTICIPANT}), "participant", unit.code)
            if isinstance(found, str):
                problems.append(found)
            elif found not in participant_ids:
                participant_ids.append(found)
        key = (unit.id, norm(spec.title), spec.starts_on, spec.start_time)
        if key in seen:
            problems.append(f"repeats row {seen[key]} (same unit, title, starts_on, start_time)")
        else:
            seen[key] = spec.row
        existing = await session.scalar(
            select(ActivityRow.id).where(
                ActivityRow.unit_id == unit.id,
                ActivityRow.title == spec.title,
                ActivityRow.starts_on == spec.starts_on,
                ActivityRow.start_time == spec.start_time,
            )
        )
        if existing is not None:
            problems.append(
                f"activity {spec.title!r} on {spec.starts_on} at {spec.start_time:%H:%M} "
                f"already exists (id {existing})"
            )
        if problems:
            errors.extend(RowError(spec.row, problem) for problem in problems)
        else:
            resolved.append(ResolvedActivity(spec, unit, coach_id, tuple(participant_ids)))
    return resolved, errors


async def import_activities(
    session: AsyncSession, data: bytes, default_unit: str = ""
) -> list[Activity]:
    """Check every row, then create all activities; raise ImportFailed and create none if not.

    Run it inside one transaction: it flushes but does not commit.
    """
    text, errors = decode(data)
    if errors:
        raise ImportFailed(errors)
    specs, errors = parse_csv(text, default_unit)
    resolved, lookup_errors = await resolve(session, specs)
    errors = sorted([*errors, *lookup_errors], key=lambda e: e.row)
    if errors:
        raise ImportFailed(errors)
    created = []
    for item in resolved:
        spec = item.spec
        created.append(
            await create_activity(
                session,
                unit_id=item.unit.id,
                kind=spec.kind,
                title=spec.title,
                place=spec.place,
                coach_id=item.coach_id,
                starts_on=spec.starts_on,
                start_time=spec.start_time,
                duration_minutes=spec.duration_minutes,
                recurrence=spec.recurrence,
                weekdays=spec.weekdays,
                ends_on=spec.ends_on,
                timezone=item.unit.timezone,
                skip_holidays=spec.skip_holidays,
                participant_ids=item.participant_ids,
                latitude=spec.latitude,
                longitude=spec.longitude,
                radius_m=spec.radius_m,
            )
        )
    return created
