"""Domain records shared by the flows and the storage ports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What a person is in a programme; decides what they may see and do."""

    PARTICIPANT = "participant"
    EMPLOYER = "employer"
    COACH = "coach"
    MANAGER = "manager"


STAFF_ROLES = frozenset({Role.COACH, Role.MANAGER})


@dataclass(frozen=True)
class Unit:
    """One office, job centre or workshop."""

    id: int
    code: str
    name: str
    timezone: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    """A person bound to a Telegram user through an invite."""

    id: int
    role: Role
    unit_id: int
    display_name: str
    locale: str
    telegram_user_id: int | None = None
    chat_id: int | None = None
    reachable: bool = True


@dataclass(frozen=True)
class Invite:
    """A single-use, expiring invitation to bind a Telegram user to a role."""

    id: int
    role: Role
    unit_id: int
    expires_at: datetime
    display_name: str = ""
    coach_id: int | None = None
    created_by: int | None = None
    used_at: datetime | None = None
    used_by: int | None = None

    def usable_at(self, now: datetime) -> bool:
        """Say whether the invite can still be redeemed at `now`."""
        return self.used_at is None and now < self.expires_at
