"""An interview: the employer types its day and time once; it reaches the participant (who
confirms or says it does not suit) and the coach, with reminders to both sides 24 and 2 hours
ahead; a new time withdraws the old reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flows.dates import in_recent_past, typed_moment
from flows.output import Button, Outcome, Say
from flows.recruitment.common import count_chat, draft_of, withdrawn
from flows.recruitment.payloads import TimeSuits, Verdict
from flows.recruitment.ports import RecruitmentPorts
from flows.recruitment.reminders import reminders, stamp
from flows.recruitment.verdicts import case_of, still_theirs
from flows.recruitment_model import (
    OPEN_STATUSES,
    Pitch,
    Status,
)
from flows.routes import IDLE, Ctx
from flows.text import N_, msg, own_words

FURTHEST = timedelta(days=90)


async def when(ctx: Ctx[RecruitmentPorts]) -> Outcome:
    """The interview's day and time: to the participant (who answers), the coach, and
    reminders to both sides; an earlier time's reminders are withdrawn."""
    raw = draft_of(ctx).get("p")
    case = await case_of(ctx.ports, raw) if isinstance(raw, int) else None
    if case is None or not await still_theirs(ctx, case) or case.made.state is Pitch.HIRED:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    if case.need.status not in OPEN_STATUSES:
        text = msg(N_("This need is no longer open."))
        return Outcome(messages=(ctx.say(text),), state=IDLE, data={})
    unit = await ctx.ports.people.unit(case.need.unit_id)
    zone = ZoneInfo(unit.timezone)
    today = ctx.now.astimezone(zone).date()
    if in_recent_past(ctx.event.text, today):
        return ctx.reply(msg(N_("That time has passed. Which day and time?")))
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
    before = case.made
    await ctx.ports.recruitment.set_presentation(
        case.made.id, state=Pitch.INTERVIEW, verdict_at=ctx.now, interview_at=at, interview_ok=None
    )
    booked = await case_of(ctx.ports, case.made.id)
    assert booked is not None
    if case.need.status in (Status.OPEN, Status.PRESENTED):
        await ctx.ports.recruitment.set_assignment(
            case.need.id, status=Status.INTERVIEWING, interviewing_at=ctx.now
        )
    await count_chat(ctx, case.workplace.id)
    answer = (
        (
            Button(
                msg(N_("Yes, I will come")),
                payload=TimeSuits(case.made.id, "yes", stamp(at)).pack(),
            ),
        ),
        (
            Button(
                msg(N_("I cannot come then")),
                payload=TimeSuits(case.made.id, "no", stamp(at)).pack(),
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
        *await reminders(ctx.ports, booked, ctx.now),
    ]
    # An earlier time's reminders go (the new ones have another key).
    old = before.interview_at
    dropped = (f"iv{before.id}:{stamp(old)}:",) if old is not None and old != at else ()
    return Outcome(messages=tuple(messages), state=IDLE, data={}, drop_pending=dropped)


async def time_suits(ctx: Ctx[RecruitmentPorts], payload: TimeSuits) -> Outcome:
    """The participant confirms the time, or says it does not suit (the employer may offer
    another with the same button)."""
    case = await case_of(ctx.ports, payload.presentation)
    if case is None or case.person.id != ctx.person.id:
        return ctx.stale()
    at = case.made.interview_at
    if case.made.state is not Pitch.INTERVIEW or at is None or at <= ctx.now:
        return ctx.stale()
    if payload.at != stamp(at):
        return ctx.stale()  # an answer to a time the employer has changed since
    if case.need.status not in OPEN_STATUSES:
        return ctx.reply(msg(N_("This need is no longer open.")))
    ok = payload.answer == "yes"
    await ctx.ports.recruitment.set_presentation(case.made.id, interview_ok=ok)
    employers = await ctx.ports.recruitment.contacts(case.workplace.id)
    if ok:
        told = msg(N_("Good luck! I will remind you before it."))
        news = msg(
            N_("{name} will come to the interview {when}."), name=case.person.display_name, when=at
        )
        for_coach = news
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
        for_coach = msg(N_("{name} cannot come {when}."), name=case.person.display_name, when=at)
        buttons = (
            (Button(msg(N_("Interview")), payload=Verdict(case.made.id, "interview").pack()),),
        )
        dropped = withdrawn(case.made)
    messages = [ctx.say(told)]
    messages.extend(
        Say(e.chat_id, e.locale, (news,), buttons=buttons) for e in employers if e.chat_id
    )
    messages.extend(case.to_coach(for_coach))
    return Outcome(messages=tuple(messages), remove_buttons=True, drop_pending=dropped)
