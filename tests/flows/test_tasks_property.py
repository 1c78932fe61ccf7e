"""Property: whatever anyone presses, types or sends about tasks (their own, others', forged,
old), a task only moves along the allowed transitions, tasks exist only inside a coach's
caseload, and nobody is told about a task that is not theirs."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.events import Event, Kind
from flows.model import ReportKind, Task, TaskState
from flows.payloads import as_id
from flows.tasks.library import LIBRARY
from flows.tasks.payloads import (
    AskHelp,
    DueIn,
    MoreTime,
    OwnHours,
    OwnReport,
    Pick,
    Rate,
    ReportTask,
    Review,
    Send,
    StepOf,
    Suggested,
    WeekOf,
    Whom,
    Withdraw,
    WriteOwn,
)
from tests.flows.world import (
    AMINA,
    BERIT,
    BILAL,
    CECILIA,
    DAWIT,
    KARIN,
    MARIA,
    OLLE,
    World,
    build,
)

USERS = [AMINA, BILAL, CECILIA, DAWIT, KARIN, OLLE, MARIA, BERIT]
S = TaskState
ALLOWED = {
    S.ASSIGNED: {S.ASSIGNED, S.REPORTED, S.CANCELLED},
    S.RETURNED: {S.RETURNED, S.REPORTED, S.CANCELLED},
    S.REPORTED: {S.REPORTED, S.APPROVED, S.RETURNED, S.CANCELLED},
    S.APPROVED: {S.APPROVED},
    S.CANCELLED: {S.CANCELLED},
}
KEYS = [LIBRARY[0].key, LIBRARY[13].key, "market_register", "nokey"]
TEXTS = ["done it", "https://example.org/cv", "", "2026-11-30", "١٢", "x" * 300]
TASK_CODES = {"t6", "t7", "t8", "t9", "t10", "t13"}
KINDS = ["command", "press", "text", "photo", "sticker", "give", "report", "review"]


def forged(world: World, ids: list[int], pick: int) -> str:
    """Any task button, for any task id (real, next, huge) or participant, or garbage."""
    task = ([*ids, 999, 10**18, 0])[pick % (len(ids) + 3)]
    pid = world.id(USERS[pick % 4])
    options = [
        ReportTask(task).pack(),
        AskHelp(task, "unclear").pack(),
        AskHelp(task, "time").pack(),
        Review(task, "ok").pack(),
        Review(task, "back").pack(),
        MoreTime(task, "yes").pack(),
        MoreTime(task, "no").pack(),
        Withdraw(task).pack(),
        Rate(task, "useful").pack(),
        Rate(task, "long").pack(),
        WeekOf(pid).pack(),
        Suggested(pid, KEYS[pick % len(KEYS)]).pack(),
        Whom(str(pid)).pack(),
        Whom("done").pack(),
        StepOf(LIBRARY[pick % len(LIBRARY)].step).pack(),
        Pick(KEYS[pick % len(KEYS)]).pack(),
        DueIn(pick % 20).pack(),
        Send("ok").pack(),
        WriteOwn().pack(),
        OwnHours(pick % 20).pack(),
        OwnReport(list(ReportKind)[pick % 5]).pack(),
        "t6:²",
        "t8:" + "9" * 40 + ":ok",
    ]
    return options[(pick // 7) % len(options)]


async def tasks_of(world: World) -> dict[int, Task]:
    out = {}
    for uid in (AMINA, BILAL, CECILIA, DAWIT):
        for task in await world.client.ports.tasks.of_participant(world.id(uid)):
            out[task.id] = task
    return out


async def play(actions: list[tuple[int, str, int]]) -> None:
    world = await build()
    c = world.client
    caseload = {
        world.id(KARIN): {world.id(AMINA), world.id(BILAL)},
        world.id(OLLE): {world.id(CECILIA)},
        world.id(BERIT): {world.id(DAWIT)},
    }
    chat_of = {p.id: uid for uid, p in world.people.items()}
    for user, kind, pick in actions:
        before = await tasks_of(world)
        ids = sorted(before)
        pressed: int | None = None
        if kind == "command":
            turn = await c.command(user, ["assign", "tasks", "week", "cancel"][pick % 4])
        elif kind in ("report", "review") and ids:
            # The right person acts on a real task: the participant reports, the coach decides.
            waiting = [i for i in ids if before[i].state is S.REPORTED]
            choice = waiting if kind == "review" and waiting and pick % 4 else ids
            task = before[choice[pick % len(choice)]]
            pressed = task.id
            if kind == "report":
                user = chat_of[task.participant_id]
                await c.press(user, ReportTask(task.id).pack())
                if pick % 3 == 0:
                    turn = await c.send(user, Event(Kind.PHOTO, c.now, file_id=f"ph{pick}"))
                else:
                    turn = await c.text(user, TEXTS[pick % len(TEXTS)])
            else:
                user = chat_of[task.coach_id]
                if pick % 7 == 0:
                    turn = await c.press(user, Withdraw(task.id).pack())
                else:
                    verdict = "ok" if pick % 2 else "back"
                    turn = await c.press(user, Review(task.id, verdict).pack())
                    if verdict == "back":
                        turn = await c.text(user, "add your school")
        elif kind in ("press", "report", "review"):
            data = forged(world, ids, pick)
            parts = data.split(":")
            pressed = as_id(parts[1]) if parts[0] in TASK_CODES and len(parts) > 1 else None
            turn = await c.press(user, data)
        elif kind == "text":
            turn = await c.text(user, TEXTS[pick % len(TEXTS)])
        elif kind == "photo":
            turn = await c.send(user, Event(Kind.PHOTO, c.now, file_id=f"ph{pick}"))
        elif kind == "sticker":
            turn = await c.send(user, Event(Kind.STICKER, c.now, file_id="st"))
        else:
            # A whole gift in one go, by whoever is the user, for someone.
            target = world.id([AMINA, BILAL, CECILIA, DAWIT][pick % 4])
            if pick % 5:
                # Mostly the participant's own coach; otherwise whoever the user is.
                user = next(chat_of[k] for k, v in caseload.items() if target in v)
            await c.command(user, "assign")
            for data in (
                Whom(str(target)).pack(),
                Whom("done").pack(),
                Pick(KEYS[pick % 3]).pack(),
                DueIn(1 + pick % 9).pack(),
            ):
                await c.press(user, data)
            turn = await c.press(user, Send("ok").pack())
        after = await tasks_of(world)
        for task_id, task in after.items():
            assert task.participant_id in caseload.get(task.coach_id, set()), "outside a caseload"
            old = before.get(task_id)
            if old is None:
                assert task.state is S.ASSIGNED, "a new task starts assigned"
                continue
            assert task.state in ALLOWED[old.state], (old.state, task.state, kind)
            if task.state is S.REPORTED and old.state is not S.REPORTED:
                assert user == chat_of[task.participant_id], "only the participant reports"
            if task.state in (S.APPROVED, S.RETURNED) and old.state is S.REPORTED:
                assert user == chat_of[task.coach_id], "only their coach reviews"
        touched = {i for i in after if before.get(i) != after[i]}
        if pressed is not None and pressed in after:
            touched.add(pressed)
        allowed = {user}
        for task_id in touched:
            allowed |= {chat_of[after[task_id].participant_id], chat_of[after[task_id].coach_id]}
        for say in turn.messages:
            assert say.chat_id in allowed, f"{user} {kind}: message to {say.chat_id}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(USERS),
            st.sampled_from(KINDS),
            st.integers(min_value=0, max_value=10_000),
        ),
        min_size=8,
        max_size=30,
    )
)
def test_tasks_move_only_as_allowed_and_reach_only_their_people(
    actions: list[tuple[int, str, int]],
) -> None:
    asyncio.run(play(actions))
