"""Staff see the coming week's sessions, and cancel or move one; everyone enrolled is told."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.attendance.common import State, session_and_activity
from flows.attendance.payloads import (
    AskCancel,
    ConfirmCancel,
    KeepSession,
    MoveSession,
    Roster,
)
from flows.attendance.ports import AttendancePorts
from flows.model import ATTENDED, Activity, Session
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx
from flows.text import N_, Msg, ascii_digits, msg, nmsg, numbered

MOVE_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2})[:.](\d{2})\s*$", re.ASCII)
EXAMPLE = "2026-12-01 13:00"
MAX_PAST = 10  # buttons for past sessions (the latest)


async def upcoming(ctx: Ctx[AttendancePorts]) -> Outcome:
    """List the sessions this person runs: the past week's, each with its attendance, and
    the coming week's, each with cancel and move."""
    lines: list[Msg] = []
    buttons: list[tuple[Button, ...]] = []
    numbers = itertools.count(1)  # one numbering across both lists
    past = await _runs(ctx, ctx.now - timedelta(days=7), ctx.now)
    if past:
        lines.append(msg(N_("Your sessions in the past week:")))
    for session, activity in past[-MAX_PAST:]:
        number = next(numbers)
        lines.append(numbered(number, _line(session, activity)))
        label = msg(N_("Attendance {number}"), number=number)
        buttons.append((Button(label, payload=Roster(session.id).pack()),))
    coming = await _runs(ctx, ctx.now, ctx.now + timedelta(days=7))
    if coming:
        lines.append(msg(N_("Your sessions in the coming week:")))
    for session, activity in coming:
        number = next(numbers)
        lines.append(numbered(number, _line(session, activity)))
        if len(buttons) < MAX_PAST + 10:
            buttons.append(
                (
                    Button(
                        msg(N_("Cancel {number}"), number=number),
                        payload=AskCancel(session.id).pack(),
                    ),
                    Button(
                        msg(N_("Move {number}"), number=number),
                        payload=MoveSession(session.id).pack(),
                    ),
                )
            )
    if not coming:
        lines.append(msg(N_("You have no sessions in the coming week.")))
    return ctx.reply(*lines, buttons=tuple(buttons))


async def _runs(
    ctx: Ctx[AttendancePorts], start: datetime, end: datetime
) -> list[tuple[Session, Activity]]:
    """The sessions starting in [start, end) of activities this person may act on."""
    found = []
    for session in await ctx.ports.attendance.sessions_between(start, end):
        activity = await ctx.ports.attendance.activity(session.activity_id)
        if session.cancelled or session.starts_at >= end or activity is None:
            continue
        if await ctx.ports.access.can_use_activity(ctx.person, activity.id):
            found.append((session, activity))
    return found


def _line(session: Session, activity: Activity) -> Msg:
    return msg(
        N_("{when} – {title}, {place}: {count}"),
        when=session.starts_at,
        title=activity.title,
        place=activity.place,
        count=nmsg("{n} participant", "{n} participants", len(activity.participant_ids)),
    )


def not_movable(title: str) -> Msg:
    """Someone is already checked in: moving would leave their check-in on the old time."""
    return msg(
        N_("Someone has already checked in for {title}, so it cannot be moved now."),
        title=title,
    )


async def _upcoming(ctx: Ctx[AttendancePorts], session_id: int) -> tuple[Session, Activity] | None:
    """Return a session that can still be cancelled or moved, with its activity."""
    found = await session_and_activity(ctx.ports, session_id)
    if found is None or found[0].cancelled or found[0].closed:
        return None
    return found


