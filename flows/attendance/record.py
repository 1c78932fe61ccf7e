"""The participant's record: /attendance, disputes, and the coach's decision."""

from __future__ import annotations

from datetime import timedelta

from flows.attendance.common import (
    MAX_NOTE,
    STATUS,
    State,
    reason_label,
    rules_of,
    session_and_activity,
    status_text,
    too_long,
)
from flows.attendance.payloads import CantCome, Correct, Decide, DisputeRecord, ReasonFor
from flows.attendance.ports import AttendancePorts
from flows.model import ABSENT, AttendanceRecord, Dispute, DisputeStatus, Person, Presence
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx
from flows.text import N_, Msg, msg, numbered

MAX_BUTTONS = 8
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
        status = status_text(entry)
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
        if len(buttons) >= MAX_BUTTONS:
            continue
        if entry is not None and entry.status in ABSENT | {Presence.LATE}:
            label = msg(N_("Dispute {number}"), number=number)
            buttons.append((Button(label, payload=DisputeRecord(session.id).pack()),))
        elif entry is None and not session.cancelled and session.starts_at > now:
            label = msg(N_("Cannot come {number}"), number=number)
            buttons.append((Button(label, payload=CantCome(session.id).pack()),))
    return ctx.reply(*lines, buttons=tuple(buttons))


