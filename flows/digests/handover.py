"""Hand-over: one participant (from the profile card) or a coach's whole caseload (`/handover`)
moves to another coach of the unit with its whole history; both coaches and each participant
are told. From then on the old coach's buttons for them answer "not allowed"."""

from __future__ import annotations

from flows.digests.payloads import HandAllTo, HandOver, HandTo
from flows.digests.ports import DigestPorts
from flows.model import Person, Role
from flows.output import Button, Outcome, Say, rows
from flows.routes import Ctx
from flows.text import N_, Msg, msg, nmsg, numbered


async def _coaches(ctx: Ctx[DigestPorts], other_than: int) -> list[Person]:
    staff = await ctx.ports.summaries.staff(ctx.person.unit_id)
    return [p for p in staff if p.role is Role.COACH and p.id != other_than]


async def _is_coach_here(ctx: Ctx[DigestPorts], target: Person) -> bool:
    """A hand-over goes only to a coach of the same unit who is still there."""
    return target.id in {p.id for p in await _coaches(ctx, other_than=0)}


async def hand_over(ctx: Ctx[DigestPorts], payload: HandOver) -> Outcome:
    """Offer the unit's other coaches for one participant."""
    person = await ctx.ports.people.get(payload.person)
    current = await ctx.ports.people.coach_of(payload.person)
    if person is None or current is None:
        return ctx.stale()
    coaches = await _coaches(ctx, current.id)
    if not coaches:
        return ctx.reply(msg(N_("There is no other coach in your unit to hand over to.")))
    lines: list[Msg] = [msg(N_("Hand {name} over to which coach?"), name=person.display_name)]
    buttons = []
    for number, coach in enumerate(coaches[:20], start=1):
        lines.append(numbered(number, msg(N_("{name}"), name=coach.display_name)))
        buttons.append(Button(msg("{n}", n=number), payload=HandTo(person.id, coach.id).pack()))
    return ctx.reply(*lines, buttons=rows(buttons, 5))


async def hand_to(ctx: Ctx[DigestPorts], payload: HandTo) -> Outcome:
    """Move the participant; tell the old coach, the new one and the participant."""
    current = await ctx.ports.people.coach_of(payload.person)
    target = await ctx.ports.people.get(payload.coach)
    person = await ctx.ports.people.get(payload.person)
    if current is None or person is None or target is None:
        return ctx.stale()
    if not await _is_coach_here(ctx, target):
        return ctx.not_allowed()
    if target.id == current.id:
        return ctx.reply(
            msg(
                N_("{name} is already with {coach}."),
                name=person.display_name,
                coach=target.display_name,
            )
        )
    moved = await ctx.ports.summaries.hand_over([person.id], current.id, target.id, ctx.now)
    if not moved:
        return ctx.stale()
    return Outcome(messages=tuple(_told(ctx, current, target, [person])), remove_buttons=True)


async def handover_command(ctx: Ctx[DigestPorts]) -> Outcome:
    """/handover: offer the unit's other coaches for the whole caseload."""
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("Your caseload is empty: there is nobody to hand over.")))
    coaches = await _coaches(ctx, ctx.person.id)
    if not coaches:
        return ctx.reply(msg(N_("There is no other coach in your unit to hand over to.")))
    lines: list[Msg] = [
        nmsg(
            "Hand your whole caseload ({n} participant) over to which coach?",
            "Hand your whole caseload ({n} participants) over to which coach?",
            len(caseload),
            n=len(caseload),
        )
    ]
    buttons = []
    for number, coach in enumerate(coaches[:20], start=1):
        lines.append(numbered(number, msg(N_("{name}"), name=coach.display_name)))
        buttons.append(Button(msg("{n}", n=number), payload=HandAllTo(coach.id, "ask").pack()))
    return ctx.reply(*lines, buttons=rows(buttons, 5))


async def hand_all_to(ctx: Ctx[DigestPorts], payload: HandAllTo) -> Outcome:
    """Ask once more, then move every participant of the caseload to the chosen coach."""
    target = await ctx.ports.people.get(payload.coach)
    if target is None or not await _is_coach_here(ctx, target):
        return ctx.not_allowed()
    if target.id == ctx.person.id:
        return ctx.stale()
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("Your caseload is empty: there is nobody to hand over.")))
    if payload.confirm == "ask":
        question = nmsg(
            "Hand {n} participant over to {coach}? Their history goes with them.",
            "Hand {n} participants over to {coach}? Their history goes with them.",
            len(caseload),
            n=len(caseload),
            coach=target.display_name,
        )
        yes = Button(msg(N_("Yes, hand over")), payload=HandAllTo(target.id, "yes").pack())
        return Outcome(messages=(ctx.say(question, buttons=((yes,),)),), remove_buttons=True)
    moved = await ctx.ports.summaries.hand_over(
        [p.id for p in caseload], ctx.person.id, target.id, ctx.now
    )
    people = [p for p in caseload if p.id in moved]
    return Outcome(messages=tuple(_told(ctx, ctx.person, target, people)), remove_buttons=True)


def _told(ctx: Ctx[DigestPorts], old: Person, new: Person, people: list[Person]) -> list[Say]:
    """Who hears of a hand-over: whoever did it, both coaches, and each participant."""
    names = ", ".join(p.display_name for p in people)
    done = nmsg(
        "{n} participant handed over from {old} to {new}: {names}.",
        "{n} participants handed over from {old} to {new}: {names}.",
        len(people),
        n=len(people),
        old=old.display_name,
        new=new.display_name,
        names=names,
    )
    messages = [ctx.say(done)]
    for coach in (old, new):
        if coach.id != ctx.person.id and coach.chat_id is not None:
            messages.append(Say(coach.chat_id, coach.locale, (done,)))
    for person in people:
        if person.chat_id is not None and person.reachable:
            news = msg(
                N_(
                    "From now on your coach is {coach}. Everything you have done so far "
                    "goes with you."
                ),
                coach=new.display_name,
            )
            messages.append(Say(person.chat_id, person.locale, (news,)))
    return messages
