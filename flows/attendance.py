"""Attendance: reminders, check-in, absence, no-shows, the participant's record and disputes."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from flows.events import Actor, Event
from flows.model import (
    ABSENT,
    Activity,
    AttendanceRecord,
    DisputeStatus,
    Person,
    Presence,
    Role,
    Session,
)
from flows.onboarding import Config, not_allowed, say, stale
from flows.output import Button, Outcome, Say
from flows.ports import Conversation, Ports
from flows.schedule import (
    HEALTH_CATEGORIES,
    CheckIn,
    Rules,
    absence,
    check_in,
    occurrences,
    presence_of,
    reminder_times,
    rules_for,
    window_closes,
)
from flows.text import N_, Msg, msg, nmsg

CHECK_IN = "c1:"
CANT_COME = "a1:"
REASON = "b1:"
SKIP_NOTE = "n1:skip"
DISPUTE = "d1:"
DECIDE = "e1:"
CANCEL = "x1:"
CONFIRM_CANCEL = "y1:"
MOVE = "v1:"
MOVE_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2})[:.](\d{2})\s*$")
MAX_NOTE = 300
REMINDER_WINDOW = timedelta(hours=36)


class State(StrEnum):
    """Conversation states owned by attendance (persisted; values are stable)."""

    ABSENCE_NOTE = "absence_note"
    DISPUTE_COMMENT = "dispute_comment"
    CHECKIN_LOCATION = "checkin_location"
    MOVE_SESSION = "move_session"


REASONS: dict[str, str] = {
    "unwell": N_("I am unwell"),
    "sick_child": N_("Caring for a sick child"),
    "interview": N_("Job interview"),
    "work_shift": N_("Work or placement shift"),
    "authority": N_("Appointment with an authority"),
    "other": N_("Other reason"),
}
STATUS: dict[Presence | None, str] = {
    Presence.PRESENT: N_("present"),
    Presence.LATE: N_("late"),
    Presence.NOTIFIED_ABSENCE: N_("absent, reported in time"),
    Presence.LATE_NOTICE: N_("absent, reported late"),
    Presence.UNREPORTED: N_("absent, not reported"),
    None: N_("not recorded yet"),
}


def reason_label(code: str) -> Msg:
    """Return the label of an absence reason (unknown unit-specific codes show as 'other')."""
    return msg(REASONS.get(code, REASONS["other"]))


def _attendance_buttons(session_id: int) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(msg(N_("I am here")), payload=f"{CHECK_IN}{session_id}"),
            Button(msg(N_("I cannot come")), payload=f"{CANT_COME}{session_id}"),
        ),
    )


async def _rules(ports: Ports, unit_id: int) -> Rules:
    return rules_for((await ports.people.unit(unit_id)).settings)


# --- timers ---------------------------------------------------------------------------


async def plan(now: datetime, ports: Ports, cfg: Config) -> Outcome:
    """Expand sessions, schedule reminders and record no-shows; run every minute or so."""
    messages: list[Say] = []
    today = now.date()
    for activity in await ports.attendance.activities(active_on=today - timedelta(days=1)):
        rules = await _rules(ports, activity.unit_id)
        last = today + rules.horizon
        first = today - timedelta(days=1)
        holidays = cfg.holidays(first, last) if cfg.holidays else frozenset()
        # Only future sessions: a session that started before the activity was planned (or
        # while the bot was away) must not turn into a no-show nobody could avoid.
        spans = [s for s in occurrences(activity, first, last, holidays) if s[0] > now]
        await ports.attendance.add_sessions(activity.id, spans)
    for session in await ports.attendance.sessions_between(now, now + REMINDER_WINDOW):
        messages.extend(await _reminders(session, now, ports))
    for session in await ports.attendance.sessions_between(now - timedelta(days=1), now):
        owner = await ports.attendance.activity(session.activity_id)
        if owner is None or session.closed:
            continue
        if now >= window_closes(session, await _rules(ports, owner.unit_id)):
            messages.extend(await _close(session, owner, now, ports))
    return Outcome(messages=tuple(messages))


async def _reminders(session: Session, now: datetime, ports: Ports) -> list[Say]:
    activity = await ports.attendance.activity(session.activity_id)
    if activity is None:
        return []
    rules = await _rules(ports, activity.unit_id)
    out = []
    for participant_id in activity.participant_ids:
        person = await ports.people.get(participant_id)
        if person is None or person.chat_id is None or not person.reachable:
            continue
        if await ports.attendance.record_of(session.id, participant_id) is not None:
            continue
        zone = ZoneInfo(activity.timezone)
        day_starts = datetime.combine(session.starts_at.astimezone(zone).date(), time(), zone)
        for kind, due in reminder_times(session, activity.timezone, rules, now):
            text = (
                msg(
                    N_("Tomorrow: {title} at {when}, {place}."),
                    title=activity.title,
                    when=session.starts_at,
                    place=activity.place,
                )
                if kind == "evening"
                else msg(
                    N_("Soon: {title} starts at {when}, {place}."),
                    title=activity.title,
                    when=session.starts_at,
                    place=activity.place,
                )
            )
            hint = msg(N_("Press “I am here” when you arrive, or tell me if you cannot come."))
            out.append(
                Say(
                    chat_id=person.chat_id,
                    locale=person.locale,
                    body=(text, hint),
                    buttons=_attendance_buttons(session.id),
                    key=f"rem:{session.id}:{participant_id}:{kind}",
                    due_at=due,
                    # "Tomorrow" is wrong once that day began, "soon" once the session did.
                    expires_at=day_starts if kind == "evening" else session.starts_at,
                )
            )
    return out


async def _close(session: Session, activity: Activity, now: datetime, ports: Ports) -> list[Say]:
    """Record everyone who neither checked in nor reported as an unreported absence."""
    missing: list[Person] = []
    for participant_id in activity.participant_ids:
        entry = AttendanceRecord(session.id, participant_id, Presence.UNREPORTED, now)
        stored = await ports.attendance.record(entry, overwrite=False)
        if stored.status is Presence.UNREPORTED and stored.recorded_at == now:
            person = await ports.people.get(participant_id)
            if person is not None:
                missing.append(person)
    await ports.attendance.set_session(session.id, closed=True)
    out = [
        Say(
            chat_id=p.chat_id,
            locale=p.locale,
            body=(
                msg(
                    N_(
                        "We missed you at {title} today. Is everything all right? If something "
                        "happened, tell your coach, or use /attendance."
                    ),
                    title=activity.title,
                ),
            ),
            key=f"noshow:{session.id}:{p.id}",
        )
        for p in missing
        if p.chat_id is not None and p.reachable
    ]
    coach = await ports.people.get(activity.coach_id) if activity.coach_id else None
    if missing and coach is not None and coach.chat_id is not None:
        names = ", ".join(p.display_name for p in missing)
        out.append(
            Say(
                chat_id=coach.chat_id,
                locale=coach.locale,
                body=(
                    msg(
                        N_("No check-in and no message from: {names}. ({title}, {when})"),
                        names=names,
                        title=activity.title,
                        when=session.starts_at,
                    ),
                ),
                key=f"noshow-list:{session.id}",
            )
        )
    return out


# --- participants ---------------------------------------------------------------------


async def _current_session(
    person: Person, now: datetime, ports: Ports
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
        rules = await _rules(ports, activity.unit_id)
        if check_in(session, now, rules) in (CheckIn.PRESENT, CheckIn.LATE):
            return session, activity
        if best is None or abs(session.starts_at - now) < abs(best[0].starts_at - now):
            best = (session, activity)
    return best


async def check_in_now(
    event: Event,
    actor: Actor,
    person: Person,
    ports: Ports,
    session_id: int | None,
    convo: Conversation,
) -> Outcome:
    """Check in for a session (from the reminder's button or /here)."""
    if person.role is not Role.PARTICIPANT:
        return not_allowed(actor, person.locale)
    found: tuple[Session, Activity] | None = None
    if session_id is not None:
        session = await ports.attendance.session(session_id)
        activity = await ports.attendance.activity(session.activity_id) if session else None
        if session is None or activity is None or person.id not in activity.participant_ids:
            return stale(actor, person.locale)
        found = (session, activity)
    else:
        found = await _current_session(person, event.at, ports)
    if found is None:
        return _reply(actor, person, msg(N_("You have no activity to check in to right now.")))
    session, activity = found
    if session.cancelled:
        text = msg(
            N_("{title} on {when} is cancelled."), title=activity.title, when=session.starts_at
        )
        return _reply(actor, person, text)
    rules = await _rules(ports, activity.unit_id)
    result = check_in(session, event.at, rules)
    if result is CheckIn.TOO_EARLY:
        opens = session.starts_at - rules.checkin_before
        text = msg(N_("Check-in for {title} opens at {opens}."), title=activity.title, opens=opens)
        return _reply(actor, person, text)
    if result is CheckIn.CLOSED:
        text = msg(
            N_(
                "Check-in for {title} has closed. If you were there, you can dispute the "
                "record with /attendance."
            ),
            title=activity.title,
        )
        return _reply(actor, person, text)
    existing = await ports.attendance.record_of(session.id, person.id)
    if existing is not None and existing.status in (Presence.PRESENT, Presence.LATE):
        text = msg(N_("You are already checked in for {title}."), title=activity.title)
        return _reply(actor, person, text)
    if activity.latitude is not None and activity.longitude is not None:
        ask = msg(
            N_(
                "To check in for {title}, please share your location. It is only compared "
                "with the place of the activity and is not stored."
            ),
            title=activity.title,
        )
        return Outcome(
            messages=(
                Say(actor.chat_id, person.locale, (ask,), ask_location=msg(N_("Share location"))),
            ),
            state=State.CHECKIN_LOCATION,
            data={**convo.data, "checkin": session.id},
            remove_buttons=True,
        )
    return await _checked_in(event, actor, person, ports, session, activity, result)


async def _checked_in(
    event: Event,
    actor: Actor,
    person: Person,
    ports: Ports,
    session: Session,
    activity: Activity,
    result: CheckIn,
    *,
    remove_keyboard: bool = False,
) -> Outcome:
    status = presence_of(result)
    await ports.attendance.record(AttendanceRecord(session.id, person.id, status, event.at))
    text = (
        msg(N_("Thank you, you are checked in for {title}. Welcome!"), title=activity.title)
        if status is Presence.PRESENT
        else msg(
            N_("You are checked in for {title}. It is recorded as late: it started at {start}."),
            title=activity.title,
            start=session.starts_at,
        )
    )
    reply = Say(actor.chat_id, person.locale, (text,), remove_keyboard=remove_keyboard)
    return Outcome(messages=(reply,), remove_buttons=True)


EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


async def location_check_in(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Compare the shared location with the venue and check in; the location is not kept."""
    data = {k: v for k, v in convo.data.items() if k != "checkin"}
    session = await ports.attendance.session(int(convo.data.get("checkin", 0)))
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if (
        event.latitude is None
        or event.longitude is None
        or session is None
        or activity is None
        or activity.latitude is None
        or activity.longitude is None
    ):
        text = msg(N_("OK, no check-in. Use /here to try again."))
        reply = Say(actor.chat_id, person.locale, (text,), remove_keyboard=True)
        return Outcome(messages=(reply,), state="idle", data=data)
    rules = await _rules(ports, activity.unit_id)
    result = check_in(session, event.at, rules)
    away = distance_m(event.latitude, event.longitude, activity.latitude, activity.longitude)
    if result not in (CheckIn.PRESENT, CheckIn.LATE):
        text = msg(N_("Check-in for {title} is not open now."), title=activity.title)
    elif away > activity.radius_m:
        text = msg(
            N_(
                "You seem to be about {distance} m from {place}. Check in when you are "
                "there, or talk to your coach."
            ),
            distance=int(round(away, -1)),
            place=activity.place,
        )
    else:
        done = await _checked_in(
            event, actor, person, ports, session, activity, result, remove_keyboard=True
        )
        return Outcome(messages=done.messages, state="idle", data=data)
    reply = Say(actor.chat_id, person.locale, (text,), remove_keyboard=True)
    return Outcome(messages=(reply,), state="idle", data=data)


def _reply(actor: Actor, person: Person, text: Msg) -> Outcome:
    return Outcome(messages=(say(actor, person.locale, text),), toast=None)


async def ask_reason(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """Ask why the participant cannot come, with the unit's reason categories."""
    session_id = payload_id(event.payload, CANT_COME)
    session = await ports.attendance.session(session_id) if session_id else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if session is None or activity is None or person.id not in activity.participant_ids:
        return stale(actor, person.locale)
    rules = await _rules(ports, activity.unit_id)
    buttons = tuple(
        (Button(reason_label(code), payload=f"{REASON}{session.id}:{code}"),)
        for code in rules.categories
    )
    question = msg(N_("What is the reason? Only your coach sees it."))
    return Outcome(messages=(say(actor, person.locale, question, buttons=buttons),))


async def report_absence(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Record the absence with its reason; for 'other' offer a short note first."""
    head, _, code = event.payload.removeprefix(REASON).partition(":")
    session = await ports.attendance.session(int(head)) if head.isdigit() else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if session is None or activity is None or person.id not in activity.participant_ids:
        return stale(actor, person.locale)
    if code == "other":
        text = msg(
            N_(
                "You can write a short note for your coach, or press Skip. Please do not "
                "write anything about your health."
            )
        )
        skip = ((Button(msg(N_("Skip")), payload=SKIP_NOTE),),)
        return Outcome(
            messages=(say(actor, person.locale, text, buttons=skip),),
            state=State.ABSENCE_NOTE,
            data={**convo.data, "absence": [session.id, code]},
            remove_buttons=True,
        )
    return await _absent(actor, person, ports, session, activity, code, "", event.at)


async def absence_note(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Take the optional note (or Skip) and record the absence."""
    pending = convo.data.get("absence")
    data = {k: v for k, v in convo.data.items() if k != "absence"}
    session = await ports.attendance.session(int(pending[0])) if pending else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if session is None or activity is None:
        return Outcome(messages=stale(actor, person.locale).messages, state="idle", data=data)
    note = "" if event.payload == SKIP_NOTE else event.text.strip()[:MAX_NOTE]
    outcome = await _absent(actor, person, ports, session, activity, "other", note, event.at)
    return Outcome(messages=outcome.messages, state="idle", data=data, remove_buttons=True)


async def _absent(
    actor: Actor,
    person: Person,
    ports: Ports,
    session: Session,
    activity: Activity,
    code: str,
    note: str,
    now: datetime,
) -> Outcome:
    status = absence(session, now)
    entry = AttendanceRecord(session.id, person.id, status, now, category=code, note=note)
    await ports.attendance.record(entry)
    if status is Presence.NOTIFIED_ABSENCE:
        thanks = msg(N_("Thank you for telling me. Your coach knows now."))
    else:
        thanks = msg(
            N_("Thank you. It is recorded as a late notice, since {title} has already started."),
            title=activity.title,
        )
    messages = [say(actor, person.locale, thanks)]
    coach = await _coach_for(activity, person, ports)
    if coach is not None and coach.chat_id is not None:
        body = [
            msg(
                N_("{name} cannot come to {title} on {when}. Reason: {reason}."),
                name=person.display_name,
                title=activity.title,
                when=session.starts_at,
                reason=reason_label(code),
            )
        ]
        if note:
            body.append(msg(N_("Note from {name}: {note}"), name=person.display_name, note=note))
        if status is Presence.LATE_NOTICE:
            body.append(msg(N_("This was reported after the start.")))
        messages.append(Say(coach.chat_id, coach.locale, tuple(body)))
    return Outcome(messages=tuple(messages), remove_buttons=True)


async def _coach_for(activity: Activity, person: Person, ports: Ports) -> Person | None:
    """The coach to alert: the participant's own coach, else the activity's."""
    coach = await ports.people.coach_of(person.id)
    if coach is None and activity.coach_id is not None:
        coach = await ports.people.get(activity.coach_id)
    return coach if coach is not None and coach.reachable else None


async def my_attendance(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """Show this month's sessions with their status, and offer to dispute past ones."""
    if person.role is not Role.PARTICIPANT:
        return not_allowed(actor, person.locale)
    month_start = event.at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    sessions = await ports.attendance.sessions_of(
        person.id, month_start - timedelta(days=1), month_start + timedelta(days=32)
    )
    sessions = [s for s in sessions if s.starts_at.month == event.at.month]
    if not sessions:
        return _reply(actor, person, msg(N_("You have no activities this month.")))
    lines = [msg(N_("Your activities this month:"))]
    buttons: list[tuple[Button, ...]] = []
    for session in sessions:
        activity = await ports.attendance.activity(session.activity_id)
        if activity is None:
            continue
        entry = await ports.attendance.record_of(session.id, person.id)
        status = msg(STATUS[entry.status if entry else None])
        if session.cancelled:
            status = msg(N_("cancelled"))
        lines.append(
            msg(
                N_("{when} – {title}: {status}"),
                when=session.starts_at,
                title=activity.title,
                status=status,
            )
        )
        if entry is not None and entry.status in ABSENT | {Presence.LATE} and len(buttons) < 8:
            buttons.append(
                (
                    Button(
                        msg(N_("Dispute {when}"), when=session.starts_at),
                        payload=f"{DISPUTE}{session.id}",
                    ),
                )
            )
    return Outcome(messages=(say(actor, person.locale, *lines, buttons=tuple(buttons)),))


async def ask_dispute(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Ask for a short comment on the disputed record."""
    session_id = payload_id(event.payload, DISPUTE)
    session = await ports.attendance.session(session_id) if session_id else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if session is None or activity is None or person.id not in activity.participant_ids:
        return stale(actor, person.locale)
    text = msg(
        N_("What is wrong with the record for {title} on {when}? Write a short comment."),
        title=activity.title,
        when=session.starts_at,
    )
    return Outcome(
        messages=(say(actor, person.locale, text),),
        state=State.DISPUTE_COMMENT,
        data={**convo.data, "dispute": session.id},
    )


async def dispute_comment(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Open the dispute and send it to the coach with accept and reject buttons."""
    data = {k: v for k, v in convo.data.items() if k != "dispute"}
    session = await ports.attendance.session(int(convo.data.get("dispute", 0)))
    activity = await ports.attendance.activity(session.activity_id) if session else None
    comment = event.text.strip()[:MAX_NOTE]
    if session is None or activity is None:
        return Outcome(messages=stale(actor, person.locale).messages, state="idle", data=data)
    if not comment:
        return Outcome(
            messages=(say(actor, person.locale, msg(N_("Please write a short comment."))),)
        )
    dispute = await ports.attendance.open_dispute(session.id, person.id, comment, event.at)
    entry = await ports.attendance.record_of(session.id, person.id)
    messages = [say(actor, person.locale, msg(N_("Thank you. Your coach will look at it.")))]
    coach = await _coach_for(activity, person, ports)
    if coach is not None and coach.chat_id is not None:
        text = msg(
            N_("{name} disputes the record for {title} on {when} ({status}): {comment}"),
            name=person.display_name,
            title=activity.title,
            when=session.starts_at,
            status=msg(STATUS[entry.status if entry else None]),
            comment=comment,
        )
        buttons = (
            (
                Button(msg(N_("Accept")), payload=f"{DECIDE}{dispute.id}:a"),
                Button(msg(N_("Reject")), payload=f"{DECIDE}{dispute.id}:r"),
            ),
        )
        messages.append(Say(coach.chat_id, coach.locale, (text,), buttons=buttons))
    return Outcome(messages=tuple(messages), state="idle", data=data)


# --- coaches --------------------------------------------------------------------------


async def decide(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """The coach accepts or rejects a dispute; the participant is told."""
    if person.role not in (Role.COACH, Role.MANAGER):
        return not_allowed(actor, person.locale)
    head, _, verdict = event.payload.removeprefix(DECIDE).partition(":")
    if not head.isdigit() or verdict not in ("a", "r"):
        return stale(actor, person.locale)
    decided = await ports.attendance.decide_dispute(
        int(head), accepted=verdict == "a", coach_id=person.id, now=event.at
    )
    if decided is None:
        return stale(actor, person.locale)
    session = await ports.attendance.session(decided.session_id)
    activity = await ports.attendance.activity(session.activity_id) if session else None
    participant = await ports.people.get(decided.participant_id)
    if session is None or activity is None or participant is None:
        return stale(actor, person.locale)
    if decided.status is DisputeStatus.ACCEPTED:
        await _correct(ports, decided.session_id, participant.id, event.at)
    done = msg(N_("Done. {name} has been told."), name=participant.display_name)
    messages = [say(actor, person.locale, done)]
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


async def _correct(ports: Ports, session_id: int, participant_id: int, now: datetime) -> None:
    """An accepted dispute corrects the record: there after all, or reported in time."""
    entry = await ports.attendance.record_of(session_id, participant_id)
    if entry is None or entry.status not in CORRECTED:
        return
    status = CORRECTED[entry.status]
    category = entry.category if status is Presence.NOTIFIED_ABSENCE else None
    await ports.attendance.record(
        AttendanceRecord(session_id, participant_id, status, now, category=category)
    )


async def upcoming(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """List a coach's sessions of the coming week, each with a cancel button."""
    if person.role not in (Role.COACH, Role.MANAGER):
        return not_allowed(actor, person.locale)
    sessions = await ports.attendance.sessions_between(event.at, event.at + timedelta(days=7))
    lines = [msg(N_("Your sessions in the coming week:"))]
    buttons: list[tuple[Button, ...]] = []
    for session in sessions:
        activity = await ports.attendance.activity(session.activity_id)
        if activity is None or activity.unit_id != person.unit_id:
            continue
        if person.role is Role.COACH and activity.coach_id != person.id:
            continue
        lines.append(
            msg(
                N_("{when} – {title}, {place}: {count}"),
                when=session.starts_at,
                title=activity.title,
                place=activity.place,
                count=nmsg("{n} participant", "{n} participants", len(activity.participant_ids)),
            )
        )
        if len(buttons) < 10:
            label = msg(N_("Cancel {when}"), when=session.starts_at)
            move = msg(N_("Move"))
            buttons.append(
                (
                    Button(label, payload=f"{CANCEL}{session.id}"),
                    Button(move, payload=f"{MOVE}{session.id}"),
                )
            )
    if len(lines) == 1:
        return _reply(actor, person, msg(N_("You have no sessions in the coming week.")))
    return Outcome(messages=(say(actor, person.locale, *lines, buttons=tuple(buttons)),))


async def ask_cancel(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """Ask the coach to confirm cancelling a session."""
    session, activity = await _coach_session(event.payload, CANCEL, person, ports)
    if session is None or activity is None:
        return stale(actor, person.locale)
    text = msg(
        N_("Cancel {title} on {when}? Everyone enrolled will be told."),
        title=activity.title,
        when=session.starts_at,
    )
    buttons = ((Button(msg(N_("Yes, cancel it")), payload=f"{CONFIRM_CANCEL}{session.id}"),),)
    return Outcome(messages=(say(actor, person.locale, text, buttons=buttons),))


async def cancel(event: Event, actor: Actor, person: Person, ports: Ports) -> Outcome:
    """Cancel a session: tell everyone enrolled and withdraw its pending reminders."""
    session, activity = await _coach_session(event.payload, CONFIRM_CANCEL, person, ports)
    if session is None or activity is None or session.cancelled:
        return stale(actor, person.locale)
    await ports.attendance.set_session(session.id, cancelled=True)
    notice = msg(
        N_("{title} on {when} is cancelled. You do not need to come."),
        title=activity.title,
        when=session.starts_at,
    )
    messages = await _tell_enrolled(activity, ports, notice, f"cancel:{session.id}")
    n = len(messages)
    done = nmsg(
        "Cancelled. I have told {n} participant.", "Cancelled. I have told {n} participants.", n
    )
    return Outcome(
        messages=(say(actor, person.locale, done), *messages),
        remove_buttons=True,
        drop_pending=(f"rem:{session.id}:",),
    )


async def ask_move(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Ask the coach for the session's new date and time."""
    session, activity = await _coach_session(event.payload, MOVE, person, ports)
    if session is None or activity is None or session.cancelled:
        return stale(actor, person.locale)
    text = msg(
        N_("When should {title} on {when} take place instead? Write it like {example}."),
        title=activity.title,
        when=session.starts_at,
        example="2026-12-01 13:00",
    )
    return Outcome(
        messages=(say(actor, person.locale, text),),
        state=State.MOVE_SESSION,
        data={**convo.data, "move": session.id},
        remove_buttons=True,
    )


async def move(
    event: Event, actor: Actor, person: Person, ports: Ports, convo: Conversation
) -> Outcome:
    """Move a session: a new session at the new time, the old one withdrawn, all told."""
    data = {k: v for k, v in convo.data.items() if k != "move"}
    session, activity = await _coach_session(
        f"{MOVE}{convo.data.get('move', '')}", MOVE, person, ports
    )
    if session is None or activity is None or session.cancelled:
        return Outcome(messages=stale(actor, person.locale).messages, state="idle", data=data)
    match = MOVE_RE.match(event.text)
    try:
        day = date.fromisoformat(match[1]) if match else None
        at = time(int(match[2]), int(match[3])) if match else None
    except ValueError:
        day = at = None
    if day is None or at is None:
        text = msg(
            N_("Please write the new date and time like {example}."), example="2026-12-01 13:00"
        )
        return Outcome(messages=(say(actor, person.locale, text),))
    zone = ZoneInfo(activity.timezone)
    local = datetime.combine(day, at, zone)
    start = local.astimezone(UTC)
    if start <= event.at:
        text = msg(N_("That time has passed. When should it take place?"))
        return Outcome(messages=(say(actor, person.locale, text),))
    end = (local + (session.ends_at - session.starts_at)).astimezone(UTC)
    await ports.attendance.add_sessions(activity.id, [(start, end)])
    # The old session stays, cancelled, so the recurrence does not bring it back.
    await ports.attendance.set_session(session.id, cancelled=True)
    notice = msg(
        N_("{title} is moved from {old} to {new}. The place is {place}."),
        title=activity.title,
        old=session.starts_at,
        new=start,
        place=activity.place,
    )
    messages = await _tell_enrolled(activity, ports, notice, f"move:{session.id}")
    done = msg(N_("Moved. I have told the participants and will remind them again."))
    return Outcome(
        messages=(say(actor, person.locale, done), *messages),
        state="idle",
        data=data,
        drop_pending=(f"rem:{session.id}:",),
    )


async def _tell_enrolled(
    activity: Activity, ports: Ports, notice: Msg, key_prefix: str
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


async def _coach_session(
    payload: str, prefix: str, person: Person, ports: Ports
) -> tuple[Session | None, Activity | None]:
    if person.role not in (Role.COACH, Role.MANAGER):
        return None, None
    session_id = payload_id(payload, prefix)
    session = await ports.attendance.session(session_id) if session_id else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    if activity is None or activity.unit_id != person.unit_id:
        return None, None
    if person.role is Role.COACH and activity.coach_id != person.id:
        return None, None
    return session, activity


def payload_id(payload: str, prefix: str) -> int | None:
    """Return the numeric id after a button's prefix, or None for anything else."""
    rest = payload.removeprefix(prefix)
    return int(rest) if rest.isdigit() else None


def health_reason(code: str | None) -> bool:
    """Say whether an absence reason reveals health (coach-only, short retention)."""
    return code in HEALTH_CATEGORIES
