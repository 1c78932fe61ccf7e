"""Employers and recruitment: a coach records employers (organisation number checked, a named
responsible coach, contact persons invited), an employer contact states a need in a few taps,
the coach sees the caseload ranked with reasons and asks a participant, whose yes alone sends
the CV to the employer; the employer answers with one tap (interview with a time and
reminders, not now, hire that starts a placement with its follow-ups), and every contact with
the employer is counted by channel.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.model import Role
from flows.recruitment import (
    board,
    candidates,
    hires,
    interviews,
    needs,
    reminders,
    verdicts,
    workplaces,
)
from flows.recruitment.common import State, choosing
from flows.recruitment.payloads import (
    AddContact,
    Candidate,
    CloseNeed,
    Consent,
    FindCandidates,
    Headcount,
    HireAs,
    HireFrom,
    Hours,
    Industry,
    LogContact,
    Must,
    NeedFor,
    NewWorkplace,
    NoNote,
    Occupation,
    OpenNeed,
    OpenWorkplace,
    Present,
    SaveNeed,
    SaveWorkplace,
    Size,
    StartIn,
    Suggest,
    TimeSuits,
    UndoContact,
    Verdict,
)
from flows.recruitment.ports import RecruitmentPorts, narrow
from flows.routes import Command, Every, Flow, Press, Step, Timer
from flows.text import N_

COACHES = frozenset({Role.COACH})
EMPLOYERS = frozenset({Role.EMPLOYER})
NEEDING = frozenset({Role.COACH, Role.EMPLOYER})
PARTICIPANTS = frozenset({Role.PARTICIPANT})
ON_WORKPLACE = workplaces.workplace_subject
ON_NEED = needs.need_subject

FLOW: Flow[RecruitmentPorts] = Flow(
    name="recruitment",
    ports=narrow,
    commands=(
        Command(
            "employers", workplaces.listing, COACHES, N_("Employers, their needs and contacts")
        ),
        Command("need", needs.start, EMPLOYERS, N_("Tell us about people you need")),
        Command("needs", board.listing, NEEDING, N_("Needs and their candidates")),
    ),
    buttons=(
        Press(OpenWorkplace, workplaces.open_workplace, COACHES, concerns=ON_WORKPLACE),
        Press(NewWorkplace, workplaces.new_workplace, COACHES),
        Press(Industry, workplaces.industry, COACHES, step=State.CHOOSING),
        Press(Size, workplaces.size, COACHES, step=State.CHOOSING),
        Press(SaveWorkplace, workplaces.save, COACHES, step=State.CHOOSING),
        Press(LogContact, workplaces.log_contact, COACHES, concerns=ON_WORKPLACE),
        Press(UndoContact, workplaces.undo_contact, COACHES, concerns=ON_WORKPLACE),
        Press(AddContact, workplaces.add_contact, COACHES, concerns=ON_WORKPLACE),
        Press(NeedFor, needs.need_for, COACHES, concerns=ON_WORKPLACE),
        Press(Occupation, needs.occupation, NEEDING, step=State.CHOOSING),
        Press(Headcount, needs.headcount, NEEDING, step=State.COUNT),
        Press(StartIn, needs.start_in, NEEDING, step=State.START),
        Press(Hours, needs.hours, NEEDING, step=State.CHOOSING),
        Press(Must, needs.must, NEEDING, step=State.CHOOSING),
        Press(NoNote, needs.no_note, NEEDING, step=State.NOTE),
        Press(SaveNeed, needs.save, NEEDING, step=State.CHOOSING),
        Press(OpenNeed, board.open_need, NEEDING, concerns=ON_NEED),
        Press(CloseNeed, board.close, COACHES, concerns=ON_NEED),
        Press(FindCandidates, candidates.find, COACHES, concerns=ON_NEED),
        Press(Candidate, candidates.candidate, COACHES, concerns=candidates.candidate_subject),
        Press(Suggest, candidates.suggest, COACHES, concerns=ON_NEED),
        Press(Present, candidates.present, COACHES, concerns=candidates.candidate_subject),
        Press(Consent, candidates.consent, PARTICIPANTS, concerns=candidates.consent_subject),
        Press(Verdict, verdicts.verdict, EMPLOYERS, concerns=verdicts.verdict_subject),
        Press(TimeSuits, interviews.time_suits, PARTICIPANTS, concerns=candidates.consent_subject),
        Press(
            HireAs,
            hires.hire_as,
            EMPLOYERS,
            step=State.CHOOSING,
            concerns=verdicts.verdict_subject,
        ),
        Press(
            HireFrom,
            hires.hire_from,
            EMPLOYERS,
            step=State.HIRE_START,
            concerns=verdicts.verdict_subject,
        ),
    ),
    steps=(
        Step(State.NAME, workplaces.typed, on_leave=workplaces.left),
        Step(State.ORG, workplaces.typed, on_leave=workplaces.left),
        Step(State.ADDRESS, workplaces.typed, on_leave=workplaces.left),
        Step(State.CONTACT, workplaces.contact_name, on_leave=workplaces.left),
        Step(State.CHOOSING, choosing, on_leave=workplaces.left),
        Step(State.ROLE, needs.typed, on_leave=workplaces.left),
        Step(State.COUNT, needs.typed, on_leave=workplaces.left),
        Step(State.START, needs.typed, on_leave=workplaces.left),
        Step(State.NOTE, needs.typed, on_leave=workplaces.left),
        Step(State.WHEN, interviews.when, on_leave=workplaces.left),
        Step(State.HIRE_START, hires.hire_typed, on_leave=workplaces.left),
    ),
    timers=(Timer("recruitment.reminders", Every.MINUTE, reminders.plan_all),),
)
