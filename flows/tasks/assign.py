"""A coach gives library tasks to participants of their caseload, mostly with buttons.

The draft (who, which task, by when) lives in the flow's data; each button checks it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flows.model import Task, TaskState
from flows.output import Button, Outcome, Say
from flows.payloads import as_id
from flows.routes import IDLE, Ctx
from flows.tasks import own
from flows.tasks.common import (
    DRAFT,
    Choice,
    State,
    choice_list,
    library_for,
    task_buttons,
    task_text,
)
from flows.tasks.draft import ask, ask_due, draft_of, drafted_task, take_due
from flows.tasks.library import STEP_NAMES, LibraryTask
from flows.tasks.payloads import (
    Pick,
    SaveOwn,
    Send,
    StepOf,
    Suggested,
    Whom,
    WriteOwn,
)
from flows.tasks.ports import TasksPorts
from flows.text import N_, Msg, Verbatim, msg, nmsg

NOTHING_SENT = N_("Nothing was sent.")
# How far ahead a due date may be.


SEARCH_RESULTS = 8


async def _whom_buttons(ctx: Ctx[TasksPorts], chosen: list[int]) -> tuple[tuple[Button, ...], ...]:
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    buttons = [
        Button(
            Verbatim(("✓ " if p.id in chosen else "") + p.display_name),
            payload=Whom(str(p.id)).pack(),
        )
        for p in caseload[:30]
    ]
    buttons.append(Button(msg(N_("Done")), payload=Whom("done").pack()))
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


async def start(ctx: Ctx[TasksPorts]) -> Outcome:
    """/assign: whom is the task for?"""
    if not await ctx.ports.people.caseload(ctx.person.id):
        return ctx.reply(msg(N_("There is nobody in your caseload to give a task to.")))
    text = msg(N_("Whom is the task for? Press names to choose, then Done."))
    return ask(ctx, {"whom": []}, text, await _whom_buttons(ctx, []))


async def whom(ctx: Ctx[TasksPorts], payload: Whom) -> Outcome:
    """Tick or untick a participant of the caseload, or go on to the task."""
    draft = draft_of(ctx)
    if "whom" not in draft:
        return ctx.stale()
    chosen: list[int] = list(draft["whom"])
    if payload.choice == "done":
        if not chosen:
            return Outcome(toast=msg(N_("Choose at least one person.")))
        return _ask_step(ctx, draft)
    pid = as_id(payload.choice)
    caseload = {p.id for p in await ctx.ports.people.caseload(ctx.person.id)}
    if pid is None or pid not in caseload:
        return ctx.stale()
    chosen = [c for c in chosen if c != pid] if pid in chosen else [*chosen, pid]
    draft["whom"] = chosen
    return Outcome(
        data={DRAFT: draft},
        buttons_now=await _whom_buttons(ctx, chosen),
        toast=nmsg("{n} chosen", "{n} chosen", len(chosen)),
    )


def _ask_step(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    buttons = [Button(msg(name), payload=StepOf(step).pack()) for step, name in STEP_NAMES.items()]
    rows = tuple((b,) for b in buttons)
    rows = (*rows, (Button(msg(N_("Write your own task")), payload=WriteOwn().pack()),))
    text = msg(N_("Which kind of task? Or write a word to search the task library."))
    return ask(ctx, draft, text, rows)


def _choices(entries: list[LibraryTask]) -> list[Choice]:
    return [(msg(e.title), e.hours, Pick(e.key).pack()) for e in entries]


async def step_of(ctx: Ctx[TasksPorts], payload: StepOf) -> Outcome:
    """The library tasks of one step."""
    draft = draft_of(ctx)
    if not draft.get("whom"):
        return ctx.stale()
    entries = [e for e in await library_for(ctx.ports, ctx.person) if e.step is payload.step]
    ours = await ctx.ports.tasks.unit_library(ctx.person.unit_id)
    text = msg(N_("Which task? {step}"), step=msg(STEP_NAMES[payload.step]))
    listed, rows = choice_list(
        _choices(entries) + own.unit_choices([t for t in ours if t.step is payload.step])
    )
    return ask(ctx, draft, text, rows, listed=listed)


async def typed(ctx: Ctx[TasksPorts]) -> Outcome:
    """A word while choosing searches the library; a date while asked for one sets it."""
    draft = draft_of(ctx)
    words = ctx.event.text.strip()
    if ctx.step == State.DUE:
        return await take_due(ctx, draft, words)
    if ctx.step == State.OWN and draft.get("whom"):
        return own.take_text(ctx, draft)
    if not draft.get("whom") or not words:
        return ctx.reply(msg(N_("Please press one of the buttons above, or /cancel.")))
    found = _search(ctx, words, await library_for(ctx.ports, ctx.person))
    needles = [w.casefold() for w in words.split()]
    ours = [
        t
        for t in await ctx.ports.tasks.unit_library(ctx.person.unit_id)
        if all(n in f"{t.title} {t.purpose}".casefold() for n in needles)
    ]
    if not found and not ours:
        return ctx.reply(msg(N_("No task in the library matches that word. Try another word.")))
    text = msg(N_("Tasks that match: {words}"), words=words)
    listed, rows = choice_list(
        _choices(found[:SEARCH_RESULTS]) + own.unit_choices(ours[:SEARCH_RESULTS])
    )
    return ask(ctx, draft, text, rows, listed=listed)


def _search(ctx: Ctx[TasksPorts], words: str, library: list[LibraryTask]) -> list[LibraryTask]:
    """Library tasks whose title or purpose, in the coach's language or English, has the word."""
    translate = ctx.cfg.translate or (lambda msgid, _locale: msgid)
    needles = [w.casefold() for w in words.split() if w]

    def text_of(entry: LibraryTask) -> str:
        own = translate(entry.title, ctx.locale) + " " + translate(entry.purpose, ctx.locale)
        return (own + " " + entry.title + " " + entry.purpose).casefold()

    return [e for e in library if all(n in text_of(e) for n in needles)]


