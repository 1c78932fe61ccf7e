"""One contract for the Placements port: fake, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from flows.model import Role
from flows.placement_model import Exit, FollowUpState, Placement, PlacementKind, Reply, Side
from tests.storage.test_attendance_contract import Backend, backend

__all__ = ["backend"]
AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def draft(participant: int, employer: int, coach: int, unit: int) -> Placement:
    return Placement(
        0,
        participant,
        employer,
        coach,
        unit,
        "Bageriet Söder",
        PlacementKind.PREPARATORY,
        date(2026, 12, 7),
        date(2027, 3, 7),
        AT,
    )


async def test_a_placement_its_follow_ups_and_answers_round_trip(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    erik = await backend.seed_person(Role.EMPLOYER, "Erik")
    async with backend.transaction() as ports:
        made = await ports.placements.create(draft(amal.id, erik.id, coach.id, amal.unit_id), None)
        first = await ports.placements.add_follow_up(
            amal.id, made.id, f"{made.id}:3d", date(2026, 12, 10), False
        )
        again = await ports.placements.add_follow_up(
            amal.id, made.id, f"{made.id}:3d", date(2026, 12, 11), False
        )
    assert first is not None
    assert again is None, "a key is planned once"
    async with backend.transaction() as ports:
        assert [p.id for p in await ports.placements.of_participant(amal.id)] == [made.id]
        assert [p.id for p in await ports.placements.active()] == [made.id]
        assert [f.id for f in await ports.placements.open_follow_ups(date(2026, 12, 10))] == [
            first.id
        ]
        assert await ports.placements.open_follow_ups(date(2026, 12, 9)) == []
        await ports.placements.set_follow_up(first.id, state=FollowUpState.ASKED, asked_at=AT)
        await ports.placements.reply(Reply(first.id, Side.EMPLOYER, "overall", "ok", "", AT))
        await ports.placements.reply(Reply(first.id, Side.EMPLOYER, "overall", "concern", "", AT))
        await ports.placements.reply(Reply(first.id, Side.PARTICIPANT, "feel", "good", "", AT))
        assert await ports.access.can_see(erik, amal.id), "the employer of an active placement"
        with pytest.raises(ValueError, match="cannot change"):
            await ports.placements.change(made.id, participant_id=999)
    async with backend.transaction() as ports:
        [answer_e, answer_p] = await ports.placements.replies(first.id)
        asked = await ports.placements.follow_up(first.id)
        ended = await ports.placements.change(
            made.id, ended_on=date(2027, 1, 1), outcome="studies_csn"
        )
    assert (answer_e.value, answer_p.value) == ("concern", "good"), "the latest answer counts"
    assert asked is not None
    assert asked.state is FollowUpState.ASKED
    assert asked.asked_at == AT
    assert ended is not None
    assert not ended.active
    async with backend.transaction() as ports:
        assert await ports.placements.active() == []
        assert not await ports.access.can_see(erik, amal.id), "not after the placement ended"


async def test_an_invited_employer_is_bound_when_the_invite_is_used(backend: Backend) -> None:
    coach = await backend.seed_person(Role.COACH, "Karin")
    amal = await backend.seed_person(Role.PARTICIPANT, "Amal")
    async with backend.transaction() as ports:
        invite = await ports.invites.create(
            token_hash="a" * 64,
            role=Role.EMPLOYER,
            unit_id=amal.unit_id,
            expires_at=AT + timedelta(days=9),
            display_name="Erik",
        )
        made = await ports.placements.create(draft(amal.id, 0, coach.id, amal.unit_id), invite.id)
        await ports.placements.bind_employers()
        assert await ports.placements.get(made.id) is None, "no employer yet"
        assert await ports.placements.active() == []
    async with backend.transaction() as ports:
        erik = await ports.invites.redeem(
            invite, telegram_user_id=77, chat_id=77, display_name="Erik", locale="sv", now=AT
        )
    assert erik is not None
    async with backend.transaction() as ports:
        await ports.placements.bind_employers()
        bound = await ports.placements.get(made.id)
    assert bound is not None
    assert bound.employer_id == erik.id
    async with backend.transaction() as ports:
        await ports.placements.record_exit(
            Exit(amal.id, "work", "work_samhall:permanent", date(2027, 1, 2), coach.id)
        )
        await ports.placements.record_exit(
            Exit(amal.id, "unknown", "", date(2027, 1, 3), coach.id)
        )
        found = await ports.placements.exit_of(amal.id)
        employers = await ports.placements.employers(amal.unit_id)
    assert found == Exit(amal.id, "work", "work_samhall:permanent", date(2027, 1, 2), coach.id)
    assert erik.id in {e.id for e in employers}
