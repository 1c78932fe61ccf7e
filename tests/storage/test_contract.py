"""One contract for the People and Invites ports: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import Invite, Person, Role, Unit
from flows.ports import Ports
from storage.admin import create_person, create_unit
from storage.db import make_engine, session_factory
from storage.store import Store
from tests.fakes import FakeDb, fake_ports

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)


def token_hash(token: str) -> str:
    """Hash a token the way invites are stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class FakeBackend:
    unit: Unit

    def __init__(self) -> None:
        self.db = FakeDb()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Ports]:
        yield fake_ports(self.db)

    async def seed_unit(self) -> Unit:
        return self.db.add_unit("u1", "Unit one")

    async def seed_person(
        self, role: Role, unit_id: int, name: str, telegram_user_id: int | None = None
    ) -> Person:
        return self.db.add_person(role, unit_id, name, "sv", telegram_user_id, telegram_user_id)


class SqlBackend:
    unit: Unit

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Ports]:
        async with self.sessions() as session, session.begin():
            yield Store(session).ports()

    async def seed_unit(self) -> Unit:
        async with self.sessions() as session, session.begin():
            return await create_unit(session, "u1", "Unit one")

    async def seed_person(
        self, role: Role, unit_id: int, name: str, telegram_user_id: int | None = None
    ) -> Person:
        async with self.sessions() as session, session.begin():
            return await create_person(
                session, role, unit_id, name, "sv", telegram_user_id, telegram_user_id
            )


