"""Administrative actions shared by the CLI and the demo: units, invites, seeding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from flows.invites.tokens import deep_link, hash_token, new_token
from flows.model import Invite, Role, Unit
from storage.admin import create_unit, unit_by_code
from storage.people import SqlInvites, SqlPeople


class AdminError(Exception):
    """An administrative request cannot be carried out; the message says why."""


@dataclass(frozen=True)
class IssuedInvite:
    """A created invite with its one-time token (shown once, never stored)."""

    invite: Invite
    token: str
    link: str
    unit: Unit


async def ensure_unit(session: AsyncSession, code: str, name: str, timezone: str) -> Unit:
    """Return the unit with this code, creating it if needed."""
    unit = await unit_by_code(session, code)
    if unit is not None:
        return unit
    return await create_unit(session, code, name, timezone=timezone)


async def issue_invite(
    session: AsyncSession,
    *,
    role: Role,
    unit_code: str,
    bot_username: str,
    now: datetime,
    ttl: timedelta,
    display_name: str = "",
    coach_id: int | None = None,
    locale: str | None = None,
) -> IssuedInvite:
    """Create a single-use invite and return its deep link."""
    unit = await unit_by_code(session, unit_code)
    if unit is None:
        raise AdminError(f"no unit with code {unit_code!r}; create it with `stegvis unit add`")
    if ttl <= timedelta(0):
        raise AdminError("the invite must be valid for a positive time")
    if coach_id is not None:
        coach = await SqlPeople(session).get(coach_id)
        if coach is None or coach.role is not Role.COACH or coach.unit_id != unit.id:
            raise AdminError(f"no coach with id {coach_id} in unit {unit_code!r}")
    token = new_token()
    invite = await SqlInvites(session).create(
        token_hash=hash_token(token),
        role=role,
        unit_id=unit.id,
        expires_at=now + ttl,
        display_name=display_name,
        coach_id=coach_id,
        locale=locale,
    )
    return IssuedInvite(invite, token, deep_link(bot_username, token), unit)
