"""Coaches plan an activity in Telegram, one question at a time, mostly with buttons.

Steps: kind → title → how often → day (or date) → start time → length → place →
participants → confirm. The draft lives in the conversation data until it is saved.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Any

from flows.events import Actor, Event, Kind
from flows.model import Activity, ActivityKind, Person, Recurrence, Role
from flows.onboarding import Config, not_allowed, say, stale
from flows.output import Button, Outcome
from flows.ports import Conversation, Ports
from flows.text import N_, Msg, Verbatim, msg

PREFIX = "p1:"
DRAFT = "activity_draft"
MAX_TITLE = 80
MAX_PLACE = 120
LENGTHS = (60, 90, 120, 180, 240, 480)
TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class State(StrEnum):
    """Planning steps that wait for typed text (persisted; values are stable)."""

    TITLE = "plan_title"
    DATE = "plan_date"
    TIME = "plan_time"
    PLACE = "plan_place"


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


def _rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def _ask(
    actor: Actor,
    person: Person,
    draft: dict[str, Any],
    convo: Conversation,
    text: Msg,
    buttons: tuple[tuple[Button, ...], ...] = (),
    state: str = "idle",
) -> Outcome:
    return Outcome(
        messages=(say(actor, person.locale, text, buttons=buttons),),
        state=state,
        data={**convo.data, DRAFT: draft},
        remove_buttons=True,
    )


def start(actor: Actor, person: Person, convo: Conversation) -> Outcome:
    """Begin planning: ask for the kind of activity."""
    if person.role not in (Role.COACH, Role.MANAGER):
        return not_allowed(actor, person.locale)
    buttons = [Button(msg(label), payload=f"{PREFIX}k:{kind}") for kind, label in KINDS.items()]
    return _ask(actor, person, {}, convo, msg(N_("What kind of activity?")), _rows(buttons))


async def on_button(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation, cfg: Config
) -> Outcome:
    """Take one button answer and ask the next question."""
    if person.role not in (Role.COACH, Role.MANAGER):
        return not_allowed(actor, person.locale)
    draft = dict(convo.data.get(DRAFT) or {})
    step, _, value = event.payload.removeprefix(PREFIX).partition(":")
    if step == "k" and value in ActivityKind.__members__.values():
        draft = {"kind": value}
        return _ask(actor, person, draft, convo, msg(N_("What is it called?")), state=State.TITLE)
    if not draft:
        return stale(actor, person.locale)
    if step == "r" and value in Recurrence.__members__.values():
        draft["recurrence"] = value
        if value == Recurrence.ONCE:
            text = msg(N_("Which date? Write it like {example}."), example="2026-12-01")
            return _ask(actor, person, draft, convo, text, state=State.DATE)
        buttons = [Button(msg(day), payload=f"{PREFIX}w:{i}") for i, day in enumerate(WEEKDAYS)]
        return _ask(actor, person, draft, convo, msg(N_("Which day?")), _rows(buttons, 3))
    if step == "w" and value.isdigit() and int(value) < 7:
        draft["weekday"] = int(value)
        return _ask_time(actor, person, draft, convo)
    if step == "h" and value.isdigit() and int(value) in LENGTHS:
        draft["minutes"] = int(value)
        text = msg(N_("Where is it? Write the place, for example the room or address."))
        return _ask(actor, person, draft, convo, text, state=State.PLACE)
    if step == "p":
        return await _toggle(actor, person, ports, draft, convo, value)
    if step == "s" and value == "ok":
        return await _save(event, actor, person, ports, draft, convo, cfg)
    if step == "s" and value == "no":
        return Outcome(
            messages=(say(actor, person.locale, msg(N_("OK, nothing was saved."))),),
            state="idle",
            data={k: v for k, v in convo.data.items() if k != DRAFT},
            remove_buttons=True,
        )
    return stale(actor, person.locale)


async def on_text(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Take a typed answer (title, date, time or place) and ask the next question."""
    draft = dict(convo.data.get(DRAFT) or {})
    text = event.text.strip() if event.kind is Kind.TEXT else ""
    state = convo.state
    if not text:
        return _again(actor, person, convo)
    if state == State.TITLE:
        draft["title"] = text[:MAX_TITLE]
        buttons = [
            Button(msg(label), payload=f"{PREFIX}r:{rec}") for rec, label in RECURRENCES.items()
        ]
        return _ask(actor, person, draft, convo, msg(N_("How often?")), _rows(buttons, 1))
    if state == State.DATE:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return _invalid(
                actor,
                person,
                msg(N_("Please write the date like {example}."), example="2026-12-01"),
            )
        if day < event.at.date():
            return _invalid(actor, person, msg(N_("That date has passed. Which date?")))
        draft["date"] = day.isoformat()
        return _ask_time(actor, person, draft, convo)
    if state == State.TIME:
        match = TIME_RE.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            return _invalid(
                actor, person, msg(N_("Please write the time like {example}."), example="09:30")
            )
        draft["time"] = f"{int(match[1]):02d}:{match[2]}"
        buttons = [
            Button(msg(N_("{hours} h"), hours=minutes / 60), payload=f"{PREFIX}h:{minutes}")
            for minutes in LENGTHS
        ]
        return _ask(actor, person, draft, convo, msg(N_("How long is it?")), _rows(buttons, 3))
    if state == State.PLACE:
        draft["place"] = text[:MAX_PLACE]
        draft["participants"] = []
        return await _participants(actor, person, ports, draft, convo)
    return _again(actor, person, convo)


