"""A coach gives library tasks to participants of their caseload, mostly with buttons.

The draft (who, which task, by when) lives in the flow's data; each button checks it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flows.model import ReportKind, Task, TaskState, TaskStep
from flows.output import Button, Outcome, Say
from flows.payloads import as_id
from flows.routes import IDLE, Ctx
from flows.tasks import own
from flows.tasks.common import (
    DRAFT,
    State,
    library_for,
    local_day,
    task_buttons,
    task_text,
    title_of,
    zone_of,
)
from flows.tasks.library import BY_KEY, STEP_NAMES, LibraryTask
from flows.tasks.payloads import (
    DueIn,
    OwnHours,
    OwnReport,
    Pick,
    Send,
    StepOf,
    Suggested,
    Whom,
    WriteOwn,
)
from flows.tasks.planner import Week, plan_week
from flows.tasks.ports import TasksPorts
from flows.text import N_, Lines, Msg, Verbatim, ascii_digits, msg, nmsg

NOTHING_SENT = N_("Nothing was sent.")
# How far ahead a due date may be.
LONGEST = timedelta(days=365)
SEARCH_RESULTS = 8


def _draft(ctx: Ctx[TasksPorts]) -> dict[str, Any]:
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


def _ask(
    ctx: Ctx[TasksPorts],
    draft: dict[str, Any],
    text: Msg,
    buttons: tuple[tuple[Button, ...], ...] = (),
    state: State = State.CHOOSING,
) -> Outcome:
    return Outcome(
        messages=(ctx.say(text, buttons=buttons),),
        state=state,
        data={DRAFT: draft},
        remove_buttons=True,
    )


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
    return _ask(ctx, {"whom": []}, text, await _whom_buttons(ctx, []))


async def whom(ctx: Ctx[TasksPorts], payload: Whom) -> Outcome:
    """Tick or untick a participant of the caseload, or go on to the task."""
    draft = _draft(ctx)
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
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    rows = (*rows, (Button(msg(N_("Write your own task")), payload=WriteOwn().pack()),))
    text = msg(N_("Which kind of task? Or write a word to search the task library."))
    return _ask(ctx, draft, text, rows)


def _task_rows(entries: list[LibraryTask]) -> tuple[tuple[Button, ...], ...]:
    return tuple(
        (
            Button(
                msg(N_("{title} · {hours} h"), title=msg(e.title), hours=e.hours),
                payload=Pick(e.key).pack(),
            ),
        )
        for e in entries
    )


async def step_of(ctx: Ctx[TasksPorts], payload: StepOf) -> Outcome:
    """The library tasks of one step."""
    draft = _draft(ctx)
    if not draft.get("whom"):
        return ctx.stale()
    entries = [e for e in await library_for(ctx.ports, ctx.person) if e.step is payload.step]
    text = msg(N_("Which task? {step}"), step=msg(STEP_NAMES[payload.step]))
    return _ask(ctx, draft, text, _task_rows(entries))


async def typed(ctx: Ctx[TasksPorts]) -> Outcome:
    """A word while choosing searches the library; a date while asked for one sets it."""
    draft = _draft(ctx)
    words = ctx.event.text.strip()
    if ctx.step == State.DUE:
        return await _take_due(ctx, draft, words)
    if ctx.step == State.OWN and draft.get("whom"):
        return own.take_text(ctx, draft)
    if not draft.get("whom") or not words:
        return ctx.reply(msg(N_("Please press one of the buttons above, or /cancel.")))
    found = _search(ctx, words, await library_for(ctx.ports, ctx.person))
    if not found:
        return ctx.reply(msg(N_("No task in the library matches that word. Try another word.")))
    text = msg(N_("Tasks that match: {words}"), words=words)
    return _ask(ctx, draft, text, _task_rows(found[:SEARCH_RESULTS]))


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
    draft = _draft(ctx)
    if not draft.get("whom") or not await _in_library(ctx, payload.key):
        return ctx.stale()
    draft["key"] = payload.key
    draft.pop("own", None)
    return await _ask_due(ctx, draft)


async def _in_library(ctx: Ctx[TasksPorts], key: str) -> bool:
    return any(e.key == key for e in await library_for(ctx.ports, ctx.person))


async def write_own(ctx: Ctx[TasksPorts], payload: WriteOwn) -> Outcome:
    """The coach writes the task instead of taking one from the library."""
    draft = _draft(ctx)
    if not draft.get("whom"):
        return ctx.stale()
    draft.pop("key", None)
    return await own.ask_text(ctx, payload, draft)


async def own_hours(ctx: Ctx[TasksPorts], payload: OwnHours) -> Outcome:
    """How long the one-off task takes."""
    return own.hours(ctx, payload, _draft(ctx))


async def own_report(ctx: Ctx[TasksPorts], payload: OwnReport) -> Outcome:
    """How the one-off task is reported; then, by when?"""
    draft = _draft(ctx)
    written = draft.get("own")
    if not isinstance(written, dict) or "hours" not in written:
        return ctx.stale()
    written["report"] = payload.kind.value
    return await _ask_due(ctx, draft)


async def suggested(ctx: Ctx[TasksPorts], payload: Suggested) -> Outcome:
    """A suggestion from a participant's week starts a draft for that participant."""
    if not await _in_library(ctx, payload.key):
        return ctx.stale()
    caseload = {p.id for p in await ctx.ports.people.caseload(ctx.person.id)}
    if payload.participant not in caseload:
        return ctx.not_allowed()
    return await _ask_due(ctx, {"whom": [payload.participant], "key": payload.key})


