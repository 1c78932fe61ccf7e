"""Data access the flows need, as small Protocols implemented in `storage/`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

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
from flows.programme_ports import Cvs, Paths, Placements, Recruitment, Summaries


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

    async def unit_participants(self, unit_id: int) -> list[Person]:
        """Return the participants of a unit who have a coach, by name."""
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

    async def can_use_workplace(self, viewer: Person, workplace_id: int) -> bool:
        """Say whether the viewer may act for or on this employer's workplace.

        An employer: one of its contact persons; a coach or manager: in its unit.
        """
        ...

    async def log_read(self, viewer: Person, participant_id: int, what: str, at: datetime) -> None:
        """Record that a staff member opened or acted on a participant's data."""
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
    recruitment: Recruitment
    summaries: Summaries
