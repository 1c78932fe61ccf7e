"""Domain records shared by the flows and the storage ports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, Literal


class Role(StrEnum):
    """What a person is in a programme; decides what they may see and do."""

    PARTICIPANT = "participant"
    EMPLOYER = "employer"
    COACH = "coach"
    MANAGER = "manager"


STAFF_ROLES = frozenset({Role.COACH, Role.MANAGER})


@dataclass(frozen=True)
class Unit:
    """One office, job centre or workshop."""

    id: int
    code: str
    name: str
    timezone: str
    languages: tuple[str, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """A person bound to a Telegram user through an invite."""

    id: int
    role: Role
    unit_id: int
    display_name: str
    locale: str
    telegram_user_id: int | None = None
    chat_id: int | None = None
    reachable: bool = True
    # When the person last passed a message on to their coach: a session closing after it
    # counts them as having sent word, not as a no-show.
    messaged_coach_at: datetime | None = None
    # The participant's full-time week in hours (less for part time or partial sick leave).
    weekly_hours: int = 40
    # When the person last wrote or pressed anything (to the hour): for "lost contact".
    last_seen_at: datetime | None = None
    # For the unit's figures, as the coach recorded them: "woman", "man", "other" or None.
    gender: str | None = None
    priority_group: bool = False
    # A staff member's own settings (quiet hours, working days; see flows.attention).
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Invite:
    """A single-use, expiring invitation to bind a Telegram user to a role."""

    id: int
    role: Role
    unit_id: int
    expires_at: datetime
    display_name: str = ""
    coach_id: int | None = None
    created_by: int | None = None
    used_at: datetime | None = None
    used_by: int | None = None
    # The language the person who invited chose for the invitee (None: their phone's).
    locale: str | None = None

    def usable_at(self, now: datetime) -> bool:
        """Say whether the invite can still be redeemed at `now`."""
        return self.used_at is None and now < self.expires_at


class ActivityKind(StrEnum):
    """What kind of scheduled activity this is (hours are reported per kind)."""

    GROUP_MEETING = "group_meeting"
    WORKSHOP = "workshop"
    LECTURE = "lecture"
    SFI = "sfi"
    INDIVIDUAL_MEETING = "individual_meeting"
    PLACEMENT_DAY = "placement_day"


class Recurrence(StrEnum):
    """How an activity repeats."""

    ONCE = "once"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"


@dataclass(frozen=True)
class Activity:
    """A planned activity of a unit; its sessions are expanded from the recurrence."""

    id: int
    unit_id: int
    kind: ActivityKind
    title: str
    place: str
    coach_id: int | None
    starts_on: date
    start_time: time
    duration_minutes: int
    recurrence: Recurrence
    weekdays: tuple[int, ...] = ()
    ends_on: date | None = None
    timezone: str = "Europe/Stockholm"
    skip_holidays: bool = True
    participant_ids: tuple[int, ...] = ()
    # With a venue position, check-in asks for the participant's location (never stored).
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 300


def check_activity(weekdays: tuple[int, ...] | list[int], duration_minutes: int) -> None:
    """Raise ValueError for impossible weekdays or durations (one rule for every store)."""
    if any(not 0 <= day <= 6 for day in weekdays):
        raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday): {list(weekdays)}")
    if duration_minutes <= 0:
        raise ValueError(f"duration must be positive: {duration_minutes}")


@dataclass(frozen=True)
class Session:
    """One occurrence of an activity, in UTC."""

    id: int
    activity_id: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool = False
    closed: bool = False


class Presence(StrEnum):
    """What is recorded for one participant at one session (persisted values)."""

    PRESENT = "present"
    LATE = "late"
    NOTIFIED_ABSENCE = "notified_absence"
    LATE_NOTICE = "late_notice"
    UNREPORTED = "unreported"


ABSENT = frozenset({Presence.NOTIFIED_ABSENCE, Presence.LATE_NOTICE, Presence.UNREPORTED})
ATTENDED = frozenset({Presence.PRESENT, Presence.LATE})


@dataclass(frozen=True)
class AttendanceRecord:
    """A participant's attendance at one session."""

    session_id: int
    participant_id: int
    status: Presence
    recorded_at: datetime
    category: str | None = None
    note: str = ""
    # False: checked in without the venue check (no location shared); the coach confirms.
    verified: bool = True


class DisputeStatus(StrEnum):
    """Where a participant's dispute of a record stands."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Dispute:
    """A participant's objection to one attendance record, decided by the coach."""

    id: int
    session_id: int
    participant_id: int
    comment: str
    status: DisputeStatus
    created_at: datetime
    decided_by: int | None = None
    decided_at: datetime | None = None


class TaskStep(StrEnum):
    """Jobbnätet's eight steps (persisted values)."""

    CV = "cv"
    SKILLS = "skills"
    COVER_LETTER = "cover_letter"
    SALES_LETTER = "sales_letter"
    MARKET = "market"
    NETWORK = "network"
    INTERVIEW = "interview"
    OTHER = "other"


class ReportKind(StrEnum):
    """How a task is reported (persisted values)."""

    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"
    LINK = "link"
    DONE = "done"


class TaskState(StrEnum):
    """Where a task stands (persisted values)."""

    ASSIGNED = "assigned"
    REPORTED = "reported"
    APPROVED = "approved"
    RETURNED = "returned"
    CANCELLED = "cancelled"


# The participant still has something to do.
OPEN = frozenset({TaskState.ASSIGNED, TaskState.RETURNED})
# What each action may start from; anything else leaves the task as it was.
MAY_REPORT = OPEN
MAY_REVIEW = frozenset({TaskState.REPORTED})
MAY_CANCEL = frozenset({TaskState.ASSIGNED, TaskState.RETURNED, TaskState.REPORTED})
TimeFit = Literal["short", "right", "long"]


@dataclass(frozen=True)
class Task:
    """One task given to one participant.

    A library task has its `library_key` (its texts come translated from the catalogs); a
    one-off task has the coach's own `title` and `instructions`, in `text_locale`.
    """

    id: int
    participant_id: int
    coach_id: int
    library_key: str | None
    step: TaskStep
    title: str
    instructions: str
    text_locale: str | None
    hours: float
    report_kind: ReportKind
    due_on: date
    state: TaskState
    created_at: datetime
    # A one-off or unit task's purpose as written (a library task's comes from the catalogs).
    purpose: str = ""
    report_text: str = ""
    report_file_id: str | None = None
    report_file_name: str | None = None
    reported_at: datetime | None = None
    comment: str = ""
    asked_due_on: date | None = None
    useful: bool | None = None
    time_fit: TimeFit | None = None


@dataclass(frozen=True)
class TaskStats:
    """What participants said about one library task."""

    library_key: str
    reported: int
    useful: int
    not_useful: int
    too_short: int
    right: int
    too_long: int


@dataclass(frozen=True)
class UnitTask:
    """A task a unit wrote for its own library, shown as written, in its language."""

    id: int
    unit_id: int
    step: TaskStep
    title: str
    purpose: str
    instructions: str
    hours: float
    report_kind: ReportKind
    locale: str
    created_at: datetime
