"""Onboarding: invite redemption, language choice, privacy notice, help and strangers."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flows.events import Actor, Event
from flows.languages import NATIVE_NAMES, OFFERED, default_locale
from flows.model import STAFF_ROLES, Person, Role
from flows.output import Button, Menu, Outcome, Say
from flows.ports import Ports
from flows.text import N_, Msg, Verbatim, msg

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
LANG_PREFIX = "l1:"
INVITE_PREFIX = "i1:"


class State(StrEnum):
    """Conversation states of onboarding (persisted; values are stable)."""

    IDLE = "idle"
    CHOOSE_LANGUAGE = "choose_language"


@dataclass(frozen=True)
class Config:
    """Settings the onboarding flow needs from the shell."""

    bot_username: str
    invite_ttl: timedelta = timedelta(hours=72)
    offered: tuple[str, ...] = OFFERED
    fallback_locale: str = "sv"
    # (text, the writer's locale) -> the offered locale the text is clearly written in.
    detect_language: Callable[[str, str], str | None] | None = None
    # (first, last) -> public holidays in that span, on which recurring sessions are skipped.
    holidays: Callable[[date, date], Container[date]] | None = None


def new_token() -> str:
    """Return a fresh invite token with 192 random bits, safe for a deep link."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """Return the stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def deep_link(bot_username: str, token: str) -> str:
    """Return the t.me link that opens the bot with the invite token."""
    return f"https://t.me/{bot_username}?start={token}"


ROLE_NAMES: dict[Role, str] = {
    Role.PARTICIPANT: N_("participant"),
    Role.EMPLOYER: N_("employer contact"),
    Role.COACH: N_("coach"),
    Role.MANAGER: N_("unit manager"),
}


def say(
    actor: Actor, locale: str, *body: Msg, buttons: tuple[tuple[Button, ...], ...] = ()
) -> Say:
    """Address the actor's own chat."""
    return Say(chat_id=actor.chat_id, locale=locale, body=body, buttons=buttons)


def guest_locale(actor: Actor, cfg: Config) -> str:
    """Return the locale to use for someone who has not chosen one."""
    return default_locale(actor.language_code, cfg.offered, cfg.fallback_locale)


def language_picker(cfg: Config, current: str) -> tuple[tuple[Button, ...], ...]:
    """Return the language buttons, two to a row, the current choice marked."""
    buttons = [
        Button(
            Verbatim(("✓ " if code == current else "") + NATIVE_NAMES[code]),
            payload=LANG_PREFIX + code,
        )
        for code in cfg.offered
    ]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def stranger(actor: Actor, cfg: Config) -> Outcome:
    """Explain politely to an unknown user that they need an invite."""
    text = msg(
        N_(
            "Hello! This bot is for people taking part in a labour-market programme. "
            "To use it you need a personal invite link from your coach. "
            "If you think you should have one, please contact your job centre."
        )
    )
    return Outcome(messages=(say(actor, guest_locale(actor, cfg), text),))


async def redeem(event: Event, actor: Actor, ports: Ports, cfg: Config) -> Outcome:
    """Bind the Telegram user to the invite's role, then ask for the language."""
    locale = actor.person.locale if actor.person else guest_locale(actor, cfg)
    token = event.args.strip()

    def refuse(text: str) -> Outcome:
        return Outcome(messages=(say(actor, locale, msg(text)),))

    if actor.person is not None:
        return refuse(
            N_(
                "You are already registered, so this invite link was not used. "
                "Type /help to see what you can do."
            )
        )
    if not TOKEN_RE.match(token):
        return refuse(N_("This invite link is not valid. Please ask your coach for a new one."))
    invite = await ports.invites.by_token_hash(hash_token(token))
    if invite is None:
        return refuse(N_("This invite link is not valid. Please ask your coach for a new one."))
    if invite.used_at is not None:
        return refuse(
            N_("This invite link has already been used. Please ask your coach for a new one.")
        )
    if not invite.usable_at(event.at):
        return refuse(N_("This invite link has expired. Please ask your coach for a new one."))
    person = await ports.invites.redeem(
        invite,
        telegram_user_id=actor.user_id,
        chat_id=actor.chat_id,
        display_name=actor.first_name,
        locale=locale,
        now=event.at,
    )
    if person is None:
        return refuse(
            N_("This invite link has already been used. Please ask your coach for a new one.")
        )
    question = msg(
        N_("Welcome to Stegvis, {name}! Which language do you want me to use?"),
        name=person.display_name,
    )
    return Outcome(
        messages=(say(actor, locale, question, buttons=language_picker(cfg, locale)),),
        state=State.CHOOSE_LANGUAGE,
        menus=(Menu(actor.chat_id, person.role, locale),),
    )


