"""Absence: "I cannot come", the reason (the unit's categories only), an optional note."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from flows.attendance.common import (
    MAX_NOTE,
    State,
    coach_for,
    coach_reason,
    reason_label,
    rules_of,
    session_and_activity,
    too_long,
)
from flows.attendance.payloads import CantCome, Reason, SkipNote
from flows.attendance.ports import AttendancePorts
from flows.attendance.rules import HEALTH_CATEGORIES, absence
from flows.attention import alert
from flows.model import ATTENDED, Activity, AttendanceRecord, Presence, Session
from flows.output import Button, Outcome, Retention
from flows.ports import Attendance
from flows.routes import IDLE, Ctx
from flows.text import N_, msg, numbered

OTHER = "other"
REPORTED = frozenset({Presence.NOTIFIED_ABSENCE, Presence.LATE_NOTICE})
MAX_LISTED = 8


async def _open(ctx: Ctx[AttendancePorts], session_id: int) -> tuple[Session, Activity] | Outcome:
    """Return the session if an absence can still be reported for it, else the answer."""
    found = await session_and_activity(ctx.ports, session_id)
    if found is None:
        return ctx.stale()
    session, activity = found
    if session.cancelled:
        return ctx.reply(
            msg(
                N_("{title} on {when} is cancelled."), title=activity.title, when=session.starts_at
            )
        )
    if session.closed:
        # The record is settled; only a dispute can change it now.
        return ctx.reply(
            msg(
                N_(
                    "Check-in for {title} has closed. If you were there, you can dispute the "
                    "record with /attendance."
                ),
                title=activity.title,
            )
        )
    existing = await ctx.ports.attendance.record_of(session.id, ctx.person.id)
    if existing is not None and existing.status in ATTENDED:
        return ctx.reply(msg(N_("You are already checked in for {title}."), title=activity.title))
    return found


async def ask_reason(ctx: Ctx[AttendancePorts], payload: CantCome) -> Outcome:
    """Ask why the participant cannot come, with the unit's reason categories."""
    found = await _open(ctx, payload.session)
    if isinstance(found, Outcome):
        return found
    session, activity = found
    rules = await rules_of(ctx.ports, activity.unit_id)
    buttons = tuple(
        (Button(reason_label(code), payload=Reason(session.id, code).pack()),)
        for code in rules.categories
    )
    # Text typed while the buttons wait is not a reason and is not offered to the coach.
    question = msg(N_("What is the reason? Only your coach sees it."))
    return Outcome(
        messages=(ctx.say(question, buttons=buttons),),
        state=State.ABSENCE_REASON,
        data={"absence": session.id},
    )


