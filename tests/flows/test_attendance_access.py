"""Every attendance route that checks a role or a visibility rule, as people meet it.

The dispatcher checks roles and visibility once, for every route; these tests press the
real buttons and forged ones as participants, coaches of the caseload, coaches outside it,
managers of the unit and of another unit, and an employer.
"""

from __future__ import annotations

import pytest

from flows.model import AttendanceRecord, DisputeStatus, Presence
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    BO,
    CECILIA,
    ERIK,
    KARIN,
    MARIA,
    NOT_ALLOWED,
    OLLE,
    STALE,
    World,
    build,
    record_of,
)


@pytest.fixture
async def world() -> World:
    return await build()


# -- commands ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["here", "absent", "attendance"])
@pytest.mark.parametrize("user", [KARIN, MARIA, ERIK])
async def test_participant_commands_are_refused_to_other_roles(
    world: World, command: str, user: int
) -> None:
    turn = await world.client.command(user, command)
    assert turn.texts(user) == [NOT_ALLOWED]
    assert not turn.changed


@pytest.mark.parametrize("user", [AMINA, ERIK])
async def test_sessions_is_refused_to_participants_and_employers(world: World, user: int) -> None:
    turn = await world.client.command(user, "sessions")
    assert turn.texts(user) == [NOT_ALLOWED]


@pytest.mark.parametrize(
    ("user", "sees"), [(KARIN, True), (MARIA, True), (OLLE, False), (BERIT, False), (BO, False)]
)
async def test_sessions_lists_only_what_the_person_runs(
    world: World, user: int, sees: bool
) -> None:
    turn = await world.client.command(user, "sessions")
    payloads = turn.payloads(user)
    assert (f"x1:{world.today.id}" in payloads) is sees
    assert (f"x1:{world.other_unit.id}" in payloads) is (user in (BERIT, BO))


async def test_here_checks_in_the_participant_at_the_open_session(world: World) -> None:
    turn = await world.client.command(AMINA, "here")
    assert "checked in for" in turn.texts(AMINA)[0]
    assert await record_of(world, world.today.id, AMINA) is Presence.PRESENT


# -- participant buttons -------------------------------------------------------------------


@pytest.mark.parametrize("code", ["c1", "a1", "d1"])
async def test_a_participant_cannot_act_on_an_activity_they_are_not_in(
    world: World, code: str
) -> None:
    turn = await world.client.press(CECILIA, f"{code}:{world.today.id}")
    assert turn.texts(CECILIA) == [NOT_ALLOWED]
    assert await record_of(world, world.today.id, CECILIA) is None
    assert turn.to(world.id(KARIN)) == []


@pytest.mark.parametrize("code", ["c1", "a1", "b1", "d1"])
@pytest.mark.parametrize("user", [KARIN, MARIA, ERIK])
async def test_participant_buttons_are_refused_to_other_roles(
    world: World, code: str, user: int
) -> None:
    payload = f"b1:{world.today.id}:interview" if code == "b1" else f"{code}:{world.today.id}"
    turn = await world.client.press(user, payload)
    assert turn.texts(user) == [NOT_ALLOWED]
    assert await record_of(world, world.today.id, AMINA) is None


async def test_check_in_button_records_presence_for_the_enrolled(world: World) -> None:
    turn = await world.client.press(AMINA, f"c1:{world.today.id}")
    assert "Welcome" in turn.texts(AMINA)[0]
    assert await record_of(world, world.today.id, AMINA) is Presence.PRESENT


async def test_absence_with_a_unit_category_alerts_the_own_coach_only(world: World) -> None:
    asked = await world.client.press(AMINA, f"a1:{world.today.id}")
    assert f"b1:{world.today.id}:interview" in asked.payloads(AMINA)
    turn = await world.client.press(AMINA, f"b1:{world.today.id}:interview")
    assert await record_of(world, world.today.id, AMINA) is Presence.NOTIFIED_ABSENCE
    assert {m.chat_id for m in turn.messages} == {AMINA, KARIN}
    assert "Amina cannot come" in turn.texts(KARIN)[0]


