"""Candidates: the coach sees the caseload ranked for a need with the reasons, picks one and
the CV to send, and the participant is asked first. Only their yes sends the CV (the CV2) to
the employer's contact persons; a no is never shown to the employer."""

from __future__ import annotations

from typing import Any

from flows.cv.overview import file_base, latest_first
from flows.cv_model import CvRecord
from flows.model import Person
from flows.output import Button, CvSheet, Outcome, Say, rows
from flows.path_model import PathStatus
from flows.placement_model import HIRED
from flows.recruitment.common import need_text
from flows.recruitment.common import today as local_today
from flows.recruitment.matching import Fit, Prospect, ranked, unreadable
from flows.recruitment.payloads import (
    Candidate,
    Consent,
    FindCandidates,
    Present,
    Suggest,
    Verdict,
)
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    OPEN_STATUSES,
    PITCH_NAMES,
    Assignment,
    Pitch,
    Presentation,
    Status,
    Workplace,
)
from flows.routes import Ctx, Subject
from flows.text import N_, Lines, Msg, Verbatim, msg, nmsg, numbered, own_words

SHOWN_FITS = 10


async def candidate_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """A candidate button concerns the participant and the need's workplace."""
    need = await ports.recruitment.assignment(payload.assignment)
    if need is None:
        return None
    return Subject(participant_id=payload.participant, workplace_id=need.workplace_id)


async def consent_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """The participant's answer concerns themself."""
    found = await ports.recruitment.presentation(payload.presentation)
    return Subject(participant_id=found.participant_id) if found else None


async def _need(
    ports: RecruitmentPorts, assignment_id: int
) -> tuple[Assignment, Workplace] | None:
    need = await ports.recruitment.assignment(assignment_id)
    workplace = await ports.recruitment.workplace(need.workplace_id) if need else None
    return (need, workplace) if need is not None and workplace is not None else None


async def unit_wide(ports: RecruitmentPorts, unit_id: int) -> bool:
    """Whether the unit lets its coaches match the whole unit's participants."""
    return (await ports.people.unit(unit_id)).settings.get("match_unit_wide") is True


async def _prospects(ctx: Ctx[RecruitmentPorts], need: Assignment) -> list[Prospect]:
    """What matching reads about each participant of the coach's caseload (or, when the
    unit allows it, of the whole unit, each with their coach)."""
    pitched = {
        p.participant_id: p.state for p in await ctx.ports.recruitment.presentations(need.id)
    }
    today = await local_today(ctx)
    found = []
    own = await ctx.ports.people.caseload(ctx.person.id)
    mine = {p.id for p in own}
    people = own
    if await unit_wide(ctx.ports, ctx.person.unit_id):
        people = await ctx.ports.people.unit_participants(ctx.person.unit_id)
    for person in people:
        path = await ctx.ports.paths.path(person.id)
        if path is not None and path.status is PathStatus.EXITED:
            continue
        master = await ctx.ports.cvs.master(person.id)
        busy = [p for p in await ctx.ports.placements.of_participant(person.id) if p.active]
        found.append(
            Prospect(
                person=person,
                cv=master.cv if master else None,
                busy_at=busy[0].workplace if busy else "",
                employed=any(p.kind in HIRED or p.hired_on is not None for p in busy),
                on_break=await ctx.ports.people.on_break(person.id, today),
                pitch=pitched.get(person.id),
                coach=None if person.id in mine else await ctx.ports.people.coach_of(person.id),
            )
        )
    return found


def _line(number: int, fit: Fit) -> Msg:
    parts: list[Msg] = [*fit.reasons, *fit.gaps]
    if fit.prospect.pitch is not None:
        parts.insert(
            0, msg(N_("already a candidate: {state}"), state=msg(PITCH_NAMES[fit.prospect.pitch]))
        )
    if not parts:
        parts.append(msg(N_("nothing in the CV matches yet")))
    if fit.prospect.coach is not None:
        parts.insert(0, msg(N_("coach: {coach}"), coach=fit.prospect.coach.display_name))
    return numbered(
        number,
        msg(
            N_("{name}:\n{reasons}"),
            name=fit.prospect.person.display_name,
            reasons=Lines(tuple(parts)),
        ),
    )


