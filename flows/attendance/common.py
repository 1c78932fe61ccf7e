"""What the attendance modules share: steps, texts, rules lookup and the subjects of buttons."""

from __future__ import annotations

from enum import StrEnum

from flows import replies
from flows.attendance.payloads import (
    AskCancel,
    CantCome,
    CheckInAt,
    ConfirmCancel,
    Correct,
    Decide,
    DisputeRecord,
    KeepSession,
    MarkPresent,
    MoveSession,
    Reason,
    ReasonFor,
    Roster,
    Verify,
)
from flows.attendance.ports import AttendancePorts
from flows.attendance.rules import MESSAGE_CATEGORY, Rules, rules_for
from flows.model import Activity, AttendanceRecord, Person, Presence, Session
from flows.output import Button, Outcome
from flows.routes import Ctx, Subject
from flows.text import N_, Msg, msg

# The width of the note and comment columns: longer texts are sent back, never cut.
MAX_NOTE = 500


class State(StrEnum):
    """Steps of the attendance flow (persisted as `attendance.<value>`)."""

    ABSENCE_REASON = "absence_reason"
    ABSENCE_NOTE = "absence_note"
    DISPUTE_COMMENT = "dispute_comment"
    CHECKIN_LOCATION = "checkin_location"
    MOVE_SESSION = "move_session"


REASONS: dict[str, str] = {
    "unwell": N_("I am unwell"),
    "sick_child": N_("Caring for a sick child"),
    "interview": N_("Job interview"),
    "work_shift": N_("Work or placement shift"),
    "authority": N_("Meeting an authority"),
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


# The same reasons as the coach reads them (the participant's labels speak as "I").
REASONS_FOR_COACH: dict[str, str] = {
    "unwell": N_("unwell"),
    "sick_child": N_("caring for a sick child"),
    "interview": N_("a job interview"),
    "work_shift": N_("a work or placement shift"),
    "authority": N_("a meeting with an authority"),
    "other": N_("another reason"),
    MESSAGE_CATEGORY: N_("a message to the coach"),
}


def reason_label(code: str) -> Msg:
    """Return the label of an absence reason (unknown unit-specific codes show as 'other')."""
    return msg(REASONS.get(code, REASONS["other"]))


def coach_reason(code: str) -> Msg:
    """Return an absence reason as a coach reads it ("caring for a sick child")."""
    return msg(REASONS_FOR_COACH.get(code, REASONS_FOR_COACH["other"]))


def attendance_buttons(session_id: int) -> tuple[tuple[Button, ...], ...]:
    """Return the "I am here" and "I cannot come" buttons for a session, one per row."""
    return (
        (Button(msg(N_("I am here")), payload=CheckInAt(session_id).pack()),),
        (Button(msg(N_("I cannot come")), payload=CantCome(session_id).pack()),),
    )


async def rules_of(ports: AttendancePorts, unit_id: int) -> Rules:
    """Return the attendance rules of a unit."""
    return rules_for((await ports.people.unit(unit_id)).settings)


async def session_and_activity(
    ports: AttendancePorts, session_id: int | None
) -> tuple[Session, Activity] | None:
    """Return a session with its activity, or None if either is gone."""
    session = await ports.attendance.session(session_id) if session_id is not None else None
    activity = await ports.attendance.activity(session.activity_id) if session else None
    return (session, activity) if session is not None and activity is not None else None


SessionPayload = (
    CheckInAt
    | CantCome
    | Reason
    | DisputeRecord
    | AskCancel
    | ConfirmCancel
    | KeepSession
    | MoveSession
    | Roster
    | MarkPresent
)


async def session_subject(payload: SessionPayload, ports: AttendancePorts) -> Subject | None:
    """A session's button concerns its activity (enrolled participant, its coach, the unit)."""
    found = await session_and_activity(ports, payload.session)
    return Subject(activity_id=found[1].id) if found else None


async def dispute_subject(
    payload: Decide | Correct | ReasonFor, ports: AttendancePorts
) -> Subject | None:
    """A dispute decision concerns the participant who disputed."""
    dispute = await ports.attendance.dispute(payload.dispute)
    return Subject(participant_id=dispute.participant_id) if dispute else None


async def verify_subject(payload: Verify, ports: AttendancePorts) -> Subject | None:
    """Confirming a check-in concerns the participant who checked in."""
    person = await ports.people.get(payload.participant)
    return Subject(participant_id=person.id) if person is not None else None


def status_text(entry: AttendanceRecord | None) -> Msg:
    """What a record says: the status, the reason of an absence reported in time, and
    whether a check-in without a location still waits for the coach's confirmation."""
    status = msg(STATUS[entry.status if entry else None])
    if entry is None:
        return status
    if entry.status is Presence.NOTIFIED_ABSENCE and entry.category:
        return msg(N_("{status} ({reason})"), status=status, reason=coach_reason(entry.category))
    if not entry.verified:
        return msg(N_("{status}, not confirmed yet"), status=status)
    return status


async def coach_for(activity: Activity, person: Person, ports: AttendancePorts) -> Person | None:
    """The coach to alert: the participant's own coach, else the activity's (if reachable)."""
    coach = await ports.people.coach_of(person.id)
    if coach is None and activity.coach_id is not None:
        coach = await ports.people.get(activity.coach_id)
    return coach if coach is not None and coach.reachable else None


def too_long(ctx: Ctx[AttendancePorts], text: str) -> Outcome:
    """Ask for a shorter note or comment; the step stays, nothing is cut or stored."""
    return replies.too_long(ctx.actor, ctx.locale, MAX_NOTE, len(text))
