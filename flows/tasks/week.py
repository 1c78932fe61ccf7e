"""/week: a participant's week (activities, tasks, hours and the gap); coaches see any of
their caseload's, with library tasks that would fill the gap."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flows.model import MAY_CANCEL, Person, Role
from flows.output import Button, Outcome
from flows.routes import Ctx
from flows.tasks.common import (
    Choice,
    choice_list,
    library_for,
    local_day,
    task_line,
    week_of,
    zone_of,
)
from flows.tasks.library import LibraryTask
from flows.tasks.payloads import Suggested, Target, WeekOf, Withdraw
from flows.tasks.planner import Week, plan_week, suggest
from flows.tasks.ports import TasksPorts
from flows.text import N_, Lines, Msg, Verbatim, msg, numbered


async def load_week(ports: TasksPorts, participant: Person, monday: date) -> Week:
    """Add up the participant's week starting on `monday` (in their unit's zone)."""
    zone = await zone_of(ports, participant)
    start = datetime.combine(monday, time(0), zone)
    sessions = await ports.attendance.sessions_of(participant.id, start, start + timedelta(days=7))
    tasks = await ports.tasks.of_participant(participant.id)
    return plan_week(monday, participant.weekly_hours, sessions, tasks)


async def week(ctx: Ctx[TasksPorts]) -> Outcome:
    """/week: a participant's own week; a coach picks one of their caseload."""
    if ctx.person.role is Role.PARTICIPANT:
        return await _show(ctx, ctx.person)
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    buttons = [
        Button(Verbatim(p.display_name), payload=WeekOf(p.id).pack()) for p in caseload[:30]
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return ctx.reply(msg(N_("Whose week do you want to see?")), buttons=rows)


async def week_of_participant(ctx: Ctx[TasksPorts], payload: WeekOf) -> Outcome:
    """A coach opens one participant's week (visibility checked by the dispatcher)."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None:
        return ctx.stale()
    return await _show(ctx, person)


TARGETS = (10, 20, 30, 40)


async def set_target(ctx: Ctx[TasksPorts], payload: Target) -> Outcome:
    """Part time or partial sick leave: a smaller full-time week (visibility checked)."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None or payload.hours not in TARGETS:
        return ctx.stale()
    await ctx.ports.people.set_weekly_hours(person.id, payload.hours)
    changed = await ctx.ports.people.get(person.id)
    assert changed is not None
    return await _show(ctx, changed)


async def _show(ctx: Ctx[TasksPorts], person: Person) -> Outcome:
    today = local_day(ctx.now, await zone_of(ctx.ports, person))
    monday, sunday = week_of(today)
    plan = await load_week(ctx.ports, person, monday)
    lines: list[Msg | Verbatim] = [
        numbered(number, task_line(t)) for number, t in enumerate(plan.tasks, 1)
    ]
    if not lines:
        lines.append(msg(N_("No tasks due this week.")))
    text = msg(
        N_(
            "The week {monday} – {sunday} for {name}:\n"
            "Activities: {session_hours} h\n"
            "Tasks: {task_hours} h\n{tasks}\n"
            "Planned: {planned} of {target} h. Left to fill: {gap} h."
        ),
        monday=monday,
        sunday=sunday,
        name=person.display_name,
        session_hours=plan.session_hours,
        task_hours=plan.task_hours,
        tasks=Lines(tuple(lines)),
        planned=plan.planned,
        target=plan.target,
        gap=plan.gap,
    )
    if ctx.person.role is Role.PARTICIPANT:
        return ctx.reply(text)
    history = await ctx.ports.tasks.of_participant(person.id)
    cancellable = [
        Button(msg(N_("Withdraw {number}"), number=number), payload=Withdraw(t.id).pack())
        for number, t in enumerate(plan.tasks, 1)
        if t.state in MAY_CANCEL
    ]
    withdraw = tuple(tuple(cancellable[i : i + 2]) for i in range(0, len(cancellable), 2))
    library = await library_for(ctx.ports, person)
    ideas = suggest(plan.gap, history, library) if plan.gap > 0 else []
    choices = [
        Button(
            msg(N_("Week of {hours} h"), hours=h)
            if h != person.weekly_hours
            else msg(N_("✓ Week of {hours} h"), hours=h),
            payload=Target(person.id, h).pack(),
        )
        for h in TARGETS
    ]
    # Two to a row: four would leave a phone a few letters each.
    targets = tuple(tuple(choices[i : i + 2]) for i in range(0, len(choices), 2))
    if not ideas:
        return ctx.reply(text, buttons=withdraw + targets)
    listed, rows = choice_list(_choices(person, ideas), first=len(plan.tasks) + 1)
    return ctx.reply(
        text,
        msg(N_("Tasks that would fill the gap (press a number to give one):")),
        listed,
        buttons=withdraw + rows + targets,
    )


def _choices(person: Person, ideas: list[LibraryTask]) -> list[Choice]:
    return [(msg(e.title), e.hours, Suggested(person.id, e.key).pack()) for e in ideas]
