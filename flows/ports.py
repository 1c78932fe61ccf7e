"""Data access the flows need, as small Protocols implemented in `storage/`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from flows.cv_model import Cv, CvComment, CvRecord
from flows.model import (
    Activity,
    AttendanceRecord,
    Dispute,
    Invite,
    Person,
    Role,
    Session,
    Task,
    TaskState,
    TaskStats,
    TimeFit,
    Unit,
    UnitTask,
)
from flows.path_model import Break, Path, PlanVersion
from flows.placement_model import Exit, FollowUp, Placement, Reply


@dataclass(frozen=True)
class Conversation:
    """The persisted state of one chat's conversation."""

    chat_id: int
    state: str
    data: dict[str, Any]


class People(Protocol):
    """Persons, units and caseloads."""

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        ...

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        ...

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id."""
        ...

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose caseload holds the participant."""
        ...

    async def on_break(self, participant_id: int, day: date) -> bool:
        """Say whether the participant's path is paused by a break on that day."""
        ...

    async def caseload(self, coach_id: int) -> list[Person]:
        """Return the participants in the coach's active caseload, by name."""
        ...

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        ...

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        ...

    async def note_message_to_coach(self, person_id: int, at: datetime) -> None:
        """Record that the person passed a message on to their coach at `at`."""
        ...

    async def set_weekly_hours(self, person_id: int, hours: int) -> None:
        """Set the participant's full-time week in hours (part time, partial sick leave)."""
        ...


class Invites(Protocol):
    """Single-use invites, stored by the hash of their token only."""

    async def create(
        self,
        *,
        token_hash: str,
        role: Role,
        unit_id: int,
        expires_at: datetime,
        display_name: str = "",
        coach_id: int | None = None,
        created_by: int | None = None,
        locale: str | None = None,
    ) -> Invite:
        """Store a new invite."""
        ...

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        ...

    async def redeem(
        self,
        invite: Invite,
        *,
        telegram_user_id: int,
        chat_id: int,
        display_name: str,
        locale: str,
        now: datetime,
    ) -> Person | None:
        """Mark the invite used and bind the user; None if it was used meanwhile."""
        ...


