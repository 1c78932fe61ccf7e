"""Repositories over one transaction; they return flows.model dataclasses, never ORM rows."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Insert,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.model import (
    Activity,
    ActivityKind,
    AttendanceRecord,
    Dispute,
    DisputeStatus,
    Invite,
    Person,
    Presence,
    Recurrence,
    Role,
    Session,
    Unit,
    check_activity,
)
from flows.ports import Conversation, Ports
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AttendanceRow,
    AuditRow,
    CaseloadRow,
    ConversationRow,
    DisputeRow,
    EmployerContactRow,
    InboxRow,
    InviteRow,
    OutboxMessageRow,
    PersonRow,
    SessionRow,
    UnitRow,
    utcnow,
)

log = logging.getLogger(__name__)

DEFAULT_LANGUAGES = ("sv", "en")
_ERROR_LIMIT = 500


def to_unit(row: UnitRow) -> Unit:
    """Convert a unit row to the domain record."""
    return Unit(
        id=row.id,
        code=row.code,
        name=row.name,
        timezone=row.timezone,
        languages=tuple(row.languages or ()),
        settings=dict(row.settings or {}),
    )


def to_person(row: Any) -> Person:
    """Convert a person row (ORM entity or Core row with the same columns) to the record."""
    return Person(
        id=row.id,
        role=Role(row.role),
        unit_id=row.unit_id,
        display_name=row.display_name,
        locale=row.locale,
        telegram_user_id=row.telegram_user_id,
        chat_id=row.chat_id,
        reachable=row.reachable,
    )


def to_invite(row: InviteRow) -> Invite:
    """Convert an invite row to the domain record."""
    return Invite(
        id=row.id,
        role=Role(row.role),
        unit_id=row.unit_id,
        expires_at=row.expires_at,
        display_name=row.display_name,
        coach_id=row.coach_id,
        created_by=row.created_by,
        used_at=row.used_at,
        used_by=row.used_by,
    )


def _insert_ignoring_conflicts(session: AsyncSession, table: Any, *columns: str) -> Insert:
    """Return an INSERT that skips rows whose `columns` already exist; pass values on execute.

    The statement is built once per dialect and table, so its compiled form is reused (an
    INSERT with inline `.values()` and ON CONFLICT was compiled anew on every call).
    """
    return _ignoring_insert(session.get_bind().dialect.name, table, columns)


@functools.cache
def _ignoring_insert(dialect: str, table: Any, columns: tuple[str, ...]) -> Insert:
    if dialect == "sqlite":
        # Unlike the dialect's ON CONFLICT construct, a plain INSERT with a prefix has a
        # cache key, so SQLAlchemy compiles it once instead of on every update.
        return insert(table.__table__).prefix_with("OR IGNORE", dialect="sqlite")
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(columns))
    raise NotImplementedError(f"unsupported dialect {dialect}")


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


_people = PersonRow.__table__
_PERSON_BY_TELEGRAM = select(
    _people.c.id,
    _people.c.role,
    _people.c.unit_id,
    _people.c.display_name,
    _people.c.locale,
    _people.c.telegram_user_id,
    _people.c.chat_id,
    _people.c.reachable,
).where(_people.c.telegram_user_id == bindparam("user_id"), _people.c.erased_at.is_(None))


_PEOPLE_BY_TELEGRAM = select(*_PERSON_BY_TELEGRAM.selected_columns).where(
    _people.c.telegram_user_id.in_(bindparam("user_ids", expanding=True)),
    _people.c.erased_at.is_(None),
)


class SqlPeople:
    """People, units and caseloads (implements flows.ports.People)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_telegram_user(self, user_id: int) -> Person | None:
        """Return the person bound to a Telegram user id, if any."""
        # Core, not ORM: this runs for every update, and entity loading costs more than the query.
        conn = await self._session.connection()
        row = (await conn.execute(_PERSON_BY_TELEGRAM, {"user_id": user_id})).first()
        return None if row is None else to_person(row)

    async def by_telegram_users(self, user_ids: Sequence[int]) -> dict[int, Person]:
        """Return the people bound to several Telegram user ids, by user id."""
        if not user_ids:
            return {}
        conn = await self._session.connection()
        result = await conn.execute(_PEOPLE_BY_TELEGRAM, {"user_ids": list(user_ids)})
        return {row.telegram_user_id: to_person(row) for row in result}

    async def get(self, person_id: int) -> Person | None:
        """Return a person by id."""
        row = await self._session.get(PersonRow, person_id)
        return None if row is None else to_person(row)

    async def unit(self, unit_id: int) -> Unit:
        """Return a unit by id; raise LookupError if it does not exist."""
        row = await self._session.get(UnitRow, unit_id)
        if row is None:
            raise LookupError(f"no unit {unit_id}")
        return to_unit(row)

    async def coach_of(self, participant_id: int) -> Person | None:
        """Return the coach whose active caseload holds the participant."""
        row = await self._session.scalar(
            select(PersonRow)
            .join(CaseloadRow, CaseloadRow.coach_id == PersonRow.id)
            .where(CaseloadRow.participant_id == participant_id, CaseloadRow.until.is_(None))
        )
        return None if row is None else to_person(row)

    async def caseload(self, coach_id: int) -> list[Person]:
        """Return the participants in the coach's active caseload, by name."""
        rows = await self._session.scalars(
            select(PersonRow)
            .join(CaseloadRow, CaseloadRow.participant_id == PersonRow.id)
            .where(
                CaseloadRow.coach_id == coach_id,
                CaseloadRow.until.is_(None),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.display_name, PersonRow.id)
        )
        return [to_person(row) for row in rows]

    async def set_locale(self, person_id: int, locale: str) -> Person:
        """Store the person's chosen language and return the updated person."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(locale=locale)
        )
        row = await self._session.get(PersonRow, person_id, populate_existing=True)
        if row is None:
            raise LookupError(f"no person {person_id}")
        return to_person(row)

    async def set_reachable(self, person_id: int, reachable: bool) -> None:
        """Record whether the bot can still message the person."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(reachable=reachable)
        )


