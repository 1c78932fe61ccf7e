"""Deadlines reach the coach ahead of time: the plan a working day before, the review 14
days, the longest stay in 30 days; a break pauses them and moves them by its length."""

from __future__ import annotations

from datetime import date, timedelta

from flows.output import Button, Outcome, Say
from flows.path.dates import deadlines
from flows.path.payloads import PathOf
from flows.path.ports import PathPorts
from flows.path_model import PathStatus
from flows.placements.plan import is_working_day
from flows.routes import TimerCtx
from flows.text import N_, msg

PLAN_AHEAD, REVIEW_AHEAD, LAST_AHEAD = timedelta(days=1), timedelta(days=14), timedelta(days=30)


async def alerts(ctx: TimerCtx[PathPorts]) -> Outcome:
    """Tell each coach of deadlines coming up for their participants, once per deadline."""
    ports, today = ctx.ports, ctx.now.date()
    messages: list[Say] = []
    for path in await ports.paths.open_paths():
        if path.status is PathStatus.ON_BREAK:
            continue
        person = await ports.people.get(path.participant_id)
        coach = await ports.people.coach_of(path.participant_id)
        if person is None or coach is None or coach.chat_id is None:
            continue
        span = (path.started_on - timedelta(days=7), path.started_on + timedelta(days=800))
        holidays = ctx.cfg.holidays(*span) if ctx.cfg.holidays else frozenset()
        due = deadlines(path.started_on, path.paused_days, holidays)
        plans = await ports.paths.plans(path.participant_id)
        approved = any(p.approved_at for p in plans)
        checks: list[tuple[str, date, timedelta, str]] = [
            (
                "review",
                due.review_due,
                REVIEW_AHEAD,
                N_("{name}'s 6-month review is due on {day}."),
            ),
            ("last", due.last_day, LAST_AHEAD, N_("{name} reaches the longest stay on {day}.")),
        ]
        if not approved:
            checks.insert(
                0, ("plan", due.plan_due, PLAN_AHEAD, N_("{name}'s action plan is due on {day}."))
            )
        for kind, day, ahead, text in checks:
            first = day - ahead
            while kind == "plan" and not is_working_day(first, holidays):
                first -= timedelta(days=1)  # a working day ahead: Friday for a Monday
            if first <= today < day:
                button = Button(msg(N_("Open the path")), payload=PathOf(person.id).pack())
                messages.append(
                    Say(
                        coach.chat_id,
                        coach.locale,
                        (msg(text, name=person.display_name, day=day),),
                        buttons=((button,),),
                        key=f"path:{person.id}:{kind}:{day.isoformat()}",
                    )
                )
    return Outcome(messages=tuple(messages))
