"""Answers every flow shares: address the actor, refuse, and say a button is stale."""

from __future__ import annotations

from flows.events import Actor
from flows.output import Button, Outcome, Say
from flows.text import N_, Msg, msg

NOT_ALLOWED = N_("That is not available to you. Type /help.")
STALE = N_("That button is no longer active. Type /help to see what you can do.")


def say(
    actor: Actor, locale: str, *body: Msg, buttons: tuple[tuple[Button, ...], ...] = ()
) -> Say:
    """Address the actor's own chat."""
    return Say(chat_id=actor.chat_id, locale=locale, body=body, buttons=buttons)


def not_allowed(actor: Actor, locale: str) -> Outcome:
    """Refuse an action the person may not take; nothing changes."""
    return Outcome(messages=(say(actor, locale, msg(NOT_ALLOWED)),))


def stale(actor: Actor, locale: str) -> Outcome:
    """Answer a button that no longer means anything; nothing changes."""
    text = msg(STALE)
    return Outcome(messages=(say(actor, locale, text),), toast=text)


def too_long(actor: Actor, locale: str, limit: int, count: int) -> Outcome:
    """Ask for a shorter text: nothing a person writes is cut without them knowing."""
    text = msg(
        N_("Please keep it under {limit} characters (yours has {count}). Write it again."),
        limit=limit,
        count=count,
    )
    return Outcome(messages=(say(actor, locale, text),))


def written(
    actor: Actor, locale: str, text: str, limit: int, empty: Msg
) -> tuple[str, Outcome | None]:
    """Return the words typed, or the answer that asks again: for nothing typed (`empty`),
    or for too much (never cut without the person knowing)."""
    words = text.strip()
    if not words:
        return words, Outcome(messages=(say(actor, locale, empty),))
    if len(words) > limit:
        return words, too_long(actor, locale, limit, len(words))
    return words, None
