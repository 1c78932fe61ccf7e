"""Tasks: the library, coaches giving tasks, participants reporting them, review, the week.

The table of contents: every command, button, step and timer of the flow, with who may use
it and what it concerns. The dispatcher enforces the roles and the visibility of subjects.
"""

from __future__ import annotations

from flows.model import Role
from flows.routes import PARTICIPANTS, REPLIES, Command, Every, Flow, Press, Step, Timer
from flows.tasks import assign, draft, own, reminders, report, review, week
from flows.tasks.common import State, participant_subject, task_subject
from flows.tasks.payloads import (
    AskHelp,
    DueIn,
    MoreTime,
    OwnHours,
    OwnReport,
    Pick,
    PickUnit,
    Rate,
    ReportTask,
    Review,
    SaveOwn,
    Send,
    StepOf,
    Suggested,
    Target,
    WeekOf,
    Whom,
    Withdraw,
    WriteOwn,
)
from flows.tasks.ports import TasksPorts, narrow
from flows.text import N_

COACHES = frozenset({Role.COACH})
WEEK_ROLES = frozenset({Role.PARTICIPANT, Role.COACH})

FLOW: Flow[TasksPorts] = Flow(
    name="tasks",
    ports=narrow,
    commands=(
        Command("assign", assign.start, COACHES, N_("Give a task to participants")),
        Command("tasks", report.my_tasks, PARTICIPANTS, N_("Your tasks and how to report them")),
        Command("week", week.week, WEEK_ROLES, N_("The week: activities, tasks and hours")),
    ),
    buttons=(
        Press(Whom, assign.whom, COACHES),
        Press(StepOf, assign.step_of, COACHES),
        Press(Pick, assign.pick, COACHES),
        Press(DueIn, draft.due_in, COACHES),
        Press(Send, assign.send, COACHES),
        Press(WriteOwn, own.write_own, COACHES),
        Press(PickUnit, own.pick_unit, COACHES),
        Press(SaveOwn, own.save_own, COACHES, concerns=task_subject),
        Press(OwnHours, own.own_hours, COACHES),
        Press(OwnReport, own.own_report, COACHES),
        Press(Suggested, assign.suggested, COACHES, concerns=participant_subject),
        Press(WeekOf, week.week_of_participant, COACHES, concerns=participant_subject),
        Press(Target, week.set_target, COACHES, concerns=participant_subject),
        Press(ReportTask, report.ask_report, PARTICIPANTS, concerns=task_subject),
        Press(AskHelp, report.ask_help, PARTICIPANTS, concerns=task_subject),
        Press(Rate, report.rate, PARTICIPANTS, concerns=task_subject),
        Press(Review, review.review, COACHES, concerns=task_subject),
        Press(MoreTime, review.more_time, COACHES, concerns=task_subject),
        Press(Withdraw, review.withdraw, COACHES, concerns=task_subject),
    ),
    steps=(
        Step(State.CHOOSING, assign.typed, on_leave=assign.left),
        Step(State.DUE, assign.typed, on_leave=assign.left),
        Step(State.OWN, assign.typed, on_leave=assign.left),
        Step(State.REPORT, report.take_report, takes=REPLIES, on_leave=report.left_without_report),
        Step(State.COMMENT, review.comment, on_leave=review.left_without_comment),
    ),
    timers=(Timer("tasks.plan", Every.MINUTE, reminders.plan),),
)
