"""In-memory fakes of the flows' ports, sharing one FakeDb (same contract as storage/)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from flows.model import (
    Activity,
    ActivityKind,
    AttendanceRecord,
    Dispute,
    DisputeStatus,
    Invite,
    Person,
    Recurrence,
    Role,
    Session,
    Unit,
    check_activity,
)
from flows.ports import Ports

# Same cut as storage.attendance.TEXT_LIMIT (the column width of notes and comments).
TEXT_LIMIT = 500


def _utc(value: datetime) -> datetime:
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


class FakePeople:
    """In-memory flows.ports.People."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        return next((p for p in self.db.people.values() if p.telegram_user_id == user_id), None)

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        return self.db.people.get(person_id)

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id; raise LookupError if it does not exist."""
        try:
            return self.db.units[unit_id]
        except KeyError:
            raise LookupError(f"no unit {unit_id}") from None

    async def caseload(self, coach_id: int) -> list[Person]:
        """Return the participants in the coach's active caseload, by name."""
        people = [
            self.db.people[e.participant_id]
            for e in self.db.caseloads
            if e.coach_id == coach_id and e.until is None
        ]
        return sorted(people, key=lambda p: (p.display_name, p.id))

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose active caseload holds the participant."""
        for entry in self.db.caseloads:
            if entry.participant_id == participant_id and entry.until is None:
                return self.db.people.get(entry.coach_id)
        return None

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        person = dataclasses.replace(self.db.people[person_id], locale=locale)
        self.db.people[person_id] = person
        return person

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        self.db.people[person_id] = dataclasses.replace(
            self.db.people[person_id], reachable=reachable
        )


class FakeInvites:
    """In-memory flows.ports.Invites."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

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
    ) -> Invite:
        """Store a new invite."""
        if token_hash in self.db.token_hashes:
            raise ValueError("duplicate token hash")
        invite = Invite(
            id=self.db.next_id(),
            role=role,
            unit_id=unit_id,
            expires_at=expires_at,
            display_name=display_name,
            coach_id=coach_id,
            created_by=created_by,
        )
        self.db.invites[invite.id] = invite
        self.db.token_hashes[token_hash] = invite.id
        return invite

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        invite_id = self.db.token_hashes.get(token_hash)
        return None if invite_id is None else self.db.invites[invite_id]

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
        """Mark the invite used and bind the user; None if used, expired or user already bound."""
        current = self.db.invites.get(invite.id)
        if current is None or not current.usable_at(now):
            return None
        if any(p.telegram_user_id == telegram_user_id for p in self.db.people.values()):
            return None
        person = self.db.add_person(
            current.role,
            current.unit_id,
            current.display_name or display_name,
            locale,
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
        )
        self.db.invites[invite.id] = dataclasses.replace(current, used_at=now, used_by=person.id)
        if current.role is Role.PARTICIPANT and current.coach_id is not None:
            self.db.assign_caseload(current.coach_id, person.id, now)
        elif current.role is Role.EMPLOYER:
            self.db.employer_contacts[person.id] = ""
        return person


