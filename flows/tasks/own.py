"""A one-off task the coach writes, and the unit's own task library it can be kept in."""

from __future__ import annotations

from typing import Any

from flows.model import ReportKind, UnitTask
from flows.output import Button, Outcome
from flows.replies import too_long
from flows.routes import Ctx
from flows.tasks.common import Choice, State
from flows.tasks.draft import ask_due, draft_of
from flows.tasks.payloads import (
    OwnHours,
    OwnReport,
    PickUnit,
    SaveOwn,
    WriteOwn,
)
from flows.tasks.ports import TasksPorts
from flows.text import N_, Verbatim, msg

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


def _ask_report(ctx: Ctx[TasksPorts], payload: OwnHours, draft: dict[str, Any]) -> Outcome:
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


def unit_choices(entries: list[UnitTask]) -> list[Choice]:
    """The unit's own tasks to choose from (shown as written)."""
    return [(Verbatim(e.title), e.hours, PickUnit(e.id).pack()) for e in entries]


async def pick_unit(ctx: Ctx[TasksPorts], payload: PickUnit) -> Outcome:
    """A task of the unit's own library: taken as its writer wrote it."""
    draft = draft_of(ctx)
    found = await ctx.ports.tasks.unit_task(payload.task)
    if not draft.get("whom") or found is None or found.unit_id != ctx.person.unit_id:
        return ctx.stale()
    draft.pop("key", None)
    draft["own"] = {
        "title": found.title,
        "how": found.instructions,
        "purpose": found.purpose,
        "locale": found.locale,
        "hours": found.hours,
        "report": found.report_kind.value,
        "step": found.step.value,
    }
    return await ask_due(ctx, draft)


async def write_own(ctx: Ctx[TasksPorts], payload: WriteOwn) -> Outcome:
    """The coach writes the task instead of taking one from the library."""
    draft = draft_of(ctx)
    if not draft.get("whom"):
        return ctx.stale()
    draft.pop("key", None)
    return await ask_text(ctx, payload, draft)


async def own_hours(ctx: Ctx[TasksPorts], payload: OwnHours) -> Outcome:
    """How long the one-off task takes."""
    return _ask_report(ctx, payload, draft_of(ctx))


async def own_report(ctx: Ctx[TasksPorts], payload: OwnReport) -> Outcome:
    """How the one-off task is reported; then, by when?"""
    draft = draft_of(ctx)
    written = draft.get("own")
    if not isinstance(written, dict) or "hours" not in written:
        return ctx.stale()
    written["report"] = payload.kind.value
    return await ask_due(ctx, draft)


async def save_own(ctx: Ctx[TasksPorts], payload: SaveOwn) -> Outcome:
    """Keep a one-off task in the unit's own library (once per title)."""
    task = await ctx.ports.tasks.get(payload.task)
    if task is None or task.library_key is not None:
        return ctx.stale()
    ours = await ctx.ports.tasks.unit_library(ctx.person.unit_id)
    if any(t.title == task.title for t in ours):
        return Outcome(
            toast=msg(N_("It is already in the unit's task library.")), remove_buttons=True
        )
    await ctx.ports.tasks.add_unit_task(
        UnitTask(
            id=0,
            unit_id=ctx.person.unit_id,
            step=task.step,
            title=task.title,
            purpose=task.purpose,
            instructions=task.instructions,
            hours=task.hours,
            report_kind=task.report_kind,
            locale=task.text_locale or ctx.locale,
            created_at=ctx.now,
        )
    )
    text = msg(N_("Kept in the unit's task library: {title}."), title=Verbatim(task.title))
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)
