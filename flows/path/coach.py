"""The coach's side of the path: start it, draft a plan version step by step, record the
home district's approval, record a break and the restart; every read is audit-logged."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from flows.model import Person
from flows.output import Button, Outcome, Say
from flows.path.dates import deadlines
from flows.path.payloads import Act, PathOf, Pause, StepsDone, StepsFrom
from flows.path.ports import PathPorts
from flows.path.reading import plan_lines, plan_sheets
from flows.path_model import (
    BREAK_NAMES,
    STATUS_NAMES,
    Break,
    Path,
    PathStatus,
    PlanVersion,
)
from flows.placements.plan import after
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Lines, Msg, Verbatim, msg

DRAFT = "plan"
GOAL_LIMIT, STEP_LIMIT, MAX_STEPS = 300, 300, 20


class State(StrEnum):
    """Steps of the path flow (persisted as `path.<value>`)."""

    GOAL = "goal"
    STEPS = "steps"
    COMMITMENT = "commitment"
    APPROVER = "approver"
    QUESTION = "question"  # the participant asks about a line of their plan


async def person_subject(payload: Any, ports: PathPorts) -> Subject | None:
    """A path's button concerns one participant."""
    found = await ports.people.get(payload.participant)
    return Subject(participant_id=found.id) if found else None


