"""Language: the picker (at onboarding and /language) and the offered switch."""

from __future__ import annotations

from dataclasses import dataclass

from flows.config import Config
from flows.events import Actor, Kind
from flows.languages import NATIVE_NAMES, name_in_sentence, offered_for, same_language
from flows.model import STAFF_ROLES
from flows.onboarding.common import State, belonging
from flows.onboarding.ports import OnboardingPorts
from flows.output import Button, Menu, Outcome
from flows.payloads import Payload
from flows.replies import say
from flows.routes import Ctx
from flows.text import N_, Msg, Verbatim, msg

KEEP = "-"
ASKED = "asked"
DONE = N_("Done! I will write to you in English from now on.")
QUESTION = N_("You wrote in {language}. Which language do you want me to use with you?")
PRIVACY = N_(
    "About your data: your coach can see what you report here, such as attendance, tasks "
    "and messages to them. Employers see only what concerns your placement with them. "
    "You can ask your coach for a copy of your data or to have it erased at any time."
)
STAFF_PRIVACY = N_(
    "About data: you see only the people you work with. Every time you open a participant's "
    "data it is logged. Participants can ask for a copy of their data or to have it erased."
)


@dataclass(frozen=True)
class PickLanguage(Payload, code="l1"):
    """A language in the picker."""

    locale: str


@dataclass(frozen=True)
class SwitchLanguage(Payload, code="s1"):
    """The answer to "you wrote in …": the new locale, or "-" to keep the current one."""

    locale: str


def picker(cfg: Config, current: str) -> tuple[tuple[Button, ...], ...]:
    """Return the language buttons, two to a row, the current choice marked."""
    buttons = [
        Button(
            Verbatim(("✓ " if code == current else "") + NATIVE_NAMES[code]),
            payload=PickLanguage(code).pack(),
        )
        for code in cfg.offered
    ]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def ask_language(
    actor: Actor, locale: str, cfg: Config, step: str | None = None, question: Msg | None = None
) -> Outcome:
    """Show the language picker; `step` says whether onboarding is still going on."""
    text = question or msg(N_("Which language do you want me to use?"))
    return Outcome(
        messages=(say(actor, locale, text, buttons=picker(cfg, locale)),),
        state=step,
    )


async def language_command(ctx: Ctx[OnboardingPorts]) -> Outcome:
    """/language: show the picker."""
    return ask_language(ctx.actor, ctx.locale, ctx.cfg)


async def choose(ctx: Ctx[OnboardingPorts], payload: PickLanguage) -> Outcome:
    """Store the chosen language; at the end of onboarding also give the privacy notice."""
    if payload.locale not in ctx.cfg.offered:
        return ctx.stale()
    person = await ctx.ports.people.set_locale(ctx.person.id, payload.locale)
    body: list[Msg] = [msg(DONE)]
    if ctx.step == State.CHOOSE_LANGUAGE:
        body.append(msg(STAFF_PRIVACY if person.role in STAFF_ROLES else PRIVACY))
        body.append(await belonging(person, ctx.ports))
        body.append(msg(N_("Type /help to see what you can do.")))
    return Outcome(
        messages=(say(ctx.actor, payload.locale, *body),),
        state="idle",
        menus=(Menu(ctx.actor.chat_id, person.role, payload.locale),),
        remove_buttons=True,
        replan=(ctx.actor.chat_id,),
    )


async def while_choosing(ctx: Ctx[OnboardingPorts]) -> Outcome:
    """Anything sent instead of picking: offer a switch if it is clearly a language, else ask."""
    if ctx.event.kind is Kind.TEXT:
        offer = await offer_switch(ctx)
        if offer is not None:
            return offer
    return ask_language(ctx.actor, ctx.locale, ctx.cfg)


async def offer_switch(ctx: Ctx[OnboardingPorts]) -> Outcome | None:
    """Ask once, in both languages, whether to switch; None when there is nothing to ask.

    Persian-looking text offers both Persian and Dari: the writing cannot tell them apart.
    """
    detect = ctx.cfg.detect_language
    names = [ctx.person.display_name] if ctx.person is not None else []
    found = detect(ctx.event.text, ctx.locale, names) if detect is not None else None
    if found is None or same_language(found, ctx.locale):
        return None
    asked = list(ctx.data.get(ASKED, []))
    choices = [c for c in offered_for(found, ctx.cfg.offered) if c not in asked]
    if not choices:
        return None
    named = " / ".join(name_in_sentence(c) for c in choices)
    question = msg(QUESTION, language=Verbatim(named))
    picks = [Button(Verbatim(NATIVE_NAMES[c]), payload=SwitchLanguage(c).pack()) for c in choices]
    keep = Button(Verbatim(NATIVE_NAMES[ctx.locale]), payload=SwitchLanguage(KEEP).pack())
    buttons = ((*picks, keep),)
    both = (question, Msg(question.msgid, question.params, locale=choices[0]))
    return Outcome(
        messages=(ctx.say(*both, buttons=buttons),),
        data={**ctx.data, ASKED: [*asked, *choices]},
    )


async def switch(ctx: Ctx[OnboardingPorts], payload: SwitchLanguage) -> Outcome:
    """Switch to (or keep) the language the person picked."""
    if payload.locale == KEEP:
        text = msg(
            N_("OK, I will keep writing in {language}."),
            language=Verbatim(name_in_sentence(ctx.locale)),
        )
        return Outcome(messages=(ctx.say(text),), remove_buttons=True)
    if payload.locale not in ctx.cfg.offered:
        return ctx.stale()
    await ctx.ports.people.set_locale(ctx.person.id, payload.locale)
    return Outcome(
        messages=(say(ctx.actor, payload.locale, msg(DONE)),),
        remove_buttons=True,
        replan=(ctx.actor.chat_id,),
    )
