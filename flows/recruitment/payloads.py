"""The recruitment flow's buttons (codes h1–h24). Choices are fixed lists, so a forged
button is refused by the parser; ids are checked by the dispatcher's visibility rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.payloads import Payload

IndustryCode = Literal[
    "care",
    "retail",
    "food",
    "cleaning",
    "building",
    "industry",
    "transport",
    "office",
    "school",
    "other",
]
SizeCode = Literal["micro", "small", "medium", "large"]
HoursCode = Literal["full", "part", "shifts"]
MustCode = Literal["licence_b", "swedish_a2", "swedish_b1", "english", "experience", "done"]
LoggedChannel = Literal["visit", "phone", "email"]
HireKind = Literal["job", "trial", "placement"]
Count = Literal["1", "2", "3", "4", "5"]


@dataclass(frozen=True)
class OpenWorkplace(Payload, code="h1"):
    """A coach opens an employer's card."""

    workplace: int


@dataclass(frozen=True)
class NewWorkplace(Payload, code="h2"):
    """A coach starts recording a new employer."""

    go: Literal["new"]


@dataclass(frozen=True)
class Industry(Payload, code="h3"):
    """The new employer's industry."""

    choice: IndustryCode


@dataclass(frozen=True)
class Size(Payload, code="h4"):
    """The new employer's size class."""

    choice: SizeCode


@dataclass(frozen=True)
class SaveWorkplace(Payload, code="h5"):
    """Save or drop the new employer."""

    answer: Literal["ok", "no"]


@dataclass(frozen=True)
class LogContact(Payload, code="h6"):
    """A coach logs a visit, a call or an e-mail with one tap."""

    workplace: int
    channel: LoggedChannel


@dataclass(frozen=True)
class UndoContact(Payload, code="h7"):
    """A contact logged by mistake is taken back."""

    workplace: int
    entry: int


@dataclass(frozen=True)
class AddContact(Payload, code="h8"):
    """A coach adds a contact person: "ask" offers the choice, "new" invites one, digits
    name one of the unit's employer contacts."""

    workplace: int
    choice: str


@dataclass(frozen=True)
class NeedFor(Payload, code="h9"):
    """A coach records a need for an employer."""

    workplace: int


@dataclass(frozen=True)
class Occupation(Payload, code="h10"):
    """The role: one of the suggested occupations (its index), or the words as typed."""

    pick: str


@dataclass(frozen=True)
class Headcount(Payload, code="h11"):
    """How many people."""

    n: Count


@dataclass(frozen=True)
class StartIn(Payload, code="h12"):
    """When the need starts."""

    choice: Literal["asap", "2w", "1m"]


@dataclass(frozen=True)
class Hours(Payload, code="h13"):
    """The working hours."""

    choice: HoursCode


@dataclass(frozen=True)
class Must(Payload, code="h14"):
    """Tick a must-have (or finish)."""

    choice: MustCode


@dataclass(frozen=True)
class NoNote(Payload, code="h15"):
    """Nothing more to add about the need."""

    go: Literal["none"]


@dataclass(frozen=True)
class SaveNeed(Payload, code="h16"):
    """Save or drop the need."""

    answer: Literal["ok", "no"]


@dataclass(frozen=True)
class OpenNeed(Payload, code="h17"):
    """Open an assignment: its status and candidates."""

    assignment: int


@dataclass(frozen=True)
class FindCandidates(Payload, code="h18"):
    """A coach sees the ranked matches for an assignment."""

    assignment: int


@dataclass(frozen=True)
class Candidate(Payload, code="h19"):
    """A coach picks a candidate: which CV would go?"""

    assignment: int
    participant: int


@dataclass(frozen=True)
class Present(Payload, code="h20"):
    """A coach asks the participant whether this CV may go to the employer."""

    assignment: int
    participant: int
    cv: int


@dataclass(frozen=True)
class Consent(Payload, code="h21"):
    """The participant's answer: yes, no, or see what the employer would get."""

    presentation: int
    answer: Literal["yes", "no", "see"]


@dataclass(frozen=True)
class Verdict(Payload, code="h22"):
    """The employer's answer about a candidate, one tap."""

    presentation: int
    answer: Literal["interview", "not_now", "hire"]


@dataclass(frozen=True)
class TimeSuits(Payload, code="h23"):
    """The participant's answer to the interview time (`at` names the time it answers, so an
    old button after a change is stale)."""

    presentation: int
    answer: Literal["yes", "no"]
    at: str


@dataclass(frozen=True)
class HireAs(Payload, code="h24"):
    """The employer says how the hire starts."""

    presentation: int
    kind: HireKind


@dataclass(frozen=True)
class HireFrom(Payload, code="h25"):
    """The employer says when the hire starts."""

    presentation: int
    choice: Literal["planned", "monday", "2w"]


@dataclass(frozen=True)
class CloseNeed(Payload, code="h26"):
    """A coach closes an assignment without a hire (asked to confirm first)."""

    assignment: int
    answer: Literal["ask", "yes"]


@dataclass(frozen=True)
class Suggest(Payload, code="h27"):
    """A coach suggests another coach's participant for a need (unit-wide matching)."""

    assignment: int
    participant: int