def _again(actor: Actor, person: Person, convo: Conversation) -> Outcome:
    return Outcome(
        messages=(say(actor, person.locale, msg(N_("Please answer the question above."))),)
    )


def _invalid(actor: Actor, person: Person, text: Msg) -> Outcome:
    return Outcome(messages=(say(actor, person.locale, text),))


def _ask_time(actor: Actor, person: Person, draft: dict[str, Any], convo: Conversation) -> Outcome:
    text = msg(N_("What time does it start? Write it like {example}."), example="09:30")
    return _ask(actor, person, draft, convo, text, state=State.TIME)


async def _participants(
    actor: Actor, person: Person, ports: Ports, draft: dict[str, Any], convo: Conversation
) -> Outcome:
    chosen = set(draft.get("participants", []))
    caseload = await ports.people.caseload(person.id)
    buttons = [
        Button(
            Verbatim(("✓ " if p.id in chosen else "") + p.display_name),
            payload=f"{PREFIX}p:{p.id}",
        )
        for p in caseload[:20]
    ]
    buttons.append(Button(msg(N_("Everyone")), payload=f"{PREFIX}p:all"))
    buttons.append(Button(msg(N_("Done")), payload=f"{PREFIX}p:done"))
    text = msg(N_("Who takes part? Press names to choose, then Done."))
    return _ask(actor, person, draft, convo, text, _rows(buttons))


async def _toggle(
    actor: Actor,
    person: Person,
    ports: Ports,
    draft: dict[str, Any],
    convo: Conversation,
    value: str,
) -> Outcome:
    if "place" not in draft:
        return stale(actor, person.locale)
    chosen: list[int] = list(draft.get("participants", []))
    caseload = {p.id for p in await ports.people.caseload(person.id)}
    if value == "done":
        return _summary(actor, person, draft, convo)
    if value == "all":
        chosen = sorted(caseload)
    elif value.isdigit() and int(value) in caseload:
        pid = int(value)
        chosen = [c for c in chosen if c != pid] if pid in chosen else [*chosen, pid]
    else:
        return stale(actor, person.locale)
    draft["participants"] = chosen
    return await _participants(actor, person, ports, draft, convo)


def _first_day(draft: dict[str, Any], today: date) -> date:
    if draft["recurrence"] == Recurrence.ONCE:
        return date.fromisoformat(draft["date"])
    return today + timedelta(days=(int(draft["weekday"]) - today.weekday()) % 7)


def _summary(actor: Actor, person: Person, draft: dict[str, Any], convo: Conversation) -> Outcome:
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
            Button(msg(N_("Save")), payload=f"{PREFIX}s:ok"),
            Button(msg(N_("Cancel")), payload=f"{PREFIX}s:no"),
        ),
    )
    return _ask(actor, person, draft, convo, text, buttons)


async def _save(
    event: Event,
    actor: Actor,
    person: Person,
    ports: Ports,
    draft: dict[str, Any],
    convo: Conversation,
    cfg: Config,
) -> Outcome:
    needed = {"kind", "title", "recurrence", "time", "minutes", "place"}
    if not needed <= draft.keys():
        return stale(actor, person.locale)
    unit = await ports.people.unit(person.unit_id)
    hour, minute = (int(x) for x in draft["time"].split(":"))
    recurrence = Recurrence(draft["recurrence"])
    first = _first_day(draft, event.at.date())
    activity = await ports.attendance.create(
        Activity(
            id=0,
            unit_id=person.unit_id,
            kind=ActivityKind(draft["kind"]),
            title=draft["title"],
            place=draft["place"],
            coach_id=person.id,
            starts_on=first,
            start_time=time(hour, minute),
            duration_minutes=int(draft["minutes"]),
            recurrence=recurrence,
            weekdays=() if recurrence is Recurrence.ONCE else (int(draft["weekday"]),),
            timezone=unit.timezone,
            participant_ids=tuple(draft.get("participants", [])),
        )
    )
    text = msg(
        N_(
            "Saved: {title}. Participants get reminders before each session. Use /sessions "
            "to see or cancel sessions."
        ),
        title=activity.title,
    )
    return Outcome(
        messages=(say(actor, person.locale, text),),
        state="idle",
        data={k: v for k, v in convo.data.items() if k != DRAFT},
        remove_buttons=True,
    )
