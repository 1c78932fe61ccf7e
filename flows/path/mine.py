"""/plan: the participant reads their plan in their own language, confirms it with one tap,
asks about any line (the coach gets the question), reads earlier versions, gets the PDF."""

from __future__ import annotations

from flows.contact.message import Answer
from flows.output import Button, Outcome, Say
from flows.path.coach import State
from flows.path.payloads import Mine
from flows.path.ports import PathPorts
from flows.path.reading import plan_lines, plan_sheets
from flows.routes import IDLE, Ctx
from flows.text import N_, msg, own_words

QUESTION_LIMIT = 2000


async def my_plan(ctx: Ctx[PathPorts]) -> Outcome:
    """/plan: the latest version, with what can be done with it."""
    return await show(ctx)


async def show(
    ctx: Ctx[PathPorts], version: int | None = None, *, replace: bool = True
) -> Outcome:
    """One version of the plan (the latest by default); `replace` takes the buttons off the
    message pressed (a plan shown again), not off another version's message."""
    plans = await ctx.ports.paths.plans(ctx.person.id)
    if not plans:
        return ctx.reply(msg(N_("You have no action plan yet. Your coach writes it with you.")))
    plan = plans[-1] if version is None else next((p for p in plans if p.version == version), None)
    if plan is None:
        return ctx.stale()
    rows: list[tuple[Button, ...]] = []
    latest = plan is plans[-1]
    if latest and plan.confirmed_at is None:
        rows.append(
            (Button(msg(N_("I agree to this plan")), payload=Mine("agree", plan.version).pack()),)
        )
    if latest:
        asks = [
            Button(msg(N_("Ask about {number}"), number=n), payload=Mine("ask", n).pack())
            for n in range(1, len(plan.steps) + 1)
        ]
        rows.extend(tuple(asks[i : i + 2]) for i in range(0, len(asks), 2))
    rows.extend(
        (
            Button(
                msg(N_("Version {version}"), version=p.version),
                payload=Mine("version", p.version).pack(),
            ),
        )
        for p in plans
        if p is not plan
    )
    rows.append((Button(msg(N_("As a PDF")), payload=Mine("pdf", plan.version).pack()),))
    return Outcome(
        messages=(ctx.say(*plan_lines(plan), buttons=tuple(rows)),), remove_buttons=replace
    )


async def mine(ctx: Ctx[PathPorts], payload: Mine) -> Outcome:
    """Agree, ask about a line, read another version, or get the PDF."""
    plans = await ctx.ports.paths.plans(ctx.person.id)
    if not plans:
        return ctx.stale()
    latest = plans[-1]
    if payload.action == "version":
        return await show(ctx, payload.number, replace=False)
    if payload.action == "pdf":
        plan = next((p for p in plans if p.version == payload.number), None)
        if plan is None:
            return ctx.stale()
        return Outcome(
            messages=plan_sheets(ctx.actor.chat_id, ctx.locale, ctx.person, plan, ctx.locale)
        )
    if payload.action == "agree":
        if latest.version != payload.number or latest.confirmed_at is not None:
            return ctx.stale()
        await ctx.ports.paths.set_plan(latest.id, confirmed_at=ctx.now)
        thanks = msg(N_("Thank you. Your coach records the home district's approval next."))
        # The plan again, now saying it is confirmed (the pressed message loses its buttons).
        again = await show(ctx)
        messages = [ctx.say(thanks), *again.messages]
        coach = await ctx.ports.people.coach_of(ctx.person.id)
        if coach is not None and coach.chat_id is not None:
            told = msg(
                N_(
                    "{name} has confirmed the action plan (version {version}). Record the "
                    "approval with /path."
                ),
                name=ctx.person.display_name,
                version=latest.version,
            )
            messages.append(Say(coach.chat_id, coach.locale, (told,)))
        return Outcome(messages=tuple(messages), remove_buttons=True)
    if not 1 <= payload.number <= len(latest.steps):
        return ctx.stale()
    text = msg(
        N_(
            "What is your question about step {number}? I will pass it on to your coach as you "
            "write it."
        ),
        number=payload.number,
    )
    data = {"version": latest.version, "step": payload.number}
    return Outcome(messages=(ctx.say(text),), state=State.QUESTION, data=data)


async def question(ctx: Ctx[PathPorts]) -> Outcome:
    """The participant's question about a step, passed on unchanged with a Reply button."""
    words, again = ctx.written(QUESTION_LIMIT, msg(N_("Please write your question, or /cancel.")))
    if again is not None:
        return again
    step, version = ctx.data.get("step"), ctx.data.get("version")
    plans = {p.version: p for p in await ctx.ports.paths.plans(ctx.person.id)}
    if not isinstance(version, int) or version not in plans or not isinstance(step, int):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    coach = await ctx.ports.people.coach_of(ctx.person.id)
    messages = [ctx.say(msg(N_("Sent to your coach.")))]
    if coach is not None and coach.chat_id is not None:
        text = msg(
            N_("{name} asks about step {number} of the action plan (“{step}”):\n{words}"),
            name=ctx.person.display_name,
            number=step,
            step=own_words(plans[version].steps[step - 1]),
            words=own_words(words),
        )
        reply = (Button(msg(N_("Reply")), payload=Answer(ctx.person.id).pack()),)
        messages.append(Say(coach.chat_id, coach.locale, (text,), buttons=(reply,)))
    return Outcome(messages=tuple(messages), state=IDLE, data={})