async def find(ctx: Ctx[RecruitmentPorts], payload: FindCandidates) -> Outcome:
    """The coach's caseload ranked for the need, with reasons; buttons for those who can be
    asked (a CV, not a candidate yet)."""
    found = await _need(ctx.ports, payload.assignment)
    if found is None:
        return ctx.stale()
    need, workplace = found
    if need.status not in OPEN_STATUSES:
        return ctx.reply(msg(N_("This need is no longer open.")))
    fits = ranked(need, await _prospects(ctx, need))
    if not fits:
        return ctx.reply(msg(N_("There is nobody in your caseload.")))
    shown = fits[:SHOWN_FITS]
    for fit in shown:
        if fit.prospect.coach is not None:
            # Another coach's participant, read because the unit allows it: logged as a read.
            await ctx.ports.access.log_read(ctx.person, fit.prospect.person.id, "match", ctx.now)
    lines = tuple(_line(i, f) for i, f in enumerate(shown, 1))
    numbers = [
        Button(
            Verbatim(str(i)),
            payload=(Candidate if f.prospect.coach is None else Suggest)(
                need.id, f.prospect.person.id
            ).pack(),
        )
        for i, f in enumerate(shown, 1)
        if f.prospect.cv is not None and f.prospect.pitch is None
    ]
    body: list[Msg] = [
        msg(
            N_("Your unit's participants for {role} at {workplace}, the best fit first:")
            if any(f.prospect.coach is not None for f in fits)
            else N_("Your caseload for {role} at {workplace}, the best fit first:"),
            role=own_words(need.occupation),
            workplace=own_words(workplace.name),
        ),
        msg("{lines}", lines=Lines(lines)),
    ]
    if len(fits) > SHOWN_FITS:
        body.append(
            nmsg("{n} more is not shown.", "{n} more are not shown.", len(fits) - SHOWN_FITS)
        )
    if numbers:
        body.append(msg(N_("Press a number to ask that person whether their CV may go.")))
        if any(f.prospect.coach is not None for f in shown):
            body.append(msg(N_("For another coach's participant, their coach is asked first.")))
    return ctx.reply(*body, buttons=rows(numbers, 5))


async def suggest(ctx: Ctx[RecruitmentPorts], payload: Suggest) -> Outcome:
    """Another coach's participant: their coach gets the suggestion, with the button to ask
    them (only their coach may present them)."""
    found = await _need(ctx.ports, payload.assignment)
    person = await ctx.ports.people.get(payload.participant)
    coach = await ctx.ports.people.coach_of(payload.participant) if person else None
    if (
        found is None
        or person is None
        or coach is None
        or person.unit_id != ctx.person.unit_id
        or not await unit_wide(ctx.ports, ctx.person.unit_id)
    ):
        return ctx.stale()
    need, workplace = found
    if coach.id == ctx.person.id:
        return ctx.stale()  # their own participant has a Candidate button instead
    text = msg(
        N_("{coach} suggests {name} for {role} at {workplace}."),
        coach=ctx.person.display_name,
        name=person.display_name,
        role=own_words(need.occupation),
        workplace=own_words(workplace.name),
    )
    ask_button = Button(msg(N_("Ask them")), payload=Candidate(need.id, person.id).pack())
    told = msg(N_("Suggested to {coach}."), coach=coach.display_name)
    sent = (
        [
            Say(
                coach.chat_id,
                coach.locale,
                (text, need_text(need, workplace)),
                buttons=((ask_button,),),
            )
        ]
        if coach.chat_id
        else []
    )
    return Outcome(messages=(ctx.say(told), *sent))


