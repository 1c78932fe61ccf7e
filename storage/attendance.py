"""Activities, sessions, attendance records and disputes (implement flows.ports.Attendance)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Insert,
    Table,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    Activity,
    AttendanceRecord,
    Dispute,
    DisputeStatus,
    Presence,
    Session,
)
from storage.activities import activity_fields, create_activity, to_activity
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AttendanceRow,
    DisputeRow,
    SessionRow,
)
from storage.sql import insert_ignoring_conflicts

_activities = cast(Table, ActivityRow.__table__)
_enrolments = cast(Table, ActivityParticipantRow.__table__)
_sessions = cast(Table, SessionRow.__table__)
_attendance = cast(Table, AttendanceRow.__table__)
_disputes = cast(Table, DisputeRow.__table__)
_SESSION_COLUMNS = (
    _sessions.c.id,
    _sessions.c.activity_id,
    _sessions.c.starts_at,
    _sessions.c.ends_at,
    _sessions.c.cancelled,
    _sessions.c.closed,
)
_ATTENDANCE_COLUMNS = (
    _attendance.c.session_id,
    _attendance.c.participant_id,
    _attendance.c.status,
    _attendance.c.recorded_at,
    _attendance.c.category,
    _attendance.c.note,
    _attendance.c.verified,
)
_DISPUTE_COLUMNS = tuple(_disputes.c)
# User-typed text longer than its column is cut here, the same way on every backend
# (PostgreSQL would raise, SQLite would keep it whole).
TEXT_LIMIT = 500


def to_session(row: Any) -> Session:
    """Convert a session row to the domain record."""
    return Session(
        id=row.id,
        activity_id=row.activity_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        cancelled=row.cancelled,
        closed=row.closed,
    )


def to_record(row: Any) -> AttendanceRecord:
    """Convert an attendance row to the domain record."""
    return AttendanceRecord(
        session_id=row.session_id,
        participant_id=row.participant_id,
        status=Presence(row.status),
        recorded_at=row.recorded_at,
        category=row.category,
        note=row.note,
        verified=row.verified,
    )


def to_dispute(row: Any) -> Dispute:
    """Convert a dispute row to the domain record."""
    return Dispute(
        id=row.id,
        session_id=row.session_id,
        participant_id=row.participant_id,
        comment=row.comment,
        status=DisputeStatus(row.status),
        created_at=row.created_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


@functools.cache
def _attendance_upsert(dialect: str) -> Insert:
    if dialect == "postgresql":
        pg = postgresql.insert(_attendance)
        return pg.on_conflict_do_update(
            index_elements=["session_id", "participant_id"],
            set_={
                "status": pg.excluded.status,
                "category": pg.excluded.category,
                "note": pg.excluded.note,
                "recorded_at": pg.excluded.recorded_at,
                "verified": pg.excluded.verified,
            },
        ).returning(*_ATTENDANCE_COLUMNS)
    if dialect == "sqlite":
        lite = sqlite.insert(_attendance)
        return lite.on_conflict_do_update(
            index_elements=["session_id", "participant_id"],
            set_={
                "status": lite.excluded.status,
                "category": lite.excluded.category,
                "note": lite.excluded.note,
                "recorded_at": lite.excluded.recorded_at,
                "verified": lite.excluded.verified,
            },
        ).returning(*_ATTENDANCE_COLUMNS)
    raise NotImplementedError(f"unsupported dialect {dialect}")


class SqlAttendance:
    """Activities, sessions, attendance records and disputes (implements flows.ports.Attendance).

    Core statements throughout: results are built from the rows each statement returns, so
    no stale ORM identity map can hide a concurrent change.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def create(self, draft: Activity) -> Activity:
        """Store a new activity (the draft's id is ignored) and enroll its participants."""
        return await create_activity(self._session, **activity_fields(draft))

    async def _participants(self, activity_ids: Sequence[int]) -> dict[int, list[int]]:
        if not activity_ids:
            return {}
        conn = await self._session.connection()
        result = await conn.execute(
            select(_enrolments.c.activity_id, _enrolments.c.participant_id).where(
                _enrolments.c.activity_id.in_(list(activity_ids))
            )
        )
        found: dict[int, list[int]] = {}
        for activity_id, participant_id in result:
            found.setdefault(activity_id, []).append(participant_id)
        return found

    async def activities(self, *, active_on: date) -> list[Activity]:
        """Return active activities that have not ended before `active_on`, by id."""
        conn = await self._session.connection()
        rows = (
            await conn.execute(
                select(_activities)
                .where(
                    _activities.c.active.is_(True),
                    or_(_activities.c.ends_on.is_(None), _activities.c.ends_on >= active_on),
                )
                .order_by(_activities.c.id)
            )
        ).all()
        participants = await self._participants([row.id for row in rows])
        return [to_activity(row, participants.get(row.id, ())) for row in rows]

    async def activity(self, activity_id: int) -> Activity | None:
        """Return one activity (active or not) with its enrolled participant ids."""
        conn = await self._session.connection()
        row = (
            await conn.execute(select(_activities).where(_activities.c.id == activity_id))
        ).first()
        if row is None:
            return None
        participants = await self._participants([activity_id])
        return to_activity(row, participants.get(activity_id, ()))

    async def add_sessions(
        self, activity_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[Session]:
        """Create the sessions that do not exist yet and return them, earliest first."""
        unique = dict(spans)  # one row per start instant, even if a caller repeats it
        if not unique:
            return []
        # Insert-ignore on UNIQUE(activity_id, starts_at) is the single point of truth: two
        # concurrent expansions of one plan create each session once.
        stmt = insert_ignoring_conflicts(
            self._session, SessionRow, "activity_id", "starts_at"
        ).returning(*_SESSION_COLUMNS)
        conn = await self._session.connection()
        result = await conn.execute(
            stmt,
            [
                {
                    "activity_id": activity_id,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "cancelled": False,
                    "closed": False,
                }
                for starts_at, ends_at in unique.items()
            ],
        )
        created = [to_session(row) for row in result]
        return sorted(created, key=lambda s: (s.starts_at, s.id))

    async def session(self, session_id: int) -> Session | None:
        """Return one session."""
        conn = await self._session.connection()
        row = (
            await conn.execute(select(*_SESSION_COLUMNS).where(_sessions.c.id == session_id))
        ).first()
        return None if row is None else to_session(row)

    async def sessions_between(
        self, start: datetime, end: datetime, *, include_cancelled: bool = False
    ) -> list[Session]:
        """Return sessions starting in [start, end), earliest first."""
        query = select(*_SESSION_COLUMNS).where(
            _sessions.c.starts_at >= start, _sessions.c.starts_at < end
        )
        if not include_cancelled:
            query = query.where(_sessions.c.cancelled.is_(False))
        conn = await self._session.connection()
        rows = await conn.execute(query.order_by(_sessions.c.starts_at, _sessions.c.id))
        return [to_session(row) for row in rows]

    async def sessions_of(
        self, participant_id: int, start: datetime, end: datetime
    ) -> list[Session]:
        """Return the participant's sessions in [start, end), earliest first, not cancelled."""
        query = (
            select(*_SESSION_COLUMNS)
            .join(_enrolments, _enrolments.c.activity_id == _sessions.c.activity_id)
            .where(
                _enrolments.c.participant_id == participant_id,
                _sessions.c.starts_at >= start,
                _sessions.c.starts_at < end,
                _sessions.c.cancelled.is_(False),
            )
            .order_by(_sessions.c.starts_at, _sessions.c.id)
        )
        conn = await self._session.connection()
        return [to_session(row) for row in await conn.execute(query)]

    async def record(self, entry: AttendanceRecord, *, overwrite: bool = True) -> AttendanceRecord:
        """Store a record; with overwrite False an existing record is kept and returned."""
        values = {
            "session_id": entry.session_id,
            "participant_id": entry.participant_id,
            "status": entry.status.value,
            "category": entry.category,
            "note": entry.note[:TEXT_LIMIT],
            "recorded_at": entry.recorded_at,
            "verified": entry.verified,
        }
        conn = await self._session.connection()
        dialect = self._session.get_bind().dialect.name
        if overwrite:
            row = (await conn.execute(_attendance_upsert(dialect), values)).one()
            return to_record(row)
        # Insert-or-keep in one statement, so a no-show job racing a check-in never
        # replaces it: whichever commits first wins and the other reads it back.
        stmt = insert_ignoring_conflicts(
            self._session, AttendanceRow, "session_id", "participant_id"
        ).returning(*_ATTENDANCE_COLUMNS)
        inserted = (await conn.execute(stmt, values)).first()
        if inserted is not None:
            return to_record(inserted)
        existing = await self.record_of(entry.session_id, entry.participant_id)
        if existing is None:  # pragma: no cover - the conflicting row cannot vanish in between
            raise LookupError(f"record {entry.session_id}/{entry.participant_id} vanished")
        return existing

    async def record_of(self, session_id: int, participant_id: int) -> AttendanceRecord | None:
        """Return the participant's record for a session, if any."""
        conn = await self._session.connection()
        row = (
            await conn.execute(
                select(*_ATTENDANCE_COLUMNS).where(
                    _attendance.c.session_id == session_id,
                    _attendance.c.participant_id == participant_id,
                )
            )
        ).first()
        return None if row is None else to_record(row)

    async def records(self, session_id: int) -> list[AttendanceRecord]:
        """Return all records of a session, by participant id."""
        conn = await self._session.connection()
        rows = await conn.execute(
            select(*_ATTENDANCE_COLUMNS)
            .where(_attendance.c.session_id == session_id)
            .order_by(_attendance.c.participant_id)
        )
        return [to_record(row) for row in rows]

    async def set_session(
        self, session_id: int, *, cancelled: bool | None = None, closed: bool | None = None
    ) -> None:
        """Mark a session cancelled and/or closed (no-shows recorded)."""
        values: dict[str, bool] = {}
        if cancelled is not None:
            values["cancelled"] = cancelled
        if closed is not None:
            values["closed"] = closed
        if not values:
            return
        conn = await self._session.connection()
        await conn.execute(update(_sessions).where(_sessions.c.id == session_id).values(values))

    async def open_dispute(
        self, session_id: int, participant_id: int, comment: str, now: datetime
    ) -> Dispute:
        """Record a participant's dispute of their record for a session."""
        conn = await self._session.connection()
        row = (
            await conn.execute(
                insert(_disputes).returning(*_DISPUTE_COLUMNS),
                {
                    "session_id": session_id,
                    "participant_id": participant_id,
                    "comment": comment[:TEXT_LIMIT],
                    "status": DisputeStatus.OPEN.value,
                    "created_at": now,
                },
            )
        ).one()
        return to_dispute(row)

    async def dispute(self, dispute_id: int) -> Dispute | None:
        """Return one dispute."""
        conn = await self._session.connection()
        row = (
            await conn.execute(select(*_DISPUTE_COLUMNS).where(_disputes.c.id == dispute_id))
        ).first()
        return None if row is None else to_dispute(row)

    async def dispute_for(self, session_id: int, participant_id: int) -> Dispute | None:
        """Return the participant's latest dispute of their record for a session, if any."""
        conn = await self._session.connection()
        row = (
            await conn.execute(
                select(*_DISPUTE_COLUMNS)
                .where(
                    _disputes.c.session_id == session_id,
                    _disputes.c.participant_id == participant_id,
                )
                .order_by(_disputes.c.created_at.desc(), _disputes.c.id.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else to_dispute(row)

    async def decide_dispute(
        self, dispute_id: int, *, accepted: bool, coach_id: int, now: datetime
    ) -> Dispute | None:
        """Decide an open dispute; None if it was already decided (or does not exist)."""
        status = DisputeStatus.ACCEPTED if accepted else DisputeStatus.REJECTED
        # The conditional UPDATE decides the race: of two coaches only one matches 'open'.
        conn = await self._session.connection()
        row = (
            await conn.execute(
                update(_disputes)
                .where(
                    _disputes.c.id == dispute_id,
                    _disputes.c.status == DisputeStatus.OPEN.value,
                )
                .values(status=status.value, decided_by=coach_id, decided_at=now)
                .returning(*_DISPUTE_COLUMNS)
            )
        ).first()
        return None if row is None else to_dispute(row)
