"""Planning: staff plan an activity in Telegram step by step, mostly with buttons."""

from __future__ import annotations

from flows.planning import steps
from flows.planning.payloads import (
    Confirm,
    PickKind,
    PickLength,
    PickParticipant,
    PickRecurrence,
    PickWeekday,
)
from flows.planning.ports import PlanningPorts, narrow
from flows.planning.steps import State
from flows.routes import REPLIES, STAFF, Command, Flow, Press, Step
from flows.text import N_

FLOW: Flow[PlanningPorts] = Flow(
    name="planning",
    ports=narrow,
    commands=(Command("activity", steps.start, STAFF, N_("Plan a new activity")),),
    buttons=(
        Press(PickKind, steps.kind, STAFF),
        Press(PickRecurrence, steps.recurrence, STAFF),
        Press(PickWeekday, steps.weekday, STAFF),
        Press(PickLength, steps.length, STAFF),
        Press(PickParticipant, steps.participant, STAFF),
        Press(Confirm, steps.confirm, STAFF),
    ),
    steps=tuple(Step(s, steps.typed, takes=REPLIES, on_leave=steps.left) for s in State),
)
