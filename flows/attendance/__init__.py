"""Attendance: reminders, check-in, absence, no-shows, the participant's record and disputes.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.attendance import absence, check_in, record, reminders, roster, sessions
from flows.attendance.common import State, dispute_subject, session_subject, verify_subject
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
    SkipNote,
    Verify,
)
from flows.attendance.ports import AttendancePorts, narrow
from flows.events import Kind
from flows.routes import PARTICIPANTS, STAFF, Command, Every, Flow, Press, Step, Timer
from flows.text import N_

FLOW: Flow[AttendancePorts] = Flow(
    name="attendance",
    ports=narrow,
    commands=(
        Command("here", check_in.here, PARTICIPANTS, N_("Check in at an activity")),
        Command("absent", absence.absent, PARTICIPANTS, N_("Report that you cannot come")),
        Command(
            "attendance", record.my_attendance, PARTICIPANTS, N_("Your attendance this month")
        ),
        Command("sessions", sessions.upcoming, STAFF, N_("Sessions of the past and coming week")),
    ),
    buttons=(
        Press(CheckInAt, check_in.pressed, PARTICIPANTS, concerns=session_subject),
        Press(CantCome, absence.ask_reason, PARTICIPANTS, concerns=session_subject),
        Press(Reason, absence.report, PARTICIPANTS, concerns=session_subject),
        Press(SkipNote, absence.skip_note, PARTICIPANTS, step=State.ABSENCE_NOTE),
        Press(DisputeRecord, record.ask_dispute, PARTICIPANTS, concerns=session_subject),
        Press(Decide, record.decide, STAFF, concerns=dispute_subject),
        Press(ReasonFor, record.ask_reason, STAFF, concerns=dispute_subject),
        Press(Correct, record.correct, STAFF, concerns=dispute_subject),
        Press(Verify, check_in.verify, STAFF, concerns=verify_subject),
        Press(AskCancel, sessions.ask_cancel, STAFF, concerns=session_subject),
        Press(ConfirmCancel, sessions.cancel, STAFF, concerns=session_subject),
        Press(KeepSession, sessions.keep, STAFF, concerns=session_subject),
        Press(MoveSession, sessions.ask_move, STAFF, concerns=session_subject),
        Press(Roster, roster.show, STAFF, concerns=session_subject),
        Press(MarkPresent, roster.mark_present, STAFF, concerns=session_subject),
    ),
    steps=(
        Step(State.ABSENCE_REASON, absence.typed_reason, on_leave=absence.left_without_reason),
        Step(State.ABSENCE_NOTE, absence.note, on_leave=absence.left_without_note),
        Step(State.DISPUTE_COMMENT, record.comment, on_leave=record.left_without_comment),
        Step(
            State.CHECKIN_LOCATION,
            check_in.location,
            takes=frozenset({Kind.LOCATION, Kind.TEXT}),
            on_leave=check_in.no_check_in,
        ),
        Step(State.MOVE_SESSION, sessions.move, on_leave=sessions.left_unmoved),
    ),
    timers=(Timer("attendance.plan", Every.MINUTE, reminders.plan),),
)
