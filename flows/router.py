"""The one entry into the flows: route an event to the flow that owns it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from flows import attendance, contact, language_switch, onboarding, planning
from flows.events import Actor, Event, Kind
from flows.model import Person
from flows.onboarding import INVITE_PREFIX, LANG_PREFIX, Config, State, guest_locale, say
from flows.output import Outcome
from flows.ports import Conversation, Ports
from flows.text import N_, msg

UNEXPECTED: dict[Kind, str] = {
    Kind.EDITED: N_(
        "I only read new messages, not edited ones. Please send your correction as a new message."
    ),
    Kind.STICKER: N_("Thanks! I cannot read stickers. Please write a short text or use /help."),
    Kind.VOICE: N_(
        "I cannot listen to voice messages. Please write a short text, or call your coach."
    ),
    Kind.PHOTO: N_("I did not expect a picture here. Type /help to see what you can do."),
    Kind.DOCUMENT: N_("I did not expect a file here. Type /help to see what you can do."),
    Kind.LOCATION: N_("I did not expect a location here. Type /help to see what you can do."),
    Kind.OTHER: N_("I cannot read this kind of message. Please write a short text or use /help."),
    Kind.TEXT: N_("I did not understand that. Please use the buttons, or type /help."),
    Kind.COMMAND: N_("I do not know that command. Type /help to see what you can do."),
}
FORWARDED = N_(
    "I do not use forwarded messages. Please write to me yourself, or open your invite "
    "link directly."
)


async def _check_in(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    return await attendance.check_in_now(
        event,
        actor,
        person,
        ports,
        attendance.payload_id(event.payload, attendance.CHECK_IN),
        convo,
    )


async def _skip_note(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    if convo.state != attendance.State.ABSENCE_NOTE:
        return onboarding.stale(actor, person.locale)
    return await attendance.absence_note(event, actor, person, ports, convo)


def _without_convo(
    flow: Callable[[Event, Actor, Person, Ports], Awaitable[Outcome]],
) -> ButtonFlow:
    async def run(
        event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
    ) -> Outcome:
        return await flow(event, actor, person, ports)

    return run


PLANNING_STATES = frozenset(planning.State)
ANSWERS_LOCATION = frozenset({Kind.LOCATION, Kind.TEXT})
ButtonFlow = Callable[[Event, Actor, Person, Ports, Conversation], Awaitable[Outcome]]
BUTTONS: dict[str, ButtonFlow] = {
    attendance.CHECK_IN: _check_in,
    attendance.CANT_COME: _without_convo(attendance.ask_reason),
    attendance.REASON: attendance.report_absence,
    attendance.SKIP_NOTE[:3]: _skip_note,
    attendance.DISPUTE: attendance.ask_dispute,
    attendance.DECIDE: _without_convo(attendance.decide),
    attendance.CANCEL: _without_convo(attendance.ask_cancel),
    attendance.CONFIRM_CANCEL: _without_convo(attendance.cancel),
    attendance.MOVE: attendance.ask_move,
}


async def handle(
    event: Event, actor: Actor, convo: Conversation, ports: Ports, cfg: Config
) -> Outcome:
    """Decide what to do with one event from one actor in their conversation."""
    person = actor.person
    locale = person.locale if person else guest_locale(actor, cfg)
    if event.forwarded:
        return Outcome(messages=(say(actor, locale, msg(FORWARDED)),))
    if event.kind is Kind.COMMAND and event.command == "start" and event.args:
        return await onboarding.redeem(event, actor, ports, cfg)
    if person is None:
        return onboarding.stranger(actor, cfg)
    if event.kind is Kind.COMMAND:
        if event.command == "start":
            return await onboarding.help_text(actor, person, ports)
        if event.command == "help":
            return await onboarding.help_text(actor, person, ports)
        if event.command == "language":
            return onboarding.ask_language(actor, person, cfg, State.IDLE)
        if event.command == "invite":
            return onboarding.ask_invite_role(actor, person)
        if event.command == "here":
            return await attendance.check_in_now(event, actor, person, ports, None, convo)
        if event.command == "attendance":
            return await attendance.my_attendance(event, actor, person, ports)
        if event.command == "sessions":
            return await attendance.upcoming(event, actor, person, ports)
        if event.command == "activity":
            return planning.start(actor, person, convo)
    if event.kind is Kind.BUTTON:
        if event.payload.startswith(LANG_PREFIX):
            return await onboarding.choose_language(event, actor, person, ports, cfg, convo.state)
        if event.payload.startswith(INVITE_PREFIX):
            return await onboarding.create_invite(event, actor, person, ports, cfg)
        if event.payload.startswith(language_switch.SWITCH_PREFIX):
            return await language_switch.answer(event, actor, person, ports, cfg)
        if event.payload.startswith(contact.CONTACT_PREFIX):
            return await contact.answer(event, actor, person, convo, ports, cfg)
        if event.payload.startswith(planning.PREFIX):
            return await planning.on_button(event, actor, person, ports, convo, cfg)
        button = BUTTONS.get(event.payload[:3])
        if button is not None:
            return await button(event, actor, person, ports, convo)
        return onboarding.stale(actor, locale)
    if convo.state in PLANNING_STATES:
        return await planning.on_text(event, actor, person, ports, convo)
    if convo.state == attendance.State.CHECKIN_LOCATION and event.kind in (
        Kind.LOCATION,
        Kind.TEXT,
    ):
        return await attendance.location_check_in(event, actor, person, ports, convo)
    if event.kind is Kind.TEXT and convo.state == attendance.State.MOVE_SESSION:
        return await attendance.move(event, actor, person, ports, convo)
    if event.kind is Kind.TEXT and convo.state == attendance.State.ABSENCE_NOTE:
        return await attendance.absence_note(event, actor, person, ports, convo)
    if event.kind is Kind.TEXT and convo.state == attendance.State.DISPUTE_COMMENT:
        return await attendance.dispute_comment(event, actor, person, ports, convo)
    if event.kind is Kind.TEXT:
        offer = language_switch.offer(event, actor, person, convo, cfg)
        if offer is not None:
            return offer
    if convo.state == State.CHOOSE_LANGUAGE:
        return onboarding.ask_language(actor, person, cfg, State.CHOOSE_LANGUAGE)
    if event.kind is Kind.TEXT:
        passed_on = contact.offer(actor, person, convo, event.text)
        if passed_on is not None:
            return passed_on
    return Outcome(messages=(say(actor, locale, msg(UNEXPECTED[event.kind])),))
