"""The employer's one-tap answers about a presented candidate: an interview (its time typed
once, reaching the participant and the coach, with reminders to both sides), not now, or a
hire that starts a placement or an employment with its follow-up plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, get_args
from zoneinfo import ZoneInfo

from flows.dates import typed_day, typed_moment
from flows.model import Person
from flows.output import Button, Outcome, Say
from flows.placement_model import KIND_NAMES, Placement, PlacementKind
from flows.placements.followup import sync
from flows.placements.plan import after
from flows.recruitment.common import State, ask, count_chat, draft_of
from flows.recruitment.payloads import HireAs, HireFrom, HireKind, TimeSuits, Verdict
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment_model import (
    SHOWN,
    Assignment,
    Pitch,
    Presentation,
    Status,
    Workplace,
)
from flows.routes import IDLE, Ctx, Subject
from flows.text import N_, Msg, Verbatim, msg, own_words

FURTHEST = timedelta(days=90)
REMINDERS = (timedelta(hours=24), timedelta(hours=2))
# How long each kind of hire runs before the coach decides again (an employment: open-ended).
PLANNED_END = {PlacementKind.PLACEMENT: "3m", PlacementKind.TRIAL: "6m"}


async def verdict_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """An employer's answer concerns the presented participant and the need's workplace; a
    candidate whose CV never reached them (no consent) is nothing to answer about."""
    made = await ports.recruitment.presentation(payload.presentation)
    need = await ports.recruitment.assignment(made.assignment_id) if made else None
    if made is None or need is None or made.state not in SHOWN:
        return None
    return Subject(participant_id=made.participant_id, workplace_id=need.workplace_id)


async def consent_subject(payload: Any, ports: RecruitmentPorts) -> Subject | None:
    """The participant's answer to a time concerns themself."""
    made = await ports.recruitment.presentation(payload.presentation)
    return Subject(participant_id=made.participant_id) if made else None