@pytest.mark.parametrize("category", ["hacked", "Other", "unwell2", "x" * 32])
async def test_an_unknown_absence_category_is_never_stored(world: World, category: str) -> None:
    turn = await world.client.press(AMINA, f"b1:{world.today.id}:{category}")
    assert turn.texts(AMINA) == [STALE]
    assert await record_of(world, world.today.id, AMINA) is None


async def test_a_forged_absence_for_a_closed_session_keeps_the_record(world: World) -> None:
    for category in ("interview", "other", "hacked"):
        turn = await world.client.press(AMINA, f"b1:{world.yesterday.id}:{category}")
        assert "has closed" in turn.texts(AMINA)[0] or turn.texts(AMINA) == [STALE]
        assert turn.to(KARIN) == []
    entry = await world.client.ports.attendance.record_of(world.yesterday.id, world.id(AMINA))
    assert entry is not None
    assert (entry.status, entry.category) == (Presence.UNREPORTED, None)


async def test_a_forged_absence_after_a_rejected_dispute_keeps_the_record(world: World) -> None:
    await world.client.press(KARIN, f"e1:{world.dispute_id}:r")
    await world.client.press(AMINA, f"b1:{world.yesterday.id}:interview")
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED


async def test_a_forged_absence_for_a_cancelled_session_is_refused(world: World) -> None:
    turn = await world.client.press(AMINA, f"b1:{world.cancelled.id}:interview")
    assert "is cancelled" in turn.texts(AMINA)[0]
    assert await record_of(world, world.cancelled.id, AMINA) is None


async def test_an_absence_cannot_overwrite_a_check_in(world: World) -> None:
    await world.client.press(AMINA, f"c1:{world.today.id}")
    turn = await world.client.press(AMINA, f"b1:{world.today.id}:interview")
    assert "already checked in" in turn.texts(AMINA)[0]
    assert await record_of(world, world.today.id, AMINA) is Presence.PRESENT


# -- disputes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user",
    [OLLE, BERIT, BO],
    ids=["coach-outside-caseload", "coach-other-unit", "manager-other-unit"],
)
@pytest.mark.parametrize("button", ["e1:{}:a", "e1:{}:r", "e2:{}:p:-", "e2:{}:n:unwell", "e3:{}"])
async def test_only_who_sees_the_participant_decides_a_dispute(
    world: World, user: int, button: str
) -> None:
    turn = await world.client.press(user, button.format(world.dispute_id))
    assert turn.texts(user) == [NOT_ALLOWED]
    assert all("Amina" not in text for text in turn.texts())
    assert [m.chat_id for m in turn.messages] == [user]
    dispute = await world.client.ports.attendance.dispute(world.dispute_id)
    assert dispute is not None
    assert dispute.status is DisputeStatus.OPEN
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED
    assert world.client.ports.access.reads == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("user", [AMINA, BILAL, ERIK])
async def test_non_staff_cannot_decide_a_dispute(world: World, user: int) -> None:
    turn = await world.client.press(user, f"e2:{world.dispute_id}:p:-")
    assert turn.texts(user) == [NOT_ALLOWED]
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED


@pytest.mark.parametrize("user", [KARIN, MARIA], ids=["own-coach", "manager-of-unit"])
async def test_the_own_coach_or_the_unit_manager_decides_and_the_read_is_logged(
    world: World, user: int
) -> None:
    turn = await world.client.press(user, f"e2:{world.dispute_id}:n:sick_child")
    now_says = "absent, reported in time (caring for a sick child)"
    assert turn.texts(user) == [f"Done. The record now says: {now_says}. Amina has been told."]
    assert f"The record now says: {now_says}." in turn.texts(AMINA)[0]
    entry = await world.client.ports.attendance.record_of(world.yesterday.id, world.id(AMINA))
    assert entry is not None
    assert (entry.status, entry.category) == (Presence.NOTIFIED_ABSENCE, "sick_child")
    reads = world.client.ports.access.reads  # type: ignore[attr-defined]
    assert [(r[0], r[1]) for r in reads] == [(world.id(user), world.id(AMINA))]
    for old in (f"e1:{world.dispute_id}:r", f"e2:{world.dispute_id}:p:-"):
        again = await world.client.press(user, old)
        assert again.texts(user) == [STALE], "a decided dispute cannot be decided again"
    assert (
        await world.client.ports.attendance.record_of(world.yesterday.id, world.id(AMINA))
    ) == entry


