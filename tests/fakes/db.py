"""The shared in-memory state behind every fake port."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from flows.cv_model import CvComment, CvRecord
from flows.digest_model import Note
from flows.model import (
    Activity,
    ActivityKind,
    AttendanceRecord,
    Dispute,
    Invite,
    Person,
    Recurrence,
    Role,
    Session,
    Task,
    Unit,
    UnitTask,
    check_activity,
)
from flows.path_model import Break, Path, PlanVersion
from flows.placement_model import Exit, FollowUp, Placement, Reply, Side
from flows.recruitment_model import Assignment, ContactEntry, Presentation, Workplace

# Same cut as storage.attendance.TEXT_LIMIT (the column width of notes and comments).
TEXT_LIMIT = 500


def utc(value: datetime) -> datetime:
    """Return an aware datetime in UTC; refuse naive ones, as the SQL backends do."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: store aware datetimes only")
    return value.astimezone(UTC)


@dataclass
class FakeCaseload:
    """A caseload entry; `until` None means active."""

    coach_id: int
    participant_id: int
    since: datetime
    until: datetime | None = None


@dataclass
class FakeDb:
    """The shared in-memory state behind FakePeople, FakeInvites and FakeAttendance."""

    units: dict[int, Unit] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    caseloads: list[FakeCaseload] = field(default_factory=list)
    invites: dict[int, Invite] = field(default_factory=dict)
    token_hashes: dict[str, int] = field(default_factory=dict)
    employer_contacts: dict[int, str] = field(default_factory=dict)
    activities: dict[int, Activity] = field(default_factory=dict)
    inactive_activities: set[int] = field(default_factory=set)
    sessions: dict[int, Session] = field(default_factory=dict)
    attendance: dict[tuple[int, int], AttendanceRecord] = field(default_factory=dict)
    disputes: dict[int, Dispute] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    unit_tasks: dict[int, UnitTask] = field(default_factory=dict)
    cvs: dict[int, CvRecord] = field(default_factory=dict)
    cv_comments: dict[int, CvComment] = field(default_factory=dict)
    placements: dict[int, Placement] = field(default_factory=dict)
    placement_invites: dict[int, int] = field(default_factory=dict)
    follow_ups: dict[int, FollowUp] = field(default_factory=dict)
    replies: dict[tuple[int, Side, str], Reply] = field(default_factory=dict)
    exits: dict[int, Exit] = field(default_factory=dict)
    paths: dict[int, Path] = field(default_factory=dict)
    plans: dict[int, PlanVersion] = field(default_factory=dict)
    breaks: dict[int, Break] = field(default_factory=dict)
    workplaces: dict[int, Workplace] = field(default_factory=dict)
    # Contact persons: (workplace id, name, person id or None, invite id or None).
    workplace_contacts: list[list[Any]] = field(default_factory=list)
    assignments: dict[int, Assignment] = field(default_factory=dict)
    presentations: dict[int, Presentation] = field(default_factory=dict)
    contact_log: dict[int, ContactEntry] = field(default_factory=dict)
    notes: dict[int, Note] = field(default_factory=dict)
    digest_runs: set[tuple[int, str, date]] = field(default_factory=set)
    _next_id: int = 0

    def next_id(self) -> int:
        """Return a fresh id."""
        self._next_id += 1
        return self._next_id

    def add_unit(
        self,
        code: str,
        name: str,
        timezone: str = "Europe/Stockholm",
        languages: tuple[str, ...] = ("sv", "en"),
        settings: Mapping[str, Any] | None = None,
    ) -> Unit:
        """Create a unit."""
        unit = Unit(self.next_id(), code, name, timezone, languages, dict(settings or {}))
        self.units[unit.id] = unit
        return unit

    def set_unit_settings(self, unit_id: int, settings: Mapping[str, Any]) -> Unit:
        """Replace a unit's settings (like storage.admin.set_unit_settings)."""
        if unit_id not in self.units:
            raise LookupError(f"no unit {unit_id}")
        unit = dataclasses.replace(self.units[unit_id], settings=dict(settings))
        self.units[unit_id] = unit
        return unit

    def add_activity(
        self,
        *,
        unit_id: int,
        kind: ActivityKind,
        title: str,
        place: str,
        coach_id: int | None,
        starts_on: date,
        start_time: time,
        duration_minutes: int,
        recurrence: Recurrence,
        weekdays: Sequence[int] = (),
        ends_on: date | None = None,
        timezone: str = "Europe/Stockholm",
        skip_holidays: bool = True,
        participant_ids: Sequence[int] = (),
        latitude: float | None = None,
        longitude: float | None = None,
        radius_m: int = 300,
    ) -> Activity:
        """Create an activity (like storage.activities.create_activity)."""
        check_activity(tuple(weekdays), duration_minutes)
        activity = Activity(
            id=self.next_id(),
            unit_id=unit_id,
            kind=ActivityKind(kind),
            title=title,
            place=place,
            coach_id=coach_id,
            starts_on=starts_on,
            start_time=start_time,
            duration_minutes=duration_minutes,
            recurrence=Recurrence(recurrence),
            weekdays=tuple(sorted(set(weekdays))),
            ends_on=ends_on,
            timezone=timezone,
            skip_holidays=skip_holidays,
            participant_ids=tuple(sorted(set(participant_ids))),
            latitude=latitude,
            longitude=longitude,
            radius_m=radius_m,
        )
        self.activities[activity.id] = activity
        return activity

    def enroll(self, activity_id: int, participant_ids: Sequence[int]) -> None:
        """Enroll participants in an activity; already enrolled ones are skipped."""
        activity = self.activities[activity_id]
        enrolled = set(activity.participant_ids) | set(participant_ids)
        self.activities[activity_id] = dataclasses.replace(
            activity, participant_ids=tuple(sorted(enrolled))
        )

    def set_activity_active(self, activity_id: int, active: bool) -> None:
        """Mark an activity active or not (it keeps its sessions and records)."""
        if activity_id not in self.activities:
            raise LookupError(f"no activity {activity_id}")
        if active:
            self.inactive_activities.discard(activity_id)
        else:
            self.inactive_activities.add(activity_id)

    def add_person(
        self,
        role: Role,
        unit_id: int,
        display_name: str,
        locale: str,
        telegram_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> Person:
        """Create a person directly."""
        if telegram_user_id is not None and any(
            p.telegram_user_id == telegram_user_id for p in self.people.values()
        ):
            raise ValueError(f"telegram user {telegram_user_id} already bound")
        person = Person(
            id=self.next_id(),
            role=role,
            unit_id=unit_id,
            display_name=display_name,
            locale=locale,
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
        )
        self.people[person.id] = person
        return person

    def assign_caseload(self, coach_id: int, participant_id: int, since: datetime) -> None:
        """Make `coach_id` the participant's active coach."""
        for entry in self.caseloads:
            if entry.participant_id == participant_id and entry.until is None:
                entry.until = since
        self.caseloads.append(FakeCaseload(coach_id, participant_id, since))
