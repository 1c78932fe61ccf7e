"""What the summaries read: one unit's caseloads over a period, fetched in a fixed number of
queries whatever the caseload size, and the notes coaches write about a participant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flows.cv_model import Cv
from flows.model import ActivityKind, AttendanceRecord, Person, Session, Task, Unit
from flows.path_model import Path
from flows.placement_model import Exit, FollowUp, Placement, Reply


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
    # Participants in an active caseload who had not left the programme before `first`.
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
    # Members' plan approvals (times, earliest first), by participant.
    approvals: Mapping[int, tuple[datetime, ...]] = field(default_factory=dict)
    # Members' placements not ended before `first`.
    placements: tuple[Placement, ...] = ()
    # Members' own CVs.
    cvs: Mapping[int, Cv] = field(default_factory=dict)
    # Members' exits in [first, last) (they count in the period's figures only).
    exits: tuple[Exit, ...] = ()

    @property
    def approved(self) -> frozenset[int]:
        """Members with an approved action plan."""
        return frozenset(self.approvals)

    def of(self, coach_id: int) -> tuple[Member, ...]:
        """Return one coach's members still in the programme, by name."""
        gone = {e.participant_id for e in self.exits}
        return tuple(m for m in self.members if m.coach_id == coach_id and m.person.id not in gone)


@dataclass(frozen=True)
class Note:
    """A staff member's note about a participant."""

    id: int
    participant_id: int
    author_id: int
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class WeekRow:
    """One participant's week: attendance, tasks, hours, CV, placement and follow-up."""

    person: Person
    sessions: int
    attended: int
    absent: int
    tasks_done: int
    tasks_overdue: int
    planned_hours: float
    target_hours: int
    cv_filled: int
    placement: Placement | None
    answers: tuple[Reply, ...]

    @property
    def rate(self) -> int | None:
        """Attendance in percent of the sessions with a record (None: none)."""
        counted = self.attended + self.absent
        return None if counted == 0 else round(100 * self.attended / counted)


@dataclass(frozen=True)
class GenderRow:
    """How many women, men, others and not recorded take part in one activity (or the unit)."""

    label: str
    women: int
    men: int
    other: int
    unknown: int

    @property
    def over(self) -> bool:
        """Whether one gender is above 60 % of those recorded (the seeds' goal)."""
        known = self.women + self.men + self.other
        return known > 0 and max(self.women, self.men, self.other) * 100 > 60 * known


@dataclass(frozen=True)
class UnitReport:
    """A unit's week for its manager: Entré's six figures and the programme's key figures."""

    unit: str
    first: date
    last: date
    participants: int
    open_assignments: int
    hires: int
    hires_priority: int
    in_workplace: int
    in_training: int
    # (channel, count) for visit, phone, e-mail, chat.
    contacts: tuple[tuple[str, int], ...]
    new_employers: int
    # (outcome code, count) of exits this week.
    outcomes: tuple[tuple[str, int], ...]
    gender: tuple[GenderRow, ...]
    attended: int
    counted: int
    follow_ups_done: int
    follow_ups_due: int
    plans_on_time: int
    plans_due: int
    reviews_done: int
    reviews_due: int
    near_longest: int

    @property
    def attendance_rate(self) -> int | None:
        """Attendance in percent of the sessions with a record."""
        return None if self.counted == 0 else round(100 * self.attended / self.counted)
