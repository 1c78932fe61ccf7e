"""What the summaries read: one unit's caseloads over a period, fetched in a fixed number of
queries whatever the caseload size, and the notes coaches write about a participant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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

    def split(self) -> dict[int, Snapshot]:
        """One snapshot per coach (holding only their members' records), in one pass: each
        coach's digest then reads its own share, not the whole unit's."""
        coach_of = {m.person.id: m.coach_id for m in self.members}
        parts: dict[int, dict[str, list[Any]]] = {
            c.id: {name: [] for name in _SHARES} for c in self.coaches
        }

        def put(name: str, participant_id: int, item: object) -> None:
            coach = coach_of.get(participant_id)
            if coach in parts:
                parts[coach][name].append(item)

        for member in self.members:
            put("members", member.person.id, member)
        for fact in self.sessions:
            by_coach: dict[int, list[int]] = {}
            for pid in fact.enrolled:
                if pid in coach_of:
                    by_coach.setdefault(coach_of[pid], []).append(pid)
            for coach, enrolled in by_coach.items():
                if coach in parts:
                    shared = SessionFact(fact.session, fact.title, fact.kind, tuple(enrolled))
                    parts[coach]["sessions"].append(shared)
        for record in self.records:
            put("records", record.participant_id, record)
        for task in self.tasks:
            put("tasks", task.participant_id, task)
        for follow_up in self.follow_ups:
            put("follow_ups", follow_up.participant_id, follow_up)
        for pid, reply in self.replies:
            put("replies", pid, (pid, reply))
        for path in self.paths:
            put("paths", path.participant_id, path)
        for placement in self.placements:
            put("placements", placement.participant_id, placement)
        for exit_ in self.exits:
            put("exits", exit_.participant_id, exit_)
        approvals: dict[int, dict[int, tuple[datetime, ...]]] = {c: {} for c in parts}
        for pid, times in self.approvals.items():
            if coach_of.get(pid) in approvals:
                approvals[coach_of[pid]][pid] = times
        cvs: dict[int, dict[int, Cv]] = {c: {} for c in parts}
        for pid, cv in self.cvs.items():
            if coach_of.get(pid) in cvs:
                cvs[coach_of[pid]][pid] = cv
        return {
            c.id: Snapshot(
                self.unit,
                self.first,
                self.last,
                (c,),
                tuple(parts[c.id]["members"]),
                tuple(parts[c.id]["sessions"]),
                tuple(parts[c.id]["records"]),
                tuple(parts[c.id]["tasks"]),
                tuple(parts[c.id]["follow_ups"]),
                tuple(parts[c.id]["replies"]),
                tuple(parts[c.id]["paths"]),
                approvals[c.id],
                tuple(parts[c.id]["placements"]),
                cvs[c.id],
                tuple(parts[c.id]["exits"]),
            )
            for c in self.coaches
        }

    def of(self, coach_id: int) -> tuple[Member, ...]:
        """Return one coach's members still in the programme, by name."""
        gone = {e.participant_id for e in self.exits}
        return tuple(m for m in self.members if m.coach_id == coach_id and m.person.id not in gone)


_SHARES = (
    "members",
    "sessions",
    "records",
    "tasks",
    "follow_ups",
    "replies",
    "paths",
    "placements",
    "exits",
)


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
class WeekLine:
    """One participant's week in plain values: what the chart, the PDF and the CSV show (the
    outbox keeps these until the documents are drawn, at sending)."""

    name: str
    sessions: int
    attended: int
    absent: int
    rate: int | None
    tasks_done: int
    tasks_overdue: int
    planned_hours: float
    target_hours: int
    cv_filled: int
    # The placement's kind (its name's msgid) and workplace, "" when none.
    placement: str = ""
    workplace: str = ""
    # The week's follow-up answers (their labels' msgids), and whether one was worrying.
    answers: tuple[str, ...] = ()
    worrying: bool = False


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
