"""The CV: a guided conversation, one question at a time, resumable after days, other
commands or a restart; the parts to edit; PDF and Word files in the participant's language
or in Swedish; copies for one job; the coach's reading, comments and review.

The table of contents: every command, button and step of the flow, with who may use it and
what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.cv import coach, copies, overview, walk
from flows.cv.payloads import (
    Add,
    Answer,
    Copy,
    CopyEntry,
    CopyFor,
    CvOf,
    Entry,
    Go,
    Open,
    Remark,
    Respond,
    Reviewed,
)
from flows.cv.ports import CvPorts, narrow
from flows.cv.walk import State
from flows.model import Role
from flows.routes import PARTICIPANTS, Command, Flow, Press, Step
from flows.text import N_

COACHES = frozenset({Role.COACH})
OWN_OR_STAFF = frozenset({Role.PARTICIPANT, Role.COACH})

FLOW: Flow[CvPorts] = Flow(
    name="cv",
    ports=narrow,
    commands=(
        Command("cv", overview.cv_command, PARTICIPANTS, N_("Your CV, one question at a time")),
        Command("cvs", coach.cvs_command, COACHES, N_("Read and comment on participants' CVs")),
    ),
    buttons=(
        Press(Go, overview.go, PARTICIPANTS),
        Press(Open, overview.open_section, PARTICIPANTS),
        Press(Answer, walk.pressed, PARTICIPANTS),
        Press(Entry, overview.entry, PARTICIPANTS),
        Press(Add, overview.add, PARTICIPANTS),
        Press(Copy, copies.copy_action, OWN_OR_STAFF, concerns=copies.copy_subject),
        Press(CopyEntry, copies.copy_entry, OWN_OR_STAFF, concerns=copies.copy_subject),
        Press(CopyFor, copies.coach_copy, COACHES, concerns=coach.participant_subject),
        Press(CvOf, coach.cv_of, COACHES, concerns=coach.participant_subject),
        Press(Remark, coach.remark, COACHES, concerns=coach.participant_subject),
        Press(Reviewed, coach.reviewed, COACHES, concerns=coach.participant_subject),
        Press(Respond, coach.respond, PARTICIPANTS, concerns=coach.comment_subject),
    ),
    steps=(
        # The walk survives other commands: the next answer still goes to its question.
        Step(State.ANSWER, walk.typed, resumable=True),
        Step(State.LABEL, copies.take_label),
        Step(State.PROFILE, copies.take_profile),
        Step(State.REMARK, coach.take_remark),
        Step(State.RESPOND, coach.take_response),
    ),
)
