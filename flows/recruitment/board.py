"""Needs as lists and cards: `/needs` for a coach (the unit's open needs) and for an employer
(their own, with their named coach), a need's card with its status dates and the candidates
the reader may see, and closing a need without a hire."""

from __future__ import annotations

from flows.model import Role
from flows.output import Button, Outcome, Say, rows
from flows.recruitment import needs
from flows.recruitment.common import current, need_text, status_line, wind_down
from flows.recruitment.payloads import (
    CloseNeed,
    FindCandidates,
    OpenNeed,
)
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    OPEN_STATUSES,
    PITCH_NAMES,
    SHOWN,
    STATUS_NAMES,
    Pitch,
    Status,
)
from flows.routes import Ctx
from flows.text import N_, Lines, Msg, Verbatim, msg, nmsg, own_words

LISTED = 20


async def listing(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """/needs: a coach sees the unit's open needs; an employer their own, with their coach."""
    if ctx.person.role is Role.EMPLOYER:
        workplace = await ctx.ports.recruitment.workplace_of(ctx.person.id)
        if workplace is None:
            return await needs.start(ctx)
        pairs = [(n, workplace) for n in await ctx.ports.recruitment.assignments(workplace.id)]
        coach = await ctx.ports.people.get(workplace.coach_id)
        head = msg(
            N_("Your contact at the job centre: {coach}."),
            coach=Verbatim(coach.display_name if coach else ""),
        )
    else:
        pairs = []
        for workplace in await ctx.ports.recruitment.workplaces(ctx.person.unit_id):
            pairs.extend(
                (n, workplace)
                for n in await ctx.ports.recruitment.assignments(workplace.id)
                if current(n, ctx.now)
            )
        head = msg(N_("Needs of your unit's employers, open or ended in the last 30 days:"))
    if not pairs:
        return ctx.reply(
            head,
            msg(N_("No needs yet. Use /need to state one."))
            if ctx.person.role is Role.EMPLOYER
            else msg(N_("No open needs.")),
        )
    shown = pairs[:LISTED]
    lines = tuple(status_line(i, n, w) for i, (n, w) in enumerate(shown, 1))
    numbers = [
        Button(Verbatim(str(i)), payload=OpenNeed(n.id).pack())
        for i, (n, _) in enumerate(shown, 1)
    ]
    return ctx.reply(head, msg("{lines}", lines=Lines(lines)), buttons=rows(numbers, 5))


async def open_need(ctx: Ctx[RecruitmentPorts], payload: OpenNeed) -> Outcome:
    """A need's card: what, status with dates, and the candidates this person may see."""
    need = await ctx.ports.recruitment.assignment(payload.assignment)
    workplace = await ctx.ports.recruitment.workplace(need.workplace_id) if need else None
    if need is None or workplace is None:
        return ctx.stale()
    dates = [
        (Status.OPEN, need.created_at),
        (Status.PRESENTED, need.presented_at),
        (Status.INTERVIEWING, need.interviewing_at),
        (Status.FILLED, need.filled_at),
        (Status.CLOSED, need.closed_at),
    ]
    history = tuple(
        msg(N_("{status}: {day}"), status=msg(STATUS_NAMES[s]), day=at.date())
        for s, at in dates
        if at is not None
    )
    body: list[Msg] = [
        need_text(need, workplace),
        msg(N_("Status:\n{lines}"), lines=Lines(history)),
    ]
    lines = []
    for p in await ctx.ports.recruitment.presentations(need.id):
        visible = (
            p.state in SHOWN
            if ctx.person.role is Role.EMPLOYER
            else await ctx.ports.access.can_see(ctx.person, p.participant_id)
        )
        person = await ctx.ports.people.get(p.participant_id) if visible else None
        if person is not None:
            lines.append(
                msg(
                    N_("{name}: {state}"),
                    name=person.display_name,
                    state=msg(PITCH_NAMES[p.state]),
                )
            )
    if lines:
        body.append(msg(N_("Candidates:\n{lines}"), lines=Lines(tuple(lines))))
    buttons: tuple[tuple[Button, ...], ...] = ()
    if ctx.person.role is Role.COACH and need.status in OPEN_STATUSES:
        buttons = (
            (Button(msg(N_("Find candidates")), payload=FindCandidates(need.id).pack()),),
            (Button(msg(N_("Close without a hire")), payload=CloseNeed(need.id, "ask").pack()),),
        )
    return ctx.reply(*body, buttons=buttons)


async def close(ctx: Ctx[RecruitmentPorts], payload: CloseNeed) -> Outcome:
    """Close a need without a hire, after a confirmation; its contact persons are told, and
    so is every candidate still waiting (their interview reminders are withdrawn)."""
    need = await ctx.ports.recruitment.assignment(payload.assignment)
    workplace = await ctx.ports.recruitment.workplace(need.workplace_id) if need else None
    if need is None or workplace is None or need.status not in OPEN_STATUSES:
        return ctx.stale()
    if payload.answer == "ask":
        text = msg(N_("Close this need without a hire?"))
        waiting = [
            p
            for p in await ctx.ports.recruitment.presentations(need.id)
            if p.state in (Pitch.ASKED, Pitch.SENT, Pitch.INTERVIEW)
        ]
        body = [text, need_text(need, workplace)]
        if waiting:
            body.append(
                nmsg(
                    "{n} candidate is still waiting and will be told.",
                    "{n} candidates are still waiting and will be told.",
                    len(waiting),
                )
            )
        yes = Button(msg(N_("Yes, close it")), payload=CloseNeed(need.id, "yes").pack())
        return ctx.reply(*body, buttons=((yes,),))
    await ctx.ports.recruitment.set_assignment(need.id, status=Status.CLOSED, closed_at=ctx.now)
    messages = [ctx.say(msg(N_("Closed.")))]
    for contact in await ctx.ports.recruitment.contacts(workplace.id):
        if contact.chat_id is not None:
            text = msg(
                N_("{coach} closed your need without a hire: {role}."),
                coach=ctx.person.display_name,
                role=own_words(need.occupation),
            )
            messages.append(Say(contact.chat_id, contact.locale, (text,)))
    told, drops = await wind_down(ctx.ports, need, workplace)
    return Outcome(messages=(*messages, *told), remove_buttons=True, drop_pending=tuple(drops))
