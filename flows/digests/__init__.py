"""Summaries: urgent alerts gathered and held through quiet hours, each coach's daily digest
and weekly summary, the caseload with filters and a profile card per participant, notes,
hand-overs, and the unit manager's weekly report.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects
(and writes the audit row when staff open a participant's data).
"""

from __future__ import annotations

from flows.digests import caseload, daily, handover, profile, quiet, reachout, report, weekly
from flows.digests.payloads import (
    AskGender,
    ContactMe,
    HandAllTo,
    HandOver,
    HandTo,
    History,
    Page,
    Priority,
    Profile,
    Quiet,
    ReportWeek,
    SetGender,
    WeekCsv,
    Workday,
    WriteNote,
)
from flows.digests.ports import DigestPorts, narrow
from flows.digests.profile import State, person_subject
from flows.model import Role
from flows.routes import PARTICIPANTS, STAFF, Command, Every, Flow, Press, Step, Timer
from flows.text import N_

COACHES = frozenset({Role.COACH})
MANAGERS = frozenset({Role.MANAGER})

FLOW: Flow[DigestPorts] = Flow(
    name="digests",
    ports=narrow,
    commands=(
        Command("caseload", caseload.caseload_command, STAFF, N_("Your participants, filtered")),
        Command("handover", handover.handover_command, COACHES, N_("Hand your caseload over")),
        Command("quiet", quiet.quiet_command, STAFF, N_("Quiet hours and working days")),
        Command("report", report.report_command, MANAGERS, N_("The unit's weekly report")),
    ),
    buttons=(
        Press(Profile, profile.profile, STAFF, concerns=person_subject),
        Press(History, profile.history, STAFF, concerns=person_subject),
        Press(WriteNote, profile.write_note, STAFF, concerns=person_subject),
        Press(AskGender, profile.ask_gender, COACHES, concerns=person_subject),
        Press(SetGender, profile.set_gender, COACHES, concerns=person_subject),
        Press(Priority, profile.priority, COACHES, concerns=person_subject),
        Press(HandOver, handover.hand_over, STAFF, concerns=person_subject),
        Press(HandTo, handover.hand_to, STAFF, concerns=person_subject),
        Press(HandAllTo, handover.hand_all_to, COACHES),
        Press(Page, caseload.page, STAFF),
        Press(Quiet, quiet.set_quiet, STAFF),
        Press(Workday, quiet.toggle_day, STAFF),
        Press(WeekCsv, weekly.week_csv, COACHES),
        Press(ReportWeek, report.report_week, MANAGERS),
        Press(ContactMe, reachout.contact_me, PARTICIPANTS),
    ),
    steps=(Step(State.NOTE, profile.note_typed, on_leave=profile.note_left),),
    timers=(Timer("digests.morning", Every.MINUTE, daily.morning),),
)
