"""A one-off task the coach writes: shown to the participant as written, with its language."""

from __future__ import annotations

from typing import Any

from flows.model import ReportKind
from flows.output import Button, Outcome
from flows.replies import too_long
from flows.routes import Ctx
from flows.tasks.common import State
from flows.tasks.payloads import OwnHours, OwnReport, WriteOwn
from flows.tasks.ports import TasksPorts
from flows.text import N_, msg

TITLE_LIMIT = 120
# Room for the header lines in one Telegram message.
TEXT_LIMIT = 3000
HALVES = (1, 2, 3, 4, 6, 8, 12, 16)
KINDS: dict[ReportKind, str] = {
    ReportKind.TEXT: N_("A text"),
    ReportKind.PHOTO: N_("A photo"),
    ReportKind.DOCUMENT: N_("A document"),
    ReportKind.LINK: N_("A link"),
    ReportKind.DONE: N_("Just done"),
}


async def ask_text(ctx: Ctx[TasksPorts], payload: WriteOwn, draft: dict[str, Any]) -> Outcome:
    """Ask for the task in the coach's own words."""
    text = msg(
        N_(
            "Write the task. The first line is its title; the lines after it say what to do, "
            "one step per line. The participant sees it as you write it."
        )
    )
    return Outcome(
        messages=(ctx.say(text),), state=State.OWN, data={"draft": draft}, remove_buttons=True
    )


def take_text(ctx: Ctx[TasksPorts], draft: dict[str, Any]) -> Outcome:
    """Keep the words as written (never cut), then ask how long it takes."""
    words = ctx.event.text.strip()
    if len(words) > TEXT_LIMIT:
        return too_long(ctx.actor, ctx.locale, TEXT_LIMIT, len(words))
    title, _, how = words.partition("\n")
    title, how = title.strip(), how.strip()
    if not title:
        return ctx.reply(msg(N_("Please write the task as text, or /cancel.")))
    if len(title) > TITLE_LIMIT:
        text = msg(
            N_(
                "Please keep the title (the first line) under {limit} characters; put the "
                "rest on the next lines. Nothing is saved yet."
            ),
            limit=TITLE_LIMIT,
        )
        return ctx.reply(text)
    detect = ctx.cfg.detect_language
    guessed = detect(words, ctx.locale, ()) if detect else None
    draft["own"] = {"title": title, "how": how or title, "locale": guessed or ctx.locale}
    buttons = tuple(
        Button(msg(N_("{hours} h"), hours=h / 2), payload=OwnHours(h).pack()) for h in HALVES
    )
    rows = (buttons[:4], buttons[4:])
    return Outcome(
        messages=(ctx.say(msg(N_("About how long does it take?")), buttons=rows),),
        state=State.CHOOSING,
        data={"draft": draft},
    )


def hours(ctx: Ctx[TasksPorts], payload: OwnHours, draft: dict[str, Any]) -> Outcome:
    """Then: how is it reported?"""
    own = draft.get("own")
    if not isinstance(own, dict) or payload.halves not in HALVES:
        return ctx.stale()
    own["hours"] = payload.halves / 2
    buttons = [Button(msg(label), payload=OwnReport(k).pack()) for k, label in KINDS.items()]
    rows = (tuple(buttons[:3]), tuple(buttons[3:]))
    return Outcome(
        messages=(ctx.say(msg(N_("How is it reported?")), buttons=rows),),
        state=State.CHOOSING,
        data={"draft": draft},
        remove_buttons=True,
    )