async def belonging(person: Person, ports: Ports) -> Msg:
    """Say which unit (and coach) a person belongs to, so nobody wonders what this is."""
    unit = await ports.people.unit(person.unit_id)
    if person.role is Role.PARTICIPANT:
        coach = await ports.people.coach_of(person.id)
        if coach is None:
            return msg(
                N_("You take part in the programme at {unit}. You will soon get a coach."),
                unit=unit.name,
            )
        return msg(
            N_("You take part in the programme at {unit}. Your coach is {coach}."),
            unit=unit.name,
            coach=coach.display_name,
        )
    return msg(
        N_("You are registered as {role} at {unit}."),
        role=Msg(ROLE_NAMES[person.role]),
        unit=unit.name,
    )


PRIVACY = N_(
    "About your data: your coach can see what you report here, such as attendance, tasks "
    "and messages to them. Employers see only what concerns your placement with them. "
    "You can ask your coach for a copy of your data or to have it erased at any time."
)
STAFF_PRIVACY = N_(
    "About data: you see only the people you work with. Every time you open a participant's "
    "data it is logged. Participants can ask for a copy of their data or to have it erased."
)


async def choose_language(
    event: Event, actor: Actor, person: Person, ports: Ports, cfg: Config, state: str
) -> Outcome:
    """Store the chosen language; after an invite also give the privacy notice."""
    code = event.payload.removeprefix(LANG_PREFIX)
    if code not in cfg.offered:
        return stale(actor, person.locale)
    person = await ports.people.set_locale(person.id, code)
    body: list[Msg] = [msg(N_("Done! I will write to you in English from now on."))]
    if state == State.CHOOSE_LANGUAGE:
        body.append(msg(STAFF_PRIVACY if person.role in STAFF_ROLES else PRIVACY))
        body.append(await belonging(person, ports))
        body.append(msg(N_("Type /help to see what you can do.")))
    return Outcome(
        messages=(say(actor, code, *body),),
        state=State.IDLE,
        menus=(Menu(actor.chat_id, person.role, code),),
        remove_buttons=True,
    )


HELP: dict[Role, str] = {
    Role.PARTICIPANT: N_(
        "I help you with your programme: your activities, tasks, CV and contact with "
        "your coach. I will remind you before activities.\n"
        "/here – check in when you arrive\n"
        "/attendance – your attendance this month\n"
        "/language – change language\n"
        "/help – show this help"
    ),
    Role.EMPLOYER: N_(
        "I send you short questions about the participant placed with you; answer with "
        "one tap. Your coach contact is there if you need to talk.\n"
        "/language – change language\n"
        "/help – show this help"
    ),
    Role.COACH: N_(
        "I help you follow your participants: alerts, summaries, invites.\n"
        "/invite – invite a participant or an employer\n"
        "/activity – plan a new activity\n"
        "/sessions – sessions of the coming week\n"
        "/language – change language\n"
        "/help – show this help"
    ),
    Role.MANAGER: N_(
        "I give you the key figures of your unit and let you invite staff.\n"
        "/invite – invite a coach, participant or employer\n"
        "/language – change language\n"
        "/help – show this help"
    ),
}


async def help_text(actor: Actor, person: Person, ports: Ports) -> Outcome:
    """Explain what this person can do, and where they belong."""
    return Outcome(
        messages=(
            say(actor, person.locale, msg(HELP[person.role]), await belonging(person, ports)),
        )
    )


