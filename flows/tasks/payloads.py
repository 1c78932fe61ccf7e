"""The task buttons (wire format `t<n>:<fields>`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.model import ReportKind, TaskStep
from flows.payloads import Payload


@dataclass(frozen=True)
class Whom(Payload, code="t1"):
    """A participant's id to toggle, or "done" (the coach's draft)."""

    choice: str


@dataclass(frozen=True)
class StepOf(Payload, code="t2"):
    """Show the library tasks of one step."""

    step: TaskStep


@dataclass(frozen=True)
class Pick(Payload, code="t3"):
    """Take a library task into the draft, by its key."""

    key: str


@dataclass(frozen=True)
class DueIn(Payload, code="t4"):
    """The due date, in days from today."""

    days: int


@dataclass(frozen=True)
class Send(Payload, code="t5"):
    """Send the drafted task, or drop the draft."""

    answer: Literal["ok", "no"]


@dataclass(frozen=True)
class ReportTask(Payload, code="t6"):
    """The participant reports a task (or, for a "done" task, says it is done)."""

    task: int


@dataclass(frozen=True)
class AskHelp(Payload, code="t7"):
    """The participant does not understand a task, or needs more time."""

    task: int
    why: Literal["unclear", "time"]


@dataclass(frozen=True)
class Review(Payload, code="t8"):
    """The coach approves a report or sends it back."""

    task: int
    verdict: Literal["ok", "back"]


@dataclass(frozen=True)
class MoreTime(Payload, code="t9"):
    """The coach answers a request for more time."""

    task: int
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class Rate(Payload, code="t10"):
    """The participant's optional answer on a reported task."""

    task: int
    answer: Literal["useful", "useless", "short", "right", "long"]


@dataclass(frozen=True)
class WeekOf(Payload, code="t11"):
    """The coach opens one participant's week."""

    participant: int


@dataclass(frozen=True)
class Target(Payload, code="t19"):
    """The coach sets a participant's weekly target in hours."""

    participant: int
    hours: int


@dataclass(frozen=True)
class WriteOwn(Payload, code="t14"):
    """The coach writes a one-off task instead of taking one from the library."""


@dataclass(frozen=True)
class OwnHours(Payload, code="t15"):
    """How long the one-off task takes, in half hours."""

    halves: int


@dataclass(frozen=True)
class OwnReport(Payload, code="t16"):
    """How the one-off task is reported."""

    kind: ReportKind


@dataclass(frozen=True)
class PickUnit(Payload, code="t17"):
    """Take a task of the unit's own library into the draft."""

    task: int


@dataclass(frozen=True)
class SaveOwn(Payload, code="t18"):
    """Keep a one-off task in the unit's own library, for the next time."""

    task: int


@dataclass(frozen=True)
class Withdraw(Payload, code="t13"):
    """The coach withdraws a task given by mistake or no longer needed."""

    task: int


@dataclass(frozen=True)
class Suggested(Payload, code="t12"):
    """The coach takes a suggested task for one participant into a new draft."""

    participant: int
    key: str
