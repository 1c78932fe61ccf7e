"""Data access the flows need, as small Protocols implemented in `storage/`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from flows.model import Invite, Person, Role, Unit


@dataclass(frozen=True)
class Conversation:
    """The persisted state of one chat's conversation."""

    chat_id: int
    state: str
    data: dict[str, Any]


class People(Protocol):
    """Persons, units and caseloads."""

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        ...

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        ...

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id."""
        ...

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose caseload holds the participant."""
        ...

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        ...

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        ...


class Invites(Protocol):
    """Single-use invites, stored by the hash of their token only."""

    async def create(
        self,
        *,
        token_hash: str,
        role: Role,
        unit_id: int,
        expires_at: datetime,
        display_name: str = "",
        coach_id: int | None = None,
        created_by: int | None = None,
    ) -> Invite:
        """Store a new invite."""
        ...

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        ...

    async def redeem(
        self,
        invite: Invite,
        *,
        telegram_user_id: int,
        chat_id: int,
        display_name: str,
        locale: str,
        now: datetime,
    ) -> Person | None:
        """Mark the invite used and bind the user; None if it was used meanwhile."""
        ...


@dataclass(frozen=True)
class Ports:
    """The ports a flow may use, bound to the transaction of one event."""

    people: People
    invites: Invites
