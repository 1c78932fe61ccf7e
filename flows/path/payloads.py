"""The path flow's buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.path_model import BreakReason
from flows.payloads import Payload


@dataclass(frozen=True)
class PathOf(Payload, code="j1"):
    """A coach opens a participant's path."""

    participant: int


@dataclass(frozen=True)
class Act(Payload, code="j2"):
    """A coach acts on a path: start it, write a new plan version, record the approval,
    restart after a break, or get the plan as PDF."""

    participant: int
    action: Literal["start", "draft", "approve", "restart", "pdf"]


@dataclass(frozen=True)
class Pause(Payload, code="j3"):
    """A coach records a break: the reason, then how long it is expected to last."""

    participant: int
    reason: BreakReason
    length: Literal["-", "30d", "3m", "6m"]
    # How many breaks the path had when the button was made: an old button is stale.
    seen: int


@dataclass(frozen=True)
class StepsDone(Payload, code="j4"):
    """The coach has written every step of the draft plan."""

    participant: int


@dataclass(frozen=True)
class Mine(Payload, code="j5"):
    """The participant on their plan: agree, ask about a line, read a version, get the PDF."""

    action: Literal["agree", "ask", "version", "pdf"]
    number: int


@dataclass(frozen=True)
class StepsFrom(Payload, code="j6"):
    """Add the participant's activities, open tasks and placements as steps of the draft."""

    participant: int
