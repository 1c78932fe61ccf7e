"""In-memory People and Invites ports over a FakeDb."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from flows.model import (
    Invite,
    Person,
    Role,
    Unit,
)
from tests.fakes.db import FakeDb


class FakePeople:
    """In-memory flows.ports.People."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        return next((p for p in self.db.people.values() if p.telegram_user_id == user_id), None)

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        return self.db.people.get(person_id)

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id; raise LookupError if it does not exist."""
        try:
            return self.db.units[unit_id]
        except KeyError:
            raise LookupError(f"no unit {unit_id}") from None

    async def on_break(self, participant_id: int, day: date) -> bool:
        """Say whether the participant's path is paused by a break on that day."""
        from tests.fakes.paths import fake_on_break

        return fake_on_break(self.db, participant_id, day)

    async def caseload(self, coach_id: int) -> list[Person]:
        """Return the participants in the coach's active caseload, by name."""
        people = [
            self.db.people[e.participant_id]
            for e in self.db.caseloads
            if e.coach_id == coach_id and e.until is None
        ]
        return sorted(people, key=lambda p: (p.display_name, p.id))

    async def unit_participants(self, unit_id: int) -> list[Person]:
        """Return the participants of a unit who have a coach, by name."""
        people = {
            e.participant_id: self.db.people[e.participant_id]
            for e in self.db.caseloads
            if e.until is None and self.db.people[e.participant_id].unit_id == unit_id
        }
        return sorted(people.values(), key=lambda p: (p.display_name, p.id))

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose active caseload holds the participant."""
        for entry in self.db.caseloads:
            if entry.participant_id == participant_id and entry.until is None:
                return self.db.people.get(entry.coach_id)
        return None

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        person = dataclasses.replace(self.db.people[person_id], locale=locale)
        self.db.people[person_id] = person
        return person

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        self.db.people[person_id] = dataclasses.replace(
            self.db.people[person_id], reachable=reachable
        )

    async def note_message_to_coach(self, person_id: int, at: datetime) -> None:
        """Record that the person passed a message on to their coach at `at`."""
        self.db.people[person_id] = dataclasses.replace(
            self.db.people[person_id], messaged_coach_at=at
        )

    async def set_weekly_hours(self, person_id: int, hours: int) -> None:
        """Set the participant's full-time week in hours."""
        self.db.people[person_id] = dataclasses.replace(
            self.db.people[person_id], weekly_hours=hours
        )


class FakeInvites:
    """In-memory flows.ports.Invites."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

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
        locale: str | None = None,
    ) -> Invite:
        """Store a new invite."""
        if token_hash in self.db.token_hashes:
            raise ValueError("duplicate token hash")
        invite = Invite(
            id=self.db.next_id(),
            role=role,
            unit_id=unit_id,
            expires_at=expires_at,
            display_name=display_name,
            coach_id=coach_id,
            created_by=created_by,
            locale=locale,
        )
        self.db.invites[invite.id] = invite
        self.db.token_hashes[token_hash] = invite.id
        return invite

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        invite_id = self.db.token_hashes.get(token_hash)
        return None if invite_id is None else self.db.invites[invite_id]

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
        """Mark the invite used and bind the user; None if used, expired or user already bound."""
        current = self.db.invites.get(invite.id)
        if current is None or not current.usable_at(now):
            return None
        if any(p.telegram_user_id == telegram_user_id for p in self.db.people.values()):
            return None
        person = self.db.add_person(
            current.role,
            current.unit_id,
            current.display_name or display_name,
            locale,
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
        )
        self.db.invites[invite.id] = dataclasses.replace(current, used_at=now, used_by=person.id)
        if current.role is Role.PARTICIPANT and current.coach_id is not None:
            self.db.assign_caseload(current.coach_id, person.id, now)
        elif current.role is Role.EMPLOYER:
            self.db.employer_contacts[person.id] = ""
            for contact in self.db.workplace_contacts:
                if contact[3] == invite.id:
                    contact[2] = person.id
        return person
