"""An invite for a new employer contact person, made by a coach who records them (with a
placement or as a contact of an employer): the link, and the printable sheet to pass on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.config import Config
from flows.invites.tokens import deep_link, hash_token, new_token
from flows.model import Invite, Person, Role
from flows.output import InviteSheet
from flows.ports import Invites, People

# Employers are invited in Swedish, and the invite waits longer than a participant's.
LANGUAGE = "sv"
LONGER = 3


@dataclass(frozen=True)
class EmployerInvite:
    """The stored invite, its link and the printable sheet."""

    invite: Invite
    link: str
    sheet: InviteSheet


async def invite_employer(
    invites: Invites, people: People, cfg: Config, by: Person, name: str, now: datetime
) -> EmployerInvite:
    """Store a single-use employer invite for `name`, made by the coach `by`."""
    token = new_token()
    invite = await invites.create(
        token_hash=hash_token(token),
        role=Role.EMPLOYER,
        unit_id=by.unit_id,
        expires_at=now + cfg.invite_ttl * LONGER,
        display_name=name,
        created_by=by.id,
        locale=LANGUAGE,
    )
    link = deep_link(cfg.bot_username, token)
    unit = await people.unit(by.unit_id)
    sheet = InviteSheet(link, Role.EMPLOYER, unit.name, invite.expires_at, LANGUAGE)
    return EmployerInvite(invite, link, sheet)