async def _ask_due(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    today = local_day(ctx.now, await zone_of(ctx.ports, ctx.person))
    buttons = [
        Button(msg(label, day=today + timedelta(days=days)), payload=DueIn(days).pack())
        for days, label in (
            (1, N_("Tomorrow, {day}")),
            (3, N_("In 3 days, {day}")),
            (7, N_("In a week, {day}")),
            (14, N_("In two weeks, {day}")),
        )
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    text = msg(N_("By when? Press a day, or write a date like {example}."), example="2026-12-18")
    return _ask(ctx, draft, text, rows, state=State.DUE)


async def due_in(ctx: Ctx[TasksPorts], payload: DueIn) -> Outcome:
    """A due date from the buttons."""
    draft = _draft(ctx)
    if _template(ctx, draft) is None or not 0 < payload.days <= LONGEST.days:
        return ctx.stale()
    today = local_day(ctx.now, await zone_of(ctx.ports, ctx.person))
    draft["due"] = (today + timedelta(days=payload.days)).isoformat()
    return await _summary(ctx, draft)


async def _take_due(ctx: Ctx[TasksPorts], draft: dict[str, Any], text: str) -> Outcome:
    raw = ascii_digits(text)
    try:
        day = date.fromisoformat(raw) if raw.isascii() and len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or _template(ctx, draft) is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="2026-12-18"))
    today = local_day(ctx.now, await zone_of(ctx.ports, ctx.person))
    if day < today:
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    if day > today + LONGEST:
        return ctx.reply(msg(N_("Please choose a date within a year.")))
    draft["due"] = day.isoformat()
    return await _summary(ctx, draft)


def _template(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Task | None:
    """The drafted task, for no one yet: a library task, or the coach's own words."""
    due = date.fromisoformat(draft["due"]) if "due" in draft else ctx.now.date()
    entry = BY_KEY.get(str(draft.get("key", "")))
    own = draft.get("own")
    base = {
        "id": 0,
        "participant_id": 0,
        "coach_id": ctx.person.id,
        "due_on": due,
        "state": TaskState.ASSIGNED,
        "created_at": ctx.now,
    }
    if entry is not None:
        return Task(
            library_key=entry.key,
            step=entry.step,
            title=entry.title,
            instructions=entry.how,
            text_locale=None,
            hours=entry.hours,
            report_kind=entry.report,
            **base,  # type: ignore[arg-type]
        )
    if isinstance(own, dict) and {"title", "how", "locale", "hours", "report"} <= own.keys():
        return Task(
            library_key=None,
            step=TaskStep.OTHER,
            title=str(own["title"]),
            instructions=str(own["how"]),
            text_locale=str(own["locale"]),
            hours=float(own["hours"]),
            report_kind=ReportKind(own["report"]),
            **base,  # type: ignore[arg-type]
        )
    return None


async def _summary(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    template = _template(ctx, draft)
    if template is None:
        return ctx.stale()
    due = date.fromisoformat(draft["due"])
    lines: list[Msg | Verbatim] = []
    for pid in draft["whom"]:
        person = await ctx.ports.people.get(pid)
        if person is None:
            continue
        monday = due - timedelta(days=due.weekday())
        week = await _week(ctx, person.id, person.weekly_hours, monday)
        lines.append(
            msg(
                N_("{name}: {planned} of {target} h planned that week, {gap} h left to fill"),
                name=person.display_name,
                planned=week.planned,
                target=week.target,
                gap=week.gap,
            )
        )
    text = msg(
        N_("Send this task?\n{title} (about {hours} h), by {due}.\n\n{weeks}"),
        title=title_of(template),
        hours=template.hours,
        due=due,
        weeks=Lines(tuple(lines)),
    )
    buttons = (
        (
            Button(msg(N_("Send")), payload=Send("ok").pack()),
            Button(msg(N_("Cancel")), payload=Send("no").pack()),
        ),
    )
    return _ask(ctx, draft, text, buttons)


async def _week(ctx: Ctx[TasksPorts], participant_id: int, target: float, monday: date) -> Week:
    zone = await zone_of(ctx.ports, ctx.person)
    start = datetime.combine(monday, time(0), zone)
    sessions = await ctx.ports.attendance.sessions_of(
        participant_id, start, start + timedelta(days=7)
    )
    tasks = await ctx.ports.tasks.of_participant(participant_id)
    return plan_week(monday, target, sessions, tasks)


async def send(ctx: Ctx[TasksPorts], payload: Send) -> Outcome:
    """Give the task to each chosen participant (not twice), in writing, in their language."""
    draft = _draft(ctx)
    if payload.answer == "no":
        return Outcome(
            messages=(ctx.say(msg(NOTHING_SENT)),), state=IDLE, data={}, remove_buttons=True
        )
    template = _template(ctx, draft)
    if template is None or not {"whom", "due"} <= draft.keys():
        return ctx.stale()
    caseload = {p.id: p for p in await ctx.ports.people.caseload(ctx.person.id)}
    sent: list[str] = []
    twice: list[str] = []
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
    return Outcome(
        messages=(ctx.say(*replies), *notices), state=IDLE, data={}, remove_buttons=True
    )


def _same(task: Task, other: Task) -> bool:
    if task.library_key or other.library_key:
        return task.library_key == other.library_key
    return task.title == other.title


OPEN_OR_REPORTED = frozenset({TaskState.ASSIGNED, TaskState.RETURNED, TaskState.REPORTED})


async def left(ctx: Ctx[TasksPorts]) -> Outcome:
    """Another command came in the middle of a draft: it is dropped, and they are told."""
    return ctx.reply(msg(NOTHING_SENT))