async def candidate(ctx: Ctx[RecruitmentPorts], payload: Candidate) -> Outcome:
    """Which CV would go: the participant's own, or a copy made for one job."""
    found = await _need(ctx.ports, payload.assignment)
    person = await ctx.ports.people.get(payload.participant)
    master = await ctx.ports.cvs.master(payload.participant)
    if found is None or person is None or master is None:
        return ctx.stale()
    need, workplace = found
    copies = await ctx.ports.cvs.copies(person.id)
    buttons = [(Button(msg(N_("Own CV")), payload=Present(need.id, person.id, master.id).pack()),)]
    buttons.extend(
        (Button(Verbatim(c.label), payload=Present(need.id, person.id, c.id).pack()),)
        for c in copies[:8]
    )
    text = msg(
        N_("Which CV of {name} would go to {workplace}? {name} is asked first."),
        name=person.display_name,
        workplace=own_words(workplace.name),
    )
    contacts = await ctx.ports.recruitment.contacts(workplace.id)
    if unreadable(master.cv, contacts[0].locale if contacts else "sv"):
        warning = msg(
            N_(
                "The CV has words in an alphabet {workplace} may not read: a copy in Swedish "
                "first?"
            ),
            workplace=own_words(workplace.name),
        )
        return ctx.reply(text, warning, buttons=tuple(buttons))
    return ctx.reply(text, buttons=tuple(buttons))


async def _cv(ctx: Ctx[RecruitmentPorts], cv_id: int, participant_id: int) -> CvRecord | None:
    record = await ctx.ports.cvs.get(cv_id)
    return record if record is not None and record.participant_id == participant_id else None


async def present(ctx: Ctx[RecruitmentPorts], payload: Present) -> Outcome:
    """Ask the participant, in their language, whether this CV may go to the employer."""
    found = await _need(ctx.ports, payload.assignment)
    person = await ctx.ports.people.get(payload.participant)
    record = await _cv(ctx, payload.cv, payload.participant)
    if found is None or person is None or record is None:
        return ctx.stale()
    need, workplace = found
    if need.status not in OPEN_STATUSES:
        return ctx.reply(msg(N_("This need is no longer open.")))
    if not await ctx.ports.recruitment.contacts(workplace.id):
        return ctx.reply(
            msg(
                N_("Nobody at {workplace} uses the bot yet: add a contact person first."),
                workplace=own_words(workplace.name),
            )
        )
    made = await ctx.ports.recruitment.add_presentation(
        Presentation(0, need.id, person.id, ctx.person.id, record.id, ctx.now)
    )
    if made is None:
        return ctx.reply(
            msg(N_("{name} is a candidate for this need already."), name=person.display_name)
        )
    messages = [
        ctx.say(
            msg(N_("{name} is asked now. You will hear the answer."), name=person.display_name)
        )
    ]
    if person.chat_id is not None:
        messages.append(_consent_question(person, ctx.person, made, need, workplace))
    return Outcome(messages=tuple(messages), remove_buttons=True)


def _consent_question(
    person: Person,
    coach: Person,
    made: Presentation,
    need: Assignment,
    workplace: Workplace,
) -> Say:
    text = msg(
        N_(
            "{coach} would like to present you to {workplace} for this job. If you say yes, "
            "{workplace} gets your CV here in the chat and may invite you to an interview. "
            "Nothing is sent without your yes."
        ),
        coach=coach.display_name,
        workplace=own_words(workplace.name),
    )
    buttons = (
        (
            Button(msg(N_("Yes, present me")), payload=Consent(made.id, "yes").pack()),
            Button(msg(N_("No, thank you")), payload=Consent(made.id, "no").pack()),
        ),
        (Button(msg(N_("See what they get")), payload=Consent(made.id, "see").pack()),),
    )
    return Say(
        person.chat_id or 0, person.locale, (text, need_text(need, workplace)), buttons=buttons
    )


def _sheet(record: CvRecord, person: Person, locale: str) -> CvSheet:
    """The CV2 as the employer gets it: a copy as its owner ordered it, the master with the
    latest first; headings in the employer's language, the participant's words unchanged."""
    cv = record.cv if record.label else latest_first(record.cv)
    return CvSheet(cv, locale, "pdf", f"{file_base(person.display_name)}.pdf")


