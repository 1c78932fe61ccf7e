"""/employers: a coach's employers, each with a card (details, named coach, contact persons,
open needs, contacts by channel), recorded step by step; visits, calls and e-mails are logged
with one tap, and a contact person gets an invite to pass on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

from flows.invites.employer import invite_employer
from flows.output import Button, Outcome, Retention, Say, rows
from flows.payloads import as_id
from flows.recruitment.common import DRAFT, State, ask, current, draft_of, names, today
from flows.recruitment.payloads import (
    AddContact,
    Industry,
    IndustryCode,
    LogContact,
    NeedFor,
    NewWorkplace,
    OpenNeed,
    OpenWorkplace,
    SaveWorkplace,
    Size,
    SizeCode,
    UndoContact,
)
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    CHANNEL_NAMES,
    INDUSTRIES,
    SIZES,
    STATUS_NAMES,
    Channel,
    Workplace,
    org_number,
)
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Lines, Msg, Verbatim, msg, nmsg, numbered, own_words

NAME_LIMIT = 100
ADDRESS_LIMIT = 200
LISTED = 30
COUNTED_DAYS = 30


async def workplace_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """A button about a workplace concerns that workplace."""
    found = await ports.recruitment.workplace(payload.workplace)
    return Subject(workplace_id=found.id) if found else None


async def listing(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """/employers: the unit's employers, the coach's own first, and a button for a new one."""
    found = await ctx.ports.recruitment.workplaces(ctx.person.unit_id)
    found.sort(key=lambda w: w.coach_id != ctx.person.id)
    shown = found[:LISTED]
    new = Button(msg(N_("New employer")), payload=NewWorkplace("new").pack())
    if not shown:
        text = msg(N_("No employers are recorded for your unit yet."))
        return ctx.reply(text, buttons=((new,),))
    lines = tuple(
        numbered(i, msg("{name}", name=own_words(w.name))) for i, w in enumerate(shown, 1)
    )
    numbers = [
        Button(Verbatim(str(i)), payload=OpenWorkplace(w.id).pack())
        for i, w in enumerate(shown, 1)
    ]
    body: list[Msg] = [msg(N_("Employers of your unit:\n{lines}"), lines=Lines(lines))]
    if len(found) > LISTED:
        body.append(nmsg("{n} more is not shown.", "{n} more are not shown.", len(found) - LISTED))
    return ctx.reply(*body, buttons=(*rows(numbers, 5), (new,)))


async def card(ctx: Ctx[RecruitmentPorts], workplace: Workplace) -> Outcome:
    """An employer's card, with its buttons."""
    ports = ctx.ports
    coach = await ports.people.get(workplace.coach_id)
    contacts = await ports.recruitment.contacts(workplace.id)
    invited = await ports.recruitment.invited(workplace.id, ctx.now)
    needs = [n for n in await ports.recruitment.assignments(workplace.id) if current(n, ctx.now)]
    counts = await ports.recruitment.contact_counts(
        workplace.id, ctx.now - timedelta(days=COUNTED_DAYS)
    )
    body: list[Msg] = [
        msg(
            N_("{name}\nOrganisation number {org}\n{address}\n{industry}, {size}"),
            name=own_words(workplace.name),
            org=workplace.org_number,
            address=own_words(workplace.address),
            industry=msg(INDUSTRIES.get(workplace.industry, N_("Other"))),
            size=msg(SIZES.get(workplace.size, N_("Other"))),
        ),
        msg(N_("Responsible coach: {name}"), name=Verbatim(coach.display_name if coach else "")),
        msg(N_("Contact persons: {names}"), names=names(contacts))
        if contacts
        else msg(N_("No contact person uses the bot yet.")),
    ]
    if invited:
        body.append(
            msg(N_("Invited, not joined yet: {names}"), names=Verbatim(", ".join(invited)))
        )
    if needs:
        lines = tuple(
            numbered(
                i,
                msg(
                    N_("{name}: {state}"),
                    name=own_words(n.occupation),
                    state=msg(STATUS_NAMES[n.status]),
                ),
            )
            for i, n in enumerate(needs, 1)
        )
        body.append(msg(N_("Needs:\n{lines}"), lines=Lines(lines)))
    tally = tuple(
        msg(N_("{channel}: {n}"), channel=msg(name), n=counts.get(channel, 0))
        for channel, name in CHANNEL_NAMES.items()
    )
    body.append(msg(N_("Contacts in the last 30 days:\n{lines}"), lines=Lines(tally)))
    logged = tuple(
        Button(msg(CHANNEL_NAMES[c]), payload=LogContact(workplace.id, c.value).pack())  # type: ignore[arg-type]
        for c in (Channel.VISIT, Channel.PHONE, Channel.EMAIL)
    )
    need_buttons = [
        Button(msg(N_("Need {number}"), number=i), payload=OpenNeed(n.id).pack())
        for i, n in enumerate(needs[:6], 1)
    ]
    buttons = (
        logged,
        *rows(need_buttons, 3),
        (Button(msg(N_("New need")), payload=NeedFor(workplace.id).pack()),),
        (Button(msg(N_("Add a contact person")), payload=AddContact(workplace.id, "ask").pack()),),
    )
    return ctx.reply(*body, buttons=buttons)