class _NotRedeemable(Exception):
    """The invite was used or expired meanwhile; roll the savepoint back."""


class SqlInvites:
    """Single-use invites stored by token hash (implements flows.ports.Invites)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

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
        row = InviteRow(
            token_hash=token_hash,
            role=role.value,
            unit_id=unit_id,
            expires_at=expires_at,
            display_name=display_name,
            coach_id=coach_id,
            created_by=created_by,
        )
        self._session.add(row)
        await self._session.flush()
        return to_invite(row)

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, if any."""
        row = await self._session.scalar(
            select(InviteRow).where(InviteRow.token_hash == token_hash)
        )
        return None if row is None else to_invite(row)

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
        bound = await self._session.scalar(
            select(PersonRow.id).where(PersonRow.telegram_user_id == telegram_user_id)
        )
        if bound is not None:
            log.info("invite %s not redeemed: user already bound to person %s", invite.id, bound)
            return None
        try:
            async with self._session.begin_nested():
                person = PersonRow(
                    role=invite.role.value,
                    unit_id=invite.unit_id,
                    display_name=invite.display_name or display_name,
                    locale=locale,
                    telegram_user_id=telegram_user_id,
                    chat_id=chat_id,
                    created_at=now,
                )
                self._session.add(person)
                await self._session.flush()
                # The conditional UPDATE is the single point of truth: of two concurrent
                # redeems only one matches `used_at IS NULL`.
                result = await self._session.execute(
                    update(InviteRow)
                    .where(
                        InviteRow.id == invite.id,
                        InviteRow.used_at.is_(None),
                        InviteRow.expires_at > now,
                    )
                    .values(used_at=now, used_by=person.id)
                    .execution_options(synchronize_session=False)
                )
                if _rowcount(result) != 1:
                    raise _NotRedeemable
                if invite.role is Role.PARTICIPANT and invite.coach_id is not None:
                    self._session.add(
                        CaseloadRow(coach_id=invite.coach_id, participant_id=person.id, since=now)
                    )
                elif invite.role is Role.EMPLOYER:
                    self._session.add(
                        EmployerContactRow(
                            person_id=person.id, company="", unit_id=invite.unit_id, created_at=now
                        )
                    )
                await self._session.flush()
        except _NotRedeemable:
            log.info("invite %s not redeemed: used or expired", invite.id)
            return None
        except IntegrityError:
            log.info(
                "invite %s not redeemed: user %s bound concurrently", invite.id, telegram_user_id
            )
            return None
        return to_person(person)


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
)
_DISPUTE_COLUMNS = tuple(_disputes.c)
# User-typed text longer than its column is cut here, the same way on every backend
# (PostgreSQL would raise, SQLite would keep it whole).
TEXT_LIMIT = 500


