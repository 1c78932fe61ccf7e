"""The participant's path as data: its record and deadlines, action-plan versions, breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flows.text import N_


class PathStatus(StrEnum):
    """Where a participant's path stands (persisted values)."""

    PLANNING = "planning"  # started, no plan approved yet
    ACTIVE = "active"
    ON_BREAK = "break"
    EXITED = "exited"


STATUS_NAMES: dict[PathStatus, str] = {
    PathStatus.PLANNING: N_("planning"),
    PathStatus.ACTIVE: N_("active"),
    PathStatus.ON_BREAK: N_("on a break"),
    PathStatus.EXITED: N_("left the programme"),
}


class BreakReason(StrEnum):
    """Why a path is paused (illness is health data: coach-only, never shown to employers)."""

    PARENTAL = "parental"
    ILLNESS = "illness"
    OTHER = "other"


BREAK_NAMES: dict[BreakReason, str] = {
    BreakReason.PARENTAL: N_("Parental leave"),
    BreakReason.ILLNESS: N_("Illness"),
    BreakReason.OTHER: N_("Other reason"),
}


@dataclass(frozen=True)
class Path:
    """A participant's path: when it started and the days breaks have paused it."""

    participant_id: int
    started_on: date
    status: PathStatus
    paused_days: int = 0  # the length of ended breaks, which moves the deadlines


@dataclass(frozen=True)
class Break:
    """A pause in the path: its reason, start, expected end, and its end once restarted."""

    id: int
    participant_id: int
    reason: BreakReason
    starts_on: date
    expected_end: date
    ended_on: date | None = None


@dataclass(frozen=True)
class PlanVersion:
    """One version of an action plan (every change is a new version; old ones stay)."""

    id: int
    participant_id: int
    version: int
    goal: str
    steps: tuple[str, ...]
    commitment: str
    created_at: datetime
    created_by: int
    confirmed_at: datetime | None = None
    approved_at: datetime | None = None
    approved_by: str = ""  # who at the home district approved it, as the coach wrote it
