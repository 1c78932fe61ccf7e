"""The coach's answer to a passed-on message: one button, then the coach's own words.

The dispatcher checks that the coach may see the participant before the button works; the
answer reaches the participant unchanged (split by the renderer if long, never cut), with
the coach's name, and the coach is told it went.
"""

from __future__ import annotations

from enum import StrEnum

from flows.contact.message import Answer, ContactPorts
from flows.model import Role
from flows.output import Outcome, Say
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, msg

TO = "to"


class State(StrEnum):
    """Steps of the contact flow (persisted as `contact.<value>`)."""

    REPLY = "reply"


async def subject(payload: Answer, ports: ContactPorts) -> Subject | None:
    """An answer concerns the participant; gone (stale) if they are no participant."""
    person = await ports.people.get(payload.participant)
    if person is None or person.role is not Role.PARTICIPANT:
        return None
    return Subject(participant_id=person.id)


async def ask(ctx: Ctx[ContactPorts], payload: Answer) -> Outcome:
    """Ask the coach for the answer; the next text they send is it."""
    participant = await ctx.ports.people.get(payload.participant)
    if participant is None:
        return ctx.stale()
    text = msg(
        N_("Write your answer to {name}. I will send it exactly as you write it."),
        name=participant.display_name,
    )
    return Outcome(messages=(ctx.say(text),), state=State.REPLY, data={TO: participant.id})


async def send(ctx: Ctx[ContactPorts]) -> Outcome:
    """Pass the coach's words to the participant, unchanged, with who wrote them."""
    participant = await ctx.ports.people.get(int(ctx.data.get(TO, 0)))
    # The caseload may have changed hands while the step waited: check again.
    if participant is None or not await ctx.ports.access.can_see(ctx.person, participant.id):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if participant.chat_id is None or not participant.reachable:
        text = msg(
            N_("{name} cannot be reached on Telegram right now. Please call them instead."),
            name=participant.display_name,
        )
        return Outcome(messages=(ctx.say(text),), state=IDLE, data={})
    to_participant = Say(
        chat_id=participant.chat_id,
        locale=participant.locale,
        body=(
            msg(N_("Answer from your coach {name}:"), name=ctx.person.display_name),
            msg("{words}", words=ctx.event.text),
        ),
    )
    told = msg(N_("Your answer was sent to {name}."), name=participant.display_name)
    return Outcome(messages=(ctx.say(told), to_participant), state=IDLE, data={})


async def left(ctx: Ctx[ContactPorts]) -> Outcome:
    """The coach did something else first: say the answer was not sent."""
    participant = await ctx.ports.people.get(int(ctx.data.get(TO, 0)))
    if participant is None:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    name = participant.display_name
    return Outcome(
        messages=(ctx.say(msg(N_("Your answer to {name} was not sent."), name=name)),),
        state=IDLE,
        data={},
    )