async def consent(ctx: Ctx[RecruitmentPorts], payload: Consent) -> Outcome:
    """The participant's answer: yes sends the CV to the employer, no tells only the coach."""
    made = await ctx.ports.recruitment.presentation(payload.presentation)
    found = await _need(ctx.ports, made.assignment_id) if made else None
    record = await _cv(ctx, made.cv_id, made.participant_id) if made else None
    if made is None or found is None or record is None or made.participant_id != ctx.person.id:
        return ctx.stale()
    need, workplace = found
    contacts = await ctx.ports.recruitment.contacts(workplace.id)
    if payload.answer == "see":
        locale = contacts[0].locale if contacts else "sv"
        text = msg(
            N_("This is the CV {workplace} would get."), workplace=own_words(workplace.name)
        )
        shown = Say(
            ctx.actor.chat_id, ctx.locale, (text,), printable=_sheet(record, ctx.person, locale)
        )
        return Outcome(messages=(shown,))
    if made.state is not Pitch.ASKED:
        return ctx.stale()
    if need.status not in OPEN_STATUSES:
        text = msg(N_("This need is no longer open."))
        return Outcome(messages=(ctx.say(text),), remove_buttons=True)
    # The participant's coach of the day hears the answer (a hand-over moves the candidacy).
    coach = await ctx.ports.people.coach_of(ctx.person.id) or await ctx.ports.people.get(
        made.coach_id
    )
    answer = Pitch.DECLINED if payload.answer == "no" else Pitch.SENT
    # Only the question still open counts: a double tap or an old button changes nothing.
    if not await ctx.ports.recruitment.advance(
        made.id, frozenset({Pitch.ASKED}), state=answer, answered_at=ctx.now
    ):
        return ctx.stale()
    where, role = own_words(workplace.name), own_words(need.occupation)
    if answer is Pitch.DECLINED:
        told = msg(N_("All right. {workplace} hears nothing about you."), workplace=where)
        news = msg(
            N_("{name} does not want to be presented to {workplace} ({role})."),
            name=ctx.person.display_name,
            workplace=where,
            role=role,
        )
        sent: list[Say] = []
    else:
        told = msg(
            N_("Thank you. Your CV went to {workplace}. I will tell you what they answer."),
            workplace=where,
        )
        news = msg(
            N_("{name} said yes: the CV went to {workplace} ({role})."),
            name=ctx.person.display_name,
            workplace=where,
            role=role,
        )
        if need.status is Status.OPEN:
            await ctx.ports.recruitment.set_assignment(
                need.id, status=Status.PRESENTED, presented_at=ctx.now
            )
        sent = _to_employer(made, need, record, ctx.person, coach, contacts)
    to_coach = [Say(coach.chat_id, coach.locale, (news,))] if coach and coach.chat_id else []
    messages = [ctx.say(told), *sent, *to_coach]
    return Outcome(messages=tuple(messages), remove_buttons=True)


def _to_employer(
    made: Presentation,
    need: Assignment,
    record: CvRecord,
    person: Person,
    coach: Person | None,
    contacts: list[Person],
) -> list[Say]:
    """The candidate for the employer's contact persons: the one-tap answers, then the CV."""
    verdict = (
        Button(msg(N_("Interview")), payload=Verdict(made.id, "interview").pack()),
        Button(msg(N_("Not now")), payload=Verdict(made.id, "not_now").pack()),
        Button(msg(N_("Hire")), payload=Verdict(made.id, "hire").pack()),
    )
    text = msg(
        N_(
            "{coach} presents a candidate for {role}: {name}. The CV is attached. What would "
            "you like?"
        ),
        coach=Verbatim(coach.display_name if coach else ""),
        role=own_words(need.occupation),
        name=person.display_name,
    )
    return [
        Say(
            c.chat_id,
            c.locale,
            (text,),
            buttons=(verdict,),
            printable=_sheet(record, person, c.locale),
        )
        for c in contacts
        if c.chat_id is not None
    ]
