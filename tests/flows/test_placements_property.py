"""Property: over random placements (ended or not), employers and presses (real, forged, of
other people's follow-ups), an employer is told only about the participants of their own
active placements, never reads an absence reason, and answers only their own follow-ups."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.calendar import swedish_holidays
from flows.config import Config
from flows.model import AttendanceRecord, Presence, Role
from flows.placement_model import Placement, PlacementKind, Side
from flows.placements.payloads import ask_button
from tests.flowclient import text_of
from tests.flows.world import AMINA, BILAL, CECILIA, DAWIT, ERIK, KARIN, OLLE, World, build

ERIK2 = 901
PARTICIPANTS = {AMINA: "Amina", BILAL: "Bilal", CECILIA: "Cecilia", DAWIT: "Dawit"}
EMPLOYERS = [ERIK, ERIK2]
REASONS = ("I am unwell", "Caring for a sick child", "unwell", "sick child")
FORGED = [
    "f7:1:overall:good",
    "f7:" + "9" * 40 + ":overall:good",
    "f7:²:tasks:ok",
    "f8:1",
    "f13:1",
]

PLACEMENT = st.tuples(
    st.sampled_from(list(PARTICIPANTS)), st.sampled_from(EMPLOYERS), st.booleans()
)
ACTION = st.tuples(
    st.sampled_from(EMPLOYERS),
    st.sampled_from(["press", "forged", "contact", "command"]),
    st.integers(min_value=0, max_value=1000),
)


async def play(
    placements: list[tuple[int, int, bool]], actions: list[tuple[int, str, int]]
) -> None:
    world = await build()
    c = world.client
    c.cfg = Config(bot_username="stegvis_test_bot", holidays=swedish_holidays)
    unit = world.people[ERIK].unit_id
    world.people[ERIK2] = c.person(Role.EMPLOYER, ERIK2, "Eva", "en", unit)
    # An absence with a health reason that no employer may ever read.
    await c.ports.attendance.record(
        AttendanceRecord(
            world.yesterday.id,
            world.id(AMINA),
            Presence.NOTIFIED_ABSENCE,
            c.now,
            category="unwell",
        )
    )
    made: list[tuple[Placement, bool]] = []
    for participant, employer, ended in placements:
        draft = Placement(
            0,
            world.id(participant),
            world.id(employer),
            world.id(KARIN if participant != CECILIA else OLLE),
            world.people[participant].unit_id,
            f"Firma {employer}",
            PlacementKind.PLACEMENT,
            date(2026, 11, 16),
            date(2027, 2, 16),
            c.now,
        )
        p = await c.ports.placements.create(draft, None)
        if ended:
            await c.ports.placements.change(
                p.id, ended_on=date(2026, 11, 20), outcome="other_unknown"
            )
        made.append((p, ended))
    c.now = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)  # Thursday 10:30: day-3 questions
    asked = await c.tick()
    await _check(world, ERIK, asked.messages, made)
    assert any(say.chat_id in EMPLOYERS for say in asked.messages) == any(
        not ended for _, ended in made
    ), "every active placement's employer is asked"
    follow_ups = [
        f for uid in PARTICIPANTS for f in await c.ports.placements.follow_ups(world.id(uid))
    ]
    for user, kind, pick in actions:
        if kind == "press" and follow_ups:
            f = follow_ups[pick % len(follow_ups)]
            q, v = ("overall", "concern") if pick % 2 else ("feel", "bad")
            before = len(await c.ports.placements.replies(f.id))
            turn = await c.press(user, ask_button(f.id, q, v))
            placement = next(p for p, _ in made if p.id == f.placement_id)
            mine = (
                placement.employer_id == world.id(user)
                and not dict((p.id, e) for p, e in made)[placement.id]
            )
            stored = len(await c.ports.placements.replies(f.id)) - before
            if not mine or q != "overall":
                assert stored == 0, f"{user} answered {q} of someone else's follow-up"
        elif kind == "forged":
            turn = await c.press(user, FORGED[pick % len(FORGED)])
        elif kind == "contact":
            await c.command(user, "contact")
            turn = await c.text(user, "Hello coach")
        else:
            turn = await c.command(
                user, ["placements", "attendance", "help", "contact", "cv"][pick % 5]
            )
        c.advance(timedelta(minutes=pick % 7))
        await _check(world, user, turn.messages, made)
    for f in follow_ups:
        for r in await c.ports.placements.replies(f.id):
            if r.side is Side.EMPLOYER:
                placement = next(p for p, _ in made if p.id == f.placement_id)
                assert not dict((p.id, e) for p, e in made)[placement.id], (
                    "no answer to an ended one"
                )


async def _check(
    world: World, user: int, messages: tuple, made: list[tuple[Placement, bool]]
) -> None:
    employer = world.people[user]
    own = {p.participant_id for p, ended in made if p.employer_id == employer.id and not ended}
    for say in messages:
        if say.chat_id not in EMPLOYERS:
            continue
        text = text_of(say)
        reader = world.people[say.chat_id]
        visible = {
            p.participant_id for p, ended in made if p.employer_id == reader.id and not ended
        }
        for uid, name in PARTICIPANTS.items():
            if name in text:
                assert world.id(uid) in visible, (
                    f"{reader.display_name} told about {name}: {text!r}"
                )
        assert not any(r in text for r in REASONS), (
            f"absence reason shown to an employer: {text!r}"
        )
    assert own is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(PLACEMENT, min_size=1, max_size=4),
    st.lists(ACTION, min_size=1, max_size=12),
)
def test_an_employer_sees_and_answers_only_their_own_active_placements(
    placements: list[tuple[int, int, bool]], actions: list[tuple[int, str, int]]
) -> None:
    asyncio.run(play(placements, actions))