async def path_command(ctx: Ctx[PathPorts]) -> Outcome:
    """/path: whose path to open (the coach's caseload)."""
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    buttons = [
        Button(Verbatim(p.display_name), payload=PathOf(p.id).pack()) for p in caseload[:30]
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return ctx.reply(msg(N_("Whose path do you want to see?")), buttons=rows)


def holidays_of(ctx: Ctx[PathPorts], start: date) -> Any:
    """The public holidays around a path (none without a calendar)."""
    if ctx.cfg.holidays is None:
        return frozenset()
    return ctx.cfg.holidays(start - timedelta(days=7), start + timedelta(days=800))


async def current_pause(ports: PathPorts, path: Path, today: date) -> Break | None:
    """The break going on now, if any."""
    return next(
        (b for b in await ports.paths.breaks(path.participant_id) if b.ended_on is None), None
    )


async def path_of(ctx: Ctx[PathPorts], payload: PathOf) -> Outcome:
    """One participant's path: status, deadlines, the plan, breaks, and what can be done."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None:
        return ctx.stale()
    return await view(ctx, person)


async def view(ctx: Ctx[PathPorts], person: Person, *head: Msg) -> Outcome:
    path = await ctx.ports.paths.path(person.id)
    if path is None:
        text = msg(N_("{name}'s path has not started."), name=person.display_name)
        start = Button(msg(N_("Start the path today")), payload=Act(person.id, "start").pack())
        return Outcome(messages=(ctx.say(*head, text, buttons=((start,),)),), remove_buttons=True)
    today = ctx.now.date()
    pause = await current_pause(ctx.ports, path, today)
    paused_now = (today - pause.starts_on).days if pause else 0
    due = deadlines(
        path.started_on, path.paused_days, holidays_of(ctx, path.started_on), paused_now
    )
    body: list[Msg] = [
        *head,
        msg(
            N_(
                "{name}: {status}, since {start}.\nAction plan due: {plan}\nReview due: {review}\n"
                "Longest stay until: {last}"
            ),
            name=person.display_name,
            status=msg(STATUS_NAMES[path.status]),
            start=path.started_on,
            plan=due.plan_due,
            review=due.review_due,
            last=due.last_day,
        ),
    ]
    if pause is not None:
        body.append(
            msg(
                N_("On a break since {start} ({reason}), expected back {end}."),
                start=pause.starts_on,
                reason=msg(BREAK_NAMES[pause.reason]),
                end=pause.expected_end,
            )
        )
    plans = await ctx.ports.paths.plans(person.id)
    if plans:
        body.extend(plan_lines(plans[-1]))
    rows: list[tuple[Button, ...]] = [
        (Button(msg(N_("Write a new plan version")), payload=Act(person.id, "draft").pack()),)
    ]
    if plans and plans[-1].confirmed_at and not plans[-1].approved_at:
        rows.append(
            (Button(msg(N_("Record the approval")), payload=Act(person.id, "approve").pack()),)
        )
    if plans:
        rows.append((Button(msg(N_("The plan as PDF")), payload=Act(person.id, "pdf").pack()),))
    if pause is None:
        seen = len(await ctx.ports.paths.breaks(person.id))
        rows.append(
            tuple(
                Button(msg(name), payload=Pause(person.id, reason, "-", seen).pack())
                for reason, name in BREAK_NAMES.items()
            )
        )
    else:
        rows.append(
            (Button(msg(N_("Restart after the break")), payload=Act(person.id, "restart").pack()),)
        )
    return Outcome(messages=(ctx.say(*body, buttons=tuple(rows)),), remove_buttons=True)


async def act(ctx: Ctx[PathPorts], payload: Act) -> Outcome:
    """Start, draft, approve, restart or print (visibility checked by the dispatcher)."""
    person = await ctx.ports.people.get(payload.participant)
    if person is None:
        return ctx.stale()
    path = await ctx.ports.paths.path(person.id)
    if payload.action == "start":
        await ctx.ports.paths.start(person.id, ctx.now.date())
        return await view(ctx, person, msg(N_("The path has started today.")))
    if path is None:
        return ctx.stale()
    plans = await ctx.ports.paths.plans(person.id)
    if payload.action == "draft":
        text = msg(
            N_("The goal of {name}'s plan? A job (which one) or studies, in a sentence."),
            name=person.display_name,
        )
        draft = {"participant": person.id, "steps": []}
        return Outcome(
            messages=(ctx.say(text),), state=State.GOAL, data={DRAFT: draft}, remove_buttons=True
        )
    if payload.action == "approve":
        if not plans or not plans[-1].confirmed_at or plans[-1].approved_at:
            return ctx.stale()
        text = msg(
            N_("Who at the home district approved it? For example: Söder district, Lisa Berg.")
        )
        data = {DRAFT: {"participant": person.id, "plan": plans[-1].id}}
        return Outcome(
            messages=(ctx.say(text),), state=State.APPROVER, data=data, remove_buttons=True
        )
    if payload.action == "pdf":
        if not plans:
            return ctx.stale()
        return Outcome(
            messages=plan_sheets(ctx.actor.chat_id, ctx.locale, person, plans[-1], ctx.locale)
        )
    return await _restart(ctx, person, path)


async def _restart(ctx: Ctx[PathPorts], person: Person, path: Path) -> Outcome:
    pause = await current_pause(ctx.ports, path, ctx.now.date())
    if pause is None:
        return ctx.stale()
    today = ctx.now.date()
    await ctx.ports.paths.end_break(pause.id, today)
    plans = await ctx.ports.paths.plans(person.id)
    approved = any(p.approved_at for p in plans)
    status = PathStatus.ACTIVE if approved else PathStatus.PLANNING
    paused = path.paused_days + max((today - pause.starts_on).days, 0)
    await ctx.ports.paths.set_path(person.id, status=status, paused_days=paused)
    messages = []
    if person.chat_id is not None:
        told = msg(
            N_("Welcome back! Your path goes on from today. Your coach {coach} is here for you."),
            coach=ctx.person.display_name,
        )
        messages.append(Say(person.chat_id, person.locale, (told,)))
    shown = await view(ctx, person, msg(N_("Restarted. The deadlines have moved by the break.")))
    return dataclasses.replace(shown, messages=(*shown.messages, *messages))


async def pause(ctx: Ctx[PathPorts], payload: Pause) -> Outcome:
    """Record a break: its reason, then how long (no reminders or no-shows meanwhile)."""
    person = await ctx.ports.people.get(payload.participant)
    path = await ctx.ports.paths.path(person.id) if person else None
    if person is None or path is None or await current_pause(ctx.ports, path, ctx.now.date()):
        return ctx.stale()
    seen = len(await ctx.ports.paths.breaks(person.id))
    if payload.seen != seen:
        return ctx.stale()
    if payload.length == "-":
        rows = tuple(
            (Button(msg(label), payload=Pause(person.id, payload.reason, length, seen).pack()),)  # type: ignore[arg-type]
            for length, label in (
                ("30d", N_("About a month")),
                ("3m", N_("About 3 months")),
                ("6m", N_("About 6 months")),
            )
        )
        return Outcome(
            messages=(ctx.say(msg(N_("For how long?")), buttons=rows),), remove_buttons=True
        )
    today = ctx.now.date()
    end = after(today, payload.length)
    await ctx.ports.paths.add_break(Break(0, person.id, payload.reason, today, end))
    await ctx.ports.paths.set_path(person.id, status=PathStatus.ON_BREAK)
    messages = []
    if person.chat_id is not None:
        told = msg(
            N_(
                "Your path is paused from today until about {end}. You get no reminders "
                "meanwhile. Your coach {coach} will tell you when it goes on."
            ),
            end=end,
            coach=ctx.person.display_name,
        )
        messages.append(Say(person.chat_id, person.locale, (told,)))
    shown = await view(ctx, person, msg(N_("The break is recorded.")))
    return dataclasses.replace(shown, messages=(*shown.messages, *messages))


def draft_of(ctx: Ctx[PathPorts]) -> dict[str, Any]:
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


async def typed(ctx: Ctx[PathPorts]) -> Outcome:
    """The coach's typed goal, steps (a line each), commitment, or the approver."""
    draft = draft_of(ctx)
    pid = draft.get("participant")
    person = await ctx.ports.people.get(pid) if isinstance(pid, int) else None
    # The caseload may have changed hands while the coach typed: check again.
    if person is None or not await ctx.ports.access.can_see(ctx.person, person.id):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    limit = STEP_LIMIT if ctx.step == State.STEPS else GOAL_LIMIT
    words, again = ctx.written(
        limit * (MAX_STEPS if ctx.step == State.STEPS else 1),
        msg(N_("Please write it, or /cancel.")),
    )
    if again is not None:
        return again
    if ctx.step == State.GOAL:
        draft["goal"] = words
        text = msg(
            N_(
                "The steps towards it: write them one per line (an activity, a task, a placement, "
                "with a date). Press Done when all are written."
            )
        )
        done = (Button(msg(N_("Done")), payload=StepsDone(person.id).pack()),)
        drawn = (Button(msg(N_("Add what is planned")), payload=StepsFrom(person.id).pack()),)
        return Outcome(
            messages=(ctx.say(text, buttons=(drawn, done)),),
            state=State.STEPS,
            data={DRAFT: draft},
        )
    if ctx.step == State.STEPS:
        lines = [line.strip() for line in words.splitlines() if line.strip()]
        too_long = [line for line in lines if len(line) > STEP_LIMIT]
        if too_long or len(draft["steps"]) + len(lines) > MAX_STEPS:
            return ctx.reply(
                msg(
                    N_(
                        "Please keep each step under {limit} characters and at most {n} steps. "
                        "Nothing was added."
                    ),
                    limit=STEP_LIMIT,
                    n=MAX_STEPS,
                )
            )
        draft["steps"] = [*draft["steps"], *lines]
        done = (Button(msg(N_("Done")), payload=StepsDone(person.id).pack()),)
        shown = tuple(Verbatim(s) for s in draft["steps"])
        text = msg(N_("Steps so far:\n{steps}\nWrite more, or press Done."), steps=Lines(shown))
        return Outcome(
            messages=(ctx.say(text, buttons=(done,)),),
            state=State.STEPS,
            data={DRAFT: draft},
            remove_buttons=True,
        )
    if ctx.step == State.COMMITMENT:
        draft["commitment"] = words
        return await _save(ctx, person, draft)
    plan_id = draft.get("plan")
    plans = {p.id: p for p in await ctx.ports.paths.plans(person.id)}
    if not isinstance(plan_id, int) or plan_id not in plans or plans[plan_id].approved_at:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    await ctx.ports.paths.set_plan(plan_id, approved_at=ctx.now, approved_by=words)
    await ctx.ports.paths.set_path(person.id, status=PathStatus.ACTIVE)
    messages: list[Say] = [
        ctx.say(msg(N_("The approval is recorded. {name} is told."), name=person.display_name))
    ]
    if person.chat_id is not None:
        told = msg(
            N_("Your action plan (version {version}) is approved. It now applies."),
            version=plans[plan_id].version,
        )
        messages.append(Say(person.chat_id, person.locale, (told,)))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def steps_done(ctx: Ctx[PathPorts], payload: StepsDone) -> Outcome:
    """All steps are written: what does the participant commit to?"""
    draft = draft_of(ctx)
    if draft.get("participant") != payload.participant or "goal" not in draft:
        return ctx.stale()
    if not draft["steps"]:
        return Outcome(toast=msg(N_("Write at least one step first.")))
    text = msg(N_("What does the participant commit to? In a sentence or two."))
    return Outcome(
        messages=(ctx.say(text),), state=State.COMMITMENT, data={DRAFT: draft}, remove_buttons=True
    )


async def _save(ctx: Ctx[PathPorts], person: Person, draft: dict[str, Any]) -> Outcome:
    made = await ctx.ports.paths.add_plan(
        PlanVersion(
            0,
            person.id,
            0,
            str(draft["goal"]),
            tuple(draft["steps"]),
            str(draft["commitment"]),
            ctx.now,
            ctx.person.id,
        )
    )
    messages: list[Say] = [
        ctx.say(
            msg(
                N_("Saved as version {version}. {name} is asked to read and confirm it."),
                version=made.version,
                name=person.display_name,
            )
        )
    ]
    if person.chat_id is not None:
        told = msg(
            N_(
                "Your coach {coach} has written your action plan (version {version}). Please read "
                "it and confirm: /plan"
            ),
            coach=ctx.person.display_name,
            version=made.version,
        )
        messages.append(Say(person.chat_id, person.locale, (told,)))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def left(ctx: Ctx[PathPorts]) -> Outcome:
    """Something else first: the draft is not saved, and the coach is told."""
    return ctx.reply(msg(N_("Nothing was saved.")))