class FakeAttendance:
    """In-memory flows.ports.Attendance."""

    def __init__(self, db: FakeDb) -> None:
        self.db = db

    async def create(self, draft: Activity) -> Activity:
        """Store a new activity (the draft's id is ignored) and enroll its participants."""
        fields = {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
        del fields["id"]
        return self.db.add_activity(**fields)

    async def activities(self, *, active_on: date) -> list[Activity]:
        """Return active activities that have not ended before `active_on`, by id."""
        return [
            activity
            for activity_id, activity in sorted(self.db.activities.items())
            if activity_id not in self.db.inactive_activities
            and (activity.ends_on is None or activity.ends_on >= active_on)
        ]

    async def activity(self, activity_id: int) -> Activity | None:
        """Return one activity (active or not) with its enrolled participant ids."""
        return self.db.activities.get(activity_id)

    async def add_sessions(
        self, activity_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[Session]:
        """Create the sessions that do not exist yet and return them, earliest first."""
        if activity_id not in self.db.activities:
            raise LookupError(f"no activity {activity_id}")
        existing = {s.starts_at for s in self.db.sessions.values() if s.activity_id == activity_id}
        created = []
        for starts_at, ends_at in dict(spans).items():
            start = _utc(starts_at)
            if start in existing:
                continue
            existing.add(start)
            session = Session(self.db.next_id(), activity_id, start, _utc(ends_at))
            self.db.sessions[session.id] = session
            created.append(session)
        return sorted(created, key=lambda s: (s.starts_at, s.id))

    async def session(self, session_id: int) -> Session | None:
        """Return one session."""
        return self.db.sessions.get(session_id)

    async def sessions_between(
        self, start: datetime, end: datetime, *, include_cancelled: bool = False
    ) -> list[Session]:
        """Return sessions starting in [start, end), earliest first."""
        return sorted(
            (
                s
                for s in self.db.sessions.values()
                if start <= s.starts_at < end and (include_cancelled or not s.cancelled)
            ),
            key=lambda s: (s.starts_at, s.id),
        )

    async def sessions_of(
        self, participant_id: int, start: datetime, end: datetime
    ) -> list[Session]:
        """Return the participant's sessions in [start, end), earliest first, not cancelled."""
        enrolled = {
            a.id for a in self.db.activities.values() if participant_id in a.participant_ids
        }
        return [s for s in await self.sessions_between(start, end) if s.activity_id in enrolled]

    async def record(self, entry: AttendanceRecord, *, overwrite: bool = True) -> AttendanceRecord:
        """Store a record; with overwrite False an existing record is kept and returned."""
        if entry.session_id not in self.db.sessions:
            raise LookupError(f"no session {entry.session_id}")
        key = (entry.session_id, entry.participant_id)
        existing = self.db.attendance.get(key)
        if existing is not None and not overwrite:
            return existing
        stored = dataclasses.replace(
            entry, recorded_at=_utc(entry.recorded_at), note=entry.note[:TEXT_LIMIT]
        )
        self.db.attendance[key] = stored
        return stored

    async def record_of(self, session_id: int, participant_id: int) -> AttendanceRecord | None:
        """Return the participant's record for a session, if any."""
        return self.db.attendance.get((session_id, participant_id))

    async def records(self, session_id: int) -> list[AttendanceRecord]:
        """Return all records of a session, by participant id."""
        return [
            record for (sid, _), record in sorted(self.db.attendance.items()) if sid == session_id
        ]

    async def set_session(
        self, session_id: int, *, cancelled: bool | None = None, closed: bool | None = None
    ) -> None:
        """Mark a session cancelled and/or closed (no-shows recorded)."""
        session = self.db.sessions.get(session_id)
        if session is None:
            return
        if cancelled is not None:
            session = dataclasses.replace(session, cancelled=cancelled)
        if closed is not None:
            session = dataclasses.replace(session, closed=closed)
        self.db.sessions[session_id] = session

    async def open_dispute(
        self, session_id: int, participant_id: int, comment: str, now: datetime
    ) -> Dispute:
        """Record a participant's dispute of their record for a session."""
        if session_id not in self.db.sessions:
            raise LookupError(f"no session {session_id}")
        dispute = Dispute(
            id=self.db.next_id(),
            session_id=session_id,
            participant_id=participant_id,
            comment=comment[:TEXT_LIMIT],
            status=DisputeStatus.OPEN,
            created_at=_utc(now),
        )
        self.db.disputes[dispute.id] = dispute
        return dispute

    async def dispute(self, dispute_id: int) -> Dispute | None:
        """Return one dispute."""
        return self.db.disputes.get(dispute_id)

    async def decide_dispute(
        self, dispute_id: int, *, accepted: bool, coach_id: int, now: datetime
    ) -> Dispute | None:
        """Decide an open dispute; None if it was already decided (or does not exist)."""
        current = self.db.disputes.get(dispute_id)
        if current is None or current.status is not DisputeStatus.OPEN:
            return None
        decided = dataclasses.replace(
            current,
            status=DisputeStatus.ACCEPTED if accepted else DisputeStatus.REJECTED,
            decided_by=coach_id,
            decided_at=_utc(now),
        )
        self.db.disputes[dispute_id] = decided
        return decided


def fake_ports(db: FakeDb | None = None) -> Ports:
    """Return flows.ports.Ports backed by one (new or given) FakeDb."""
    db = db or FakeDb()
    from tests.fake_access import FakeAccess

    return Ports(
        people=FakePeople(db),
        invites=FakeInvites(db),
        attendance=FakeAttendance(db),
        access=FakeAccess(db),
    )
