"""Placements with employers and their follow-up, as data: kinds, plans, answers, and the
fixed outcome and exit codes the authorities count (never free text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flows.text import N_


class PlacementKind(StrEnum):
    """What the placement is (persisted values)."""

    PLACEMENT = "placement"  # work placement (praktik)
    PREPARATORY = "preparatory"  # preparatory employment: 4-week introduction first
    TRIAL = "trial"  # trial employment
    JOB = "job"  # employment without a subsidy
    SUBSIDISED = "subsidised"  # employment with a named subsidy


HIRED = frozenset({PlacementKind.JOB, PlacementKind.SUBSIDISED})
KIND_NAMES: dict[PlacementKind, str] = {
    PlacementKind.PLACEMENT: N_("Work placement"),
    PlacementKind.PREPARATORY: N_("Preparatory employment"),
    PlacementKind.TRIAL: N_("Trial employment"),
    PlacementKind.JOB: N_("Employment"),
    PlacementKind.SUBSIDISED: N_("Subsidised employment"),
}


class FollowUpState(StrEnum):
    """Where one follow-up stands (persisted values)."""

    PLANNED = "planned"
    ASKED = "asked"
    ANSWERED = "answered"  # the employer answered
    DONE = "done"  # the coach followed up another way (a visit, a call) and said why
    CANCELLED = "cancelled"  # no longer in the plan (hired, ended, the plan changed)


OPEN_FOLLOW_UPS = frozenset({FollowUpState.PLANNED, FollowUpState.ASKED})


class Side(StrEnum):
    """Who answers a follow-up."""

    EMPLOYER = "employer"
    PARTICIPANT = "participant"


@dataclass(frozen=True)
class Placement:
    """A participant at a workplace, with its employer contact and its coach."""

    id: int
    participant_id: int
    employer_id: int
    coach_id: int  # who recorded it; the participant's coach of the day follows it
    unit_id: int
    workplace: str
    kind: PlacementKind
    starts_on: date
    ends_on: date | None  # the planned end
    created_at: datetime
    subsidy: str = ""  # the named subsidy of subsidised employment
    hired_on: date | None = None
    ended_on: date | None = None
    outcome: str = ""  # a member of OUTCOMES when ended

    @property
    def active(self) -> bool:
        """Say whether the placement is still going on."""
        return self.ended_on is None


@dataclass(frozen=True)
class FollowUp:
    """One planned follow-up of a placement (`key` is stable: re-planning finds it again),
    or a check-in after a participant's exit (`placement_id` None)."""

    id: int
    participant_id: int
    placement_id: int | None
    key: str
    due_on: date
    competence: bool = False
    state: FollowUpState = FollowUpState.PLANNED
    asked_at: datetime | None = None
    reminded_at: datetime | None = None  # the one reminder to whoever has not answered
    alerted_at: datetime | None = None  # the coach was told nobody answered
    note: str = ""  # how and why the coach followed up another way


@dataclass(frozen=True)
class Reply:
    """One answer to one question of a follow-up, from one side."""

    follow_up_id: int
    side: Side
    question: str
    value: str
    comment: str
    at: datetime


@dataclass(frozen=True)
class Exit:
    """A participant leaving the programme, with the fixed codes."""

    participant_id: int
    reason: str  # a member of EXIT_REASONS
    outcome: str  # a member of OUTCOMES
    exited_on: date
    coach_id: int


# Outcomes as the seeds count them: work (and its kind), studies, other.
OUTCOMES: dict[str, str] = {
    "work_unsubsidised": N_("Work without subsidy"),
    "work_nystart": N_("Work: nystartsjobb"),
    "work_lonebidrag": N_("Work: lönebidrag"),
    "work_lonestod": N_("Work: lönestöd"),
    "work_other_support": N_("Work, other support"),
    "work_own_business": N_("Own business"),
    "work_samhall": N_("Samhall"),
    "studies_csn": N_("Studies with CSN"),
    "studies_training": N_("Labour-market training"),
    "other_apprenticeship": N_("Apprenticeship"),
    "other_internship": N_("Internship"),
    "other_service": N_("Moved to another service"),
    "other_benefit": N_("Right benefit"),
    "other_withdrawn": N_("Referral withdrawn"),
    "other_moved": N_("Moved away"),
    "other_lost_contact": N_("Lost contact"),
    "other_unknown": N_("Unknown"),
}
OUTCOME_GROUPS: dict[str, str] = {
    "work": N_("Work"),
    "studies": N_("Studies"),
    "other": N_("Other"),
}
JOB_TYPES: dict[str, str] = {
    "permanent": N_("Permanent"),
    "fixed": N_("Fixed-term"),
    "hourly": N_("Hourly"),
}
EXIT_REASONS: dict[str, str] = {
    "completed": N_("Completed the programme"),
    "work": N_("Left for work"),
    "studies": N_("Left for studies"),
    "other": N_("Another known reason"),
    "unknown": N_("Unknown reason"),
}


def outcome_group(code: str) -> str:
    """The group of an outcome code ("work", "studies" or "other")."""
    return code.split("_", 1)[0]
