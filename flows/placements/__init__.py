"""Placements and employer follow-up: a coach records a placement (the employer contact gets
an invite), follow-ups come on working days by plan, the employer and the participant answer
with one tap each (neither sees the other's answers), silence is reminded then escalated, a
worrying answer reaches the coach at once; hiring, ending and exits take fixed codes.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.model import Role
from flows.placements import answers, create, followup, line, manage
from flows.placements.create import State
from flows.placements.payloads import (
    Ask,
    Contact,
    EndOn,
    EndWith,
    ExitOf,
    Extend,
    Hire,
    KindOf,
    NewFor,
    NoComment,
    OpenPlacement,
    OtherWay,
    ReplyTo,
    Save,
    StartOn,
)
from flows.placements.ports import PlacementPorts, narrow
from flows.routes import Command, Every, Flow, Press, Step, Timer
from flows.text import N_

COACHES = frozenset({Role.COACH})
ANSWERING = frozenset({Role.EMPLOYER, Role.PARTICIPANT})

FLOW: Flow[PlacementPorts] = Flow(
    name="placements",
    ports=narrow,
    commands=(
        Command("placement", create.start, COACHES, N_("Record a placement with an employer")),
        Command("placements", manage.listing, COACHES, N_("Placements and their follow-ups")),
        Command("exit", manage.exit_command, COACHES, N_("Record that a participant leaves")),
        Command("contact", line.contact, ANSWERING, N_("Write to your coach")),
    ),
    buttons=(
        Press(NewFor, create.new_for, COACHES, concerns=manage.person_subject),
        Press(Contact, create.contact, COACHES),
        Press(KindOf, create.kind_of, COACHES),
        Press(StartOn, create.start_on, COACHES),
        Press(EndOn, create.end_on, COACHES),
        Press(Save, create.save, COACHES),
        Press(Ask, answers.answer, ANSWERING, concerns=answers.follow_up_subject),
        Press(NoComment, answers.no_comment, ANSWERING, step=State.COMMENT),
        Press(OpenPlacement, manage.open_placement, COACHES, concerns=manage.placement_subject),
        Press(Hire, manage.hire, COACHES, concerns=manage.placement_subject),
        Press(EndWith, manage.end_with, COACHES, concerns=manage.placement_subject),
        Press(OtherWay, manage.other_way, COACHES, concerns=answers.follow_up_subject),
        Press(ExitOf, manage.exit_of, COACHES, concerns=manage.person_subject),
        Press(ReplyTo, line.reply_to, COACHES),
        Press(Extend, manage.extend, COACHES, concerns=manage.placement_subject),
    ),
    steps=(
        Step(State.WORKPLACE, create.typed, on_leave=create.left),
        Step(State.CONTACT, create.typed, on_leave=create.left),
        Step(State.START, create.typed, on_leave=create.left),
        Step(State.END, create.typed, on_leave=create.left),
        Step(State.CHOOSING, create.typed, on_leave=create.left),
        Step(State.COMMENT, answers.comment, on_leave=answers.left),
        Step(State.MESSAGE, line.message, on_leave=line.left),
        Step(State.ANSWER, line.answer, on_leave=line.left),
    ),
    timers=(Timer("placements.follow_up", Every.MINUTE, followup.plan_all),),
)
