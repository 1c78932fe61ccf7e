"""Staff plan an activity one question at a time: kind → title → how often → day or date →
start time → length → place → participants → confirm. The draft lives in the flow's data."""

from __future__ import annotations

from datetime import date, time, timedelta
from enum import StrEnum
from typing import Any

from flows.attendance.reminders import expand
from flows.dates import typed_day, typed_time
from flows.events import Kind
from flows.model import Activity, ActivityKind, Recurrence
from flows.output import Button, Outcome, Say, rows
from flows.payloads import as_id
from flows.planning.payloads import (
    Confirm,
    PickKind,
    PickLength,
    PickParticipant,
    PickRecurrence,
    PickWeekday,
)
from flows.planning.ports import PlanningPorts
from flows.replies import too_long
from flows.routes import IDLE, Ctx
from flows.text import N_, Msg, Verbatim, ascii_digits, msg, nmsg

MAX_TITLE = 80
MAX_PLACE = 120
LENGTHS = (60, 90, 120, 180, 240, 480)
DRAFT = "draft"
NOTHING_SAVED = N_("OK, nothing was saved.")


class State(StrEnum):
    """Planning steps (persisted as `planning.<value>`)."""

    CHOOSING = "choosing"  # waiting for a button
    TITLE = "title"
    DATE = "date"
    TIME = "time"
    PLACE = "place"


KINDS: dict[ActivityKind, str] = {
    ActivityKind.GROUP_MEETING: N_("Group meeting"),
    ActivityKind.WORKSHOP: N_("Workshop"),
    ActivityKind.LECTURE: N_("Lecture"),
    ActivityKind.SFI: N_("SFI lesson"),
    ActivityKind.INDIVIDUAL_MEETING: N_("Individual meeting"),
    ActivityKind.PLACEMENT_DAY: N_("Placement day"),
}
RECURRENCES: dict[Recurrence, str] = {
    Recurrence.WEEKLY: N_("Every week"),
    Recurrence.BIWEEKLY: N_("Every other week"),
    Recurrence.ONCE: N_("Only once"),
}
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def _draft(ctx: Ctx[PlanningPorts]) -> dict[str, Any]:
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


def _ask(
    ctx: Ctx[PlanningPorts],
    draft: dict[str, Any],
    text: Msg,
    buttons: tuple[tuple[Button, ...], ...] = (),
    state: State = State.CHOOSING,
) -> Outcome:
    return Outcome(
        messages=(ctx.say(text, buttons=buttons),),
        state=state,
        data={DRAFT: draft},
        remove_buttons=True,
    )


async def start(ctx: Ctx[PlanningPorts]) -> Outcome:
    """/activity: ask for the kind of activity."""
    buttons = [Button(msg(label), payload=PickKind(kind).pack()) for kind, label in KINDS.items()]
    return _ask(ctx, {}, msg(N_("What kind of activity?")), rows(buttons, 1))


async def kind(ctx: Ctx[PlanningPorts], payload: PickKind) -> Outcome:
    """Start a draft of that kind and ask for the title."""
    return _ask(
        ctx, {"kind": payload.kind.value}, msg(N_("What is it called?")), state=State.TITLE
    )


async def recurrence(ctx: Ctx[PlanningPorts], payload: PickRecurrence) -> Outcome:
    """Take how often; ask for the date (once) or the weekday."""
    draft = _draft(ctx)
    if "title" not in draft:
        return ctx.stale()
    draft["recurrence"] = payload.recurrence.value
    if payload.recurrence is Recurrence.ONCE:
        text = msg(N_("Which date? Write it like {example}."), example="2026-12-01")
        return _ask(ctx, draft, text, state=State.DATE)
    buttons = [Button(msg(day), payload=PickWeekday(i).pack()) for i, day in enumerate(WEEKDAYS)]
    return _ask(ctx, draft, msg(N_("Which day?")), rows(buttons, 3))


async def weekday(ctx: Ctx[PlanningPorts], payload: PickWeekday) -> Outcome:
    """Take the weekday; ask for the start time."""
    draft = _draft(ctx)
    if "recurrence" not in draft or payload.weekday > 6:
        return ctx.stale()
    draft["weekday"] = payload.weekday
    return _ask_time(ctx, draft)


