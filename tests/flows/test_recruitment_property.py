"""Property: whatever anyone does (the whole recruitment path, commands, texts, valid, old and
forged buttons with other people's ids, Unicode digits and 40-digit ids), no employer is ever
sent a participant's name or CV unless that participant said yes to being presented to the
employer's workplace (or works there on a placement)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.output import CvSheet
from flows.recruitment.payloads import Consent, Present, Verdict
from flows.recruitment_model import SHOWN, Pitch
from tests.flowclient import FlowClient, text_of
from tests.flows.recruitment_world import FRIDA, recruiting
from tests.flows.world import AMINA, BERIT, BILAL, CECILIA, ERIK, KARIN, OLLE, World

USERS = [AMINA, BILAL, CECILIA, KARIN, OLLE, ERIK, FRIDA, BERIT]
EMPLOYERS = (ERIK, FRIDA)
NAMES = {AMINA: ("Amina",), BILAL: ("Bilal",), CECILIA: ("Cecilia",)}
COMMANDS = ["need", "needs", "employers", "contact", "cancel", "cv", "help", "placements"]
TEXTS = ["Köksbiträde", "kock", "2", "٣", "18/12", "10/12 10:00", "23/11 08:00", "ok", ""]
# Payload codes with one id (filled from the ids in play) and their fixed tails.
ONE_ID = [
    "h1:{}",
    "h6:{}:visit",
    "h7:{}:{}",
    "h8:{}:ask",
    "h9:{}",
    "h17:{}",
    "h18:{}",
    "h21:{}:yes",
    "h21:{}:no",
    "h21:{}:see",
    "h22:{}:interview",
    "h22:{}:not_now",
    "h22:{}:hire",
    "h23:{}:yes:202611250900",
    "h23:{}:no:202611250900",
    "h24:{}:job",
    "h25:{}:monday",
    "h26:{}:yes",
]
FIXED = [
    "h10:0",
    "h10:own",
    "h11:1",
    "h12:2w",
    "h13:full",
    "h14:licence_b",
    "h14:done",
    "h15:none",
    "h16:ok",
    "h2:new",
    "h21:²:yes",
    "h22:" + "9" * 40 + ":hire",
    "h22:١:hire",
]


def consented(world: World, employer: int, participant: int) -> bool:
    """Said yes to a workplace the employer speaks for, or works there on a placement."""
    db = world.client.db
    speaks = {c[0] for c in db.workplace_contacts if c[2] == world.id(employer)}
    pid = world.id(participant)
    return any(
        p.participant_id == pid
        and p.state in SHOWN
        and db.assignments[p.assignment_id].workplace_id in speaks
        for p in db.presentations.values()
    ) or any(
        p.participant_id == pid and p.employer_id == world.id(employer) and p.active
        for p in db.placements.values()
    )


def pool(client: FlowClient, world: World, need: int) -> list[str]:
    """Every button worth pressing now: the real ones with the ids in play, and forgeries."""
    db = client.db
    ids = sorted({*db.presentations, *db.assignments, *db.workplaces, *db.contact_log, 1, 10**17})
    people = [world.id(u) for u in (AMINA, BILAL, CECILIA)]
    cvs = list(db.cvs)
    out = [t.format(i, i) for t in ONE_ID for i in ids] + FIXED
    out += [f"h19:{need}:{p}" for p in people]
    out += [f"h20:{need}:{p}:{cv}" for p in people for cv in cvs]
    return out


# Besides any button, the steps of the path itself, so that consents, refusals and answers
# happen often: a coach presents someone, someone answers a consent question (maybe not
# theirs), an employer answers about a candidate (maybe not theirs).
KINDS = ["command", "press", "press", "text", "wait", "present", "consent", "verdict"]
ACTION = st.tuples(
    st.sampled_from(USERS),
    st.sampled_from(KINDS),
    st.one_of(st.integers(min_value=0, max_value=100_000), st.sampled_from(range(30))),
)


def scripted(client: FlowClient, world: World, need: int, kind: str, pick: int) -> tuple[int, str]:
    """Who presses what for a step of the path: mostly the right person on a live question,
    sometimes someone else or an old one."""
    db = client.db
    people = [AMINA, BILAL, CECILIA]
    by_id = {world.id(u): u for u in people}
    if kind == "present":
        participant = people[pick % 3]
        cvs = [c.id for c in db.cvs.values() if c.participant_id == world.id(participant)] or [1]
        coach = (KARIN, OLLE)[pick // 3 % 4 == 3]
        return coach, f"{Present.code}:{need}:{world.id(participant)}:{cvs[0]}"
    pitches = sorted(db.presentations.values(), key=lambda p: (p.state is not Pitch.ASKED, p.id))
    if not pitches:
        return people[pick % 3], f"{Consent.code}:{10**17}:yes"
    chosen = pitches[0] if pick % 4 else pitches[pick // 4 % len(pitches)]
    if kind == "consent":
        user = by_id[chosen.participant_id] if pick % 5 else people[pick // 5 % 3]
        return user, f"{Consent.code}:{chosen.id}:{('yes', 'no', 'see')[pick // 2 % 3]}"
    answer = ("interview", "not_now", "hire")[pick % 3]
    return EMPLOYERS[pick // 5 % 6 == 5], f"{Verdict.code}:{chosen.id}:{answer}"


async def play(actions: list[tuple[int, str, int]]) -> None:
    world, _, _ = await recruiting()
    client = world.client
    await client.command(ERIK, "need")
    for step in ("Köksbiträde", "h11:1", "h12:2w", "h13:full", "h14:done", "h15:none", "h16:ok"):
        await (client.press if step.startswith("h") else client.text)(ERIK, step)
    [need] = client.db.assignments
    for user, kind, pick in actions:
        if kind == "command":
            turn = await client.command(user, COMMANDS[pick % len(COMMANDS)])
        elif kind == "press":
            buttons = pool(client, world, need)
            turn = await client.press(user, buttons[pick % len(buttons)])
        elif kind in ("present", "consent", "verdict"):
            user, payload = scripted(client, world, need, kind, pick)
            turn = await client.press(user, payload)
        elif kind == "text":
            turn = await client.text(user, TEXTS[pick % len(TEXTS)])
        else:
            client.advance(timedelta(hours=pick % 50))
            turn = None
        for say in turn.messages if turn else ():
            if say.chat_id not in EMPLOYERS:
                continue
            text = text_of(say)
            sheet = say.printable.cv.contact.name if isinstance(say.printable, CvSheet) else ""
            for participant, names in NAMES.items():
                if any(n in text or n in sheet for n in names):
                    assert consented(world, say.chat_id, participant), (
                        f"{say.chat_id} got {names[0]}'s data without consent: {text!r} "
                        f"(after {kind} by {user})"
                    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTION, min_size=1, max_size=30))
def test_no_employer_gets_a_participant_who_did_not_consent(
    actions: list[tuple[int, str, int]],
) -> None:
    asyncio.run(play(actions))
