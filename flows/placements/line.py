"""A direct line: `/contact` lets an employer contact (or a participant) write to their coach
through the bot; the coach answers with one button, and both see who they talk to. An
employer reaches only the coaches of their own active placements."""

from __future__ import annotations

from flows.contact.message import Answer
from flows.model import Person, Role
from flows.output import Button, Outcome, Say
from flows.placement_model import Placement
from flows.placements.create import State
from flows.placements.followup import followed_by
from flows.placements.payloads import ReplyTo
from flows.placements.ports import PlacementPorts
from flows.recruitment_model import Channel
from flows.routes import IDLE, Ctx
from flows.text import N_, Verbatim, msg, own_words

LIMIT = 4000
TO = "to"


async def _employer_placements(ctx: Ctx[PlacementPorts], employer_id: int) -> list[Placement]:
    return [p for p in await ctx.ports.placements.active() if p.employer_id == employer_id]


async def _coaches(ctx: Ctx[PlacementPorts]) -> list[Person]:
    """Whom the person's /contact reaches: a participant's coach, an employer's coaches."""
    if ctx.person.role is Role.PARTICIPANT:
        coach = await ctx.ports.people.coach_of(ctx.person.id)
        return [coach] if coach else []
    found = [
        await ctx.ports.people.coach_of(p.participant_id)
        for p in await _employer_placements(ctx, ctx.person.id)
    ]
    # The coach named for the employer's workplace is always on the line.
    workplace = await ctx.ports.recruitment.workplace_of(ctx.person.id)
    if workplace is not None:
        found.insert(0, await ctx.ports.people.get(workplace.coach_id))
    return list({c.id: c for c in found if c is not None}.values())


async def contact(ctx: Ctx[PlacementPorts]) -> Outcome:
    """/contact: ask for the message, naming who will read it."""
    coaches = await _coaches(ctx)
    if not coaches:
        return ctx.reply(
            msg(N_("I can pass a message on only while a coach follows a placement with you."))
        )
    names = ", ".join(c.display_name for c in coaches)
    text = msg(
        N_("Write your message to {names}. I will pass it on exactly as you write it."),
        names=Verbatim(names),
    )
    return Outcome(messages=(ctx.say(text),), state=State.MESSAGE, data={})


async def message(ctx: Ctx[PlacementPorts]) -> Outcome:
    """Pass the words on unchanged, with who wrote them and a Reply button."""
    words, again = ctx.written(LIMIT, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    coaches = await _coaches(ctx)
    if not coaches:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if ctx.person.role is Role.PARTICIPANT:
        head = msg(N_("{name} writes to you:"), name=ctx.person.display_name)
        button = Button(msg(N_("Reply")), payload=Answer(ctx.person.id).pack())
    else:
        workplace = await ctx.ports.recruitment.workplace_of(ctx.person.id)
        named = [workplace.name] if workplace else []
        places = ", ".join(
            dict.fromkeys(
                named + [p.workplace for p in await _employer_placements(ctx, ctx.person.id)]
            )
        )
        if workplace is not None:
            await ctx.ports.recruitment.log_contact(
                workplace.id, Channel.CHAT, ctx.person.id, ctx.now
            )
        head = msg(
            N_("{name} ({workplace}) writes to you:"),
            name=ctx.person.display_name,
            workplace=own_words(places),
        )
        button = Button(msg(N_("Reply")), payload=ReplyTo(ctx.person.id).pack())
    sent = [
        Say(
            c.chat_id,
            c.locale,
            (head, msg("{words}", words=own_words(words))),
            buttons=((button,),),
        )
        for c in coaches
        if c.chat_id is not None
    ]
    names = ", ".join(c.display_name for c in coaches)
    told = msg(N_("Sent to {names}."), names=Verbatim(names))
    return Outcome(messages=(ctx.say(told), *sent), state=IDLE, data={})


async def reply_to(ctx: Ctx[PlacementPorts], payload: ReplyTo) -> Outcome:
    """A coach answers an employer contact of one of their active placements."""
    if not await _follows(ctx, payload.employer):
        return ctx.not_allowed()
    employer = await ctx.ports.people.get(payload.employer)
    if employer is None:
        return ctx.stale()
    text = msg(
        N_("Write your answer to {name}. I will send it exactly as you write it."),
        name=employer.display_name,
    )
    return Outcome(messages=(ctx.say(text),), state=State.ANSWER, data={TO: employer.id})


async def _follows(ctx: Ctx[PlacementPorts], employer_id: int) -> bool:
    """The coach follows a placement with this employer contact, or is named for their
    workplace."""
    workplace = await ctx.ports.recruitment.workplace_of(employer_id)
    if (
        workplace is not None
        and workplace.coach_id == ctx.person.id
        and workplace.unit_id == ctx.person.unit_id
    ):
        return True
    return any(p.employer_id == employer_id for p in await followed_by(ctx.ports, ctx.person))


async def answer(ctx: Ctx[PlacementPorts]) -> Outcome:
    """The coach's words to the employer contact, unchanged, with the coach's name."""
    words, again = ctx.written(LIMIT, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    raw = ctx.data.get(TO)
    employer = await ctx.ports.people.get(raw) if isinstance(raw, int) else None
    # The placement may have ended while the coach typed: check again.
    if employer is None or not await _follows(ctx, employer.id) or employer.chat_id is None:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    to_employer = Say(
        employer.chat_id,
        employer.locale,
        (
            msg(N_("Answer from the coach {name}:"), name=ctx.person.display_name),
            msg("{words}", words=own_words(words)),
        ),
    )
    workplace = await ctx.ports.recruitment.workplace_of(employer.id)
    if workplace is not None:
        await ctx.ports.recruitment.log_contact(workplace.id, Channel.CHAT, ctx.person.id, ctx.now)
    told = msg(N_("Your answer was sent to {name}."), name=employer.display_name)
    return Outcome(messages=(ctx.say(told), to_employer), state=IDLE, data={})


async def left(ctx: Ctx[PlacementPorts]) -> Outcome:
    """Something else first: nothing was sent, and the person is told."""
    return ctx.reply(msg(N_("Nothing was sent.")))
