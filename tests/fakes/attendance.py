"""The in-memory Attendance port over a FakeDb."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime

from flows.model import (
    Activity,
    AttendanceRecord,
    Dispute,
    DisputeStatus,
    Session,
)
from tests.fakes.db import TEXT_LIMIT, FakeDb, utc


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
            start = utc(starts_at)
            if start in existing:
                continue
            existing.add(start)
            session = Session(self.db.next_id(), activity_id, start, utc(ends_at))
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
            entry, recorded_at=utc(entry.recorded_at), note=entry.note[:TEXT_LIMIT]
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
            created_at=utc(now),
        )
        self.db.disputes[dispute.id] = dispute
        return dispute

    async def dispute(self, dispute_id: int) -> Dispute | None:
        """Return one dispute."""
        return self.db.disputes.get(dispute_id)

    async def dispute_for(self, session_id: int, participant_id: int) -> Dispute | None:
        """Return the participant's latest dispute of their record for a session, if any."""
        found = [
            d
            for d in self.db.disputes.values()
            if d.session_id == session_id and d.participant_id == participant_id
        ]
        return max(found, key=lambda d: (d.created_at, d.id), default=None)

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
            decided_at=utc(now),
        )
        self.db.disputes[dispute_id] = decided
        return decided
