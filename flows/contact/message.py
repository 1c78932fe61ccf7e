"""A participant's own words to their coach: offered when the bot cannot use a free text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from flows.attendance.absence import reportable
from flows.attendance.payloads import CantCome
from flows.attendance.rules import WORD_AHEAD
from flows.attention import alert
from flows.languages import NATIVE_NAMES, name_in_sentence, offered_for, same_language
from flows.output import Button, Outcome
from flows.payloads import Payload
from flows.ports import Access, Attendance, People, Ports
from flows.routes import Ctx
from flows.text import N_, Verbatim, msg

DRAFT = "draft"
# The same label as under reminders (one catalog entry).
CANNOT_COME = N_("I cannot come")
SAYS_SOMETHING = 3  # words


class ContactPorts(Protocol):
    """People (to find the coach), attendance (to offer "I cannot come" for today) and
    access (who may answer whom)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Sessions and records."""
        ...

    @property
    def access(self) -> Access:
        """The visibility rule."""
        ...


def narrow(ports: Ports) -> ContactPorts:
    """Return the ports the contact flow may use."""
    return ports


@dataclass(frozen=True)
class Pass(Payload, code="m1"):
    """Send the kept message to the coach, or not."""

    choice: Literal["send", "skip"]


@dataclass(frozen=True)
class Answer(Payload, code="m2"):
    """The coach answers the participant whose message this button sits under."""

    participant: int


async def offer(ctx: Ctx[ContactPorts]) -> Outcome | None:
    """Offer to pass the participant's message to their coach, keeping it meanwhile."""
    question = msg(
        N_("I cannot answer that myself. Do you want me to send your message to your coach?")
    )
    body = [question]
    buttons = [
        (Button(msg(N_("Send to my coach")), payload=Pass("send").pack()),),
        (Button(msg(N_("No, thanks")), payload=Pass("skip").pack()),),
    ]
    # Only a message that says something ("hej", "ok" do not) may be about today's session.
    says_something = len(ctx.event.text.split()) >= SAYS_SOMETHING
    today = (
        await reportable(ctx.ports.attendance, ctx.person.id, ctx.now, WORD_AHEAD)
        if says_something
        else []
    )
    if today:
        # "I can't come today, my child is sick" is an absence notice if they say so.
        session, activity = today[0]
        body.append(
            msg(
                N_("If you cannot come to {title} on {when}, press “{button}”."),
                title=activity.title,
                when=session.starts_at,
                button=msg(CANNOT_COME),
            )
        )
        buttons.insert(1, (Button(msg(CANNOT_COME), payload=CantCome(session.id).pack()),))
    return Outcome(
        messages=(ctx.say(*body, buttons=tuple(buttons)),),
        data={**ctx.data, DRAFT: ctx.event.text},
    )


async def answer(ctx: Ctx[ContactPorts], payload: Pass) -> Outcome:
    """Send the kept message to the coach unchanged, saying which language it is in."""
    draft = str(ctx.data.get(DRAFT, ""))
    data = {k: v for k, v in ctx.data.items() if k != DRAFT}
    if payload.choice != "send" or not draft:
        return Outcome(
            messages=(ctx.say(msg(N_("OK, I will not send it."))),),
            data=data,
            remove_buttons=True,
        )
    coach = await ctx.ports.people.coach_of(ctx.person.id)
    if coach is None or coach.chat_id is None or not coach.reachable:
        text = msg(N_("You have no coach on Telegram yet. Please call your job centre."))
        return Outcome(messages=(ctx.say(text),), data=data, remove_buttons=True)
    body = [
        msg(N_("Message from {name}:"), name=ctx.person.display_name),
        msg("{words}", words=draft),
    ]
    detect = ctx.cfg.detect_language
    names = [ctx.person.display_name, coach.display_name]
    written_in = detect(draft, ctx.locale, names) if detect else None
    if written_in and not same_language(written_in, coach.locale):
        # Persian or Dari: the writer's own choice says which; else name both.
        codes = (
            (ctx.locale,)
            if same_language(written_in, ctx.locale)
            else offered_for(written_in, NATIVE_NAMES)
        )
        language = " / ".join(name_in_sentence(c) for c in codes)
        body.append(msg(N_("Written in {language}."), language=Verbatim(language)))
    buttons = ((Button(msg(N_("Reply")), payload=Answer(ctx.person.id).pack()),),)
    to_coach = await alert(ctx.ports.people, coach, ctx.now, tuple(body), buttons=buttons)
    # A session closing soon after counts this as word sent, not as a no-show.
    await ctx.ports.people.note_message_to_coach(ctx.person.id, ctx.now)
    sent = msg(N_("Sent to {coach}. They will get back to you."), coach=coach.display_name)
    return Outcome(messages=(ctx.say(sent), to_coach), data=data, remove_buttons=True)