async def ask_dispute(ctx: Ctx[AttendancePorts], payload: DisputeRecord) -> Outcome:
    """Ask for a short comment on the disputed record."""
    found = await session_and_activity(ctx.ports, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    refused = await _not_disputable(ctx, session.id, activity.title)
    if refused is not None:
        return refused
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
    refused = await _not_disputable(ctx, session.id, activity.title)
    if refused is not None:
        return Outcome(messages=refused.messages, state=IDLE, data={})
    dispute = await ctx.ports.attendance.open_dispute(session.id, person.id, text, ctx.now)
    messages = [ctx.say(msg(N_("Thank you. Your coach will look at it.")))]
    coach = await _decider(activity.coach_id, person, ctx.ports)
    if coach is None or coach.chat_id is None:
        messages = [ctx.say(msg(N_("Thank you. Your coach will look at it.")), msg(NO_COACH))]
    else:
        question = await _question(ctx.ports, dispute)
        if question is not None:
            messages.append(Say(coach.chat_id, coach.locale, *question))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def _not_disputable(
    ctx: Ctx[AttendancePorts], session_id: int, title: str
) -> Outcome | None:
    """Say why this record cannot be disputed (again) now; None when it can."""
    entry = await ctx.ports.attendance.record_of(session_id, ctx.person.id)
    if entry is None or entry.status not in ABSENT | {Presence.LATE}:
        return ctx.reply(msg(N_("There is nothing to dispute for {title}."), title=title))
    earlier = await ctx.ports.attendance.dispute_for(session_id, ctx.person.id)
    if earlier is None:
        return None
    if earlier.status is DisputeStatus.OPEN:
        already = N_("You have already disputed this record. Your coach will look at it.")
        return ctx.reply(msg(already))
    return ctx.reply(
        msg(
            N_(
                "Your coach has already decided about the record for {title}. Talk to your "
                "coach if you have questions."
            ),
            title=title,
        )
    )


async def _question(
    ports: AttendancePorts, dispute: Dispute
) -> tuple[tuple[Msg, ...], tuple[tuple[Button, ...], ...]] | None:
    """The coach's view of a dispute: the comment, the record now, and the statuses to pick."""
    found = await session_and_activity(ports, dispute.session_id)
    participant = await ports.people.get(dispute.participant_id)
    if found is None or participant is None:
        return None
    session, activity = found
    entry = await ports.attendance.record_of(session.id, participant.id)
    text = msg(
        N_(
            "{name} disputes the record for {title} on {when}.\nThe record says: {status}\n"
            "Their comment: {comment}\n\nWhat should the record say?"
        ),
        name=participant.display_name,
        title=activity.title,
        when=session.starts_at,
        status=status_text(entry),
        comment=dispute.comment,
    )
    d = dispute.id
    buttons = (
        (Button(msg(STATUS[Presence.PRESENT]), payload=Correct(d, "p", "-").pack()),),
        (Button(msg(STATUS[Presence.LATE]), payload=Correct(d, "l", "-").pack()),),
        (Button(msg(N_("Absent, reported")), payload=ReasonFor(d).pack()),),
        (Button(msg(N_("Leave unchanged")), payload=Correct(d, "u", "-").pack()),),
    )
    return (text,), buttons


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
    """An older button: reject leaves the record unchanged; accept asks what it should say."""
    if payload.verdict == "r":
        return await _settle(ctx, payload.dispute, None, None)
    dispute = await ctx.ports.attendance.dispute(payload.dispute)
    question = await _question(ctx.ports, dispute) if dispute is not None else None
    if dispute is None or dispute.status is not DisputeStatus.OPEN or question is None:
        return ctx.stale()
    body, buttons = question
    return Outcome(messages=(ctx.say(*body, buttons=buttons),), remove_buttons=True)


async def ask_reason(ctx: Ctx[AttendancePorts], payload: ReasonFor) -> Outcome:
    """The coach chose "absent, reported": which reason (the unit's categories)?"""
    dispute = await ctx.ports.attendance.dispute(payload.dispute)
    found = await session_and_activity(ctx.ports, dispute.session_id if dispute else None)
    if dispute is None or dispute.status is not DisputeStatus.OPEN or found is None:
        return ctx.stale()
    rules = await rules_of(ctx.ports, found[1].unit_id)
    buttons = tuple(
        (Button(reason_label(code), payload=Correct(dispute.id, "n", code).pack()),)
        for code in rules.categories
    )
    # The first question's buttons go: the reason now decides it.
    question = ctx.say(msg(N_("What was the reason for the absence?")), buttons=buttons)
    return Outcome(messages=(question,), remove_buttons=True)


async def correct(ctx: Ctx[AttendancePorts], payload: Correct) -> Outcome:
    """The coach's choice for a dispute: the record now says exactly that."""
    if payload.status == "u":
        return await _settle(ctx, payload.dispute, None, None)
    if payload.status == "n":
        dispute = await ctx.ports.attendance.dispute(payload.dispute)
        found = await session_and_activity(ctx.ports, dispute.session_id if dispute else None)
        if found is None:
            return ctx.stale()
        rules = await rules_of(ctx.ports, found[1].unit_id)
        if payload.category not in rules.categories:
            return ctx.stale()
        return await _settle(ctx, payload.dispute, Presence.NOTIFIED_ABSENCE, payload.category)
    if payload.category != "-":
        return ctx.stale()
    status = Presence.PRESENT if payload.status == "p" else Presence.LATE
    return await _settle(ctx, payload.dispute, status, None)


async def _settle(
    ctx: Ctx[AttendancePorts], dispute_id: int, status: Presence | None, category: str | None
) -> Outcome:
    """Decide the dispute once (None: unchanged), correct the record, tell both."""
    decided = await ctx.ports.attendance.decide_dispute(
        dispute_id, accepted=status is not None, coach_id=ctx.person.id, now=ctx.now
    )
    if decided is None:
        return ctx.stale()
    found = await session_and_activity(ctx.ports, decided.session_id)
    participant = await ctx.ports.people.get(decided.participant_id)
    if found is None or participant is None:
        return ctx.stale()
    session, activity = found
    if status is not None:
        await ctx.ports.attendance.record(
            AttendanceRecord(session.id, participant.id, status, ctx.now, category=category)
        )
    entry = await ctx.ports.attendance.record_of(session.id, participant.id)
    now_says = status_text(entry)
    done = msg(
        N_("Done. The record now says: {status}. {name} has been told."),
        status=now_says,
        name=participant.display_name,
    )
    messages = [ctx.say(done)]
    if participant.chat_id is not None:
        text = (
            msg(
                N_(
                    "Your coach looked at your dispute about {title} on {when}. The record "
                    "now says: {status}."
                ),
                title=activity.title,
                when=session.starts_at,
                status=now_says,
            )
            if status is not None
            else msg(
                N_(
                    "Your coach looked at your dispute about {title} on {when} and left the "
                    "record as it was: {status}. Talk to your coach if you have questions."
                ),
                title=activity.title,
                when=session.starts_at,
                status=now_says,
            )
        )
        messages.append(Say(participant.chat_id, participant.locale, (text,)))
    return Outcome(messages=tuple(messages), remove_buttons=True)