async def test_the_coach_sees_the_comment_and_the_record_and_picks_what_it_says(
    world: World,
) -> None:
    # An accept button from before the choice existed shows the choice; nothing changes yet.
    turn = await world.client.press(KARIN, f"e1:{world.dispute_id}:a")
    [question] = turn.texts(KARIN)
    assert "The record says: absent, not reported" in question
    assert "What should the record say?" in question
    payloads = [b.payload for row in turn.messages[0].buttons for b in row]
    assert payloads == [
        f"e2:{world.dispute_id}:p:-",
        f"e2:{world.dispute_id}:l:-",
        f"e3:{world.dispute_id}",
        f"e2:{world.dispute_id}:u:-",
    ]
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED
    reasons = await world.client.press(KARIN, f"e3:{world.dispute_id}")
    codes = [b.payload.rsplit(":", 1)[1] for row in reasons.messages[0].buttons for b in row]
    assert "sick_child" in codes
    assert reasons.remove_buttons, "the first question's buttons go once a reason is asked"
    forged = await world.client.press(KARIN, f"e2:{world.dispute_id}:n:holiday")
    assert forged.texts(KARIN) == [STALE], "only the unit's reasons"
    late = await world.client.press(KARIN, f"e2:{world.dispute_id}:l:-")
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.LATE
    assert "The record now says: late." in late.texts(AMINA)[0]


async def test_leave_unchanged_keeps_the_record_and_says_so(world: World) -> None:
    turn = await world.client.press(KARIN, f"e2:{world.dispute_id}:u:-")
    assert await record_of(world, world.yesterday.id, AMINA) is Presence.UNREPORTED
    assert "left the record as it was: absent, not reported" in turn.texts(AMINA)[0]
    dispute = await world.client.ports.attendance.dispute(world.dispute_id)
    assert dispute is not None
    assert dispute.status is DisputeStatus.REJECTED


async def test_a_decided_dispute_cannot_be_reopened_by_an_old_button(world: World) -> None:
    again = await world.client.press(AMINA, f"d1:{world.yesterday.id}")
    assert "already disputed" in again.texts(AMINA)[0]
    await world.client.press(KARIN, f"e2:{world.dispute_id}:u:-")
    reopened = await world.client.press(AMINA, f"d1:{world.yesterday.id}")
    assert "already decided" in reopened.texts(AMINA)[0]
    assert reopened.state == "idle" or "dispute_comment" not in reopened.state


async def test_a_dispute_goes_to_the_own_coach_with_decision_buttons(world: World) -> None:
    await world.client.press(AMINA, f"c1:{world.today.id}")
    present = await world.client.press(AMINA, f"d1:{world.today.id}")
    assert "nothing to dispute" in present.texts(AMINA)[0]
    await world.client.ports.attendance.record(
        AttendanceRecord(world.today.id, world.id(AMINA), Presence.LATE, world.client.now)
    )
    asked = await world.client.press(AMINA, f"d1:{world.today.id}")
    assert asked.state == "attendance.dispute_comment"
    turn = await world.client.text(AMINA, "I was on time, the door was locked")
    assert "the door was locked" in turn.texts(KARIN)[0]
    assert "The record says: late" in turn.texts(KARIN)[0]
    assert len(turn.payloads(KARIN)) == 4
    assert turn.state == "idle"


async def test_a_dispute_for_someone_elses_session_is_refused(world: World) -> None:
    turn = await world.client.press(BILAL, f"d1:{world.other_unit.id}")
    assert turn.texts(BILAL) == [NOT_ALLOWED]
    assert turn.state == "idle"


