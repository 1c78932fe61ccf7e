"""/placement: a coach records a placement step by step: who, where, the employer contact
(one of the unit's, or a new one who gets an invite to pass on), the kind and the dates."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from flows.dates import typed_day
from flows.invites.employer import invite_employer
from flows.output import Button, Outcome, Retention, Say
from flows.payloads import as_id
from flows.placement_model import KIND_NAMES, Placement, PlacementKind
from flows.placements.followup import sync
from flows.placements.payloads import Contact, EndOn, KindOf, NewFor, Save, StartOn
from flows.placements.plan import after
from flows.placements.ports import PlacementPorts
from flows.routes import IDLE, Ctx
from flows.text import N_, Msg, Verbatim, msg

DRAFT = "draft"
NAME_LIMIT = 100
LONGEST = timedelta(days=3 * 365)


class State(StrEnum):
    """Steps of the placements flow (persisted as `placements.<value>`)."""

    WORKPLACE = "workplace"  # the coach types the workplace
    CONTACT = "contact"  # the coach types a new employer contact's name
    START = "start"  # the coach may type the start date
    END = "end"  # the coach may type the planned end
    CHOOSING = "choosing"  # the coach presses a button (contact person, kind, save)
    COMMENT = "comment"  # an employer or a participant may add a comment to a follow-up
    MESSAGE = "message"  # /contact: the words for the coach
    ANSWER = "answer"  # a coach's answer to an employer contact


def _draft(ctx: Ctx[PlacementPorts]) -> dict[str, Any]:
    raw = ctx.data.get(DRAFT)
    return dict(raw) if isinstance(raw, dict) else {}


def _ask(
    ctx: Ctx[PlacementPorts],
    draft: dict[str, Any],
    text: Msg,
    state: State,
    buttons: tuple[tuple[Button, ...], ...] = (),
) -> Outcome:
    return Outcome(
        messages=(ctx.say(text, buttons=buttons),),
        state=state,
        data={DRAFT: draft},
        remove_buttons=True,
    )


async def start(ctx: Ctx[PlacementPorts]) -> Outcome:
    """/placement: for whom?"""
    caseload = await ctx.ports.people.caseload(ctx.person.id)
    if not caseload:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    buttons = [
        Button(Verbatim(p.display_name), payload=NewFor(p.id).pack()) for p in caseload[:30]
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return ctx.reply(msg(N_("Who starts at a workplace?")), buttons=rows)


async def new_for(ctx: Ctx[PlacementPorts], payload: NewFor) -> Outcome:
    """The participant is chosen (visibility checked): where?"""
    text = msg(N_("Which workplace? Write the employer's name, for example: Bageriet Söder."))
    return _ask(ctx, {"participant": payload.participant}, text, State.WORKPLACE)


async def typed(ctx: Ctx[PlacementPorts]) -> Outcome:
    """The typed answers of the draft: workplace, a new contact's name, or a date."""
    draft = _draft(ctx)
    if "participant" not in draft:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if ctx.step == State.CHOOSING:
        return ctx.reply(msg(N_("Please press one of the buttons above, or /cancel.")))
    if ctx.step == State.START or ctx.step == State.END:
        return await _typed_date(ctx, draft)
    words, again = ctx.written(NAME_LIMIT, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    if ctx.step == State.WORKPLACE:
        draft["workplace"] = words
        return await _ask_contact(ctx, draft)
    draft["contact_name"] = words
    draft.pop("employer", None)
    return _ask_kind(ctx, draft)


async def _ask_contact(ctx: Ctx[PlacementPorts], draft: dict[str, Any]) -> Outcome:
    known = await ctx.ports.placements.employers(ctx.person.unit_id)
    buttons = [
        (Button(Verbatim(p.display_name), payload=Contact(str(p.id)).pack()),) for p in known[:20]
    ]
    buttons.append((Button(msg(N_("A new contact person")), payload=Contact("new").pack()),))
    text = msg(N_("Who is the contact person at the workplace?"))
    return _ask(ctx, draft, text, State.CHOOSING, tuple(buttons))


async def contact(ctx: Ctx[PlacementPorts], payload: Contact) -> Outcome:
    """An employer contact of the unit, or a new one (their name comes next)."""
    draft = _draft(ctx)
    if "workplace" not in draft:
        return ctx.stale()
    if payload.choice == "new":
        text = msg(N_("The contact person's name? They get an invite to the bot from you."))
        return _ask(ctx, draft, text, State.CONTACT)
    pid = as_id(payload.choice)
    known = {p.id for p in await ctx.ports.placements.employers(ctx.person.unit_id)}
    if pid is None or pid not in known:
        return ctx.stale()
    draft["employer"] = pid
    draft.pop("contact_name", None)
    return _ask_kind(ctx, draft)


def _ask_kind(ctx: Ctx[PlacementPorts], draft: dict[str, Any]) -> Outcome:
    buttons = tuple(
        (Button(msg(name), payload=KindOf(kind).pack()),) for kind, name in KIND_NAMES.items()
    )
    return _ask(ctx, draft, msg(N_("What kind of placement is it?")), State.CHOOSING, buttons)


async def kind_of(ctx: Ctx[PlacementPorts], payload: KindOf) -> Outcome:
    """The kind is chosen: when does it start?"""
    draft = _draft(ctx)
    if not {"workplace"} <= draft.keys() or not ({"employer", "contact_name"} & draft.keys()):
        return ctx.stale()
    draft["kind"] = payload.kind.value
    buttons = (
        tuple(
            Button(msg(label), payload=StartOn(choice).pack())  # type: ignore[arg-type]
            for choice, label in (
                ("today", N_("Today")),
                ("tomorrow", N_("Tomorrow")),
                ("monday", N_("Next Monday")),
            )
        ),
    )
    text = msg(
        N_("When does it start? Press a day, or write a date like {example}."), example="18/12"
    )
    return _ask(ctx, draft, text, State.START, buttons)


async def start_on(ctx: Ctx[PlacementPorts], payload: StartOn) -> Outcome:
    """The start from a button."""
    draft = _draft(ctx)
    if "kind" not in draft:
        return ctx.stale()
    today = ctx.now.date()
    days = {"today": 0, "tomorrow": 1, "monday": 7 - today.weekday()}[payload.choice]
    draft["starts_on"] = (today + timedelta(days=days)).isoformat()
    return _ask_end(ctx, draft)


def _ask_end(ctx: Ctx[PlacementPorts], draft: dict[str, Any]) -> Outcome:
    buttons = (
        tuple(
            Button(msg(label), payload=EndOn(choice).pack())  # type: ignore[arg-type]
            for choice, label in (
                ("4w", N_("4 weeks")),
                ("3m", N_("3 months")),
                ("6m", N_("6 months")),
            )
        ),
        (Button(msg(N_("No planned end")), payload=EndOn("none").pack()),),
    )
    text = msg(
        N_("When is it planned to end? Press one, or write a date like {example}."), example="30/6"
    )
    return _ask(ctx, draft, text, State.END, buttons)


async def end_on(ctx: Ctx[PlacementPorts], payload: EndOn) -> Outcome:
    """The planned end from a button."""
    draft = _draft(ctx)
    if "starts_on" not in draft:
        return ctx.stale()
    start = date.fromisoformat(draft["starts_on"])
    draft["ends_on"] = "" if payload.choice == "none" else after(start, payload.choice).isoformat()
    return await _summary(ctx, draft)


async def _typed_date(ctx: Ctx[PlacementPorts], draft: dict[str, Any]) -> Outcome:
    today = ctx.now.date()
    day = typed_day(ctx.event.text, today)
    if day is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="18/12"))
    if ctx.step == State.START:
        if "kind" not in draft:
            return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
        if not today - LONGEST < day < today + LONGEST:
            return ctx.reply(msg(N_("Please choose a date within three years.")))
        draft["starts_on"] = day.isoformat()
        return _ask_end(ctx, draft)
    if "starts_on" not in draft:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    start = date.fromisoformat(draft["starts_on"])
    if day <= start:
        return ctx.reply(
            msg(N_("The end must come after the start ({start}). Which date?"), start=start)
        )
    if day > start + LONGEST:
        return ctx.reply(msg(N_("Please choose a date within three years.")))
    draft["ends_on"] = day.isoformat()
    return await _summary(ctx, draft)


