"""Check-in: by the reminder's button or /here, with the venue check when there is one."""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timedelta

from flows.attendance.common import State, coach_for, rules_of, session_and_activity
from flows.attendance.payloads import CheckInAt, Verify
from flows.attendance.ports import AttendancePorts
from flows.attendance.rules import CheckIn, check_in, presence_of
from flows.model import ATTENDED, Activity, AttendanceRecord, Person, Presence, Session
from flows.output import Button, Outcome, Say
from flows.routes import IDLE, Ctx
from flows.text import N_, msg

EARTH_RADIUS_M = 6_371_000
NO_CHECK_IN = N_("OK, no check-in. Use /here to try again.")


async def _current_session(
    person: Person, now: datetime, ports: AttendancePorts
) -> tuple[Session, Activity] | None:
    """Return the participant's session whose check-in window is nearest to now."""
    sessions = await ports.attendance.sessions_of(
        person.id, now - timedelta(hours=3), now + timedelta(hours=3)
    )
    best: tuple[Session, Activity] | None = None
    for session in sessions:
        activity = await ports.attendance.activity(session.activity_id)
        if activity is None:
            continue
        rules = await rules_of(ports, activity.unit_id)
        if check_in(session, now, rules) in (CheckIn.PRESENT, CheckIn.LATE):
            return session, activity
        if best is None or abs(session.starts_at - now) < abs(best[0].starts_at - now):
            best = (session, activity)
    return best


async def here(ctx: Ctx[AttendancePorts]) -> Outcome:
    """/here: check in for the session whose window is open now (or nearest)."""
    found = await _current_session(ctx.person, ctx.now, ctx.ports)
    if found is None:
        return ctx.reply(msg(N_("You have no activity to check in to right now.")))
    return await _check_in(ctx, *found)


async def pressed(ctx: Ctx[AttendancePorts], payload: CheckInAt) -> Outcome:
    """ "I am here" under a reminder (the dispatcher checked the enrolment)."""
    found = await session_and_activity(ctx.ports, payload.session)
    if found is None:
        return ctx.stale()
    return await _check_in(ctx, *found)


async def _check_in(ctx: Ctx[AttendancePorts], session: Session, activity: Activity) -> Outcome:
    if session.cancelled:
        text = msg(
            N_("{title} on {when} is cancelled."), title=activity.title, when=session.starts_at
        )
        return ctx.reply(text)
    rules = await rules_of(ctx.ports, activity.unit_id)
    result = check_in(session, ctx.now, rules)
    if result is CheckIn.TOO_EARLY:
        opens = session.starts_at - rules.checkin_before
        text = msg(N_("Check-in for {title} opens at {opens}."), title=activity.title, opens=opens)
        return ctx.reply(text)
    if result is CheckIn.CLOSED or session.closed:
        text = msg(
            N_(
                "Check-in for {title} has closed. If you were there, you can dispute the "
                "record with /attendance."
            ),
            title=activity.title,
        )
        return ctx.reply(text)
    existing = await ctx.ports.attendance.record_of(session.id, ctx.person.id)
    if existing is not None and existing.status in ATTENDED:
        text = msg(N_("You are already checked in for {title}."), title=activity.title)
        return ctx.reply(text)
    if activity.latitude is not None and activity.longitude is not None:
        ask = msg(
            N_(
                "To check in for {title}, please share your location. It is only compared "
                "with the place of the activity and is not stored."
            ),
            title=activity.title,
        )
        without = msg(N_("I can't share location"))
        ask_more = msg(N_("No location on your phone? Press “{button}”."), button=without)
        request = Say(
            ctx.actor.chat_id,
            ctx.locale,
            (ask, ask_more),
            ask_location=msg(N_("Share location")),
            without_location=without,
        )
        return Outcome(
            messages=(request,),
            toast=msg(N_("Share location")),
            state=State.CHECKIN_LOCATION,
            data={"checkin": session.id},
            remove_buttons=True,
        )
    return await _checked_in(ctx, session, activity, result)


async def _checked_in(
    ctx: Ctx[AttendancePorts],
    session: Session,
    activity: Activity,
    result: CheckIn,
    *,
    remove_keyboard: bool = False,
) -> Outcome:
    status = presence_of(result)
    await ctx.ports.attendance.record(AttendanceRecord(session.id, ctx.person.id, status, ctx.now))
    text = (
        msg(N_("Thank you, you are checked in for {title}. Welcome!"), title=activity.title)
        if status is Presence.PRESENT
        else msg(
            N_("You are checked in for {title}. It is recorded as late: it started at {start}."),
            title=activity.title,
            start=session.starts_at,
        )
    )
    reply = Say(ctx.actor.chat_id, ctx.locale, (text,), remove_keyboard=remove_keyboard)
    return Outcome(messages=(reply,), remove_buttons=True)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


