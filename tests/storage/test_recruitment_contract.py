"""One contract for the Recruitment port: fake, SQLite and PostgreSQL behave alike, and a
seeded week gives the manager report's recruitment figures as counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from flows.cv_model import Cv
from flows.model import Role
from flows.ports import Ports
from flows.recruitment_model import (
    Assignment,
    Channel,
    Figures,
    Pitch,
    Presentation,
    Status,
    Workplace,
)
from tests.storage.test_attendance_contract import Backend, backend

__all__ = ["backend"]
MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm
NEXT_MONDAY = MONDAY + timedelta(days=7)


def place(unit: int, coach: int, name: str, org: str, at: datetime) -> Workplace:
    return Workplace(0, unit, name, org, "Storgatan 1", "food", "micro", coach, at)


def need(workplace: int, unit: int, by: int, at: datetime, role: str = "Kock") -> Assignment:
    return Assignment(
        0, workplace, unit, role, 1, date(2026, 12, 14), "full", ("licence_b",), "", by, at
    )


async def test_workplaces_contacts_needs_and_candidates_round_trip(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    unit = coach.unit_id
    async with backend.transaction() as ports:
        bageriet = await ports.recruitment.add_workplace(
            place(unit, coach.id, "Bageriet", "556036-0793", MONDAY)
        )
        invite = await ports.invites.create(
            token_hash="b" * 64, role=Role.EMPLOYER, unit_id=unit, expires_at=NEXT_MONDAY
        )
        await ports.recruitment.add_contact(bageriet.id, "Erik", None, invite.id)
        assert await ports.recruitment.invited(bageriet.id, MONDAY) == ["Erik"]
        assert await ports.recruitment.contacts(bageriet.id) == []
    async with backend.transaction() as ports:
        erik = await ports.invites.redeem(
            invite, telegram_user_id=77, chat_id=77, display_name="Erik", locale="sv", now=MONDAY
        )
    assert erik is not None
    async with backend.transaction() as ports:
        assert [p.id for p in await ports.recruitment.contacts(bageriet.id)] == [erik.id]
        assert await ports.recruitment.invited(bageriet.id, MONDAY) == []
        found = await ports.recruitment.workplace_of(erik.id)
        assert found == bageriet
        assert await ports.access.can_use_workplace(erik, bageriet.id)
        assert await ports.access.can_use_workplace(coach, bageriet.id)
        assert not await ports.access.can_use_workplace(amal, bageriet.id)
        made = await ports.recruitment.add_assignment(need(bageriet.id, unit, erik.id, MONDAY))
        cv = await ports.cvs.create(amal.id, "", Cv(wanted=("Kock",)), MONDAY)
        pitch = await ports.recruitment.add_presentation(
            Presentation(0, made.id, amal.id, coach.id, cv.id, MONDAY)
        )
        again = await ports.recruitment.add_presentation(
            Presentation(0, made.id, amal.id, coach.id, cv.id, MONDAY)
        )
        assert pitch is not None
        assert again is None, "one candidacy per need"
        assert not await ports.access.can_see(erik, amal.id), "asked is not consented"
        with pytest.raises(ValueError, match="cannot change"):
            await ports.recruitment.set_presentation(pitch.id, participant_id=1)
    async with backend.transaction() as ports:
        await ports.recruitment.set_presentation(pitch.id, state=Pitch.SENT, answered_at=MONDAY)
        await ports.recruitment.set_assignment(
            made.id, status=Status.PRESENTED, presented_at=MONDAY
        )
    async with backend.transaction() as ports:
        assert await ports.access.can_see(erik, amal.id), "consented: the employer sees them"
        [stored] = await ports.recruitment.assignments(bageriet.id)
        [shown] = await ports.recruitment.presentations(made.id)
    assert stored.status is Status.PRESENTED
    assert stored.must_haves == ("licence_b",)
    assert shown.state is Pitch.SENT
    async with backend.transaction() as ports:
        await ports.recruitment.set_presentation(pitch.id, state=Pitch.DECLINED)
        assert not await ports.access.can_see(erik, amal.id)


async def seed_week(ports: Ports, unit: int, coach: int, amal: int, bilal: int, erik: int) -> None:
    """A week of recruitment, with rows before and after it that must not count."""
    before, during = MONDAY - timedelta(days=3), MONDAY + timedelta(days=1)
    rec = ports.recruitment
    old = await rec.add_workplace(place(unit, coach, "Gamla", "556036-0793", before))
    new1 = await rec.add_workplace(place(unit, coach, "Nya ett", "556677-8899", during))
    new2 = await rec.add_workplace(place(unit, coach, "Nya två", "202100-6255", during))
    await rec.add_workplace(place(unit, coach, "Nästa vecka", "212000-0142", NEXT_MONDAY))
    # Open before the week and still open; opened and filled in the week; opened before and
    # closed in it; opened in the week and open; filled before the week (not open).
    still = await rec.add_assignment(need(old.id, unit, coach, before))
    filled = await rec.add_assignment(need(new1.id, unit, coach, during))
    closed = await rec.add_assignment(need(old.id, unit, coach, before))
    await rec.add_assignment(need(new2.id, unit, coach, during + timedelta(days=2)))
    done = await rec.add_assignment(need(old.id, unit, coach, before - timedelta(days=7)))
    await rec.set_assignment(filled.id, status=Status.FILLED, filled_at=during + timedelta(days=1))
    await rec.set_assignment(closed.id, status=Status.CLOSED, closed_at=during)
    await rec.set_assignment(done.id, status=Status.FILLED, filled_at=before)
    cv_a = await ports.cvs.create(amal, "", Cv(), before)
    cv_b = await ports.cvs.create(bilal, "", Cv(), before)
    hired = await rec.add_presentation(Presentation(0, filled.id, amal, coach, cv_a.id, during))
    hired_before = await rec.add_presentation(
        Presentation(0, done.id, bilal, coach, cv_b.id, before)
    )
    declined = await rec.add_presentation(Presentation(0, still.id, bilal, coach, cv_b.id, during))
    assert hired is not None
    assert hired_before is not None
    assert declined is not None
    await rec.set_presentation(hired.id, state=Pitch.HIRED, verdict_at=during + timedelta(days=1))
    await rec.set_presentation(hired_before.id, state=Pitch.HIRED, verdict_at=before)
    await rec.set_presentation(declined.id, state=Pitch.DECLINED, answered_at=during)
    # Contacts: 2 visits and a call in the week, one visit before; Erik chats twice on one
    # day (counts once) and once on another day.
    for at, channel in [
        (during, Channel.VISIT),
        (during + timedelta(days=2), Channel.VISIT),
        (during, Channel.PHONE),
        (before, Channel.VISIT),
        (NEXT_MONDAY, Channel.EMAIL),
    ]:
        await rec.log_contact(old.id, channel, coach, at)
    assert await rec.log_contact(old.id, Channel.CHAT, erik, during) is not None
    assert await rec.log_contact(old.id, Channel.CHAT, erik, during + timedelta(hours=3)) is None
    await rec.log_contact(old.id, Channel.CHAT, erik, during + timedelta(days=1))
    await rec.log_contact(new1.id, Channel.EMAIL, coach, during + timedelta(days=4))


async def test_a_seeded_week_gives_the_figures_counted_by_hand(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    bilal = await backend.seed_person(Role.PARTICIPANT, "Bilal")
    erik = await backend.seed_person(Role.EMPLOYER, "Erik")
    async with backend.transaction() as ports:
        await seed_week(ports, coach.unit_id, coach.id, amal.id, bilal.id, erik.id)
    async with backend.transaction() as ports:
        week = await ports.recruitment.figures(coach.unit_id, MONDAY, NEXT_MONDAY)
        other = await ports.recruitment.figures(coach.unit_id + 1000, MONDAY, NEXT_MONDAY)
    assert week == Figures(
        open_assignments=2,  # "still" and the one opened on Wednesday
        new_assignments=2,
        filled=1,
        closed=1,
        hires=1,
        new_employers=2,
        contacts={Channel.VISIT: 2, Channel.PHONE: 1, Channel.CHAT: 2, Channel.EMAIL: 1},
    )
    assert other == Figures(0, 0, 0, 0, 0, 0, {})


async def test_unit_participants_are_those_with_a_coach(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    await backend.seed_person(Role.PARTICIPANT, "Utan coach")
    async with backend.transaction() as ports:
        invite = await ports.invites.create(
            token_hash="c" * 64,
            role=Role.PARTICIPANT,
            unit_id=coach.unit_id,
            expires_at=NEXT_MONDAY,
            coach_id=coach.id,
        )
        amal = await ports.invites.redeem(
            invite, telegram_user_id=78, chat_id=78, display_name="Amal", locale="ar", now=MONDAY
        )
    assert amal is not None
    async with backend.transaction() as ports:
        found = await ports.people.unit_participants(coach.unit_id)
        other = await ports.people.unit_participants(coach.unit_id + 1000)
    assert [p.id for p in found] == [amal.id]
    assert other == []