async def typed_reason(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Text instead of a reason button: not stored, not passed on, and they are told so."""
    text = msg(
        N_(
            "Please press one of the reasons above. I have not passed on what you wrote: "
            "your coach needs only the reason, not details about your health."
        )
    )
    return ctx.reply(text)


async def left_without_reason(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Another command came instead of a reason: nothing was reported."""
    return Outcome(state=IDLE, data={})


async def report(ctx: Ctx[AttendancePorts], payload: Reason) -> Outcome:
    """Record the absence with its reason; for 'other' offer a short note first."""
    found = await _open(ctx, payload.session)
    if isinstance(found, Outcome):
        return found
    session, activity = found
    rules = await rules_of(ctx.ports, activity.unit_id)
    if payload.category not in rules.categories:
        return ctx.stale()
    if payload.category == OTHER:
        text = msg(
            N_(
                "You can write a short note for your coach, or press Skip. Please do not "
                "write anything about your health."
            )
        )
        skip = ((Button(msg(N_("Skip")), payload=SkipNote().pack()),),)
        return Outcome(
            messages=(ctx.say(text, buttons=skip),),
            state=State.ABSENCE_NOTE,
            data={"absence": session.id},
            remove_buttons=True,
        )
    outcome = await _absent(ctx, session, activity, payload.category, "")
    return dataclasses.replace(outcome, state=IDLE, data={})


async def note(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Take the note for 'other reason' and record the absence."""
    return await _with_note(ctx, ctx.event.text.strip())


async def skip_note(ctx: Ctx[AttendancePorts], payload: SkipNote) -> Outcome:
    """Record the absence with 'other reason' and no note."""
    return await _with_note(ctx, "")


async def left_without_note(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Another command came instead of the note: record the absence without one, and say so.

    The later text is never taken as the note (it may be meant for something else).
    """
    raw = ctx.data.get("absence")
    found = await _open(ctx, raw) if isinstance(raw, int) else None
    if found is None or isinstance(found, Outcome):
        return Outcome(state=IDLE, data={})
    session, activity = found
    outcome = await _absent(ctx, session, activity, OTHER, "")
    told = msg(N_("I recorded your absence (other reason) without a note."))
    return Outcome(messages=(ctx.say(told), *outcome.messages[1:]), state=IDLE, data={})


async def _with_note(ctx: Ctx[AttendancePorts], text: str) -> Outcome:
    raw = ctx.data.get("absence")
    found = await _open(ctx, raw) if isinstance(raw, int) else ctx.stale()
    if isinstance(found, Outcome):
        return Outcome(messages=found.messages, state=IDLE, data={}, remove_buttons=True)
    session, activity = found
    if len(text) > MAX_NOTE:
        return too_long(ctx, text)
    outcome = await _absent(ctx, session, activity, OTHER, text)
    return Outcome(messages=outcome.messages, state=IDLE, data={}, remove_buttons=True)


async def _absent(
    ctx: Ctx[AttendancePorts],
    session: Session,
    activity: Activity,
    code: str,
    note: str,
) -> Outcome:
    person = ctx.person
    earlier = await ctx.ports.attendance.record_of(session.id, person.id)
    reported = earlier if earlier is not None and earlier.status in REPORTED else None
    if reported is not None and reported.category == code and not note:
        # The same report again (a second press): the coach already knows.
        already = msg(N_("You have already told me. Your coach knows."))
        return Outcome(messages=(ctx.say(already),), remove_buttons=True)
    # A new reason for an absence already reported keeps the time it was first reported.
    status = reported.status if reported is not None else absence(session, ctx.now)
    entry = AttendanceRecord(session.id, person.id, status, ctx.now, category=code, note=note)
    await ctx.ports.attendance.record(entry)
    if status is Presence.NOTIFIED_ABSENCE:
        thanks = msg(N_("Thank you for telling me. Your coach knows now."))
    else:
        thanks = msg(
            N_("Thank you. It is recorded as a late notice, since {title} has already started."),
            title=activity.title,
        )
    messages = [ctx.say(thanks)]
    coach = await coach_for(activity, person, ctx.ports)
    if coach is not None and coach.chat_id is not None:
        body = [
            msg(
                N_("{name} changed the reason for {title} on {when} to: {reason}.")
                if reported is not None
                else N_("{name} cannot come to {title} on {when}. Reason: {reason}."),
                name=person.display_name,
                title=activity.title,
                when=session.starts_at,
                reason=coach_reason(code),
            )
        ]
        if note:
            body.append(msg(N_("Note from {name}: {note}"), name=person.display_name, note=note))
        if status is Presence.LATE_NOTICE:
            body.append(msg(N_("This was reported after the start.")))
        # The reason (or a free note) may reveal health: kept only as long as health data.
        health = code in HEALTH_CATEGORIES or bool(note)
        retention = Retention.HEALTH if health else None
        messages.append(
            await alert(ctx.ports.people, coach, ctx.now, tuple(body), retention=retention)
        )
    return Outcome(messages=tuple(messages), remove_buttons=True)


async def absent(ctx: Ctx[AttendancePorts]) -> Outcome:
    """/absent: report an absence for any session of the coming week (no reminder needed)."""
    upcoming = await reportable(ctx.ports.attendance, ctx.person.id, ctx.now, timedelta(days=7))
    if not upcoming:
        return ctx.reply(msg(N_("You have no activities in the coming week.")))
    if len(upcoming) == 1:
        return await ask_reason(ctx, CantCome(upcoming[0][0].id))
    lines = [msg(N_("Which activity can you not come to?"))]
    buttons = []
    for number, (session, activity) in enumerate(upcoming, start=1):
        line = msg(N_("{when} – {title}"), when=session.starts_at, title=activity.title)
        lines.append(numbered(number, line))
        label = msg(N_("Cannot come {number}"), number=number)
        buttons.append((Button(label, payload=CantCome(session.id).pack()),))
    return ctx.reply(*lines, buttons=tuple(buttons))


async def reportable(
    attendance: Attendance, participant_id: int, now: datetime, within: timedelta
) -> list[tuple[Session, Activity]]:
    """The participant's sessions until `now + within` an absence can still be reported for
    (not cancelled, closed or over, and not checked in), earliest first."""
    sessions = await attendance.sessions_of(
        participant_id, now - timedelta(hours=12), now + within
    )
    found = []
    for session in sessions:
        if session.cancelled or session.closed or session.ends_at <= now:
            continue
        activity = await attendance.activity(session.activity_id)
        entry = await attendance.record_of(session.id, participant_id)
        if activity is None or (entry is not None and entry.status in ATTENDED):
            continue
        found.append((session, activity))
        if len(found) == MAX_LISTED:
            break
    return found
