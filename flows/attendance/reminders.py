"""The attendance timer: expand sessions, plan reminders, record no-shows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.attendance.common import attendance_buttons, rules_of
from flows.attendance.ports import AttendancePorts
from flows.attendance.rules import (
    MESSAGE_CATEGORY,
    absence,
    occurrences,
    reminder_times,
    rules_for,
    sent_word,
    window_closes,
)
from flows.config import Config
from flows.model import Activity, AttendanceRecord, Person, Presence, Session
from flows.output import Outcome, Say
from flows.ports import Attendance, People
from flows.routes import TimerCtx
from flows.text import N_, msg

REMINDER_WINDOW = timedelta(hours=36)


async def plan(ctx: TimerCtx[AttendancePorts]) -> Outcome:
    """Expand sessions, schedule reminders and record no-shows; run every minute."""
    now, ports, cfg = ctx.now, ctx.ports, ctx.cfg
    messages: list[Say] = []
    today = now.date()
    for activity in await ports.attendance.activities(active_on=today - timedelta(days=1)):
        await expand(activity, now, ports.people, ports.attendance, cfg)
    for session in await ports.attendance.sessions_between(now, now + REMINDER_WINDOW):
        messages.extend(await _reminders(session, now, ports))
    for session in await ports.attendance.sessions_between(now - timedelta(days=1), now):
        owner = await ports.attendance.activity(session.activity_id)
        if owner is None or session.closed:
            continue
        if now >= window_closes(session, await rules_of(ports, owner.unit_id)):
            messages.extend(await _close(session, owner, now, ports))
    return Outcome(messages=tuple(messages))


async def expand(
    activity: Activity, now: datetime, people: People, attendance: Attendance, cfg: Config
) -> None:
    """Store the activity's sessions within the unit's planning horizon (idempotent)."""
    rules = rules_for((await people.unit(activity.unit_id)).settings)
    today = now.date()
    last = today + rules.horizon
    first = today - timedelta(days=1)
    holidays = cfg.holidays(first, last) if cfg.holidays else frozenset()
    # Only future sessions: a session that started before the activity was planned (or
    # while the bot was away) must not turn into a no-show nobody could avoid.
    spans = [s for s in occurrences(activity, first, last, holidays) if s[0] > now]
    await attendance.add_sessions(activity.id, spans)


async def _reminders(session: Session, now: datetime, ports: AttendancePorts) -> list[Say]:
    activity = await ports.attendance.activity(session.activity_id)
    if activity is None:
        return []
    rules = await rules_of(ports, activity.unit_id)
    out = []
    for participant_id in activity.participant_ids:
        person = await ports.people.get(participant_id)
        if person is None or person.chat_id is None or not person.reachable:
            continue
        if await ports.attendance.record_of(session.id, participant_id) is not None:
            continue
        if await ports.people.on_break(participant_id, _day_of(session, activity)):
            continue  # a break pauses the path: no reminders
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
                    buttons=attendance_buttons(session.id),
                    key=f"rem:{session.id}:{participant_id}:{kind}",
                    due_at=due,
                    # "Tomorrow" is wrong once that day began, "soon" once the session did.
                    expires_at=day_starts if kind == "evening" else session.starts_at,
                )
            )
    return out


async def _close(
    session: Session, activity: Activity, now: datetime, ports: AttendancePorts
) -> list[Say]:
    """Record everyone who neither checked in nor reported: as having sent word when they
    wrote to their coach since the evening before, else as an unreported absence."""
    missing: list[Person] = []
    wrote: list[Person] = []
    for participant_id in activity.participant_ids:
        if await ports.people.on_break(participant_id, _day_of(session, activity)):
            continue  # no attendance is expected during a break: no record, no message
        person = await ports.people.get(participant_id)
        if person is not None and sent_word(session, person.messaged_coach_at, now):
            status = absence(session, person.messaged_coach_at or now)
            entry = AttendanceRecord(session.id, participant_id, status, now, MESSAGE_CATEGORY)
            stored = await ports.attendance.record(entry, overwrite=False)
            if stored == entry:
                wrote.append(person)
            continue
        entry = AttendanceRecord(session.id, participant_id, Presence.UNREPORTED, now)
        stored = await ports.attendance.record(entry, overwrite=False)
        if stored.status is Presence.UNREPORTED and stored.recorded_at == now and person:
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
    if coach is None or coach.chat_id is None:
        return out
    when = {"title": activity.title, "when": session.starts_at}
    lines = []
    if missing:
        names = ", ".join(p.display_name for p in missing)
        text = N_("No check-in and no message from: {names}. ({title}, {when})")
        lines.append(msg(text, names=names, **when))
    if wrote:
        names = ", ".join(p.display_name for p in wrote)
        text = N_("No check-in, but a message to their coach from: {names}. ({title}, {when})")
        lines.append(msg(text, names=names, **when))
    if lines:
        out.append(
            Say(
                chat_id=coach.chat_id,
                locale=coach.locale,
                body=tuple(lines),
                key=f"noshow-list:{session.id}",
            )
        )
    return out


def _day_of(session: Session, activity: Activity) -> date:
    """The session's day in the activity's zone."""
    return session.starts_at.astimezone(ZoneInfo(activity.timezone)).date()
