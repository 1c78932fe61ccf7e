"""A participant's own words to their coach: offered when the bot cannot use a free text."""

from __future__ import annotations

from flows.events import Actor, Event
from flows.languages import NATIVE_NAMES
from flows.model import Person, Role
from flows.onboarding import Config, say
from flows.output import Button, Outcome, Say
from flows.ports import Conversation, Ports
from flows.text import N_, Verbatim, msg

CONTACT_PREFIX = "m1:"
SEND, SKIP = "send", "skip"
DRAFT = "draft"
MAX_DRAFT = 3000


def offer(actor: Actor, person: Person, convo: Conversation, text: str) -> Outcome | None:
    """Offer to pass a participant's message to their coach; None for other roles."""
    if person.role is not Role.PARTICIPANT:
        return None
    question = msg(
        N_("I cannot answer that myself. Do you want me to send your message to your coach?")
    )
    buttons = (
        (
            Button(msg(N_("Send to my coach")), payload=CONTACT_PREFIX + SEND),
            Button(msg(N_("No, thanks")), payload=CONTACT_PREFIX + SKIP),
        ),
    )
    return Outcome(
        messages=(say(actor, person.locale, question, buttons=buttons),),
        data={**convo.data, DRAFT: text[:MAX_DRAFT]},
    )


async def answer(
    event: Event, actor: Actor, person: Person, convo: Conversation, ports: Ports, cfg: Config
) -> Outcome:
    """Send the kept message to the coach unchanged, saying which language it is in."""
    draft = str(convo.data.get(DRAFT, ""))
    data = {k: v for k, v in convo.data.items() if k != DRAFT}
    if event.payload != CONTACT_PREFIX + SEND or not draft:
        return Outcome(
            messages=(say(actor, person.locale, msg(N_("OK, I will not send it."))),),
            data=data,
            remove_buttons=True,
        )
    coach = await ports.people.coach_of(person.id)
    if coach is None or coach.chat_id is None or not coach.reachable:
        text = msg(N_("You have no coach on Telegram yet. Please call your job centre."))
        return Outcome(messages=(say(actor, person.locale, text),), data=data, remove_buttons=True)
    body = [msg(N_("Message from {name}:"), name=person.display_name), msg("{words}", words=draft)]
    written_in = cfg.detect_language(draft, person.locale) if cfg.detect_language else None
    if written_in and written_in != coach.locale:
        body.append(msg(N_("Written in {language}."), language=Verbatim(NATIVE_NAMES[written_in])))
    to_coach = Say(chat_id=coach.chat_id, locale=coach.locale, body=tuple(body))
    sent = msg(N_("Sent to {coach}. They will get back to you."), coach=coach.display_name)
    return Outcome(
        messages=(say(actor, person.locale, sent), to_coach), data=data, remove_buttons=True
    )
