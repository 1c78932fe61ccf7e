"""The placements flow's buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from flows.payloads import Payload
from flows.placement_model import PlacementKind

# Fixed choices, so that a button's data stays within Telegram's 64 bytes (and garbage is
# refused by the parser). Tests check these against the questions and the codes.
QuestionKey = Literal[
    "overall",
    "attendance",
    "tasks",
    "cooperation",
    "contact",
    "missing",
    "training",
    "extend",
    "hire",
    "hire_on",
    "feel",
    "status",
]
AnswerValue = Literal[
    "good",
    "ok",
    "concern",
    "some",
    "serious",
    "no",
    "yes",
    "swedish",
    "pace",
    "safety",
    "customers",
    "computer",
    "none",
    "workplace",
    "programme",
    "course",
    "maybe",
    "1m",
    "2m",
    "3m",
    "later",
    "bad",
    "work",
    "studies",
    "neither",
]
OutcomeCode = Literal[
    "-",
    "work",
    "studies",
    "other",
    "work_unsubsidised",
    "work_nystart",
    "work_lonebidrag",
    "work_lonestod",
    "work_other_support",
    "work_own_business",
    "work_samhall",
    "studies_csn",
    "studies_training",
    "other_apprenticeship",
    "other_internship",
    "other_service",
    "other_benefit",
    "other_withdrawn",
    "other_moved",
    "other_lost_contact",
    "other_unknown",
]
JobType = Literal["-", "permanent", "fixed", "hourly"]
ExitReason = Literal["-", "completed", "work", "studies", "other", "unknown"]


@dataclass(frozen=True)
class NewFor(Payload, code="f1"):
    """A coach starts a placement for a participant of the caseload."""

    participant: int


@dataclass(frozen=True)
class Contact(Payload, code="f2"):
    """The employer contact of a new placement: a person's id, or "new"."""

    choice: str


@dataclass(frozen=True)
class KindOf(Payload, code="f3"):
    """What kind of placement it is."""

    kind: PlacementKind


@dataclass(frozen=True)
class StartOn(Payload, code="f4"):
    """When the placement starts (or type a date)."""

    choice: Literal["today", "tomorrow", "monday"]


@dataclass(frozen=True)
class EndOn(Payload, code="f5"):
    """When it is planned to end (or type a date)."""

    choice: Literal["4w", "3m", "6m", "none"]


@dataclass(frozen=True)
class Save(Payload, code="f6"):
    """Save the drafted placement, or drop it."""

    answer: Literal["ok", "no"]


@dataclass(frozen=True)
class Ask(Payload, code="f7"):
    """An answer to question `q` of a follow-up, from the employer or the participant."""

    follow_up: int
    q: QuestionKey
    value: AnswerValue


@dataclass(frozen=True)
class OpenPlacement(Payload, code="f8"):
    """A coach opens one placement."""

    placement: int


@dataclass(frozen=True)
class Hire(Payload, code="f9"):
    """The participant is hired: employment without or with a subsidy."""

    placement: int
    kind: Literal["job", "subsidised"]


@dataclass(frozen=True)
class EndWith(Payload, code="f10"):
    """End a placement: an outcome group, then a code, then for work the job type."""

    placement: int
    outcome: OutcomeCode
    job: JobType


@dataclass(frozen=True)
class OtherWay(Payload, code="f11"):
    """The coach followed up another way (counts as done)."""

    follow_up: int
    how: Literal["visit", "call", "mail"]


@dataclass(frozen=True)
class ExitOf(Payload, code="f12"):
    """A coach records a participant's exit: a reason, then for work the outcome and type."""

    participant: int
    reason: ExitReason
    outcome: OutcomeCode
    job: JobType


@dataclass(frozen=True)
class ReplyTo(Payload, code="f13"):
    """A coach answers an employer contact's message."""

    employer: int


@dataclass(frozen=True)
class Extend(Payload, code="f14"):
    """The coach extends a placement: the plan follows the new planned end."""

    placement: int
    by: Literal["4w", "3m"]


@dataclass(frozen=True)
class NoComment(Payload, code="f15"):
    """No comment after the answers to a follow-up."""

    follow_up: int


def ask_button(follow_up: int, q: str, value: str) -> str:
    """The data of an answer button (the questions' keys and answers are the Literals)."""
    return Ask(follow_up, cast(QuestionKey, q), cast(AnswerValue, value)).pack()


def end_button(placement: int, outcome: str, job: str) -> str:
    """The data of a button of the outcome picker for ending a placement."""
    return EndWith(placement, cast(OutcomeCode, outcome), cast(JobType, job)).pack()


def exit_button(participant: int, reason: str, outcome: str, job: str) -> str:
    """The data of a button of the exit picker."""
    return ExitOf(
        participant, cast(ExitReason, reason), cast(OutcomeCode, outcome), cast(JobType, job)
    ).pack()
