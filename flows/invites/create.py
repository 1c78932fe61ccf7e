"""Staff create single-use invite links in the chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flows.invites.tokens import deep_link, hash_token, new_token
from flows.languages import NATIVE_NAMES, name_in_sentence
from flows.model import Role, Unit
from flows.output import Button, InviteSheet, Outcome, Retention, Say
from flows.payloads import Payload
from flows.ports import Invites, Ports
from flows.roles import ROLE_NAMES
from flows.routes import Ctx
from flows.text import N_, Msg, Verbatim, msg


class Units(Protocol):
    """The units' names, for the printable invite."""

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id."""
        ...


class InvitePorts(Protocol):
    """Invites, and the unit they are for."""

    @property
    def invites(self) -> Invites:
        """Single-use invites."""
        ...

    @property
    def people(self) -> Units:
        """Units by id."""
        ...


def narrow(ports: Ports) -> InvitePorts:
    """Return the ports the invite flow may use."""
    return ports


@dataclass(frozen=True)
class InviteRole(Payload, code="i1"):
    """Whom to invite."""

    role: Role


INVITABLE: dict[Role, tuple[Role, ...]] = {
    Role.COACH: (Role.PARTICIPANT, Role.EMPLOYER),
    Role.MANAGER: (Role.PARTICIPANT, Role.EMPLOYER, Role.COACH),
}
INVITE_LABELS: dict[Role, str] = {
    Role.PARTICIPANT: N_("A participant"),
    Role.EMPLOYER: N_("An employer contact"),
    Role.COACH: N_("A coach"),
}


async def ask_role(ctx: Ctx[InvitePorts]) -> Outcome:
    """Ask whom to invite."""
    buttons = tuple(
        (Button(msg(INVITE_LABELS[r]), payload=InviteRole(r).pack()),)
        for r in INVITABLE[ctx.person.role]
    )
    return ctx.reply(msg(N_("Whom do you want to invite?")), buttons=buttons)


@dataclass(frozen=True)
class InviteIn(Payload, code="i2"):
    """Whom to invite, and the language the invitee reads best."""

    role: Role
    locale: str


async def ask_language(ctx: Ctx[InvitePorts], payload: InviteRole) -> Outcome:
    """Ask which language the invitee reads best: the bot greets them in it."""
    if payload.role not in INVITABLE[ctx.person.role]:
        return ctx.not_allowed()
    buttons = [
        Button(Verbatim(NATIVE_NAMES[code]), payload=InviteIn(payload.role, code).pack())
        for code in ctx.cfg.offered
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    question = msg(N_("Which language does the person you invite read best?"))
    return Outcome(messages=(ctx.say(question, buttons=rows),), remove_buttons=True)


async def create(ctx: Ctx[InvitePorts], payload: InviteIn) -> Outcome:
    """Create a single-use invite for the chosen role and language and give the link."""
    role = payload.role
    if role not in INVITABLE[ctx.person.role]:
        return ctx.not_allowed()
    if payload.locale not in ctx.cfg.offered:
        return ctx.stale()
    token = new_token()
    person = ctx.person
    invite = await ctx.ports.invites.create(
        token_hash=hash_token(token),
        role=role,
        unit_id=person.unit_id,
        expires_at=ctx.now + ctx.cfg.invite_ttl,
        coach_id=person.id if role is Role.PARTICIPANT and person.role is Role.COACH else None,
        created_by=person.id,
        locale=payload.locale,
    )
    link = deep_link(ctx.cfg.bot_username, token)
    text = msg(
        N_(
            "Here is a personal invite link for {role}. It works once and until {expires}. "
            "Send it to that person only:\n{link}\n\nThe PDF is the same invite to print "
            "or show, in {language}, with a code to scan."
        ),
        role=Msg(ROLE_NAMES[role]),
        expires=invite.expires_at,
        link=link,
        language=Verbatim(name_in_sentence(payload.locale)),
    )
    unit = await ctx.ports.people.unit(person.unit_id)
    sheet = InviteSheet(link, role, unit.name, invite.expires_at, payload.locale)
    # The link is a secret: the outbox forgets the text and the PDF once Telegram has them.
    message = Say(
        ctx.actor.chat_id, ctx.locale, (text,), printable=sheet, retention=Retention.SECRET
    )
    return Outcome(messages=(message,), remove_buttons=True)