async def open_workplace(ctx: Ctx[RecruitmentPorts], payload: OpenWorkplace) -> Outcome:
    """Show an employer's card (the dispatcher checked the unit)."""
    found = await ctx.ports.recruitment.workplace(payload.workplace)
    return await card(ctx, found) if found else ctx.stale()


async def new_workplace(ctx: Ctx[RecruitmentPorts], payload: NewWorkplace) -> Outcome:
    """Start recording an employer: its name first."""
    text = msg(N_("The employer's name? For example: Bageriet Söder AB."))
    return ask(ctx, {"new": True}, text, State.NAME)


async def typed(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The typed details of a new employer: name, organisation number, address."""
    draft = draft_of(ctx)
    if not draft.get("new"):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    limit = ADDRESS_LIMIT if ctx.step == State.ADDRESS else NAME_LIMIT
    words, again = ctx.written(limit, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    if ctx.step == State.NAME:
        draft["name"] = words
        text = msg(
            N_("Its organisation number? Ten digits, like {example}."), example="556036-0793"
        )
        return ask(ctx, draft, text, State.ORG)
    if ctx.step == State.ORG:
        number = org_number(words)
        if number is None:
            text = msg(
                N_(
                    "That is not a valid organisation number: it has ten digits and the last "
                    "one is a check digit, like {example}. Please check it and write it again."
                ),
                example="556036-0793",
            )
            return ctx.reply(text)
        for other in await ctx.ports.recruitment.workplaces(ctx.person.unit_id):
            if other.org_number == number:
                text = msg(
                    N_("{name} has this organisation number already. Nothing new was saved."),
                    name=own_words(other.name),
                )
                button = Button(msg(N_("Open it")), payload=OpenWorkplace(other.id).pack())
                return Outcome(
                    messages=(ctx.say(text, buttons=((button,),)),), state=IDLE, data={}
                )
        draft["org"] = number
        return ask(ctx, draft, msg(N_("Its address (street and town)?")), State.ADDRESS)
    draft["address"] = words
    buttons = [
        Button(msg(INDUSTRIES[code]), payload=Industry(code).pack())
        for code in get_args(IndustryCode)
    ]
    return ask(ctx, draft, msg(N_("Which industry?")), State.CHOOSING, rows(buttons, 1))


async def industry(ctx: Ctx[RecruitmentPorts], payload: Industry) -> Outcome:
    """The industry is chosen: how big is the workplace?"""
    draft = draft_of(ctx)
    if "address" not in draft:
        return ctx.stale()
    draft["industry"] = payload.choice
    buttons = [Button(msg(SIZES[code]), payload=Size(code).pack()) for code in get_args(SizeCode)]
    return ask(ctx, draft, msg(N_("How many work there?")), State.CHOOSING, rows(buttons, 1))


async def size(ctx: Ctx[RecruitmentPorts], payload: Size) -> Outcome:
    """The size is chosen: save?"""
    draft = draft_of(ctx)
    if "industry" not in draft:
        return ctx.stale()
    draft["size"] = payload.choice
    text = msg(
        N_("Save this employer? You will be its responsible coach.\n{name}, {org}\n{address}"),
        name=own_words(str(draft["name"])),
        org=str(draft["org"]),
        address=own_words(str(draft["address"])),
    )
    buttons = (
        (
            Button(msg(N_("Save")), payload=SaveWorkplace("ok").pack()),
            Button(msg(N_("Cancel")), payload=SaveWorkplace("no").pack()),
        ),
    )
    return ask(ctx, draft, text, State.CHOOSING, buttons)


async def save(ctx: Ctx[RecruitmentPorts], payload: SaveWorkplace) -> Outcome:
    """Save the employer (the coach is responsible for it) and show its card."""
    draft = draft_of(ctx)
    if payload.answer == "no":
        return Outcome(
            messages=(ctx.say(msg(N_("Nothing was saved."))),),
            state=IDLE,
            data={},
            remove_buttons=True,
        )
    if not {"name", "org", "address", "industry", "size"} <= draft.keys():
        return ctx.stale()
    made = await ctx.ports.recruitment.add_workplace(
        Workplace(
            id=0,
            unit_id=ctx.person.unit_id,
            name=str(draft["name"]),
            org_number=str(draft["org"]),
            address=str(draft["address"]),
            industry=str(draft["industry"]),
            size=str(draft["size"]),
            coach_id=ctx.person.id,
            created_at=ctx.now,
        )
    )
    shown = await card(ctx, made)
    return Outcome(messages=shown.messages, state=IDLE, data={}, remove_buttons=True)


async def log_contact(ctx: Ctx[RecruitmentPorts], payload: LogContact) -> Outcome:
    """One tap logs a visit, a call or an e-mail today, with a button to take it back."""
    workplace = await ctx.ports.recruitment.workplace(payload.workplace)
    channel = Channel(payload.channel)
    entry = await ctx.ports.recruitment.log_contact(
        payload.workplace, channel, ctx.person.id, ctx.now
    )
    if workplace is None or entry is None:
        return ctx.stale()
    text = msg(
        N_("Logged: {channel}, {name}, {day}."),
        channel=msg(CHANNEL_NAMES[channel]),
        name=own_words(workplace.name),
        day=await today(ctx),
    )
    undo = Button(msg(N_("Undo")), payload=UndoContact(workplace.id, entry.id).pack())
    return Outcome(messages=(ctx.say(text, buttons=((undo,),)),), toast=text)


async def undo_contact(ctx: Ctx[RecruitmentPorts], payload: UndoContact) -> Outcome:
    """Take back a contact the coach logged by mistake (only their own, only once)."""
    gone = await ctx.ports.recruitment.delete_contact(
        payload.entry, payload.workplace, ctx.person.id
    )
    if gone is None:
        return ctx.stale()
    text = msg(N_("Taken back: {channel}."), channel=msg(CHANNEL_NAMES[gone.channel]))
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)


async def add_contact(ctx: Ctx[RecruitmentPorts], payload: AddContact) -> Outcome:
    """Add a contact person: one of the unit's employer contacts, or a new one (invited)."""
    workplace = await ctx.ports.recruitment.workplace(payload.workplace)
    if workplace is None:
        return ctx.stale()
    free = [
        p
        for p in await ctx.ports.placements.employers(ctx.person.unit_id)
        if await ctx.ports.recruitment.workplace_of(p.id) is None
    ]
    if payload.choice == "ask":
        buttons = [
            (Button(Verbatim(p.display_name), payload=AddContact(workplace.id, str(p.id)).pack()),)
            for p in free[:10]
        ]
        buttons.append(
            (
                Button(
                    msg(N_("A new contact person")), payload=AddContact(workplace.id, "new").pack()
                ),
            )
        )
        text = msg(N_("Who speaks for {name}?"), name=own_words(workplace.name))
        return ctx.reply(text, buttons=tuple(buttons))
    if payload.choice == "new":
        text = msg(N_("The contact person's name? They get an invite to the bot from you."))
        return ask(ctx, {"workplace": workplace.id}, text, State.CONTACT)
    pid = as_id(payload.choice)
    chosen = next((p for p in free if p.id == pid), None)
    if chosen is None:
        return ctx.stale()
    await ctx.ports.recruitment.add_contact(workplace.id, chosen.display_name, chosen.id, None)
    text = msg(
        N_("{person} now speaks for {name}."),
        person=Verbatim(chosen.display_name),
        name=own_words(workplace.name),
    )
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)


