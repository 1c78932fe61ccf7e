"""The participant's record: /attendance, disputes, and the coach's decision."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.attendance.common import (
    MAX_NOTE,
    STATUS,
    State,
    numbered,
    session_and_activity,
    too_long,
)
from flows.attendance.payloads import Decide, DisputeRecord
from flows.attendance.ports import AttendancePorts
from flows.model import ABSENT, AttendanceRecord, DisputeStatus, Person, Presence
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx
from flows.text import N_, msg

NO_COACH = N_("You have no coach on Telegram yet. Please call your job centre.")


async def my_attendance(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Show this month's sessions with their status, and offer to dispute past ones."""
    person, now = ctx.person, ctx.now
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    sessions = await ctx.ports.attendance.sessions_of(
        person.id, month_start - timedelta(days=1), month_start + timedelta(days=32)
    )
    sessions = [s for s in sessions if s.starts_at.month == now.month]
    if not sessions:
        return ctx.reply(msg(N_("You have no activities this month.")))
    lines = [msg(N_("Your activities this month:"))]
    buttons: list[tuple[Button, ...]] = []
    for session in sessions:
        activity = await ctx.ports.attendance.activity(session.activity_id)
        if activity is None:
            continue
        entry = await ctx.ports.attendance.record_of(session.id, person.id)
        status = msg(STATUS[entry.status if entry else None])
        if session.cancelled:
            status = msg(N_("cancelled"))
        line = msg(
            N_("{when} – {title}: {status}"),
            when=session.starts_at,
            title=activity.title,
            status=status,
        )
        number = len(lines)
        lines.append(numbered(number, line))
        if entry is not None and entry.status in ABSENT | {Presence.LATE} and len(buttons) < 8:
            label = msg(N_("Dispute {number}"), number=number)
            buttons.append((Button(label, payload=DisputeRecord(session.id).pack()),))
    return ctx.reply(*lines, buttons=tuple(buttons))


async def ask_dispute(ctx: Ctx[AttendancePorts], payload: DisputeRecord) -> Outcome:
    """Ask for a short comment on the disputed record."""
    found = await session_and_activity(ctx.ports, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    text = msg(
        N_("What is wrong with the record for {title} on {when}? Write a short comment."),
        title=activity.title,
        when=session.starts_at,
    )
    return Outcome(
        messages=(ctx.say(text),), state=State.DISPUTE_COMMENT, data={"dispute": session.id}
    )


async def comment(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Open the dispute and send it to the coach with accept and reject buttons."""
    raw = ctx.data.get("dispute")
    found = await session_and_activity(ctx.ports, raw if isinstance(raw, int) else None)
    if found is None:
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    text = ctx.event.text.strip()
    if not text:
        return ctx.reply(msg(N_("Please write a short comment.")))
    if len(text) > MAX_NOTE:
        return too_long(ctx, text)
    session, activity = found
    person = ctx.person
    dispute = await ctx.ports.attendance.open_dispute(session.id, person.id, text, ctx.now)
    entry = await ctx.ports.attendance.record_of(session.id, person.id)
    messages = [ctx.say(msg(N_("Thank you. Your coach will look at it.")))]
    coach = await _decider(activity.coach_id, person, ctx.ports)
    if coach is None or coach.chat_id is None:
        messages = [ctx.say(msg(N_("Thank you. Your coach will look at it.")), msg(NO_COACH))]
    else:
        alert = msg(
            N_("{name} disputes the record for {title} on {when} ({status}): {comment}"),
            name=person.display_name,
            title=activity.title,
            when=session.starts_at,
            status=msg(STATUS[entry.status if entry else None]),
            comment=text,
        )
        buttons = (
            (
                Button(msg(N_("Accept")), payload=Decide(dispute.id, "a").pack()),
                Button(msg(N_("Reject")), payload=Decide(dispute.id, "r").pack()),
            ),
        )
        messages.append(Say(coach.chat_id, coach.locale, (alert,), buttons=buttons))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def left_without_comment(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Another command came instead of the comment: nothing was sent, and they are told."""
    text = msg(N_("Your dispute was not sent. Use /attendance to start again."))
    return ctx.reply(text)


async def _decider(coach_id: int | None, person: Person, ports: AttendancePorts) -> Person | None:
    """The coach who gets the dispute: the participant's own, else the activity's if they may
    decide it (only someone who can see the participant can)."""
    coach = await ports.people.coach_of(person.id)
    if coach is None and coach_id is not None:
        coach = await ports.people.get(coach_id)
        if coach is not None and not await ports.access.can_see(coach, person.id):
            coach = None
    return coach if coach is not None and coach.reachable else None


async def decide(ctx: Ctx[AttendancePorts], payload: Decide) -> Outcome:
    """The coach accepts or rejects a dispute (visibility checked); the participant is told."""
    decided = await ctx.ports.attendance.decide_dispute(
        payload.dispute, accepted=payload.verdict == "a", coach_id=ctx.person.id, now=ctx.now
    )
    if decided is None:
        return ctx.stale()
    found = await session_and_activity(ctx.ports, decided.session_id)
    participant = await ctx.ports.people.get(decided.participant_id)
    if found is None or participant is None:
        return ctx.stale()
    session, activity = found
    if decided.status is DisputeStatus.ACCEPTED:
        await _correct(ctx.ports, decided.session_id, participant.id, ctx.now)
    done = msg(N_("Done. {name} has been told."), name=participant.display_name)
    messages = [ctx.say(done)]
    if participant.chat_id is not None:
        text = (
            msg(
                N_("Your coach accepted your dispute about {title} on {when}."),
                title=activity.title,
                when=session.starts_at,
            )
            if decided.status is DisputeStatus.ACCEPTED
            else msg(
                N_(
                    "Your coach did not accept your dispute about {title} on {when}. "
                    "Talk to your coach if you have questions."
                ),
                title=activity.title,
                when=session.starts_at,
            )
        )
        messages.append(Say(participant.chat_id, participant.locale, (text,)))
    return Outcome(messages=tuple(messages), remove_buttons=True)


CORRECTED = {
    Presence.UNREPORTED: Presence.PRESENT,
    Presence.LATE: Presence.PRESENT,
    Presence.LATE_NOTICE: Presence.NOTIFIED_ABSENCE,
}


async def _correct(
    ports: AttendancePorts, session_id: int, participant_id: int, now: datetime
) -> None:
    """An accepted dispute corrects the record: there after all, or reported in time."""
    entry = await ports.attendance.record_of(session_id, participant_id)
    if entry is None or entry.status not in CORRECTED:
        return
    status = CORRECTED[entry.status]
    category = entry.category if status is Presence.NOTIFIED_ABSENCE else None
    await ports.attendance.record(
        AttendanceRecord(session_id, participant_id, status, now, category=category)
    )
