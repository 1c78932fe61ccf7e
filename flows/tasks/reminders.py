"""Task reminders: the evening before and the morning of the due day; overdue tasks reach
their coach once a day, in one message. Planned every minute as keyed outbox messages, so a
restart loses none and none comes twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.attendance.rules import Rules, rules_for
from flows.model import Person, Task
from flows.output import Outcome, Say
from flows.routes import TimerCtx
from flows.tasks.common import local_day, title_of
from flows.tasks.ports import TasksPorts
from flows.text import N_, Lines, msg

EVENING = time(17, 0)
MORNING = time(8, 0)
OVERDUE_AT = time(9, 0)
# How far back overdue tasks are listed.
OVERDUE_DAYS = 60


def reminder_key(task: Task) -> str:
    """The outbox key prefix of a task's reminders (withdrawn when it is reported or moved)."""
    return f"task:{task.id}:remind:"


async def plan(ctx: TimerCtx[TasksPorts]) -> Outcome:
    """Plan due-date reminders and the coaches' daily overdue lists."""
    now, ports = ctx.now, ctx.ports
    people: dict[int, Person | None] = {}
    units: dict[int, tuple[ZoneInfo, Rules]] = {}

    async def person(pid: int) -> Person | None:
        if pid not in people:
            people[pid] = await ports.people.get(pid)
        return people[pid]

    async def unit_of(p: Person) -> tuple[ZoneInfo, Rules]:
        if p.unit_id not in units:
            unit = await ports.people.unit(p.unit_id)
            units[p.unit_id] = ZoneInfo(unit.timezone), rules_for(unit.settings)
        return units[p.unit_id]

    async def zone(p: Person) -> ZoneInfo:
        return (await unit_of(p))[0]

    messages: list[Say] = []
    first = now.date() - timedelta(days=OVERDUE_DAYS)
    overdue: dict[int, list[Task]] = defaultdict(list)
    for task in await ports.tasks.due_between(first, now.date() + timedelta(days=2)):
        participant = await person(task.participant_id)
        if participant is None:
            continue
        where = await zone(participant)
        today = local_day(now, where)
        if task.due_on < today:
            overdue[task.coach_id].append(task)
            continue
        if participant.chat_id is None or not participant.reachable:
            continue
        messages.extend(_reminders(task, participant, now, *await unit_of(participant)))
    for coach_id, tasks in overdue.items():
        coach = await person(coach_id)
        if coach is None or coach.chat_id is None:
            continue
        where = await zone(coach)
        local = now.astimezone(where)
        if local.time() < OVERDUE_AT:
            continue
        lines = []
        for t in tasks:
            who = await person(t.participant_id)
            lines.append(
                msg(
                    N_("{name}: “{title}”, due {due}"),
                    name=who.display_name if who else "",
                    title=title_of(t),
                    due=t.due_on,
                )
            )
        text = msg(N_("Overdue tasks:\n{tasks}"), tasks=Lines(tuple(lines)))
        messages.append(
            Say(coach.chat_id, coach.locale, (text,), key=f"overdue:{coach.id}:{local.date()}")
        )
    return Outcome(messages=tuple(messages))


def _reminders(
    task: Task, participant: Person, now: datetime, where: ZoneInfo, rules: Rules
) -> list[Say]:
    """The evening before and the morning of the due day, both outside the unit's quiet
    hours: a reminder that could not go out before they begin is dropped, not sent at night."""
    out = []
    eve_day, due_day = task.due_on - timedelta(days=1), task.due_on
    eve = datetime.combine(eve_day, EVENING, where)
    morning = datetime.combine(due_day, max(MORNING, rules.quiet_end), where)
    created_on = task.created_at.astimezone(where).date()
    plans = [
        (
            "eve",
            eve,
            datetime.combine(eve_day, rules.quiet_start, where),
            N_("Reminder: “{title}” is due tomorrow, {due}. See /tasks."),
        ),
        (
            "day",
            morning,
            datetime.combine(due_day, rules.quiet_start, where),
            N_("Reminder: “{title}” is due today. See /tasks."),
        ),
    ]
    for label, at, until, text in plans:
        if now >= until or at >= until or (label == "day" and created_on == task.due_on):
            continue
        out.append(
            Say(
                participant.chat_id or 0,
                participant.locale,
                (msg(text, title=title_of(task), due=task.due_on),),
                key=f"{reminder_key(task)}{task.due_on}:{label}",
                due_at=max(at, now),
                expires_at=until,
            )
        )
    return out