async def contact_name(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """A new contact person's name: store them as invited, and give the coach the invite."""
    raw = draft_of(ctx).get("workplace")
    workplace = await ctx.ports.recruitment.workplace(raw) if isinstance(raw, int) else None
    if workplace is None or not await ctx.ports.access.can_use_workplace(ctx.person, workplace.id):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    words, again = ctx.written(NAME_LIMIT, msg(N_("Please write it, or /cancel.")))
    if again is not None:
        return again
    made = await invite_employer(
        ctx.ports.invites, ctx.ports.people, ctx.cfg, ctx.person, words, ctx.now
    )
    await ctx.ports.recruitment.add_contact(workplace.id, words, None, made.invite.id)
    text = msg(
        N_(
            "Saved. Send this invite to {contact} (it works once, until {expires}); with one "
            "tap they reach the bot and can state their needs:\n{link}"
        ),
        contact=Verbatim(words),
        expires=made.invite.expires_at,
        link=made.link,
    )
    sent = Say(
        ctx.actor.chat_id, ctx.locale, (text,), printable=made.sheet, retention=Retention.SECRET
    )
    return Outcome(messages=(sent,), state=IDLE, data={})


async def left(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """Another command before the last answer: nothing was saved, and the person is told."""
    if ctx.step in (State.WHEN, State.HIRE_START):
        return ctx.reply(msg(N_("Nothing was sent.")))
    return ctx.reply(msg(N_("Nothing was saved.")))


__all__ = ["DRAFT"]