async def length(ctx: Ctx[PlanningPorts], payload: PickLength) -> Outcome:
    """Take the length; ask for the place."""
    draft = _draft(ctx)
    if "time" not in draft or payload.minutes not in LENGTHS:
        return ctx.stale()
    draft["minutes"] = payload.minutes
    text = msg(N_("Where is it? Write the place, for example the room or address."))
    return _ask(ctx, draft, text, state=State.PLACE)


async def typed(ctx: Ctx[PlanningPorts]) -> Outcome:
    """Take a typed answer (title, date, time or place) and ask the next question."""
    draft = _draft(ctx)
    text = ctx.event.text.strip() if ctx.event.kind is Kind.TEXT else ""
    typed = ascii_digits(text)  # dates and times may come in Arabic or Persian digits
    step = ctx.step
    if not text or step == State.CHOOSING:
        return ctx.reply(msg(N_("Please answer the question above.")))
    if step == State.TITLE:
        if len(text) > MAX_TITLE:
            return too_long(ctx.actor, ctx.locale, MAX_TITLE, len(text))
        draft["title"] = text
        buttons = [
            Button(msg(label), payload=PickRecurrence(rec).pack())
            for rec, label in RECURRENCES.items()
        ]
        return _ask(ctx, draft, msg(N_("How often?")), rows(buttons, 1))
    if step == State.DATE:
        return _take_date(ctx, draft, typed)
    if step == State.TIME:
        at = typed_time(typed)
        if at is None:
            return ctx.reply(msg(N_("Please write the time like {example}."), example="09:30"))
        draft["time"] = at.strftime("%H:%M")
        buttons = [
            Button(msg(N_("{hours} h"), hours=minutes / 60), payload=PickLength(minutes).pack())
            for minutes in LENGTHS
        ]
        return _ask(ctx, draft, msg(N_("How long is it?")), rows(buttons, 3))
    if len(text) > MAX_PLACE:
        return too_long(ctx.actor, ctx.locale, MAX_PLACE, len(text))
    draft["place"] = text
    draft["participants"] = []
    return await _participants(ctx, draft)


def _take_date(ctx: Ctx[PlanningPorts], draft: dict[str, Any], text: str) -> Outcome:
    day = typed_day(text, ctx.now.date())
    if day is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="2026-12-01"))
    if day < ctx.now.date():
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    draft["date"] = day.isoformat()
    return _ask_time(ctx, draft)


def _ask_time(ctx: Ctx[PlanningPorts], draft: dict[str, Any]) -> Outcome:
    text = msg(N_("What time does it start? Write it like {example}."), example="09:30")
    return _ask(ctx, draft, text, state=State.TIME)


async def _participant_buttons(
    ctx: Ctx[PlanningPorts], draft: dict[str, Any]
) -> tuple[tuple[Button, ...], ...]:
    chosen = set(draft.get("participants", []))
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    buttons = [
        Button(
            Verbatim(("✓ " if p.id in chosen else "") + p.display_name),
            payload=PickParticipant(str(p.id)).pack(),
        )
        for p in caseload[:20]
    ]
    buttons.append(Button(msg(N_("Everyone")), payload=PickParticipant("all").pack()))
    buttons.append(Button(msg(N_("Done")), payload=PickParticipant("done").pack()))
    return rows(buttons)


async def _participants(ctx: Ctx[PlanningPorts], draft: dict[str, Any]) -> Outcome:
    text = msg(N_("Who takes part? Press names to choose, then Done."))
    return _ask(ctx, draft, text, await _participant_buttons(ctx, draft))


async def participant(ctx: Ctx[PlanningPorts], payload: PickParticipant) -> Outcome:
    """Toggle a participant (only from the caseload), everyone, or finish choosing; a
    choice ticks the name on the same question instead of asking again."""
    draft = _draft(ctx)
    if "place" not in draft:
        return ctx.stale()
    chosen: list[int] = list(draft.get("participants", []))
    caseload = {p.id for p in await ctx.ports.people.caseload(ctx.person.id)}
    pid = as_id(payload.choice)
    if payload.choice == "done":
        return _summary(ctx, draft)
    if payload.choice == "all":
        chosen = sorted(caseload)
    elif pid is not None and pid in caseload:
        chosen = [c for c in chosen if c != pid] if pid in chosen else [*chosen, pid]
    else:
        return ctx.stale()
    draft["participants"] = chosen
    return Outcome(
        data={DRAFT: draft},
        buttons_now=await _participant_buttons(ctx, draft),
        toast=nmsg("{n} chosen", "{n} chosen", len(chosen)),
    )


