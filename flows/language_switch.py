"""Offer, never force, a language switch when someone writes clearly in another language."""

from __future__ import annotations

from flows.events import Actor, Event
from flows.languages import NATIVE_NAMES
from flows.model import Person
from flows.onboarding import Config, say, stale
from flows.output import Button, Outcome
from flows.ports import Conversation, Ports
from flows.text import N_, Msg, Verbatim, msg

SWITCH_PREFIX = "s1:"
KEEP = "-"
ASKED = "asked_languages"
QUESTION = N_("You wrote in {language}. Which language do you want me to use with you?")


def offer(
    event: Event, actor: Actor, person: Person, convo: Conversation, cfg: Config
) -> Outcome | None:
    """Ask once, in both languages, whether to switch; None when there is nothing to ask."""
    if cfg.detect_language is None:
        return None
    found = cfg.detect_language(event.text, person.locale)
    if found is None or found == person.locale or found not in cfg.offered:
        return None
    asked = list(convo.data.get(ASKED, []))
    if found in asked:
        return None
    language = Verbatim(NATIVE_NAMES[found])
    question = msg(QUESTION, language=language)
    buttons = (
        (
            Button(Verbatim(NATIVE_NAMES[found]), payload=SWITCH_PREFIX + found),
            Button(Verbatim(NATIVE_NAMES[person.locale]), payload=SWITCH_PREFIX + KEEP),
        ),
    )
    both = (question, Msg(question.msgid, question.params, locale=found))
    return Outcome(
        messages=(say(actor, person.locale, *both, buttons=buttons),),
        data={**convo.data, ASKED: [*asked, found]},
    )


async def answer(event: Event, actor: Actor, person: Person, ports: Ports, cfg: Config) -> Outcome:
    """Switch (or keep) the language the person picked."""
    code = event.payload.removeprefix(SWITCH_PREFIX)
    if code == KEEP:
        text = msg(
            N_("OK, I will keep writing in {language}."),
            language=Verbatim(NATIVE_NAMES[person.locale]),
        )
        return Outcome(messages=(say(actor, person.locale, text),), remove_buttons=True)
    if code not in cfg.offered:
        return stale(actor, person.locale)
    await ports.people.set_locale(person.id, code)
    done = msg(N_("Done! I will write to you in English from now on."))
    return Outcome(messages=(say(actor, code, done),), remove_buttons=True)
