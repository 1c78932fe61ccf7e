"""The participant's path: the start, an action plan within 5 working days that the
participant reads in their language and confirms and the home district approves (every
change a new version), breaks that pause it and a restart, and deadlines the coach is told
of ahead of time.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.model import Role
from flows.path import coach, deadlines, drawn, mine
from flows.path.coach import State
from flows.path.payloads import Act, Mine, PathOf, Pause, StepsDone, StepsFrom
from flows.path.ports import PathPorts, narrow
from flows.routes import PARTICIPANTS, Command, Every, Flow, Press, Step, Timer
from flows.text import N_

COACHES = frozenset({Role.COACH})

FLOW: Flow[PathPorts] = Flow(
    name="path",
    ports=narrow,
    commands=(
        Command("plan", mine.my_plan, PARTICIPANTS, N_("Your action plan")),
        Command("path", coach.path_command, COACHES, N_("Paths, action plans and breaks")),
    ),
    buttons=(
        Press(PathOf, coach.path_of, COACHES, concerns=coach.person_subject),
        Press(Act, coach.act, COACHES, concerns=coach.person_subject),
        Press(Pause, coach.pause, COACHES, concerns=coach.person_subject),
        Press(
            StepsDone, coach.steps_done, COACHES, step=State.STEPS, concerns=coach.person_subject
        ),
        Press(
            StepsFrom, drawn.steps_from, COACHES, step=State.STEPS, concerns=coach.person_subject
        ),
        Press(Mine, mine.mine, PARTICIPANTS),
    ),
    steps=(
        Step(State.GOAL, coach.typed, on_leave=coach.left),
        Step(State.STEPS, coach.typed, on_leave=coach.left),
        Step(State.COMMITMENT, coach.typed, on_leave=coach.left),
        Step(State.APPROVER, coach.typed, on_leave=coach.left),
        Step(State.QUESTION, mine.question),
    ),
    timers=(Timer("path.deadlines", Every.MINUTE, deadlines.alerts),),
)