def _first_day(draft: dict[str, Any], today: date) -> date:
    if draft["recurrence"] == Recurrence.ONCE:
        return date.fromisoformat(draft["date"])
    return today + timedelta(days=(int(draft["weekday"]) - today.weekday()) % 7)


def _summary(ctx: Ctx[PlanningPorts], draft: dict[str, Any]) -> Outcome:
    when = (
        msg(N_("on {date}"), date=date.fromisoformat(draft["date"]))
        if draft["recurrence"] == Recurrence.ONCE
        else msg(
            N_("{how}, {day}"),
            how=msg(RECURRENCES[Recurrence(draft["recurrence"])]),
            day=msg(WEEKDAYS[int(draft["weekday"])]),
        )
    )
    text = msg(
        N_(
            "{title} ({kind}), {when} at {time}, {minutes} minutes, {place}. Participants: {n}. "
            "Save it?"
        ),
        title=draft["title"],
        kind=msg(KINDS[ActivityKind(draft["kind"])]),
        when=when,
        time=Verbatim(draft["time"]),
        minutes=int(draft["minutes"]),
        place=draft["place"],
        n=len(draft.get("participants", [])),
    )
    buttons = (
        (
            Button(msg(N_("Save")), payload=Confirm("ok").pack()),
            Button(msg(N_("Cancel")), payload=Confirm("no").pack()),
        ),
    )
    return _ask(ctx, draft, text, buttons)


async def confirm(ctx: Ctx[PlanningPorts], payload: Confirm) -> Outcome:
    """Save the activity, or drop the draft."""
    draft = _draft(ctx)
    if payload.answer == "no":
        return Outcome(
            messages=(ctx.say(msg(NOTHING_SAVED)),), state=IDLE, data={}, remove_buttons=True
        )
    needed = {"kind", "title", "recurrence", "time", "minutes", "place"}
    if not needed <= draft.keys():
        return ctx.stale()
    person = ctx.person
    unit = await ctx.ports.people.unit(person.unit_id)
    hour, minute = (int(x) for x in draft["time"].split(":"))
    how = Recurrence(draft["recurrence"])
    activity = await ctx.ports.attendance.create(
        Activity(
            id=0,
            unit_id=person.unit_id,
            kind=ActivityKind(draft["kind"]),
            title=draft["title"],
            place=draft["place"],
            coach_id=person.id,
            starts_on=_first_day(draft, ctx.now.date()),
            start_time=time(hour, minute),
            duration_minutes=int(draft["minutes"]),
            recurrence=how,
            weekdays=() if how is Recurrence.ONCE else (int(draft["weekday"]),),
            timezone=unit.timezone,
            participant_ids=tuple(draft.get("participants", [])),
        )
    )
    # At once, not at the next minute's timer: /sessions shows it straight away.
    await expand(activity, ctx.now, ctx.ports.people, ctx.ports.attendance, ctx.cfg)
    notices = await _tell_enrolled(ctx, activity)
    text = msg(
        N_(
            "Saved: {title}. Participants get reminders before each session. Use /sessions "
            "to see or cancel sessions."
        ),
        title=activity.title,
    )
    return Outcome(messages=(ctx.say(text), *notices), state=IDLE, data={}, remove_buttons=True)


async def _tell_enrolled(ctx: Ctx[PlanningPorts], activity: Activity) -> list[Say]:
    """Tell each participant they take part, with the first session, before any reminder."""
    upcoming = await ctx.ports.attendance.sessions_between(ctx.now, ctx.now + timedelta(days=15))
    first = next((s for s in upcoming if s.activity_id == activity.id), None)
    if first is None:
        return []
    notice = msg(
        N_(
            "You now take part in {title} ({place}). The first session is on {when}. "
            "I will remind you before each session."
        ),
        title=activity.title,
        place=activity.place,
        when=first.starts_at,
    )
    notices = []
    for participant_id in activity.participant_ids:
        person = await ctx.ports.people.get(participant_id)
        if person is not None and person.chat_id is not None and person.reachable:
            key = f"enrolled:{activity.id}:{person.id}"
            notices.append(Say(person.chat_id, person.locale, (notice,), key=key))
    return notices


async def left(ctx: Ctx[PlanningPorts]) -> Outcome:
    """Another command came in the middle of planning: the draft is dropped, and they are told."""
    return ctx.reply(msg(NOTHING_SAVED))
