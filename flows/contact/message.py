"""A participant's own words to their coach: offered when the bot cannot use a free text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, Protocol

from flows.attendance.payloads import CantCome
from flows.languages import NATIVE_NAMES, offered_for, same_language
from flows.model import Session
from flows.output import Button, Outcome, Say
from flows.payloads import Payload
from flows.ports import Attendance, People, Ports
from flows.routes import Ctx
from flows.text import N_, Verbatim, msg

DRAFT = "draft"
# The same label as under reminders (one catalog entry).
CANNOT_COME = N_("I cannot come")
SAYS_SOMETHING = 3  # words


class ContactPorts(Protocol):
    """People (to find the coach) and attendance (to offer "I cannot come" for today)."""

    @property
    def people(self) -> People:
        """Persons, units and caseloads."""
        ...

    @property
    def attendance(self) -> Attendance:
        """Sessions and records."""
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
    today = await _open_session(ctx) if len(ctx.event.text.split()) >= SAYS_SOMETHING else None
    if today is not None:
        # "I can't come today, my child is sick" is an absence notice if they say so.
        session, title = today
        body.append(
            msg(
                N_("If you cannot come to {title} on {when}, press “{button}”."),
                title=title,
                when=session.starts_at,
                button=msg(CANNOT_COME),
            )
        )
        buttons.insert(1, (Button(msg(CANNOT_COME), payload=CantCome(session.id).pack()),))
    return Outcome(
        messages=(ctx.say(*body, buttons=tuple(buttons)),),
        data={**ctx.data, DRAFT: ctx.event.text},
    )


async def _open_session(ctx: Ctx[ContactPorts]) -> tuple[Session, str] | None:
    """The participant's next session within the day that is not yet reported or over."""
    sessions = await ctx.ports.attendance.sessions_of(
        ctx.person.id, ctx.now - timedelta(hours=3), ctx.now + timedelta(hours=18)
    )
    for session in sessions:
        if session.cancelled or session.closed or session.ends_at <= ctx.now:
            continue
        if await ctx.ports.attendance.record_of(session.id, ctx.person.id) is not None:
            continue
        activity = await ctx.ports.attendance.activity(session.activity_id)
        if activity is not None:
            return session, activity.title
    return None


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
        language = " / ".join(NATIVE_NAMES[c] for c in codes)
        body.append(msg(N_("Written in {language}."), language=Verbatim(language)))
    buttons = ((Button(msg(N_("Reply")), payload=Answer(ctx.person.id).pack()),),)
    to_coach = Say(chat_id=coach.chat_id, locale=coach.locale, body=tuple(body), buttons=buttons)
    sent = msg(N_("Sent to {coach}. They will get back to you."), coach=coach.display_name)
    return Outcome(messages=(ctx.say(sent), to_coach), data=data, remove_buttons=True)
