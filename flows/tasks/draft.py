"""The coach's draft of a task: what it is, for whom and by when, and its summary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flows.dates import typed_day
from flows.model import ReportKind, Task, TaskState, TaskStep
from flows.output import Button, Outcome
from flows.routes import Ctx
from flows.tasks.common import (
    DRAFT,
    State,
    local_day,
    title_of,
    zone_of,
)
from flows.tasks.library import BY_KEY
from flows.tasks.payloads import (
    DueIn,
    Send,
)
from flows.tasks.ports import TasksPorts
from flows.tasks.week import load_week
from flows.text import N_, Lines, Msg, Verbatim, msg

LONGEST = timedelta(days=365)


def draft_of(ctx: Ctx[TasksPorts]) -> dict[str, Any]:
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


def ask(
    ctx: Ctx[TasksPorts],
    draft: dict[str, Any],
    text: Msg,
    buttons: tuple[tuple[Button, ...], ...] = (),
    state: State = State.CHOOSING,
    listed: Msg | None = None,
) -> Outcome:
    body = (text,) if listed is None else (text, listed)
    return Outcome(
        messages=(ctx.say(*body, buttons=buttons),),
        state=state,
        data={DRAFT: draft},
        remove_buttons=True,
    )


async def ask_due(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    # The date itself is in the summary that follows: a date does not fit on a button.
    buttons = [
        Button(msg(label), payload=DueIn(days).pack())
        for days, label in (
            (1, N_("Tomorrow")),
            (3, N_("In 3 days")),
            (7, N_("In a week")),
            (14, N_("In two weeks")),
        )
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    text = msg(N_("By when? Press a day, or write a date like {example}."), example="2026-12-18")
    return ask(ctx, draft, text, rows, state=State.DUE)


async def due_in(ctx: Ctx[TasksPorts], payload: DueIn) -> Outcome:
    """A due date from the buttons."""
    draft = draft_of(ctx)
    if drafted_task(ctx, draft) is None or not 0 < payload.days <= LONGEST.days:
        return ctx.stale()
    today = local_day(ctx.now, await zone_of(ctx.ports, ctx.person))
    draft["due"] = (today + timedelta(days=payload.days)).isoformat()
    return await summary(ctx, draft)


async def take_due(ctx: Ctx[TasksPorts], draft: dict[str, Any], text: str) -> Outcome:
    today = local_day(ctx.now, await zone_of(ctx.ports, ctx.person))
    day = typed_day(text, today)
    if day is None or drafted_task(ctx, draft) is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="2026-12-18"))
    if day < today:
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    if day > today + LONGEST:
        return ctx.reply(msg(N_("Please choose a date within a year.")))
    draft["due"] = day.isoformat()
    return await summary(ctx, draft)


def drafted_task(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Task | None:
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
            step=TaskStep(own.get("step", TaskStep.OTHER.value)),
            title=str(own["title"]),
            instructions=str(own["how"]),
            purpose=str(own.get("purpose", "")),
            text_locale=str(own["locale"]),
            hours=float(own["hours"]),
            report_kind=ReportKind(own["report"]),
            **base,  # type: ignore[arg-type]
        )
    return None


async def summary(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    template = drafted_task(ctx, draft)
    if template is None:
        return ctx.stale()
    due = date.fromisoformat(draft["due"])
    lines: list[Msg | Verbatim] = []
    for pid in draft["whom"]:
        person = await ctx.ports.people.get(pid)
        if person is None:
            continue
        monday = due - timedelta(days=due.weekday())
        week = await load_week(ctx.ports, person, monday)
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
    return ask(ctx, draft, text, buttons)