async def ask_cancel(ctx: Ctx[AttendancePorts], payload: AskCancel) -> Outcome:
    """Ask to confirm cancelling a session."""
    found = await _upcoming(ctx, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    text = msg(
        N_("Cancel {title} on {when}? Everyone enrolled will be told."),
        title=activity.title,
        when=session.starts_at,
    )
    answers = (
        (Button(msg(N_("Yes, cancel it")), payload=ConfirmCancel(session.id).pack()),),
        (Button(msg(N_("No, keep it")), payload=KeepSession(session.id).pack()),),
    )
    return ctx.reply(text, buttons=answers)


async def keep(ctx: Ctx[AttendancePorts], payload: KeepSession) -> Outcome:
    """ "No" to cancelling: nothing changes, and the buttons go."""
    found = await session_and_activity(ctx.ports, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    text = msg(
        N_("OK, nothing changed for {title} on {when}."),
        title=activity.title,
        when=session.starts_at,
    )
    return Outcome(messages=(ctx.say(text),), remove_buttons=True)


async def _checked_in(ports: AttendancePorts, session_id: int) -> bool:
    """Say whether anyone has checked in for the session (it cannot be moved then)."""
    records = await ports.attendance.records(session_id)
    return any(r.status in ATTENDED for r in records)


async def cancel(ctx: Ctx[AttendancePorts], payload: ConfirmCancel) -> Outcome:
    """Cancel a session: tell everyone enrolled and withdraw its pending reminders."""
    found = await _upcoming(ctx, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    await ctx.ports.attendance.set_session(session.id, cancelled=True)
    notice = msg(
        N_("{title} on {when} is cancelled. You do not need to come."),
        title=activity.title,
        when=session.starts_at,
    )
    messages = await tell_enrolled(activity, ctx.ports, notice, f"cancel:{session.id}")
    n = len(messages)
    done = nmsg(
        "Cancelled. I have told {n} participant.", "Cancelled. I have told {n} participants.", n
    )
    return Outcome(
        messages=(ctx.say(done), *messages),
        remove_buttons=True,
        drop_pending=(f"rem:{session.id}:",),
    )


async def ask_move(ctx: Ctx[AttendancePorts], payload: MoveSession) -> Outcome:
    """Ask for the session's new date and time."""
    found = await _upcoming(ctx, payload.session)
    if found is None:
        return ctx.stale()
    session, activity = found
    if await _checked_in(ctx.ports, session.id):
        return ctx.reply(not_movable(activity.title))
    text = msg(
        N_("When should {title} on {when} take place instead? Write it like {example}."),
        title=activity.title,
        when=session.starts_at,
        example=EXAMPLE,
    )
    return Outcome(
        messages=(ctx.say(text),),
        state=State.MOVE_SESSION,
        data={"move": session.id},
        remove_buttons=True,
    )


def _parse(text: str, zone: ZoneInfo, length: timedelta) -> tuple[datetime, datetime] | None:
    """Return the new (start, end) in UTC, or None for anything that is not a real time."""
    match = MOVE_RE.match(ascii_digits(text))
    if not match:
        return None
    try:
        day = date.fromisoformat(match[1])
        local = datetime.combine(day, time(int(match[2]), int(match[3])), zone)
        return local.astimezone(UTC), (local + length).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


async def move(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Move a session: a new session at the new time, the old one withdrawn, all told."""
    raw = ctx.data.get("move")
    found = await session_and_activity(ctx.ports, raw if isinstance(raw, int) else None)
    # The caseload may have changed hands while the step waited: check again.
    if (
        found is None
        or found[0].cancelled
        or found[0].closed
        or not await ctx.ports.access.can_use_activity(ctx.person, found[1].id)
    ):
        return Outcome(messages=ctx.stale().messages, state=IDLE, data={})
    session, activity = found
    if await _checked_in(ctx.ports, session.id):
        return Outcome(messages=(ctx.say(not_movable(activity.title)),), state=IDLE, data={})
    span = _parse(ctx.event.text, ZoneInfo(activity.timezone), session.ends_at - session.starts_at)
    if span is None:
        text = msg(N_("Please write the new date and time like {example}."), example=EXAMPLE)
        return ctx.reply(text)
    start, end = span
    if start <= ctx.now:
        return ctx.reply(msg(N_("That time has passed. When should it take place?")))
    await ctx.ports.attendance.add_sessions(activity.id, [(start, end)])
    # The old session stays, cancelled, so the recurrence does not bring it back.
    await ctx.ports.attendance.set_session(session.id, cancelled=True)
    notice = msg(
        N_("{title} is moved from {old} to {new}. The place is {place}."),
        title=activity.title,
        old=session.starts_at,
        new=start,
        place=activity.place,
    )
    messages = await tell_enrolled(activity, ctx.ports, notice, f"move:{session.id}")
    done = msg(N_("Moved. I have told the participants and will remind them again."))
    return Outcome(
        messages=(ctx.say(done), *messages),
        state=IDLE,
        data={},
        drop_pending=(f"rem:{session.id}:",),
    )


async def left_unmoved(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Another command came instead of the new time: nothing moved, and they are told."""
    return ctx.reply(msg(N_("The session was not moved. Use /sessions to start again.")))


async def tell_enrolled(
    activity: Activity, ports: AttendancePorts, notice: Msg, key_prefix: str
) -> list[Say]:
    """Address one notice to every reachable participant of the activity, once each."""
    messages = []
    for participant_id in activity.participant_ids:
        participant = await ports.people.get(participant_id)
        if participant is None or participant.chat_id is None or not participant.reachable:
            continue
        messages.append(
            Say(
                participant.chat_id,
                participant.locale,
                (notice,),
                key=f"{key_prefix}:{participant_id}",
            )
        )
    return messages