class Attendance(Protocol):
    """Activities, their sessions, attendance records and disputes."""

    async def activities(self, *, active_on: date) -> list[Activity]:
        """Return the activities whose period includes `active_on` (or starts later)."""
        ...

    async def activity(self, activity_id: int) -> Activity | None:
        """Return one activity with its enrolled participant ids."""
        ...

    async def create(self, draft: Activity) -> Activity:
        """Store a new activity (the draft's id is ignored) and enroll its participants."""
        ...

    async def add_sessions(
        self, activity_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[Session]:
        """Create the sessions that do not exist yet (unique per activity and start)."""
        ...

    async def session(self, session_id: int) -> Session | None:
        """Return one session."""
        ...

    async def sessions_between(
        self, start: datetime, end: datetime, *, include_cancelled: bool = False
    ) -> list[Session]:
        """Return sessions starting in [start, end), earliest first."""
        ...

    async def sessions_of(
        self, participant_id: int, start: datetime, end: datetime
    ) -> list[Session]:
        """Return the sessions in [start, end) of activities the participant is enrolled in."""
        ...

    async def record(self, entry: AttendanceRecord, *, overwrite: bool = True) -> AttendanceRecord:
        """Store a record; with overwrite False an existing record is kept and returned."""
        ...

    async def record_of(self, session_id: int, participant_id: int) -> AttendanceRecord | None:
        """Return the participant's record for a session, if any."""
        ...

    async def records(self, session_id: int) -> list[AttendanceRecord]:
        """Return all records of a session."""
        ...

    async def set_session(
        self, session_id: int, *, cancelled: bool | None = None, closed: bool | None = None
    ) -> None:
        """Mark a session cancelled and/or closed (no-shows recorded)."""
        ...

    async def open_dispute(
        self, session_id: int, participant_id: int, comment: str, now: datetime
    ) -> Dispute:
        """Record a participant's dispute of their record for a session."""
        ...

    async def dispute(self, dispute_id: int) -> Dispute | None:
        """Return one dispute."""
        ...

    async def dispute_for(self, session_id: int, participant_id: int) -> Dispute | None:
        """Return the participant's latest dispute of their record for a session, if any."""
        ...

    async def decide_dispute(
        self, dispute_id: int, *, accepted: bool, coach_id: int, now: datetime
    ) -> Dispute | None:
        """Decide an open dispute; None if it was already decided."""
        ...


class Tasks(Protocol):
    """Tasks given to participants."""

    async def create(self, draft: Task) -> Task:
        """Store a new task (the draft's id is ignored) and return it."""
        ...

    async def get(self, task_id: int) -> Task | None:
        """Return one task."""
        ...

    async def of_participant(self, participant_id: int) -> list[Task]:
        """Return all the participant's tasks, the earliest due first."""
        ...

    async def change(
        self, task_id: int, allowed_from: frozenset[TaskState], **changes: object
    ) -> Task | None:
        """Apply changes if the task is in one of `allowed_from`; None if it was not."""
        ...

    async def rate(
        self, task_id: int, *, useful: bool | None = None, time_fit: TimeFit | None = None
    ) -> Task | None:
        """Store the participant's answer on usefulness or on the time it took."""
        ...

    async def due_between(self, first: date, last: date) -> list[Task]:
        """Return open tasks due in [first, last], the earliest first."""
        ...

    async def stats(self) -> list[TaskStats]:
        """Return, per library task, how many reported it and how they rated it."""
        ...

    async def unit_library(self, unit_id: int) -> list[UnitTask]:
        """Return the unit's own tasks, by step and title."""
        ...

    async def unit_task(self, task_id: int) -> UnitTask | None:
        """Return one of the units' own tasks."""
        ...

    async def add_unit_task(self, draft: UnitTask) -> UnitTask:
        """Store a task in a unit's own library (the draft's id is ignored)."""
        ...


class Access(Protocol):
    """Who may see whom: the one visibility rule, and the audit log of staff reads."""

    async def can_see(self, viewer: Person, participant_id: int) -> bool:
        """Say whether the viewer may see this participant (a participant: only themself)."""
        ...

    async def can_use_activity(self, viewer: Person, activity_id: int) -> bool:
        """Say whether the viewer may act on this activity's sessions.

        A participant: enrolled in it; a coach: responsible for it; a manager: in their unit.
        """
        ...

    async def log_read(self, viewer: Person, participant_id: int, what: str, at: datetime) -> None:
        """Record that a staff member opened or acted on a participant's data."""
        ...


class Cvs(Protocol):
    """Participants' CVs (the master and copies for one job) and coaches' comments."""

    async def master(self, participant_id: int) -> CvRecord | None:
        """Return the participant's own CV, if they have started one."""
        ...

    async def create(self, participant_id: int, label: str, cv: Cv, at: datetime) -> CvRecord:
        """Store a new CV (a master when `label` is empty) and return it."""
        ...

    async def get(self, cv_id: int) -> CvRecord | None:
        """Return one CV."""
        ...

    async def copies(self, participant_id: int) -> list[CvRecord]:
        """Return the participant's copies for one job, the oldest first."""
        ...

    async def save(self, cv_id: int, cv: Cv, walk: dict[str, Any], at: datetime) -> None:
        """Store what the CV says now and where the conversation stopped."""
        ...

    async def delete(self, cv_id: int) -> None:
        """Delete a copy and its comments."""
        ...

    async def reviewed(self, cv_id: int, by: int, at: datetime) -> None:
        """Mark the CV reviewed by a coach."""
        ...

    async def comment(
        self, cv_id: int, section: str, author_id: int, text: str, at: datetime
    ) -> CvComment:
        """Store a coach's comment on a section."""
        ...

    async def comments(self, cv_id: int) -> list[CvComment]:
        """Return a CV's comments, the oldest first."""
        ...

    async def get_comment(self, comment_id: int) -> CvComment | None:
        """Return one comment."""
        ...

    async def answer(self, comment_id: int, text: str, at: datetime) -> CvComment | None:
        """Store the participant's answer to a comment."""
        ...


class Placements(Protocol):
    """Placements with employers, their follow-ups and answers, and participants' exits."""

    async def create(self, draft: Placement, invite_id: int | None) -> Placement:
        """Store a new placement (the draft's id is ignored); with an invite, its employer is
        the person who redeems it."""
        ...

    async def get(self, placement_id: int) -> Placement | None:
        """Return one placement."""
        ...

    async def active(self) -> list[Placement]:
        """Return every placement still going on, with an employer who has joined."""
        ...

    async def of_coach(self, coach_id: int) -> list[Placement]:
        """Return the active placements a coach follows, the oldest first."""
        ...

    async def of_participant(self, participant_id: int) -> list[Placement]:
        """Return a participant's placements, active or not, the oldest first."""
        ...

    async def change(self, placement_id: int, **changes: object) -> Placement | None:
        """Change a placement (kind, subsidy, hired_on, ends_on, ended_on, outcome)."""
        ...

    async def bind_employers(self) -> None:
        """Give placements whose employer invite has been redeemed their employer."""
        ...

    async def add_follow_up(
        self,
        participant_id: int,
        placement_id: int | None,
        key: str,
        due_on: date,
        competence: bool,
    ) -> FollowUp | None:
        """Plan a follow-up; None if one with this key is planned already."""
        ...

    async def follow_up(self, follow_up_id: int) -> FollowUp | None:
        """Return one follow-up."""
        ...

    async def follow_ups(self, participant_id: int) -> list[FollowUp]:
        """Return a participant's follow-ups (of every placement, and after exit), by date."""
        ...

    async def open_follow_ups(self, until: date) -> list[FollowUp]:
        """Return follow-ups planned or asked and due on or before `until`."""
        ...

    async def set_follow_up(self, follow_up_id: int, **changes: object) -> None:
        """Change a follow-up (state, due_on, asked_at, note)."""
        ...

    async def reply(self, answer: Reply) -> None:
        """Store an answer (a later answer to the same question replaces it)."""
        ...

    async def replies(self, follow_up_id: int) -> list[Reply]:
        """Return the answers to a follow-up, in the order given."""
        ...

    async def record_exit(self, record: Exit) -> None:
        """Record a participant's exit (once)."""
        ...

    async def exit_of(self, participant_id: int) -> Exit | None:
        """Return a participant's exit, if any."""
        ...

    async def employers(self, unit_id: int) -> list[Person]:
        """Return the employer contacts of a unit."""
        ...


class Paths(Protocol):
    """Participants' paths: the record, action-plan versions and breaks."""

    async def path(self, participant_id: int) -> Path | None:
        """Return a participant's path, if it has started."""
        ...

    async def start(self, participant_id: int, started_on: date) -> Path:
        """Start a participant's path (once; a second start returns the first)."""
        ...

    async def set_path(self, participant_id: int, **changes: object) -> None:
        """Change a path (status, paused_days)."""
        ...

    async def open_paths(self) -> list[Path]:
        """Return every path not ended by an exit."""
        ...

    async def plans(self, participant_id: int) -> list[PlanVersion]:
        """Return every version of the participant's plan, the first first."""
        ...

    async def add_plan(self, draft: PlanVersion) -> PlanVersion:
        """Store a new version (numbered after the last; the draft's id and number ignored)."""
        ...

    async def set_plan(self, plan_id: int, **changes: object) -> None:
        """Record a version's confirmation or approval (confirmed_at, approved_at, approved_by)."""
        ...

    async def breaks(self, participant_id: int) -> list[Break]:
        """Return the participant's breaks, the first first."""
        ...

    async def add_break(self, draft: Break) -> Break:
        """Store a new break (the draft's id is ignored)."""
        ...

    async def end_break(self, break_id: int, ended_on: date) -> None:
        """Record the restart after a break."""
        ...


@dataclass(frozen=True)
class Ports:
    """Every port, bound to the transaction of one event; each flow narrows it to its own."""

    people: People
    invites: Invites
    attendance: Attendance
    access: Access
    tasks: Tasks
    cvs: Cvs
    placements: Placements
    paths: Paths
