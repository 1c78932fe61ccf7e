"""The planning buttons (wire format `p1:<step>:<value>`, unchanged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.model import ActivityKind, Recurrence
from flows.payloads import Payload


@dataclass(frozen=True)
class PickKind(Payload, code="p1:k"):
    """The kind of activity (starts a new draft)."""

    kind: ActivityKind


@dataclass(frozen=True)
class PickRecurrence(Payload, code="p1:r"):
    """How often it takes place."""

    recurrence: Recurrence


@dataclass(frozen=True)
class PickWeekday(Payload, code="p1:w"):
    """Which weekday (0 is Monday)."""

    weekday: int


@dataclass(frozen=True)
class PickLength(Payload, code="p1:h"):
    """How long, in minutes."""

    minutes: int


@dataclass(frozen=True)
class PickParticipant(Payload, code="p1:p"):
    """A participant's id to toggle, or "all", or "done"."""

    choice: str


@dataclass(frozen=True)
class Confirm(Payload, code="p1:s"):
    """Save the activity, or drop the draft."""

    answer: Literal["ok", "no"]
