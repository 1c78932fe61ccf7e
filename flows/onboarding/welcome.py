"""Strangers, invite redemption, /start and /help."""

from __future__ import annotations

from flows.events import Kind
from flows.invites.tokens import TOKEN_RE, hash_token
from flows.languages import same_language
from flows.model import Role
from flows.onboarding.common import State, belonging
from flows.onboarding.language import ask_language
from flows.onboarding.ports import OnboardingPorts
from flows.output import Menu, Outcome
from flows.replies import say
from flows.routes import Ctx, GuestCtx
from flows.text import N_, Lines, Msg, Verbatim, msg

INVALID = N_("This invite link is not valid. Please ask your coach for a new one.")
USED = N_("This invite link has already been used. Please ask your coach for a new one.")


async def strangers(ctx: GuestCtx[OnboardingPorts]) -> Outcome:
    """Redeem an invite link, or explain politely that an invite is needed."""
    if ctx.event.kind is Kind.COMMAND and ctx.event.command == "start" and ctx.event.args:
        return await _redeem(ctx)
    text = msg(
        N_(
            "Hello! This bot is for people taking part in a labour-market programme. "
            "To use it you need a personal invite link from your coach. "
            "If you think you should have one, please contact your job centre."
        )
    )
    detect = ctx.cfg.detect_language
    written = detect(ctx.event.text, ctx.locale, ()) if detect and ctx.event.text else None
    if written is None or same_language(written, ctx.locale) or written not in ctx.cfg.offered:
        return Outcome(messages=(say(ctx.actor, ctx.locale, text),))
    # Someone writing clearly in another offered language gets the answer in it too.
    both = (Msg(text.msgid, text.params, locale=written), text)
    return Outcome(messages=(say(ctx.actor, ctx.locale, *both),))


async def _redeem(ctx: GuestCtx[OnboardingPorts]) -> Outcome:
    """Bind the Telegram user to the invite's role, then ask for the language."""
    token = ctx.event.args.strip()

    def refuse(text: str) -> Outcome:
        return Outcome(messages=(say(ctx.actor, ctx.locale, msg(text)),))

    if not TOKEN_RE.match(token):
        return refuse(INVALID)
    invite = await ctx.ports.invites.by_token_hash(hash_token(token))
    if invite is None:
        return refuse(INVALID)
    if invite.used_at is not None:
        return refuse(USED)
    if not invite.usable_at(ctx.event.at):
        return refuse(N_("This invite link has expired. Please ask your coach for a new one."))
    # The language the coach chose for them, else their phone's; they can still change it.
    locale = invite.locale if invite.locale in ctx.cfg.offered else ctx.locale
    person = await ctx.ports.invites.redeem(
        invite,
        telegram_user_id=ctx.actor.user_id,
        chat_id=ctx.actor.chat_id,
        display_name=ctx.actor.first_name,
        locale=locale,
        now=ctx.event.at,
    )
    if person is None:
        return refuse(USED)
    question = msg(
        N_("Welcome to Stegvis, {name}! Which language do you want me to use?"),
        name=person.display_name,
    )
    picker = ask_language(ctx.actor, locale, ctx.cfg, State.CHOOSE_LANGUAGE, question)
    return Outcome(
        messages=picker.messages,
        state=State.CHOOSE_LANGUAGE,
        menus=(Menu(ctx.actor.chat_id, person.role, locale),),
    )


async def start(ctx: Ctx[OnboardingPorts]) -> Outcome:
    """/start: an invite link for someone already registered is not used; else help."""
    if ctx.event.args:
        return ctx.reply(
            msg(
                N_(
                    "You are already registered, so this invite link was not used. "
                    "Type /help to see what you can do."
                )
            )
        )
    return await help_text(ctx)


# What each role can do today: /help promises nothing that is not built yet.
INTRO: dict[Role, str] = {
    Role.PARTICIPANT: N_(
        "I help you with your programme: your activities and attendance, your tasks, your "
        "CV, your action plan and contact with your coach. I will remind you before "
        "activities."
    ),
    Role.EMPLOYER: N_(
        "I will send you short questions about the participants placed with you, each "
        "answered with one tap. With /contact you write to their coach."
    ),
    Role.COACH: N_(
        "I help you follow your participants: alerts, attendance, activities, tasks, CVs, "
        "placements, action plans and invites."
    ),
    Role.MANAGER: N_(
        "I help you follow your unit's activities and attendance, and let you invite "
        "participants, employers and coaches."
    ),
}
COMMAND_LINE = N_("{command} – {description}")


async def help_text(ctx: Ctx[OnboardingPorts]) -> Outcome:
    """Explain what this person can do (from the registry's menu) and where they belong."""
    lines = Lines(
        tuple(
            msg(
                COMMAND_LINE,
                command=Verbatim(f"/{entry.name}"),
                description=Msg(entry.description),
            )
            for entry in ctx.menu
            if entry.name != "start"
        )
    )
    return ctx.reply(
        msg(INTRO[ctx.person.role]),
        msg("{words}", words=lines),
        await belonging(ctx.person, ctx.ports),
    )


async def cancel(ctx: Ctx[OnboardingPorts]) -> Outcome:
    """/cancel: leave whatever step was pending (the dispatcher has ended it already)."""
    if ctx.ended:
        return ctx.reply(msg(N_("Stopped. Type /help to see what you can do.")))
    return ctx.reply(msg(N_("There is nothing to stop. Type /help to see what you can do.")))