@pytest_asyncio.fixture(params=["fake", "sqlite", "postgres"], ids=["fake", "sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[FakeBackend | SqlBackend]:
    if request.param == "fake":
        fake = FakeBackend()
        fake.unit = await fake.seed_unit()
        yield fake
        return
    engine = make_engine(request.getfixturevalue(f"{request.param}_db_url"))
    try:
        sql = SqlBackend(session_factory(engine))
        sql.unit = await sql.seed_unit()
        yield sql
    finally:
        await engine.dispose()


async def _invite(
    backend: FakeBackend | SqlBackend,
    token: str,
    role: Role = Role.PARTICIPANT,
    *,
    expires_at: datetime = LATER,
    coach_id: int | None = None,
    display_name: str = "",
) -> Invite:
    async with backend.transaction() as ports:
        return await ports.invites.create(
            token_hash=token_hash(token),
            role=role,
            unit_id=backend.unit.id,
            expires_at=expires_at,
            display_name=display_name,
            coach_id=coach_id,
        )


async def _redeem(
    backend: FakeBackend | SqlBackend, token: str, user_id: int, now: datetime = NOW
) -> Person | None:
    async with backend.transaction() as ports:
        invite = await ports.invites.by_token_hash(token_hash(token))
        assert invite is not None
        return await ports.invites.redeem(
            invite,
            telegram_user_id=user_id,
            chat_id=user_id,
            display_name="Telegram Name",
            locale="ar",
            now=now,
        )


async def test_invite_is_found_by_its_token_hash_only(backend: FakeBackend | SqlBackend) -> None:
    invite = await _invite(backend, "secret-token", display_name="Amal")
    async with backend.transaction() as ports:
        found = await ports.invites.by_token_hash(token_hash("secret-token"))
        missing = await ports.invites.by_token_hash(token_hash("other-token"))
    assert found == invite
    assert missing is None
    assert invite.usable_at(NOW)


async def test_redeeming_an_invite_binds_the_user(backend: FakeBackend | SqlBackend) -> None:
    await _invite(backend, "t1", display_name="Amal")
    person = await _redeem(backend, "t1", user_id=111)
    assert person is not None
    assert (person.role, person.display_name, person.locale) == (Role.PARTICIPANT, "Amal", "ar")
    assert (person.telegram_user_id, person.chat_id) == (111, 111)
    async with backend.transaction() as ports:
        assert await ports.people.by_telegram_user(111) == person
        assert await ports.people.get(person.id) == person
        invite = await ports.invites.by_token_hash(token_hash("t1"))
    assert invite is not None
    assert (invite.used_at, invite.used_by) == (NOW, person.id)


async def test_invite_without_a_name_uses_the_telegram_name(
    backend: FakeBackend | SqlBackend,
) -> None:
    await _invite(backend, "t1", Role.EMPLOYER)
    person = await _redeem(backend, "t1", user_id=111)
    assert person is not None
    assert (person.role, person.display_name) == (Role.EMPLOYER, "Telegram Name")


async def test_redeemed_invite_cannot_be_used_twice(backend: FakeBackend | SqlBackend) -> None:
    await _invite(backend, "t1")
    assert await _redeem(backend, "t1", user_id=111) is not None
    assert await _redeem(backend, "t1", user_id=222) is None
    async with backend.transaction() as ports:
        assert await ports.people.by_telegram_user(222) is None


async def test_expired_invite_cannot_be_redeemed(backend: FakeBackend | SqlBackend) -> None:
    await _invite(backend, "t1", expires_at=NOW)
    assert await _redeem(backend, "t1", user_id=111, now=NOW) is None
    async with backend.transaction() as ports:
        assert await ports.people.by_telegram_user(111) is None
        invite = await ports.invites.by_token_hash(token_hash("t1"))
    assert invite is not None
    assert invite.used_at is None


async def test_already_bound_user_cannot_redeem_another_invite(
    backend: FakeBackend | SqlBackend,
) -> None:
    await _invite(backend, "t1")
    await _invite(backend, "t2", Role.EMPLOYER)
    first = await _redeem(backend, "t1", user_id=111)
    assert await _redeem(backend, "t2", user_id=111) is None
    async with backend.transaction() as ports:
        assert await ports.people.by_telegram_user(111) == first
        unused = await ports.invites.by_token_hash(token_hash("t2"))
    assert unused is not None
    assert unused.used_at is None


async def test_chosen_locale_persists(backend: FakeBackend | SqlBackend) -> None:
    await _invite(backend, "t1")
    person = await _redeem(backend, "t1", user_id=111)
    assert person is not None
    async with backend.transaction() as ports:
        updated = await ports.people.set_locale(person.id, "fa_AF")
        await ports.people.set_reachable(person.id, False)
    async with backend.transaction() as ports:
        stored = await ports.people.get(person.id)
    assert updated.locale == "fa_AF"
    assert stored is not None
    assert (stored.locale, stored.reachable) == ("fa_AF", False)


async def test_a_message_to_the_coach_is_remembered_with_its_time(
    backend: FakeBackend | SqlBackend,
) -> None:
    await _invite(backend, "t1")
    person = await _redeem(backend, "t1", user_id=111)
    assert person is not None
    assert person.messaged_coach_at is None
    at = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)
    async with backend.transaction() as ports:
        await ports.people.note_message_to_coach(person.id, at)
    async with backend.transaction() as ports:
        by_id = await ports.people.get(person.id)
        by_user = await ports.people.by_telegram_user(111)
    assert by_id is not None
    assert by_user is not None
    assert by_id.messaged_coach_at == by_user.messaged_coach_at == at


async def test_participant_invited_by_a_coach_lands_in_their_caseload(
    backend: FakeBackend | SqlBackend,
) -> None:
    unit = backend.unit
    coach = await backend.seed_person(Role.COACH, unit.id, "Coach", telegram_user_id=900)
    await _invite(backend, "t1", coach_id=coach.id)
    participant = await _redeem(backend, "t1", user_id=111)
    assert participant is not None
    async with backend.transaction() as ports:
        assert await ports.people.coach_of(participant.id) == coach
        assert await ports.people.coach_of(coach.id) is None
        assert await ports.people.unit(unit.id) == unit


async def test_unknown_unit_raises_lookup_error(backend: FakeBackend | SqlBackend) -> None:
    async with backend.transaction() as ports:
        with pytest.raises(LookupError):
            await ports.people.unit(4242)


async def test_concurrent_redeems_of_one_invite_bind_exactly_one_user(
    backend: FakeBackend | SqlBackend,
) -> None:
    await _invite(backend, "t1")
    results = await asyncio.gather(*(_redeem(backend, "t1", user_id=100 + n) for n in range(5)))
    assert sum(person is not None for person in results) == 1


async def test_concurrent_redeems_by_one_user_bind_them_only_once(
    backend: FakeBackend | SqlBackend,
) -> None:
    tokens = [f"t{n}" for n in range(4)]
    for token in tokens:
        await _invite(backend, token)
    results = await asyncio.gather(*(_redeem(backend, token, user_id=111) for token in tokens))
    assert sum(person is not None for person in results) == 1
    async with backend.transaction() as ports:
        invites = [await ports.invites.by_token_hash(token_hash(token)) for token in tokens]
    assert sum(invite is not None and invite.used_at is not None for invite in invites) == 1


async def test_an_invite_keeps_the_language_chosen_for_the_invitee(
    backend: FakeBackend | SqlBackend,
) -> None:
    async with backend.transaction() as ports:
        created = await ports.invites.create(
            token_hash=token_hash("t-ar"),
            role=Role.PARTICIPANT,
            unit_id=backend.unit.id,
            expires_at=LATER,
            locale="ar",
        )
    async with backend.transaction() as ports:
        found = await ports.invites.by_token_hash(token_hash("t-ar"))
    assert created.locale == "ar"
    assert found is not None
    assert found.locale == "ar"
    assert (await _invite(backend, "t-none")).locale is None
