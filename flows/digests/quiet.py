"""`/quiet`: a staff member's quiet hours and working days. Urgent alerts wait through quiet
hours and days off (see flows.attention); the daily digest comes on working days."""

from __future__ import annotations

from datetime import time

from flows.attention import Attention, attention
from flows.digests.payloads import Quiet, QuietChoice, Workday
from flows.digests.ports import DigestPorts
from flows.output import Button, Outcome
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, msg

CHOICES: dict[QuietChoice, tuple[time, time] | None] = {
    "off": None,
    "17": (time(17, 0), time(8, 0)),
    "18": (time(18, 0), time(7, 0)),
    "20": (time(20, 0), time(7, 0)),
}
DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _summary(wants: Attention) -> Msg:
    quiet = (
        msg(N_("none: alerts come at any hour"))
        if wants.quiet is None
        else msg(
            N_("{start} to {end}"),
            start=wants.quiet[0].strftime("%H:%M"),
            end=wants.quiet[1].strftime("%H:%M"),
        )
    )
    text = msg(
        N_(
            "Quiet hours: {quiet}.\nWorking days: {days}.\nUrgent alerts wait through quiet "
            "hours and days off; the daily digest comes on working days."
        ),
        quiet=quiet,
        days=Lines(tuple(msg(DAYS[d]) for d in wants.working_days), ", "),
    )
    if wants.days is None:
        # Not chosen yet: the digest keeps to Monday-Friday, alerts to no days off.
        note = msg(N_("Until you choose your working days, alerts come every day."))
        return msg(N_("{text}\n{note}"), text=text, note=note)
    return text


def _buttons(wants: Attention) -> tuple[tuple[Button, ...], ...]:
    chosen = next((k for k, v in CHOICES.items() if v == wants.quiet), None)
    quiet = tuple(
        Button(
            msg(N_("✓ {label}") if key == chosen else N_("{label}"), label=msg(_label(key))),
            payload=Quiet(key).pack(),
        )
        for key in CHOICES
    )
    days = tuple(
        Button(
            msg(N_("✓ {label}") if d in wants.working_days else N_("{label}"), label=msg(DAYS[d])),
            payload=Workday(d).pack(),
        )
        for d in range(7)
    )
    return (quiet, days[:4], days[4:])


def _label(key: QuietChoice) -> str:
    return {"off": N_("No quiet hours"), "17": N_("17–08"), "18": N_("18–07"), "20": N_("20–07")}[
        key
    ]


async def quiet_command(ctx: Ctx[DigestPorts]) -> Outcome:
    """/quiet: the settings now, with buttons to change them."""
    wants = attention(ctx.person.settings)
    return ctx.reply(_summary(wants), buttons=_buttons(wants))


async def set_quiet(ctx: Ctx[DigestPorts], payload: Quiet) -> Outcome:
    """Pick quiet hours."""
    wants = attention(ctx.person.settings)
    changed = Attention(CHOICES[payload.choice], wants.days)
    return await _save(ctx, changed)


async def toggle_day(ctx: Ctx[DigestPorts], payload: Workday) -> Outcome:
    """Tick or untick a working day (at least one stays ticked)."""
    if not 0 <= payload.day <= 6:
        return ctx.stale()
    wants = attention(ctx.person.settings)
    days = set(wants.working_days) ^ {payload.day}
    if not days:
        return Outcome(toast=msg(N_("Keep at least one working day.")))
    return await _save(ctx, Attention(wants.quiet, tuple(sorted(days))))


async def _save(ctx: Ctx[DigestPorts], wants: Attention) -> Outcome:
    await ctx.ports.summaries.set_settings(ctx.person.id, wants.settings())
    said = ctx.say(_summary(wants), buttons=_buttons(wants))
    return Outcome(messages=(said,), remove_buttons=True)
