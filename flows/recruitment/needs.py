"""A need in a few taps: `/need` lets an employer contact (or a coach, from the employer's
card) state the role, how many, from when, the hours, the must-haves and a note; `/needs`
lists them with their status, and each has a card."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from flows.cv.occupations import OCCUPATIONS, matching
from flows.dates import in_recent_past, typed_day
from flows.model import Role
from flows.output import Button, Outcome, Say, rows
from flows.payloads import as_id
from flows.recruitment.common import DRAFT, State, ask, count_chat, draft_of, need_text
from flows.recruitment.common import (
    today as local_today,
)
from flows.recruitment.payloads import (
    Count,
    FindCandidates,
    Headcount,
    Hours,
    Must,
    NeedFor,
    NoNote,
    Occupation,
    SaveNeed,
    StartIn,
)
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    HEADCOUNT_LIMIT,
    HOURS,
    MUST_HAVES,
    Assignment,
)
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Verbatim, ascii_digits, msg, own_words

ROLE_LIMIT = 100
NOTE_LIMIT = 1000
FURTHEST = timedelta(days=366)


async def need_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """A button about a need concerns its employer's workplace."""
    found = await ports.recruitment.assignment(payload.assignment)
    return Subject(workplace_id=found.workplace_id) if found else None


async def start(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """/need: an employer contact states a need for their workplace."""
    workplace = await ctx.ports.recruitment.workplace_of(ctx.person.id)
    if workplace is None:
        return ctx.reply(
            msg(
                N_(
                    "Your workplace is not recorded with us yet, so I cannot take a need. "
                    "Please write to your coach with /contact, or ask them to add you."
                )
            )
        )
    return _ask_role(ctx, {"workplace": workplace.id})


async def need_for(ctx: Ctx[RecruitmentPorts], payload: NeedFor) -> Outcome:
    """A coach records a need for an employer (the dispatcher checked the unit)."""
    return _ask_role(ctx, {"workplace": payload.workplace})


def _ask_role(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    text = msg(N_("Which job is it? Write the role, for example: Köksbiträde."))
    return ask(ctx, draft, text, State.ROLE)


async def typed(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The typed answers of a need: the role, how many, the start, the note."""
    draft = draft_of(ctx)
    if "workplace" not in draft:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if ctx.step == State.ROLE:
        return _take_role(ctx, draft)
    if ctx.step == State.COUNT:
        return _take_count(ctx, draft)
    if ctx.step == State.START:
        return await _take_start(ctx, draft)
    words, again = ctx.written(NOTE_LIMIT, msg(N_("Please write it, or press the button.")))
    if again is not None:
        return again
    draft["note"] = words
    return await _summary(ctx, draft)


def _take_role(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    words, again = ctx.written(
        ROLE_LIMIT, msg(N_("Please write the role the person will have, or /cancel."))
    )
    if again is not None:
        return again
    found = matching(words)
    exact = next((i for i in found if OCCUPATIONS[i].casefold() == words.casefold()), None)
    if exact is not None or not found:
        draft["role"] = OCCUPATIONS[exact] if exact is not None else words
        return _ask_count(ctx, draft)
    draft["typed"] = words
    buttons = [
        (Button(Verbatim(OCCUPATIONS[i]), payload=Occupation(str(i)).pack()),) for i in found
    ]
    buttons.append((Button(msg(N_("Keep my words")), payload=Occupation("own").pack()),))
    text = msg(N_("Is it one of these? Candidates' CVs use these names."))
    return ask(ctx, draft, text, State.CHOOSING, tuple(buttons))


async def occupation(ctx: Ctx[RecruitmentPorts], payload: Occupation) -> Outcome:
    """The role from the list, or the words as typed."""
    draft = draft_of(ctx)
    if "typed" not in draft:
        return ctx.stale()
    index = as_id(payload.pick)
    if payload.pick == "own":
        draft["role"] = draft["typed"]
    elif index is not None and index < len(OCCUPATIONS):
        draft["role"] = OCCUPATIONS[index]
    else:
        return ctx.stale()
    return _ask_count(ctx, draft)


def _ask_count(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    buttons = [Button(Verbatim(n), payload=Headcount(n).pack()) for n in get_args(Count)]
    text = msg(N_("How many people? Press a number or write it."))
    return ask(ctx, draft, text, State.COUNT, (tuple(buttons),))


def _take_count(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    raw = ascii_digits(ctx.event.text).strip()
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= HEADCOUNT_LIMIT:
        return ctx.reply(msg(N_("Please write a number from 1 to {most}."), most=HEADCOUNT_LIMIT))
    draft["headcount"] = int(raw)
    return _ask_start(ctx, draft)


async def headcount(ctx: Ctx[RecruitmentPorts], payload: Headcount) -> Outcome:
    """How many, from a button."""
    draft = draft_of(ctx)
    if "role" not in draft:
        return ctx.stale()
    draft["headcount"] = int(payload.n)
    return _ask_start(ctx, draft)


def _ask_start(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    buttons = tuple(
        Button(msg(label), payload=StartIn(choice).pack())  # type: ignore[arg-type]
        for choice, label in (
            ("asap", N_("As soon as possible")),
            ("2w", N_("In 2 weeks")),
            ("1m", N_("In a month")),
        )
    )
    text = msg(N_("From when? Press one, or write a date like {example}."), example="18/12")
    return ask(ctx, draft, text, State.START, tuple((b,) for b in buttons))


async def _take_start(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    today = await local_today(ctx)
    if in_recent_past(ctx.event.text, today):
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    day = typed_day(ctx.event.text, today)
    if day is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="18/12"))
    if day < today:
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    if day > today + FURTHEST:
        return ctx.reply(msg(N_("Please choose a date within a year.")))
    return _took_start(ctx, draft, day)


async def start_in(ctx: Ctx[RecruitmentPorts], payload: StartIn) -> Outcome:
    """The start from a button."""
    draft = draft_of(ctx)
    if "headcount" not in draft:
        return ctx.stale()
    today = await local_today(ctx)
    days = {"asap": 0, "2w": 14, "1m": 30}[payload.choice]
    return _took_start(ctx, draft, today + timedelta(days=days))


def _took_start(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any], day: date) -> Outcome:
    draft["starts_on"] = day.isoformat()
    buttons = [Button(msg(name), payload=Hours(code).pack()) for code, name in HOURS.items()]  # type: ignore[arg-type]
    return ask(ctx, draft, msg(N_("What hours?")), State.CHOOSING, rows(buttons, 1))


async def hours(ctx: Ctx[RecruitmentPorts], payload: Hours) -> Outcome:
    """The hours are chosen: what must the person have?"""
    draft = draft_of(ctx)
    if "starts_on" not in draft:
        return ctx.stale()
    draft["hours"] = payload.choice
    draft["musts"] = []
    text = msg(N_("What must the person have? Press all that apply, then Done."))
    return ask(ctx, draft, text, State.CHOOSING, _must_buttons(draft))


def _must_buttons(draft: dict[str, Any]) -> tuple[tuple[Button, ...], ...]:
    chosen = set(draft.get("musts", []))
    buttons = [
        (
            Button(
                msg(N_("✓ {what}"), what=msg(name)) if code in chosen else msg(name),
                payload=Must(code).pack(),  # type: ignore[arg-type]
            ),
        )
        for code, name in MUST_HAVES.items()
    ]
    buttons.append((Button(msg(N_("Done")), payload=Must("done").pack()),))
    return tuple(buttons)


async def must(ctx: Ctx[RecruitmentPorts], payload: Must) -> Outcome:
    """Tick or untick a must-have in place; Done asks for a note."""
    draft = draft_of(ctx)
    if "hours" not in draft:
        return ctx.stale()
    if payload.choice == "done":
        text = msg(N_("Anything else candidates should know? Write it, or press the button."))
        button = Button(msg(N_("Nothing to add")), payload=NoNote("none").pack())
        return ask(ctx, draft, text, State.NOTE, ((button,),))
    chosen: list[str] = list(draft.get("musts", []))
    chosen = (
        [c for c in chosen if c != payload.choice]
        if payload.choice in chosen
        else [
            *chosen,
            payload.choice,
        ]
    )
    draft["musts"] = chosen
    return Outcome(data={DRAFT: draft}, buttons_now=_must_buttons(draft))


async def no_note(ctx: Ctx[RecruitmentPorts], payload: NoNote) -> Outcome:
    """No note: the summary."""
    draft = draft_of(ctx)
    if "hours" not in draft:
        return ctx.stale()
    draft["note"] = ""
    return await _summary(ctx, draft)


def _draft_need(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any], unit_id: int) -> Assignment:
    return Assignment(
        id=0,
        workplace_id=int(draft["workplace"]),
        unit_id=unit_id,
        occupation=str(draft["role"]),
        headcount=int(draft["headcount"]),
        starts_on=date.fromisoformat(draft["starts_on"]),
        hours=str(draft["hours"]),
        must_haves=tuple(m for m in draft.get("musts", []) if m in MUST_HAVES),
        note=str(draft.get("note", "")),
        created_by=ctx.person.id,
        created_at=ctx.now,
    )


async def _summary(ctx: Ctx[RecruitmentPorts], draft: dict[str, Any]) -> Outcome:
    workplace = await ctx.ports.recruitment.workplace(int(draft["workplace"]))
    if workplace is None:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    need = _draft_need(ctx, draft, workplace.unit_id)
    buttons = (
        (
            Button(msg(N_("Save")), payload=SaveNeed("ok").pack()),
            Button(msg(N_("Cancel")), payload=SaveNeed("no").pack()),
        ),
    )
    return Outcome(
        messages=(
            ctx.say(msg(N_("Save this need?")), need_text(need, workplace), buttons=buttons),
        ),
        state=State.CHOOSING,
        data={DRAFT: draft},
        remove_buttons=True,
    )


async def save(ctx: Ctx[RecruitmentPorts], payload: SaveNeed) -> Outcome:
    """Store the need and tell the responsible coach (or the employer, when a coach saved it)."""
    draft = draft_of(ctx)
    if payload.answer == "no":
        text = msg(N_("Nothing was saved."))
        return Outcome(messages=(ctx.say(text),), state=IDLE, data={}, remove_buttons=True)
    if not {"workplace", "role", "headcount", "starts_on", "hours", "note"} <= draft.keys():
        return ctx.stale()
    workplace = await ctx.ports.recruitment.workplace(int(draft["workplace"]))
    # The person may have lost the workplace while the draft waited: check again.
    if workplace is None or not await ctx.ports.access.can_use_workplace(ctx.person, workplace.id):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if date.fromisoformat(draft["starts_on"]) < await local_today(ctx):
        return ask(ctx, draft, msg(N_("That date has passed. Which date?")), State.START)
    need = await ctx.ports.recruitment.add_assignment(_draft_need(ctx, draft, workplace.unit_id))
    await count_chat(ctx, workplace.id)
    coach = await ctx.ports.people.get(workplace.coach_id)
    messages: list[Say] = []
    find = Button(msg(N_("Find candidates")), payload=FindCandidates(need.id).pack())
    if ctx.person.role is Role.EMPLOYER:
        told = msg(
            N_("Thank you! {coach} has your need and comes back to you with candidates."),
            coach=Verbatim(coach.display_name if coach else ""),
        )
        messages.append(ctx.say(told))
        if coach is not None and coach.chat_id is not None:
            head = msg(
                N_("{person} ({workplace}) states a new need:"),
                person=ctx.person.display_name,
                workplace=own_words(workplace.name),
            )
            messages.append(
                Say(
                    coach.chat_id,
                    coach.locale,
                    (head, need_text(need, workplace)),
                    buttons=((find,),),
                )
            )
    else:
        messages.append(ctx.say(msg(N_("Saved. Find candidates now?")), buttons=((find,),)))
        for contact in await ctx.ports.recruitment.contacts(workplace.id):
            if contact.chat_id is not None:
                head = msg(N_("{coach} recorded a need of yours:"), coach=ctx.person.display_name)
                messages.append(
                    Say(contact.chat_id, contact.locale, (head, need_text(need, workplace)))
                )
    return Outcome(messages=tuple(messages), state=IDLE, data={}, remove_buttons=True)