async def location(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Compare the shared location with the venue and check in; the location is not kept.

    Text instead of a location ("I cannot share my location", or anything typed) checks in
    without the venue check: recorded as not yet confirmed, and the coach is asked.
    """
    raw = ctx.data.get("checkin")
    found = await session_and_activity(ctx.ports, raw if isinstance(raw, int) else None)
    if found is None or found[1].latitude is None or found[1].longitude is None:
        return await no_check_in(ctx)
    session, activity = found
    venue = (found[1].latitude, found[1].longitude)
    rules = await rules_of(ctx.ports, activity.unit_id)
    result = check_in(session, ctx.now, rules)
    event = ctx.event
    if result not in (CheckIn.PRESENT, CheckIn.LATE) or session.closed or session.cancelled:
        text = msg(N_("Check-in for {title} is not open now."), title=activity.title)
    elif event.latitude is None or event.longitude is None:
        return await _unverified(ctx, session, activity, result)
    elif (away := distance_m(event.latitude, event.longitude, *venue)) > activity.radius_m:
        text = msg(
            N_(
                "You seem to be about {distance} m from {place}. Check in when you are "
                "there, or talk to your coach."
            ),
            distance=int(round(away, -1)),
            place=activity.place,
        )
    else:
        done = await _checked_in(ctx, session, activity, result, remove_keyboard=True)
        return Outcome(messages=done.messages, state=IDLE, data={})
    reply = Say(ctx.actor.chat_id, ctx.locale, (text,), remove_keyboard=True)
    return Outcome(messages=(reply,), state=IDLE, data={})


async def _unverified(
    ctx: Ctx[AttendancePorts], session: Session, activity: Activity, result: CheckIn
) -> Outcome:
    """Check in without the venue check; the coach is asked to confirm."""
    person = ctx.person
    await ctx.ports.attendance.record(
        AttendanceRecord(session.id, person.id, presence_of(result), ctx.now, verified=False)
    )
    told = msg(
        N_("You are checked in for {title} without a location. Your coach will confirm it."),
        title=activity.title,
    )
    messages = [Say(ctx.actor.chat_id, ctx.locale, (told,), remove_keyboard=True)]
    coach = await coach_for(activity, person, ctx.ports)
    if coach is not None and coach.chat_id is not None:
        alert = msg(
            N_(
                "{name} checked in for {title} on {when} without sharing a location. "
                "Were they there?"
            ),
            name=person.display_name,
            title=activity.title,
            when=session.starts_at,
        )
        buttons = (
            (Button(msg(N_("Yes, confirm")), payload=Verify(session.id, person.id, "y").pack()),),
            (Button(msg(N_("No, not there")), payload=Verify(session.id, person.id, "n").pack()),),
        )
        messages.append(Say(coach.chat_id, coach.locale, (alert,), buttons=buttons))
    return Outcome(messages=tuple(messages), state=IDLE, data={})


async def verify(ctx: Ctx[AttendancePorts], payload: Verify) -> Outcome:
    """The coach confirms an unconfirmed check-in, or records the person as absent."""
    found = await session_and_activity(ctx.ports, payload.session)
    participant = await ctx.ports.people.get(payload.participant)
    entry = await ctx.ports.attendance.record_of(payload.session, payload.participant)
    if found is None or participant is None or entry is None or entry.verified:
        return ctx.stale()
    session, activity = found
    if payload.verdict == "y":
        await ctx.ports.attendance.record(dataclasses.replace(entry, verified=True))
        done = msg(
            N_("Confirmed: {name} was at {title}."),
            name=participant.display_name,
            title=activity.title,
        )
        return Outcome(messages=(ctx.say(done),), remove_buttons=True)
    await ctx.ports.attendance.record(
        AttendanceRecord(session.id, participant.id, Presence.UNREPORTED, ctx.now)
    )
    done = msg(
        N_("Recorded: {name} was not at {title}. {name} has been told."),
        name=participant.display_name,
        title=activity.title,
    )
    messages = [ctx.say(done)]
    if participant.chat_id is not None:
        text = msg(
            N_(
                "Your coach could not confirm your check-in for {title} on {when}, so it is "
                "recorded as absent. If this is wrong, dispute it with /attendance."
            ),
            title=activity.title,
            when=session.starts_at,
        )
        messages.append(Say(participant.chat_id, participant.locale, (text,)))
    return Outcome(messages=tuple(messages), remove_buttons=True)


async def no_check_in(ctx: Ctx[AttendancePorts]) -> Outcome:
    """Leave the location step without checking in (and take the location button away)."""
    reply = Say(ctx.actor.chat_id, ctx.locale, (msg(NO_CHECK_IN),), remove_keyboard=True)
    return Outcome(messages=(reply,), state=IDLE, data={})