def to_activity(row: Any, participant_ids: Sequence[int] = ()) -> Activity:
    """Convert an activity row and its enrolled participant ids to the domain record."""
    return Activity(
        id=row.id,
        unit_id=row.unit_id,
        kind=ActivityKind(row.kind),
        title=row.title,
        place=row.place,
        coach_id=row.coach_id,
        starts_on=row.starts_on,
        start_time=row.start_time,
        duration_minutes=row.duration_minutes,
        recurrence=Recurrence(row.recurrence),
        weekdays=tuple(row.weekdays or ()),
        ends_on=row.ends_on,
        timezone=row.timezone,
        skip_holidays=row.skip_holidays,
        participant_ids=tuple(sorted(participant_ids)),
        latitude=row.latitude,
        longitude=row.longitude,
        radius_m=row.radius_m,
    )


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
        return await create_activity(self._session, **_activity_fields(draft))

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
        stmt = _insert_ignoring_conflicts(
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
        }
        conn = await self._session.connection()
        dialect = self._session.get_bind().dialect.name
        if overwrite:
            row = (await conn.execute(_attendance_upsert(dialect), values)).one()
            return to_record(row)
        # Insert-or-keep in one statement, so a no-show job racing a check-in never
        # replaces it: whichever commits first wins and the other reads it back.
        stmt = _insert_ignoring_conflicts(
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


@dataclass(frozen=True)
class OutgoingItem:
    """A message to put in the outbox."""

    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = "HTML"
    key: str | None = None
    person_id: int | None = None
    due_at: datetime | None = None
    attachment_name: str | None = None
    attachment: bytes | None = None
    attachment_mime: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class OutboxRow:
    """An outbox message as the sender needs it."""

    id: int
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    parse_mode: str | None
    key: str | None
    person_id: int | None
    status: str
    due_at: datetime
    lease_until: datetime | None
    attempts: int
    attachment_name: str | None = None
    attachment: bytes | None = None
    attachment_mime: str | None = None
    telegram_message_id: int | None = None
    last_error: str | None = None


def to_outbox_row(row: OutboxMessageRow) -> OutboxRow:
    """Convert an outbox ORM row to the record the sender uses."""
    return OutboxRow(
        id=row.id,
        chat_id=row.chat_id,
        text=row.text,
        reply_markup=row.reply_markup,
        parse_mode=row.parse_mode,
        key=row.key,
        person_id=row.person_id,
        status=row.status,
        due_at=row.due_at,
        lease_until=row.lease_until,
        attempts=row.attempts,
        attachment_name=row.attachment_name,
        attachment=row.attachment,
        attachment_mime=row.attachment_mime,
        telegram_message_id=row.telegram_message_id,
        last_error=row.last_error,
    )


_conversations = ConversationRow.__table__
_CONVERSATION_FOR_UPDATE = (
    select(_conversations.c.chat_id, _conversations.c.state, _conversations.c.data)
    .where(_conversations.c.chat_id == bindparam("chat_id"))
    .with_for_update()
)


# A Core statement with bound parameters: compiled once, run for most updates.
_SAVE_CONVERSATION = (
    update(ConversationRow)
    .where(ConversationRow.chat_id == bindparam("target"))
    .values(version=ConversationRow.version + 1)
)
_CONVERSATIONS_FOR_UPDATE = (
    select(_conversations.c.chat_id, _conversations.c.state, _conversations.c.data)
    .where(_conversations.c.chat_id.in_(bindparam("chat_ids", expanding=True)))
    .with_for_update()
)
_inbox = InboxRow.__table__


class Store:
    """Everything one update or job may touch, bound to one session and transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.people = SqlPeople(session)
        self.invites = SqlInvites(session)
        self.attendance = SqlAttendance(session)

    def ports(self) -> Ports:
        """Return the flows' ports bound to this transaction."""
        from storage.access import SqlAccess

        return Ports(
            people=self.people,
            invites=self.invites,
            attendance=self.attendance,
            access=SqlAccess(self.session),
        )

    async def drop_pending(self, key_prefix: str) -> int:
        """Delete pending outbox rows whose key starts with `key_prefix`; return how many.

        Rows already leased (sending) or sent are left alone: they may be on the wire.
        """
        if not key_prefix:
            raise ValueError("refusing to drop every pending outbox row: empty key prefix")
        key = OutboxMessageRow.key
        result = await self.session.execute(
            delete(OutboxMessageRow)
            .where(
                OutboxMessageRow.status == "pending",
                # autoescape makes `_` and `%` in the prefix literal; the substr comparison
                # keeps the match case-sensitive on SQLite, whose LIKE ignores ASCII case.
                key.startswith(key_prefix, autoescape=True),
                func.substr(key, 1, len(key_prefix)) == key_prefix,
            )
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result)

    async def record_update(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False if it was processed before."""
        stmt = _insert_ignoring_conflicts(self.session, InboxRow, "update_id")
        conn = await self.session.connection()
        result = await conn.execute(stmt, {"update_id": update_id, "received_at": now})
        return _rowcount(result) == 1

    async def conversation(self, chat_id: int) -> Conversation:
        """Load (creating if missing) and lock the chat's conversation row."""
        # FOR UPDATE serialises instances per chat on PostgreSQL; SQLite already holds the
        # database write lock (BEGIN IMMEDIATE) and ignores the clause.
        conn = await self.session.connection()
        query = _CONVERSATION_FOR_UPDATE
        row = (await conn.execute(query, {"chat_id": chat_id})).one_or_none()
        if row is None:
            stmt = _insert_ignoring_conflicts(self.session, ConversationRow, "chat_id")
            values = {
                "chat_id": chat_id,
                "state": "idle",
                "data": {},
                "updated_at": utcnow(),
                "version": 0,
            }
            await conn.execute(stmt, values)
            row = (await conn.execute(query, {"chat_id": chat_id})).one()
        return Conversation(chat_id=row.chat_id, state=row.state, data=dict(row.data or {}))

    async def save_conversation(
        self, chat_id: int, state: str, data: Mapping[str, Any], person_id: int | None
    ) -> None:
        """Store the chat's conversation state."""
        values = {
            "state": state,
            "data": dict(data),
            "person_id": person_id,
            "updated_at": utcnow(),
        }
        conn = await self.session.connection()
        result = await conn.execute(_SAVE_CONVERSATION, {"target": chat_id, **values})
        if _rowcount(result) == 0:
            self.session.add(ConversationRow(chat_id=chat_id, version=1, **values))
            await self.session.flush()

    async def enqueue(
        self,
        items: Sequence[OutgoingItem],
        now: datetime,
        *,
        in_flight_lease: float | None = None,
    ) -> list[int]:
        """Insert outbox rows, skipping keys that exist; return the new ids."""
        rows = await self.enqueue_rows(items, now, in_flight_lease=in_flight_lease)
        return [row.id for row in rows]

    async def enqueue_rows(
        self,
        items: Sequence[OutgoingItem],
        now: datetime,
        *,
        in_flight_lease: float | None = None,
    ) -> list[OutboxRow]:
        """Insert outbox rows, skipping keys that exist; return the new rows, ready to send."""
        values = [self._outbox_values(item, now, in_flight_lease) for item in items]
        ids: list[int | None] = [None] * len(items)
        conn = await self.session.connection()
        plain = [i for i, item in enumerate(items) if item.key is None]
        if plain:
            # One executemany for all unkeyed rows (SQLAlchemy sends it as a multi-row INSERT
            # and keeps the compiled statement cached); ids come back in parameter order.
            stmt = insert(OutboxMessageRow).returning(
                OutboxMessageRow.id, sort_by_parameter_order=True
            )
            new_ids = [r[0] for r in await conn.execute(stmt, [values[i] for i in plain])]
            for i, new_id in zip(plain, new_ids, strict=True):
                ids[i] = new_id
        keyed = _insert_ignoring_conflicts(self.session, OutboxMessageRow, "key").returning(
            OutboxMessageRow.id
        )
        for i, item in enumerate(items):
            if item.key is not None:
                ids[i] = (await conn.execute(keyed, values[i])).scalar_one_or_none()
                if ids[i] is None:
                    log.debug("outbox key %s exists; skipped", item.key)
        return [
            OutboxRow(
                id=new_id,
                chat_id=item.chat_id,
                text=item.text,
                reply_markup=item.reply_markup,
                parse_mode=item.parse_mode,
                key=item.key,
                person_id=item.person_id,
                status=value["status"],
                due_at=value["due_at"],
                lease_until=value["lease_until"],
                attempts=value["attempts"],
                attachment_name=item.attachment_name,
                attachment=item.attachment,
                attachment_mime=item.attachment_mime,
            )
            for item, value, new_id in zip(items, values, ids, strict=True)
            if new_id is not None
        ]

    @staticmethod
    def _outbox_values(
        item: OutgoingItem, now: datetime, in_flight_lease: float | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "key": item.key,
            "chat_id": item.chat_id,
            "person_id": item.person_id,
            "text": item.text,
            "reply_markup": item.reply_markup,
            "parse_mode": item.parse_mode,
            "attachment_name": item.attachment_name,
            "attachment": item.attachment,
            "attachment_mime": item.attachment_mime,
            "due_at": item.due_at or now,
            "expires_at": item.expires_at,
            "created_at": now,
            "attempts": 0,
            "status": "pending",
            "lease_until": None,
        }
        if in_flight_lease is not None:
            # The caller sends right after commit: claim now so no dispatcher takes it too.
            values.update(
                status="sending",
                attempts=1,
                lease_until=now + timedelta(seconds=in_flight_lease),
            )
        return values

    async def record_updates(self, update_ids: Sequence[int], now: datetime) -> set[int]:
        """Record several update ids at once; return those not processed before."""
        if not update_ids:
            return set()
        rows = [{"update_id": u, "received_at": now} for u in update_ids]
        stmt = _insert_ignoring_conflicts(self.session, InboxRow, "update_id")
        conn = await self.session.connection()
        result = await conn.execute(stmt.returning(_inbox.c.update_id), rows)
        return {r[0] for r in result}

    async def conversations(self, chat_ids: Sequence[int]) -> dict[int, Conversation]:
        """Load (creating missing ones) and lock several chats' conversation rows."""
        if not chat_ids:
            return {}
        conn = await self.session.connection()
        query = _CONVERSATIONS_FOR_UPDATE
        found = {r.chat_id: r for r in await conn.execute(query, {"chat_ids": list(chat_ids)})}
        missing = [c for c in dict.fromkeys(chat_ids) if c not in found]
        if missing:
            stmt = _insert_ignoring_conflicts(self.session, ConversationRow, "chat_id")
            at = utcnow()
            await conn.execute(
                stmt,
                [
                    {"chat_id": c, "state": "idle", "data": {}, "updated_at": at, "version": 0}
                    for c in missing
                ],
            )
            for r in await conn.execute(query, {"chat_ids": missing}):
                found[r.chat_id] = r
        return {
            c: Conversation(chat_id=r.chat_id, state=r.state, data=dict(r.data or {}))
            for c, r in found.items()
        }

    async def audit(
        self,
        actor_id: int | None,
        subject_id: int | None,
        action: str,
        detail: Mapping[str, Any] | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Append an audit-log entry."""
        self.session.add(
            AuditRow(
                at=at or utcnow(),
                actor_id=actor_id,
                subject_id=subject_id,
                action=action,
                detail=dict(detail or {}),
            )
        )
        await self.session.flush()


class Outbox:
    """The durable outbox, worked in its own short transactions."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float) -> list[OutboxRow]:
        """Lease up to `limit` due rows (and rows whose lease expired) and return them."""
        async with self._sessionmaker() as session, session.begin():
            # A message past its expiry (a reminder once the session began) is never sent.
            await session.execute(
                update(OutboxMessageRow)
                .where(
                    OutboxMessageRow.status.in_(("pending", "sending")),
                    OutboxMessageRow.expires_at <= now,
                )
                .values(status="expired", lease_until=None)
                .execution_options(synchronize_session=False)
            )
            due = or_(
                and_(OutboxMessageRow.status == "pending", OutboxMessageRow.due_at <= now),
                and_(OutboxMessageRow.status == "sending", OutboxMessageRow.lease_until <= now),
            )
            ids = list(
                (
                    await session.scalars(
                        select(OutboxMessageRow.id)
                        .where(due)
                        .order_by(OutboxMessageRow.due_at, OutboxMessageRow.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            if not ids:
                return []
            await session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id.in_(ids))
                .values(
                    status="sending",
                    lease_until=now + timedelta(seconds=lease_seconds),
                    attempts=OutboxMessageRow.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            rows = (
                await session.scalars(
                    select(OutboxMessageRow)
                    .where(OutboxMessageRow.id.in_(ids))
                    .order_by(OutboxMessageRow.due_at, OutboxMessageRow.id)
                    .execution_options(populate_existing=True)
                )
            ).all()
            return [to_outbox_row(row) for row in rows]

    async def mark_sent(
        self, ids_and_message_ids: Sequence[tuple[int, int]], now: datetime
    ) -> None:
        """Mark rows sent with their Telegram message ids."""
        if not ids_and_message_ids:
            return
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow),
                [
                    {
                        "id": row_id,
                        "status": "sent",
                        "telegram_message_id": message_id,
                        "sent_at": now,
                        "lease_until": None,
                    }
                    for row_id, message_id in ids_and_message_ids
                ],
            )

    async def retry_later(self, row_id: int, at: datetime, error: str) -> None:
        """Put a row back to pending, due at `at`, recording the error."""
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id == row_id)
                .values(
                    status="pending", due_at=at, lease_until=None, last_error=error[:_ERROR_LIMIT]
                )
            )

    async def mark_failed(self, row_id: int, error: str, now: datetime) -> None:
        """Give up on a row, recording the error."""
        log.warning("outbox row %s failed at %s: %s", row_id, now.isoformat(), error)
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id == row_id)
                .values(status="failed", lease_until=None, last_error=error[:_ERROR_LIMIT])
            )

    async def next_due_at(self) -> datetime | None:
        """Return when the next row becomes due (pending) or its lease expires (sending)."""
        async with self._sessionmaker() as session, session.begin():
            pending = await session.scalar(
                select(func.min(OutboxMessageRow.due_at)).where(
                    OutboxMessageRow.status == "pending"
                )
            )
            leased = await session.scalar(
                select(func.min(OutboxMessageRow.lease_until)).where(
                    OutboxMessageRow.status == "sending"
                )
            )
        times = [t for t in (pending, leased) if t is not None]
        return min(times) if times else None

    async def pending_count(self) -> int:
        """Count rows not yet sent or failed (pending or sending)."""
        async with self._sessionmaker() as session, session.begin():
            count = await session.scalar(
                select(func.count())
                .select_from(OutboxMessageRow)
                .where(OutboxMessageRow.status.in_(("pending", "sending")))
            )
        return int(count or 0)

    async def get(self, row_id: int) -> OutboxRow | None:
        """Return one outbox row by id."""
        async with self._sessionmaker() as session, session.begin():
            row = await session.get(OutboxMessageRow, row_id)
            return None if row is None else to_outbox_row(row)


async def create_unit(
    session: AsyncSession,
    code: str,
    name: str,
    timezone: str = "Europe/Stockholm",
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> Unit:
    """Create a unit."""
    row = UnitRow(code=code, name=name, timezone=timezone, languages=list(languages))
    session.add(row)
    await session.flush()
    return to_unit(row)


async def unit_by_code(session: AsyncSession, code: str) -> Unit | None:
    """Return the unit with this code, if any."""
    row = await session.scalar(select(UnitRow).where(UnitRow.code == code))
    return None if row is None else to_unit(row)


async def create_person(
    session: AsyncSession,
    role: Role,
    unit_id: int,
    display_name: str,
    locale: str,
    telegram_user_id: int | None = None,
    chat_id: int | None = None,
) -> Person:
    """Create a person directly (admin and demo seeding; users join through invites)."""
    row = PersonRow(
        role=role.value,
        unit_id=unit_id,
        display_name=display_name,
        locale=locale,
        telegram_user_id=telegram_user_id,
        chat_id=chat_id,
    )
    session.add(row)
    await session.flush()
    return to_person(row)


async def assign_caseload(
    session: AsyncSession, coach_id: int, participant_id: int, since: datetime
) -> None:
    """Make `coach_id` the participant's active coach, ending any previous assignment."""
    await session.execute(
        update(CaseloadRow)
        .where(CaseloadRow.participant_id == participant_id, CaseloadRow.until.is_(None))
        .values(until=since)
        .execution_options(synchronize_session=False)
    )
    session.add(CaseloadRow(coach_id=coach_id, participant_id=participant_id, since=since))
    await session.flush()


async def purge_inbox(session: AsyncSession, older_than: datetime) -> int:
    """Delete inbox records received before `older_than`; return how many."""
    result = await session.execute(delete(InboxRow).where(InboxRow.received_at < older_than))
    return _rowcount(result)


async def forget_health_reasons(
    session: AsyncSession, older_than: datetime, categories: Sequence[str]
) -> int:
    """Drop reasons that reveal health (and any note) from records older than `older_than`.

    The absence itself stays on record; only the health detail goes (short retention).
    """
    result = await session.execute(
        update(AttendanceRow)
        .where(
            AttendanceRow.category.in_(list(categories)), AttendanceRow.recorded_at < older_than
        )
        .values(category=None, note="")
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


def _activity_fields(draft: Activity) -> dict[str, Any]:
    """The keyword arguments of create_activity taken from an Activity record."""
    fields = {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
    del fields["id"]
    return fields


async def create_activity(
    session: AsyncSession,
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
    """Create an activity (CLI import and tests) and enroll its participants."""
    check_activity(tuple(weekdays), duration_minutes)
    row = ActivityRow(
        unit_id=unit_id,
        kind=ActivityKind(kind).value,
        title=title,
        place=place,
        coach_id=coach_id,
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        recurrence=Recurrence(recurrence).value,
        weekdays=sorted(set(weekdays)),
        ends_on=ends_on,
        timezone=timezone,
        skip_holidays=skip_holidays,
        active=True,
        latitude=latitude,
        longitude=longitude,
        radius_m=radius_m,
    )
    session.add(row)
    await session.flush()
    await enroll(session, row.id, participant_ids)
    return to_activity(row, tuple(dict.fromkeys(participant_ids)))


async def enroll(session: AsyncSession, activity_id: int, participant_ids: Sequence[int]) -> None:
    """Enroll participants in an activity; already enrolled ones are skipped."""
    if not participant_ids:
        return
    stmt = _insert_ignoring_conflicts(
        session, ActivityParticipantRow, "activity_id", "participant_id"
    )
    conn = await session.connection()
    await conn.execute(
        stmt,
        [
            {"activity_id": activity_id, "participant_id": participant_id}
            for participant_id in dict.fromkeys(participant_ids)
        ],
    )


async def set_activity_active(session: AsyncSession, activity_id: int, active: bool) -> None:
    """Mark an activity active or not; inactive ones keep their sessions and records."""
    result = await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id)
        .values(active=active)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        raise LookupError(f"no activity {activity_id}")


async def set_unit_settings(
    session: AsyncSession, unit_id: int, settings: Mapping[str, Any]
) -> Unit:
    """Replace a unit's settings and return the updated unit."""
    result = await session.execute(
        update(UnitRow)
        .where(UnitRow.id == unit_id)
        .values(settings=dict(settings))
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        raise LookupError(f"no unit {unit_id}")
    row = await session.get(UnitRow, unit_id, populate_existing=True)
    assert row is not None
    return to_unit(row)
