"""What the summaries read: one unit's caseloads over a period, fetched in a fixed number of
queries whatever the caseload size, and the notes coaches write about a participant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flows.cv_model import Cv
from flows.model import ActivityKind, AttendanceRecord, Person, Session, Task, Unit
from flows.path_model import Path
from flows.placement_model import FollowUp, Placement, Reply


@dataclass(frozen=True)
class Member:
    """A participant in a coach's active caseload, since when."""

    person: Person
    coach_id: int
    since: datetime


@dataclass(frozen=True)
class SessionFact:
    """A session of an activity the caseload is enrolled in, with its activity's title."""

    session: Session
    title: str
    kind: ActivityKind
    enrolled: tuple[int, ...]


@dataclass(frozen=True)
class Snapshot:
    """One unit's caseloads (or one coach's) over [first, last): everything a digest, the
    weekly summary or the caseload view needs."""

    unit: Unit
    first: datetime
    last: datetime
    coaches: tuple[Person, ...]
    # Participants in an active caseload who have not left the programme.
    members: tuple[Member, ...]
    # Sessions (not cancelled) starting in [first, last) of activities members are in.
    sessions: tuple[SessionFact, ...] = ()
    records: tuple[AttendanceRecord, ...] = ()
    # Members' tasks, not cancelled, due before `last` or reported in the period.
    tasks: tuple[Task, ...] = ()
    # Members' follow-ups (not cancelled) due before `last`.
    follow_ups: tuple[FollowUp, ...] = ()
    # Follow-up answers given in [first, last), with the participant they are about.
    replies: tuple[tuple[int, Reply], ...] = ()
    paths: tuple[Path, ...] = ()
    # Members with an approved action plan.
    approved: frozenset[int] = frozenset()
    # Members' placements not ended before `first`.
    placements: tuple[Placement, ...] = ()
    # Members' own CVs.
    cvs: Mapping[int, Cv] = field(default_factory=dict)

    def of(self, coach_id: int) -> tuple[Member, ...]:
        """Return one coach's members, by name."""
        return tuple(m for m in self.members if m.coach_id == coach_id)


@dataclass(frozen=True)
class Note:
    """A staff member's note about a participant."""

    id: int
    participant_id: int
    author_id: int
    author: str
    text: str
    created_at: datetime