class _Case:
    """One presentation with its need, workplace, participant and coach."""

    def __init__(
        self,
        made: Presentation,
        need: Assignment,
        workplace: Workplace,
        person: Person,
        coach: Person | None,
    ) -> None:
        self.made, self.need, self.workplace, self.person, self.coach = (
            made,
            need,
            workplace,
            person,
            coach,
        )

    def to_coach(self, text: Msg) -> list[Say]:
        coach = self.coach
        return [Say(coach.chat_id, coach.locale, (text,))] if coach and coach.chat_id else []

    def to_person(self, text: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> list[Say]:
        p = self.person
        return [Say(p.chat_id, p.locale, (text,), buttons=buttons)] if p.chat_id else []


async def _case(ports: RecruitmentPorts, presentation_id: int) -> _Case | None:
    made = await ports.recruitment.presentation(presentation_id)
    need = await ports.recruitment.assignment(made.assignment_id) if made else None
    workplace = await ports.recruitment.workplace(need.workplace_id) if need else None
    person = await ports.people.get(made.participant_id) if made else None
    if made is None or need is None or workplace is None or person is None:
        return None
    # The participant's coach of the day follows the candidate (a hand-over moves it).
    coach = await ports.people.coach_of(person.id) or await ports.people.get(made.coach_id)
    return _Case(made, need, workplace, person, coach)


async def _still_theirs(ctx: Ctx[RecruitmentPorts], case: _Case) -> bool:
    """Check again, for a typed answer: the person still speaks for the workplace."""
    return case.made.state in SHOWN and await ctx.ports.access.can_use_workplace(
        ctx.person, case.workplace.id
    )


async def verdict(ctx: Ctx[RecruitmentPorts], payload: Verdict) -> Outcome:
    """Interview (the time comes next), not now, or hire (how and from when come next)."""
    case = await _case(ctx.ports, payload.presentation)
    if case is None or case.made.state is Pitch.HIRED:
        return ctx.stale()
    await count_chat(ctx, case.workplace.id)
    draft = {"p": case.made.id}
    if payload.answer == "interview":
        text = msg(
            N_("When can {name} come to an interview? Write the day and time, like {example}."),
            name=case.person.display_name,
            example="18/12 10:00",
        )
        return ask(ctx, draft, text, State.WHEN)
    if payload.answer == "hire":
        buttons = tuple(
            (
                Button(
                    msg(KIND_NAMES[PlacementKind(kind)]), payload=HireAs(case.made.id, kind).pack()
                ),
            )
            for kind in get_args(HireKind)
        )
        text = msg(N_("How does {name} start?"), name=case.person.display_name)
        return ask(ctx, draft, text, State.CHOOSING, buttons)
    if case.made.state is Pitch.NOT_NOW:
        return ctx.stale()
    await ctx.ports.recruitment.set_presentation(
        case.made.id, state=Pitch.NOT_NOW, verdict_at=ctx.now
    )
    messages = [
        ctx.say(
            msg(N_("Thank you. {name} and the coach are told."), name=case.person.display_name)
        ),
        *case.to_person(
            msg(
                N_(
                    "{workplace} does not go further with you this time. Your coach helps you "
                    "look on."
                ),
                workplace=own_words(case.workplace.name),
            )
        ),
        *case.to_coach(
            msg(
                N_("{workplace} answered “not now” about {name} ({role})."),
                workplace=own_words(case.workplace.name),
                name=case.person.display_name,
                role=own_words(case.need.occupation),
            )
        ),
    ]
    return Outcome(messages=tuple(messages), remove_buttons=True)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y%m%d%H%M")


def _reminders(case: _Case, at: datetime, now: datetime, employers: list[Person]) -> list[Say]:
    """Reminders to the participant and the employer's contact persons, 24 and 2 hours ahead."""
    found = []
    for lead in REMINDERS:
        due = at - lead
        if due <= now:
            continue
        hours = int(lead.total_seconds() // 3600)
        key = f"iv{case.made.id}:{_stamp(at)}:{hours}"
        if case.person.chat_id:
            text = msg(
                N_("Reminder: your interview with {workplace} is {when}, at {address}."),
                workplace=own_words(case.workplace.name),
                when=at,
                address=own_words(case.workplace.address),
            )
            found.append(
                Say(
                    case.person.chat_id,
                    case.person.locale,
                    (text,),
                    key=f"{key}:p",
                    due_at=due,
                    expires_at=at,
                )
            )
        for contact in employers:
            if contact.chat_id:
                text = msg(
                    N_("Reminder: the interview with {name} ({role}) is {when}."),
                    name=case.person.display_name,
                    role=own_words(case.need.occupation),
                    when=at,
                )
                found.append(
                    Say(
                        contact.chat_id,
                        contact.locale,
                        (text,),
                        key=f"{key}:e{contact.id}",
                        due_at=due,
                        expires_at=at,
                    )
                )
    return found


async def when(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The interview's day and time: to the participant (who answers), the coach, and
    reminders to both sides; an earlier time's reminders are withdrawn."""
    raw = draft_of(ctx).get("p")
    case = await _case(ctx.ports, raw) if isinstance(raw, int) else None
    if case is None or not await _still_theirs(ctx, case) or case.made.state is Pitch.HIRED:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    unit = await ctx.ports.people.unit(case.need.unit_id)
    zone = ZoneInfo(unit.timezone)
    today = ctx.now.astimezone(zone).date()
    typed = typed_moment(ctx.event.text, today)
    if typed is None:
        return ctx.reply(
            msg(N_("Please write the day and the time, like {example}."), example="18/12 10:00")
        )
    at = datetime.combine(typed[0], typed[1], tzinfo=zone).astimezone(UTC)
    if at <= ctx.now:
        return ctx.reply(msg(N_("That time has passed. Which day and time?")))
    if at > ctx.now + FURTHEST:
        return ctx.reply(msg(N_("Please choose a time within three months.")))
    before = case.made.interview_at
    await ctx.ports.recruitment.set_presentation(
        case.made.id, state=Pitch.INTERVIEW, verdict_at=ctx.now, interview_at=at, interview_ok=None
    )
    if case.need.status in (Status.OPEN, Status.PRESENTED):
        await ctx.ports.recruitment.set_assignment(
            case.need.id, status=Status.INTERVIEWING, interviewing_at=ctx.now
        )
    await count_chat(ctx, case.workplace.id)
    employers = await ctx.ports.recruitment.contacts(case.workplace.id)
    answer = (
        (
            Button(msg(N_("Yes, I will come")), payload=TimeSuits(case.made.id, "yes").pack()),
            Button(
                msg(N_("The time does not suit me")), payload=TimeSuits(case.made.id, "no").pack()
            ),
        ),
    )
    messages = [
        ctx.say(
            msg(
                N_(
                    "Sent to {name}: the interview is {when}. I will tell you the answer and "
                    "remind you both."
                ),
                name=case.person.display_name,
                when=at,
            )
        ),
        *case.to_person(
            msg(
                N_(
                    "{workplace} invites you to an interview for the job {role}: {when}, at "
                    "{address}. Can you come?"
                ),
                workplace=own_words(case.workplace.name),
                role=own_words(case.need.occupation),
                when=at,
                address=own_words(case.workplace.address),
            ),
            answer,
        ),
        *case.to_coach(
            msg(
                N_("{workplace} invites {name} to an interview ({role}): {when}."),
                workplace=own_words(case.workplace.name),
                name=case.person.display_name,
                role=own_words(case.need.occupation),
                when=at,
            )
        ),
        *_reminders(case, at, ctx.now, employers),
    ]
    dropped = (f"iv{case.made.id}:{_stamp(before)}:",) if before and before != at else ()
    return Outcome(messages=tuple(messages), state=IDLE, data={}, drop_pending=dropped)


async def time_suits(ctx: Ctx[RecruitmentPorts], payload: TimeSuits) -> Outcome:
    """The participant confirms the time, or says it does not suit (the employer may offer
    another with the same button)."""
    case = await _case(ctx.ports, payload.presentation)
    if case is None or case.person.id != ctx.person.id:
        return ctx.stale()
    at = case.made.interview_at
    if case.made.state is not Pitch.INTERVIEW or at is None or at <= ctx.now:
        return ctx.stale()
    ok = payload.answer == "yes"
    await ctx.ports.recruitment.set_presentation(case.made.id, interview_ok=ok)
    employers = await ctx.ports.recruitment.contacts(case.workplace.id)
    if ok:
        told = msg(N_("Good luck! I will remind you before it."))
        news = msg(
            N_("{name} will come to the interview {when}."), name=case.person.display_name, when=at
        )
        buttons: tuple[tuple[Button, ...], ...] = ()
        dropped: tuple[str, ...] = ()
    else:
        told = msg(
            N_("{workplace} and your coach are told; they will look for another time."),
            workplace=own_words(case.workplace.name),
        )
        news = msg(
            N_("{name} cannot come {when}. Press Interview to offer another time."),
            name=case.person.display_name,
            when=at,
        )
        buttons = (
            (Button(msg(N_("Interview")), payload=Verdict(case.made.id, "interview").pack()),),
        )
        dropped = (f"iv{case.made.id}:{_stamp(at)}:",)
    messages = [ctx.say(told)]
    messages.extend(
        Say(e.chat_id, e.locale, (news,), buttons=buttons) for e in employers if e.chat_id
    )
    messages.extend(case.to_coach(news))
    return Outcome(messages=tuple(messages), remove_buttons=True, drop_pending=dropped)


async def hire_as(ctx: Ctx[RecruitmentPorts], payload: HireAs) -> Outcome:
    """How the hire starts is chosen: from when?"""
    draft = draft_of(ctx)
    case = await _case(ctx.ports, payload.presentation)
    if case is None or draft.get("p") != case.made.id or case.made.state is Pitch.HIRED:
        return ctx.stale()
    draft["kind"] = payload.kind
    choices = [("monday", N_("Next Monday")), ("2w", N_("In 2 weeks"))]
    if case.need.starts_on > ctx.now.date():
        choices.insert(0, ("planned", N_("As planned")))
    buttons = tuple(
        (Button(msg(label), payload=HireFrom(case.made.id, choice).pack()),)  # type: ignore[arg-type]
        for choice, label in choices
    )
    text = msg(
        N_("From when? Press one, or write a date like {example}. The planned start was {day}."),
        example="18/12",
        day=case.need.starts_on,
    )
    return ask(ctx, draft, text, State.HIRE_START, buttons)


async def hire_from(ctx: Ctx[RecruitmentPorts], payload: HireFrom) -> Outcome:
    """The first day from a button."""
    draft = draft_of(ctx)
    case = await _case(ctx.ports, payload.presentation)
    if case is None or draft.get("p") != case.made.id or "kind" not in draft:
        return ctx.stale()
    today = ctx.now.date()
    day = {
        "planned": case.need.starts_on,
        "monday": today + timedelta(days=7 - today.weekday()),
        "2w": today + timedelta(days=14),
    }[payload.choice]
    return await _hire(ctx, case, PlacementKind(draft["kind"]), max(day, today))


async def hire_typed(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The first day, typed."""
    draft = draft_of(ctx)
    raw = draft.get("p")
    case = await _case(ctx.ports, raw) if isinstance(raw, int) else None
    if case is None or "kind" not in draft:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    today = ctx.now.date()
    day = typed_day(ctx.event.text, today)
    if day is None:
        return ctx.reply(msg(N_("Please write the date like {example}."), example="18/12"))
    if day < today:
        return ctx.reply(msg(N_("That date has passed. Which date?")))
    if day > today + timedelta(days=366):
        return ctx.reply(msg(N_("Please choose a date within a year.")))
    return await _hire(ctx, case, PlacementKind(draft["kind"]), day)


async def _hire(
    ctx: Ctx[RecruitmentPorts], case: _Case, kind: PlacementKind, day: date
) -> Outcome:
    """Start the placement or employment with its follow-up plan; the need fills up."""
    if not await _still_theirs(ctx, case) or case.made.state is Pitch.HIRED:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    coach = case.coach
    made = await ctx.ports.placements.create(
        Placement(
            id=0,
            participant_id=case.person.id,
            employer_id=ctx.person.id,
            coach_id=coach.id if coach else case.made.coach_id,
            unit_id=case.need.unit_id,
            workplace=case.workplace.name,
            kind=kind,
            starts_on=day,
            ends_on=after(day, PLANNED_END[kind]) if kind in PLANNED_END else None,
            created_at=ctx.now,
            hired_on=day if kind is PlacementKind.JOB else None,
        ),
        None,
    )
    unit = await ctx.ports.people.unit(made.unit_id)
    await sync(ctx.ports, made, dict(unit.settings), ctx.cfg.holidays)
    await ctx.ports.recruitment.set_presentation(
        case.made.id, state=Pitch.HIRED, verdict_at=ctx.now, placement_id=made.id
    )
    hired = sum(
        1
        for p in await ctx.ports.recruitment.presentations(case.need.id)
        if p.state is Pitch.HIRED
    )
    if hired >= case.need.headcount and case.need.status not in (Status.FILLED, Status.CLOSED):
        await ctx.ports.recruitment.set_assignment(
            case.need.id, status=Status.FILLED, filled_at=ctx.now
        )
    await count_chat(ctx, case.workplace.id)
    kind_name = msg(KIND_NAMES[kind])
    messages = [
        ctx.say(
            msg(
                N_(
                    "Thank you! {name} starts on {day} ({kind}). The follow-ups come here; your "
                    "coach is {coach}."
                ),
                name=case.person.display_name,
                day=day,
                kind=kind_name,
                coach=Verbatim(coach.display_name if coach else ""),
            )
        ),
        *case.to_person(
            msg(
                N_(
                    "Congratulations! {workplace} wants you to start on {day} ({kind}). Your "
                    "coach will be in touch."
                ),
                workplace=own_words(case.workplace.name),
                day=day,
                kind=kind_name,
            )
        ),
        *case.to_coach(
            msg(
                N_(
                    "{workplace} hires {name}: {kind} from {day}. The follow-ups are planned; see "
                    "/placements."
                ),
                workplace=own_words(case.workplace.name),
                name=case.person.display_name,
                kind=kind_name,
                day=day,
            )
        ),
    ]
    return Outcome(messages=tuple(messages), state=IDLE, data={}, remove_buttons=True)
