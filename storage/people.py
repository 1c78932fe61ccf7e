"""People, units, caseloads and invites (implement flows.ports.People and Invites)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    bindparam,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    Invite,
    Person,
    Role,
    Unit,
)
from storage.models import (
    CaseloadRow,
    EmployerContactRow,
    InviteRow,
    PersonRow,
    UnitRow,
)
from storage.recruitment_rows import WorkplaceContactRow
from storage.sql import rowcount

log = logging.getLogger(__name__)
DEFAULT_LANGUAGES = ("sv", "en")


def to_unit(row: UnitRow) -> Unit:
    """Convert a unit row to the domain record."""
    return Unit(
        id=row.id,
        code=row.code,
        name=row.name,
        timezone=row.timezone,
        languages=tuple(row.languages or ()),
        settings=dict(row.settings or {}),
    )


def to_person(row: Any) -> Person:
    """Convert a person row (ORM entity or Core row with the same columns) to the record."""
    return Person(
        id=row.id,
        role=Role(row.role),
        unit_id=row.unit_id,
        display_name=row.display_name,
        locale=row.locale,
        telegram_user_id=row.telegram_user_id,
        chat_id=row.chat_id,
        reachable=row.reachable,
        messaged_coach_at=row.messaged_coach_at,
        weekly_hours=row.weekly_hours,
        last_seen_at=row.last_seen_at,
        gender=row.gender,
        priority_group=row.priority_group,
        settings=dict(row.settings or {}),
    )


def to_invite(row: InviteRow) -> Invite:
    """Convert an invite row to the domain record."""
    return Invite(
        id=row.id,
        role=Role(row.role),
        unit_id=row.unit_id,
        expires_at=row.expires_at,
        display_name=row.display_name,
        coach_id=row.coach_id,
        created_by=row.created_by,
        used_at=row.used_at,
        used_by=row.used_by,
        locale=row.locale,
    )


_people = PersonRow.__table__
_PERSON_BY_TELEGRAM = select(
    _people.c.id,
    _people.c.role,
    _people.c.unit_id,
    _people.c.display_name,
    _people.c.locale,
    _people.c.telegram_user_id,
    _people.c.chat_id,
    _people.c.reachable,
    _people.c.messaged_coach_at,
    _people.c.weekly_hours,
    _people.c.last_seen_at,
    _people.c.gender,
    _people.c.priority_group,
    _people.c.settings,
).where(_people.c.telegram_user_id == bindparam("user_id"), _people.c.erased_at.is_(None))


_PEOPLE_BY_TELEGRAM = select(*_PERSON_BY_TELEGRAM.selected_columns).where(
    _people.c.telegram_user_id.in_(bindparam("user_ids", expanding=True)),
    _people.c.erased_at.is_(None),
)


class SqlPeople:
    """People, units and caseloads (implements flows.ports.People)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        # Core, not ORM: this runs for every update, and entity loading costs more than the query.
        conn = await self._session.connection()
        row = (await conn.execute(_PERSON_BY_TELEGRAM, {"user_id": user_id})).first()
        return None if row is None else to_person(row)

    async def by_telegram_users(self, user_ids: Sequence[int]) -> dict[int, Person]:
        """Return the people bound to several Telegram user ids, by user id."""
        if not user_ids:
            return {}
        conn = await self._session.connection()
        result = await conn.execute(_PEOPLE_BY_TELEGRAM, {"user_ids": list(user_ids)})
        return {row.telegram_user_id: to_person(row) for row in result}

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        row = await self._session.get(PersonRow, person_id)
        return None if row is None else to_person(row)

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id; raise LookupError if it does not exist."""
        row = await self._session.get(UnitRow, unit_id)
        if row is None:
            raise LookupError(f"no unit {unit_id}")
        return to_unit(row)

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose active caseload holds the participant."""
        row = await self._session.scalar(
            select(PersonRow)
            .join(CaseloadRow, CaseloadRow.coach_id == PersonRow.id)
            .where(CaseloadRow.participant_id == participant_id, CaseloadRow.until.is_(None))
        )
        return None if row is None else to_person(row)

    async def on_break(self, participant_id: int, day: date) -> bool:
        """Say whether the participant's path is paused by a break on that day."""
        from storage.paths import on_break

        return await on_break(self._session, participant_id, day)

    async def caseload(self, coach_id: int) -> list[Person]:
        """Return the participants in the coach's active caseload, by name."""
        rows = await self._session.scalars(
            select(PersonRow)
            .join(CaseloadRow, CaseloadRow.participant_id == PersonRow.id)
            .where(
                CaseloadRow.coach_id == coach_id,
                CaseloadRow.until.is_(None),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        return [to_person(row) for row in rows]

    async def unit_participants(self, unit_id: int) -> list[Person]:
        """Return the participants of a unit who have a coach, by name."""
        rows = await self._session.scalars(
            select(PersonRow)
            .join(CaseloadRow, CaseloadRow.participant_id == PersonRow.id)
            .where(
                PersonRow.unit_id == unit_id,
                PersonRow.role == Role.PARTICIPANT.value,
                CaseloadRow.until.is_(None),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        return [to_person(row) for row in rows]

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(locale=locale)
        )
        row = await self._session.get(PersonRow, person_id, populate_existing=True)
        if row is None:
            raise LookupError(f"no person {person_id}")
        return to_person(row)

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(reachable=reachable)
        )

    async def note_message_to_coach(self, person_id: int, at: datetime) -> None:
        """Record that the person passed a message on to their coach at `at`."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(messaged_coach_at=at)
        )

    async def set_weekly_hours(self, person_id: int, hours: int) -> None:
        """Set the participant's full-time week in hours."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(weekly_hours=hours)
        )


class _NotRedeemable(Exception):
    """The invite was used or expired meanwhile; roll the savepoint back."""


class SqlInvites:
    """Single-use invites stored by token hash (implements flows.ports.Invites)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

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
        row = InviteRow(
            locale=locale,
            token_hash=token_hash,
            role=role.value,
            unit_id=unit_id,
            expires_at=expires_at,
            display_name=display_name,
            coach_id=coach_id,
            created_by=created_by,
        )
        self._session.add(row)
        await self._session.flush()
        return to_invite(row)

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        row = await self._session.scalar(
            select(InviteRow).where(InviteRow.token_hash == token_hash)
        )
        return None if row is None else to_invite(row)

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
        bound = await self._session.scalar(
            select(PersonRow.id).where(PersonRow.telegram_user_id == telegram_user_id)
        )
        if bound is not None:
            log.info("invite %s not redeemed: user already bound to person %s", invite.id, bound)
            return None
        try:
            async with self._session.begin_nested():
                person = PersonRow(
                    role=invite.role.value,
                    unit_id=invite.unit_id,
                    display_name=invite.display_name or display_name,
                    locale=locale,
                    telegram_user_id=telegram_user_id,
                    chat_id=chat_id,
                    created_at=now,
                )
                self._session.add(person)
                await self._session.flush()
                # The conditional UPDATE is the single point of truth: of two concurrent
                # redeems only one matches `used_at IS NULL`.
                result = await self._session.execute(
                    update(InviteRow)
                    .where(
                        InviteRow.id == invite.id,
                        InviteRow.used_at.is_(None),
                        InviteRow.expires_at > now,
                    )
                    .values(used_at=now, used_by=person.id)
                    .execution_options(synchronize_session=False)
                )
                if rowcount(result) != 1:
                    raise _NotRedeemable
                if invite.role is Role.PARTICIPANT and invite.coach_id is not None:
                    self._session.add(
                        CaseloadRow(coach_id=invite.coach_id, participant_id=person.id, since=now)
                    )
                elif invite.role is Role.EMPLOYER:
                    self._session.add(
                        EmployerContactRow(
                            person_id=person.id, company="", unit_id=invite.unit_id, created_at=now
                        )
                    )
                    # A contact person invited for a workplace now speaks for it.
                    await self._session.execute(
                        update(WorkplaceContactRow)
                        .where(WorkplaceContactRow.invite_id == invite.id)
                        .values(person_id=person.id)
                    )
                await self._session.flush()
        except _NotRedeemable:
            log.info("invite %s not redeemed: used or expired", invite.id)
            return None
        except IntegrityError:
            log.info(
                "invite %s not redeemed: user %s bound concurrently", invite.id, telegram_user_id
            )
            return None
        return to_person(person)
