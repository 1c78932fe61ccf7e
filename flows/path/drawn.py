"""Plan steps drawn from what is already planned for the participant: activities of the
coming four weeks, open tasks and active placements, each with its date."""

from __future__ import annotations

from datetime import timedelta

from flows.model import OPEN
from flows.output import Button, Outcome
from flows.path.coach import DRAFT, MAX_STEPS, State, draft_of
from flows.path.payloads import StepsDone, StepsFrom
from flows.path.ports import PathPorts
from flows.placement_model import KIND_NAMES
from flows.routes import Ctx
from flows.text import N_, Lines, Verbatim, msg


async def steps_from(ctx: Ctx[PathPorts], payload: StepsFrom) -> Outcome:
    """Add, as steps, what is already planned: activities of the coming four weeks, open
    tasks and active placements, each with its date, in the coach's words."""
    draft = draft_of(ctx)
    if draft.get("participant") != payload.participant or "goal" not in draft:
        return ctx.stale()
    lines = await planned_steps(ctx, payload.participant)
    known = set(draft["steps"])
    draft["steps"] = [*draft["steps"], *(line for line in lines if line not in known)][:MAX_STEPS]
    done = (Button(msg(N_("Done")), payload=StepsDone(payload.participant).pack()),)
    shown = tuple(Verbatim(s) for s in draft["steps"]) or (msg(N_("Nothing is planned yet.")),)
    text = msg(N_("Steps so far:\n{steps}\nWrite more, or press Done."), steps=Lines(shown))
    return Outcome(
        messages=(ctx.say(text, buttons=(done,)),),
        state=State.STEPS,
        data={DRAFT: draft},
        remove_buttons=True,
    )


async def planned_steps(ctx: Ctx[PathPorts], participant_id: int) -> list[str]:
    """What is planned for the participant, a line each, in the coach's language."""
    translate = ctx.cfg.translate or (lambda msgid, _locale: msgid)
    found: list[str] = []
    soon = await ctx.ports.attendance.sessions_of(
        participant_id, ctx.now, ctx.now + timedelta(days=28)
    )
    seen: set[int] = set()
    for session in soon:
        activity = await ctx.ports.attendance.activity(session.activity_id)
        if activity is None or activity.id in seen or session.cancelled:
            continue
        seen.add(activity.id)
        found.append(f"{activity.title} ({session.starts_at.date().isoformat()})")
    for task in await ctx.ports.tasks.of_participant(participant_id):
        if task.state in OPEN:
            title = translate(task.title, ctx.locale) if task.library_key else task.title
            found.append(f"{title} ({task.due_on.isoformat()})")
    for placement in await ctx.ports.placements.of_participant(participant_id):
        if placement.active:
            kind = translate(KIND_NAMES[placement.kind], ctx.locale)
            found.append(f"{kind}: {placement.workplace} ({placement.starts_on.isoformat()})")
    return found
