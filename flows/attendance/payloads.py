"""The attendance buttons (wire codes unchanged, so old buttons keep working)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.payloads import Payload


@dataclass(frozen=True)
class CheckInAt(Payload, code="c1"):
    """ "I am here" for one session."""

    session: int


@dataclass(frozen=True)
class CantCome(Payload, code="a1"):
    """ "I cannot come" to one session."""

    session: int


@dataclass(frozen=True)
class Reason(Payload, code="b1"):
    """The reason for an absence (one of the unit's categories)."""

    session: int
    category: str


@dataclass(frozen=True)
class SkipNote(Payload, code="n1:skip"):
    """No note for an absence with "other reason"."""


@dataclass(frozen=True)
class DisputeRecord(Payload, code="d1"):
    """The participant disputes their record for one session."""

    session: int


@dataclass(frozen=True)
class Decide(Payload, code="e1"):
    """Buttons sent before a coach chose the corrected status: accept (a) shows the choice,
    reject (r) leaves the record unchanged."""

    dispute: int
    verdict: Literal["a", "r"]


@dataclass(frozen=True)
class Correct(Payload, code="e2"):
    """The coach decides a dispute by choosing what the record says: present (p), late (l),
    absent and reported in time (n, with the reason's category), or unchanged (u)."""

    dispute: int
    status: Literal["p", "l", "n", "u"]
    category: str


@dataclass(frozen=True)
class ReasonFor(Payload, code="e3"):
    """The coach chose "absent, reported in time": ask for the reason."""

    dispute: int


@dataclass(frozen=True)
class Verify(Payload, code="w1"):
    """The coach confirms (y) a check-in made without a location, or says it was not so (n)."""

    session: int
    participant: int
    verdict: Literal["y", "n"]


@dataclass(frozen=True)
class AskCancel(Payload, code="x1"):
    """Staff want to cancel a session (asks for confirmation)."""

    session: int


@dataclass(frozen=True)
class ConfirmCancel(Payload, code="y1"):
    """Staff confirm cancelling a session."""

    session: int


@dataclass(frozen=True)
class KeepSession(Payload, code="y2"):
    """Staff answer "No" to cancelling a session."""

    session: int


@dataclass(frozen=True)
class MoveSession(Payload, code="v1"):
    """Staff want to move a session to another time."""

    session: int


@dataclass(frozen=True)
class Roster(Payload, code="r1"):
    """Staff open the attendance of one session that has begun."""

    session: int


@dataclass(frozen=True)
class MarkPresent(Payload, code="r2"):
    """Staff record a participant as present at a session afterwards."""

    session: int
    participant: int