# -- sessions: cancel and move ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["x1", "y1", "y2", "v1"])
@pytest.mark.parametrize(
    "user", [OLLE, BERIT, BO], ids=["other-coach", "other-unit-coach", "other-unit-manager"]
)
async def test_only_who_runs_the_activity_cancels_or_moves_it(
    world: World, code: str, user: int
) -> None:
    turn = await world.client.press(user, f"{code}:{world.today.id}")
    assert turn.texts(user) == [NOT_ALLOWED]
    assert [m.chat_id for m in turn.messages] == [user]
    session = await world.client.ports.attendance.session(world.today.id)
    assert session is not None
    assert not session.cancelled
    assert turn.state == "idle"


@pytest.mark.parametrize("code", ["x1", "y1", "y2", "v1"])
@pytest.mark.parametrize("user", [AMINA, ERIK])
async def test_session_buttons_are_refused_to_non_staff(
    world: World, code: str, user: int
) -> None:
    turn = await world.client.press(user, f"{code}:{world.today.id}")
    assert turn.texts(user) == [NOT_ALLOWED]


@pytest.mark.parametrize("user", [KARIN, MARIA])
async def test_the_activity_coach_or_the_unit_manager_cancels_and_all_are_told(
    world: World, user: int
) -> None:
    asked = await world.client.press(user, f"x1:{world.today.id}")
    assert asked.payloads(user) == [f"y1:{world.today.id}", f"y2:{world.today.id}"]
    turn = await world.client.press(user, f"y1:{world.today.id}")
    assert {m.chat_id for m in turn.messages} == {user, AMINA, BILAL}
    assert turn.outcome.drop_pending == (f"rem:{world.today.id}:",)


async def test_no_to_cancelling_changes_nothing(world: World) -> None:
    await world.client.press(KARIN, f"x1:{world.today.id}")
    kept = await world.client.press(KARIN, f"y2:{world.today.id}")
    assert "nothing changed" in kept.texts(KARIN)[0]
    assert kept.outcome.remove_buttons
    session = await world.client.ports.attendance.session(world.today.id)
    assert session is not None
    assert not session.cancelled


async def test_a_session_someone_checked_in_for_is_not_moved(world: World) -> None:
    await world.client.press(AMINA, f"c1:{world.today.id}")
    assert await record_of(world, world.today.id, AMINA) is Presence.PRESENT
    refused = await world.client.press(KARIN, f"v1:{world.today.id}")
    assert "cannot be moved" in refused.texts(KARIN)[0]
    assert refused.state == "idle"
    assert await record_of(world, world.today.id, AMINA) is Presence.PRESENT


async def test_a_move_step_rechecks_access_when_the_caseload_changed_hands(world: World) -> None:
    asked = await world.client.press(KARIN, f"v1:{world.tomorrow.id}")
    assert asked.state == "attendance.move_session"
    activity = world.client.db.activities[world.activity_id]
    world.client.db.activities[world.activity_id] = type(activity)(
        **{**activity.__dict__, "coach_id": world.id(OLLE)}
    )
    turn = await world.client.text(KARIN, "2026-11-30 13:00")
    assert turn.texts(KARIN) == [STALE]
    assert turn.state == "idle"
    session = await world.client.ports.attendance.session(world.tomorrow.id)
    assert session is not None
    assert not session.cancelled


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01 00:00",
        "9999-12-31 23:59",
        "2026-02-30 10:00",
        "2026-12-01 25:00",
        "２０２６-12-01 13:00",
        "2026-12-01 1３:00",
    ],
)
async def test_extreme_or_malformed_move_times_get_a_clear_answer(world: World, text: str) -> None:
    await world.client.press(KARIN, f"v1:{world.tomorrow.id}")
    turn = await world.client.text(KARIN, text)
    [answer] = turn.texts(KARIN)
    assert "like 2026-12-01 13:00" in answer or "has passed" in answer or "moved" in answer
    session = await world.client.ports.attendance.session(world.tomorrow.id)
    assert session is not None
    assert session.cancelled is ("moved" in answer.lower())