def ask_language(actor: Actor, person: Person, cfg: Config, state: State) -> Outcome:
    """Show the language picker; `state` says whether onboarding is still going on."""
    return Outcome(
        messages=(
            say(
                actor,
                person.locale,
                msg(N_("Which language do you want me to use?")),
                buttons=language_picker(cfg, person.locale),
            ),
        ),
        state=state,
    )


INVITABLE: dict[Role, tuple[Role, ...]] = {
    Role.COACH: (Role.PARTICIPANT, Role.EMPLOYER),
    Role.MANAGER: (Role.PARTICIPANT, Role.EMPLOYER, Role.COACH),
}
INVITE_LABELS: dict[Role, str] = {
    Role.PARTICIPANT: N_("A participant"),
    Role.EMPLOYER: N_("An employer contact"),
    Role.COACH: N_("A coach"),
}


def ask_invite_role(actor: Actor, person: Person) -> Outcome:
    """Ask a coach whom to invite."""
    roles = INVITABLE.get(person.role)
    if not roles:
        return not_allowed(actor, person.locale)
    buttons = tuple((Button(msg(INVITE_LABELS[r]), payload=INVITE_PREFIX + r),) for r in roles)
    return Outcome(
        messages=(
            say(actor, person.locale, msg(N_("Whom do you want to invite?")), buttons=buttons),
        )
    )


async def create_invite(
    event: Event, actor: Actor, person: Person, ports: Ports, cfg: Config
) -> Outcome:
    """Create a single-use invite for the chosen role and give the coach the link."""
    try:
        role = Role(event.payload.removeprefix(INVITE_PREFIX))
    except ValueError:
        return stale(actor, person.locale)
    if role not in INVITABLE.get(person.role, ()):
        return not_allowed(actor, person.locale)
    token = new_token()
    invite = await ports.invites.create(
        token_hash=hash_token(token),
        role=role,
        unit_id=person.unit_id,
        expires_at=event.at + cfg.invite_ttl,
        coach_id=person.id if role is Role.PARTICIPANT and person.role is Role.COACH else None,
        created_by=person.id,
    )
    text = msg(
        N_(
            "Here is a personal invite link for {role}. It works once and until {expires}. "
            "Send it to that person only:\n{link}"
        ),
        role=Msg(ROLE_NAMES[role]),
        expires=invite.expires_at,
        link=deep_link(cfg.bot_username, token),
    )
    return Outcome(messages=(say(actor, person.locale, text),), remove_buttons=True)


def not_allowed(actor: Actor, locale: str) -> Outcome:
    """Refuse a command the person's role may not use."""
    return Outcome(
        messages=(say(actor, locale, msg(N_("That is not available to you. Type /help."))),)
    )


def stale(actor: Actor, locale: str) -> Outcome:
    """Answer a button that no longer means anything."""
    text = msg(N_("That button is no longer active. Type /help to see what you can do."))
    return Outcome(messages=(say(actor, locale, text),), toast=text)


COMMANDS: dict[Role | None, tuple[tuple[str, str], ...]] = {
    None: (
        ("start", N_("Start or open your invite")),
        ("help", N_("What I can do for you")),
        ("language", N_("Change language")),
    ),
}
COMMANDS[Role.PARTICIPANT] = (
    *COMMANDS[None],
    ("here", N_("Check in at an activity")),
    ("attendance", N_("Your attendance this month")),
)
COMMANDS[Role.EMPLOYER] = COMMANDS[None]
COMMANDS[Role.COACH] = (
    *COMMANDS[None],
    ("invite", N_("Invite a participant or employer")),
    ("activity", N_("Plan a new activity")),
    ("sessions", N_("Sessions of the coming week")),
)
COMMANDS[Role.MANAGER] = COMMANDS[Role.COACH]


def commands_for(role: Role | None) -> tuple[tuple[str, str], ...]:
    """Return the command menu (name, description msgid) for a role; None for everyone."""
    return COMMANDS[role]
