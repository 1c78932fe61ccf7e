"""Property: whatever people of every role send (commands, valid, forged, stale and other
users' buttons, texts, locations), nobody is told about a participant they may not see, and
no conversation is left in a step of a flow that is not the one in use."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.model import STAFF_ROLES, Role
from flows.registry import REGISTRY
from tests.flowclient import FlowClient, text_of
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    BO,
    CECILIA,
    DAWIT,
    ERIK,
    KARIN,
    MARIA,
    OLLE,
    World,
    build,
)

USERS = [AMINA, BILAL, CECILIA, DAWIT, KARIN, OLLE, MARIA, BERIT, BO, ERIK]
PARTICIPANTS = {AMINA: "Amina", BILAL: "Bilal", CECILIA: "Cecilia", DAWIT: "Dawit"}
COMMANDS = [*REGISTRY.commands, "nonsense", "start"]
TEXTS = ["hello", "2026-12-01 13:00", "09:30", "2026-12-24", "Room 3", "x" * 600, "١٢", "", "2019"]
FORGED = ["c1:²", "c1:" + "9" * 40, "e1:1:x", "zz:1", "p1:p:²", "b1:1:" + "y" * 33, "l1:de"]


def buttons(world: World) -> list[str]:
    sessions = [world.today, world.tomorrow, world.yesterday, world.cancelled, world.other_unit]
    out = [f"e1:{world.dispute_id}:{v}" for v in "ar"] + [f"e1:{world.dispute_id + 1}:a"]
    for s in sessions:
        out += [f"{code}:{s.id}" for code in ("c1", "a1", "d1", "x1", "y1", "v1")]
        out += [f"b1:{s.id}:{c}" for c in ("interview", "other", "hacked")]
    out += ["n1:skip", "l1:sv", "s1:-", "s1:ar", "i1:participant", "i1:coach", "m1:send"]
    out += ["p1:k:workshop", "p1:r:weekly", "p1:w:1", "p1:h:60", "p1:p:all", "p1:p:done"]
    out += ["p1:s:ok", "p1:s:no", *FORGED]
    people = [world.id(u) for u in PARTICIPANTS]
    out += [f"k8:{p}" for p in people] + [f"k9:{p}:jobs" for p in people]
    out += [f"k10:{p}" for p in people] + [f"k11:{n}" for n in range(1, 40, 3)]
    out += ["k1:walk", "k1:pdf", "k1:copies", "k2:jobs", "k3:0:skip", "k3:4:done"]
    out += ["k4:jobs:0:edit"]
    out += ["k6:1:open", "k6:2:get", "k7:1:jobs:0:drop", "k3:" + "9" * 40 + ":x"]
    coaches = [world.id(u) for u in (KARIN, OLLE, BERIT)]
    for code in ("g1", "g3", "g4", "g11", "g12", "g14"):
        out += [f"{code}:{p}" for p in people]
    out += [f"g5:{p}:{c}" for p in people for c in coaches]
    out += [f"g6:{c}:{a}" for c in coaches for a in ("ask", "yes")]
    out += [f"g10:{p}:woman" for p in people] + ["g2:attention:0", "g2:all:1", "g7:18"]
    out += ["g8:2", "g9:739943", "g13:739943", "g15", "g1:" + "9" * 40, "g5:1:١"]
    return out


ACTION = st.tuples(
    st.sampled_from(USERS),
    st.sampled_from(["command", "press", "text", "location", "wait"]),
    st.integers(min_value=0, max_value=999),
)


async def visible(client: FlowClient, world: World, viewer: int, participant: int) -> bool:
    if viewer == participant:
        return True
    person = world.people[viewer]
    return await client.ports.access.can_see(person, world.id(participant))


async def views(client: FlowClient, world: World) -> tuple[set[tuple[int, int]], ...]:
    """Who may see whom now, and who is related to whom (either sees the other)."""
    sees, related = set(), set()
    for viewer in USERS:
        for other in USERS:
            mine = await visible(client, world, viewer, other)
            theirs = await client.ports.access.can_see(world.people[other], world.id(viewer))
            if mine:
                sees.add((viewer, other))
            a, b = world.people[viewer], world.people[other]
            colleagues = a.unit_id == b.unit_id and {a.role, b.role} <= STAFF_ROLES
            if mine or theirs or colleagues:
                related.add((viewer, other))
    return sees, related


async def play(actions: list[tuple[int, str, int]]) -> None:
    world = await build()
    client = world.client
    pool = buttons(world)
    for user, kind, pick in actions:
        before = await views(client, world)
        if kind == "command":
            name = COMMANDS[pick % len(COMMANDS)]
            turn = await client.command(user, name)
        elif kind == "press":
            turn = await client.press(user, pool[pick % len(pool)])
        elif kind == "text":
            turn = await client.text(user, TEXTS[pick % len(TEXTS)])
        elif kind == "location":
            turn = await client.location(user, 59.3, 18.0)
        else:
            client.advance(timedelta(minutes=pick % 90))
            await client.tick()
            continue
        # A hand-over changes who sees whom: the old coach and the participant are told of
        # it, so what held before the action or after it counts.
        after = await views(client, world)
        for say in turn.messages:
            assert say.chat_id in world.people, f"message to an unknown chat {say.chat_id}"
            text = text_of(say)
            for participant, name in PARTICIPANTS.items():
                if name in text:
                    seen = (say.chat_id, participant)
                    assert seen in before[0] or seen in after[0], (
                        f"{say.chat_id} was told about {name}: {text!r} (after {kind} by {user})"
                    )
            if say.chat_id != user:
                pair = (user, say.chat_id)
                related = pair in before[1] or pair in after[1]
                assert related, f"{user} reached {say.chat_id} by {kind}"
        state = turn.state
        assert state == "idle" or REGISTRY.pending(state) is not None, state
        assert set(turn.data) <= set(REGISTRY.by_name), turn.data
        if kind == "command" and name in REGISTRY.commands:
            owner = REGISTRY.commands[name][0].name
            pending = REGISTRY.pending(state)
            kept = pending is not None and pending[1].resumable  # the CV's walk waits
            assert state == "idle" or state.startswith(owner + ".") or kept, (name, state)
        for pending_user, convo in client.conversations.items():
            if convo.state != "idle":
                assert world.people[pending_user].role is not Role.EMPLOYER or (
                    convo.state.startswith("onboarding.")
                )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(ACTION, min_size=1, max_size=30))
def test_no_one_learns_about_a_participant_outside_their_view(
    actions: list[tuple[int, str, int]],
) -> None:
    asyncio.run(play(actions))