async def _summary(ctx: Ctx[PlacementPorts], draft: dict[str, Any]) -> Outcome:
    person = await ctx.ports.people.get(int(draft["participant"]))
    employer = await ctx.ports.people.get(int(draft["employer"])) if "employer" in draft else None
    contact_name = employer.display_name if employer else str(draft.get("contact_name", ""))
    end = (
        msg(N_("no planned end"))
        if not draft.get("ends_on")
        else msg("{day}", day=date.fromisoformat(draft["ends_on"]))
    )
    text = msg(
        N_(
            "Save this placement?\n{name} at {workplace}, contact person {contact}.\n"
            "{kind}, from {start}, ends: {end}."
        ),
        name=person.display_name if person else "",
        workplace=Verbatim(str(draft["workplace"])),
        contact=Verbatim(contact_name),
        kind=msg(KIND_NAMES[PlacementKind(draft["kind"])]),
        start=date.fromisoformat(draft["starts_on"]),
        end=end,
    )
    buttons = (
        (
            Button(msg(N_("Save")), payload=Save("ok").pack()),
            Button(msg(N_("Cancel")), payload=Save("no").pack()),
        ),
    )
    return _ask(ctx, draft, text, State.CHOOSING, buttons)


async def save(ctx: Ctx[PlacementPorts], payload: Save) -> Outcome:
    """Save the placement; a new contact person's invite comes to the coach to pass on."""
    draft = _draft(ctx)
    if payload.answer == "no":
        return Outcome(
            messages=(ctx.say(msg(N_("Nothing was saved."))),),
            state=IDLE,
            data={},
            remove_buttons=True,
        )
    if (
        not {"participant", "workplace", "kind", "starts_on"} <= draft.keys()
        or "ends_on" not in draft
    ):
        return ctx.stale()
    pid = int(draft["participant"])
    # The caseload may have changed while the draft waited: check again.
    if not await ctx.ports.access.can_see(ctx.person, pid):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    ends_on = date.fromisoformat(draft["ends_on"]) if draft["ends_on"] else None
    placement = Placement(
        id=0,
        participant_id=pid,
        employer_id=int(draft.get("employer", 0)),
        coach_id=ctx.person.id,
        unit_id=ctx.person.unit_id,
        workplace=str(draft["workplace"]),
        kind=PlacementKind(draft["kind"]),
        starts_on=date.fromisoformat(draft["starts_on"]),
        ends_on=ends_on,
        created_at=ctx.now,
    )
    messages: list[Say] = []
    invite_id = None
    if "contact_name" in draft:
        made_invite = await invite_employer(
            ctx.ports.invites,
            ctx.ports.people,
            ctx.cfg,
            ctx.person,
            str(draft["contact_name"]),
            ctx.now,
        )
        invite_id = made_invite.invite.id
        text = msg(
            N_(
                "Saved. Send this invite to {contact} (it works once, until {expires}); with "
                "one tap they reach the bot, and the follow-ups start:\n{link}"
            ),
            contact=Verbatim(str(draft["contact_name"])),
            expires=made_invite.invite.expires_at,
            link=made_invite.link,
        )
        messages.append(
            Say(
                ctx.actor.chat_id,
                ctx.locale,
                (text,),
                printable=made_invite.sheet,
                retention=Retention.SECRET,
            )
        )
    else:
        messages.append(
            ctx.say(msg(N_("Saved. The follow-ups start as planned; see /placements.")))
        )
    made = await ctx.ports.placements.create(placement, invite_id)
    if invite_id is None:
        # Planned at once, so /placements shows the dates (the timer keeps them in step).
        unit = await ctx.ports.people.unit(made.unit_id)
        await sync(ctx.ports, made, dict(unit.settings), ctx.cfg.holidays)
    return Outcome(messages=tuple(messages), state=IDLE, data={}, remove_buttons=True)


async def left(ctx: Ctx[PlacementPorts]) -> Outcome:
    """Another command instead of the next answer: nothing is saved, and the coach is told."""
    if ctx.step == State.COMMENT:
        return Outcome()
    return ctx.reply(msg(N_("The placement was not saved.")))