async def pick(ctx: Ctx[TasksPorts], payload: Pick) -> Outcome:
    """A task is chosen: by when?"""
    draft = draft_of(ctx)
    if not draft.get("whom") or not await _in_library(ctx, payload.key):
        return ctx.stale()
    draft["key"] = payload.key
    draft.pop("own", None)
    return await ask_due(ctx, draft)


async def _in_library(ctx: Ctx[TasksPorts], key: str) -> bool:
    return any(e.key == key for e in await library_for(ctx.ports, ctx.person))


async def suggested(ctx: Ctx[TasksPorts], payload: Suggested) -> Outcome:
    """A suggestion from a participant's week starts a draft for that participant."""
    if not await _in_library(ctx, payload.key):
        return ctx.stale()
    caseload = {p.id for p in await ctx.ports.people.caseload(ctx.person.id)}
    if payload.participant not in caseload:
        return ctx.not_allowed()
    return await ask_due(ctx, {"whom": [payload.participant], "key": payload.key})


async def send(ctx: Ctx[TasksPorts], payload: Send) -> Outcome:
    """Give the task to each chosen participant (not twice), in writing, in their language."""
    draft = draft_of(ctx)
    if payload.answer == "no":
        return Outcome(
            messages=(ctx.say(msg(NOTHING_SENT)),), state=IDLE, data={}, remove_buttons=True
        )
    template = drafted_task(ctx, draft)
    if template is None or not {"whom", "due"} <= draft.keys():
        return ctx.stale()
    caseload = {p.id: p for p in await ctx.ports.people.caseload(ctx.person.id)}
    sent: list[str] = []
    twice: list[str] = []
    first: Task | None = None
    notices: list[Say] = []
    for pid in draft["whom"]:
        person = caseload.get(pid)
        if person is None:
            continue
        had = await ctx.ports.tasks.of_participant(pid)
        if any(_same(t, template) and t.state in OPEN_OR_REPORTED for t in had):
            twice.append(person.display_name)
            continue
        task = await ctx.ports.tasks.create(replace(template, participant_id=pid))
        first = first or task
        sent.append(person.display_name)
        if person.chat_id is not None and person.reachable:
            notices.append(
                Say(
                    person.chat_id,
                    person.locale,
                    task_text(task, ctx.person, person.locale),
                    buttons=task_buttons(task),
                    key=f"task:{task.id}:given",
                )
            )
    replies: list[Msg] = []
    if sent:
        replies.append(msg(N_("Sent to {names}."), names=", ".join(sent)))
    if twice:
        replies.append(
            msg(N_("Not sent again to {names}: the task is already open."), names=", ".join(twice))
        )
    if not replies:
        replies.append(msg(NOTHING_SENT))
    buttons: tuple[tuple[Button, ...], ...] = ()
    if first is not None and first.library_key is None and "step" not in draft["own"]:
        save = Button(msg(N_("Add to unit's tasks")), payload=SaveOwn(first.id).pack())
        buttons = ((save,),)
    return Outcome(
        messages=(ctx.say(*replies, buttons=buttons), *notices),
        state=IDLE,
        data={},
        remove_buttons=True,
    )


def _same(task: Task, other: Task) -> bool:
    if task.library_key or other.library_key:
        return task.library_key == other.library_key
    return task.title == other.title


OPEN_OR_REPORTED = frozenset({TaskState.ASSIGNED, TaskState.RETURNED, TaskState.REPORTED})


async def left(ctx: Ctx[TasksPorts]) -> Outcome:
    """Another command came in the middle of a draft: it is dropped, and they are told."""
    return ctx.reply(msg(NOTHING_SENT))
