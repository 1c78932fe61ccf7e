"""SQLAlchemy 2 models; every time is stored as UTC and read back timezone-aware."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "expired")
DISPUTE_OPEN = "open"


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as UTC (naive in SQLite, timestamptz in PostgreSQL), read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert an aware datetime to UTC; refuse naive ones."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store aware datetimes only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return the stored value as an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (needed for batch migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class UnitRow(Base):
    """One office, job centre or workshop."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Per-unit knobs (reminder offsets, check-in window, ...); the server default fills
    # units that existed before the column did.
    settings: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class PersonRow(Base):
    """A person bound (or to be bound) to a Telegram user."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(16))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    messaged_coach_at: Mapped[datetime | None] = mapped_column()
    # The participant's full-time week in hours (less for part time or partial sick leave).
    weekly_hours: Mapped[int] = mapped_column(Integer, default=40, server_default="40")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column()
    # When the person last wrote or pressed anything (kept to the hour): "lost contact".
    last_seen_at: Mapped[datetime | None] = mapped_column()
    # For the unit's figures: gender as recorded by the coach ("woman", "man", "other"; None
    # not recorded) and whether the participant belongs to a priority group.
    gender: Mapped[str | None] = mapped_column(String(8))
    priority_group: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A staff member's own settings: quiet hours and working days for alerts and digests.
    settings: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class CaseloadRow(Base):
    """A coach's responsibility for a participant over a period; `until` NULL means active."""

    __tablename__ = "caseloads"
    __table_args__ = (
        # A participant has at most one active coach.
        Index(
            "uq_caseloads_active_participant",
            "participant_id",
            unique=True,
            sqlite_where=text("until IS NULL"),
            postgresql_where=text("until IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    since: Mapped[datetime] = mapped_column()
    until: Mapped[datetime | None] = mapped_column()


class EmployerContactRow(Base):
    """The company details of an employer person."""

    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    company: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InviteRow(Base):
    """A single-use invite; only the sha256 hex of its token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    locale: Mapped[str | None] = mapped_column(String(16))


class InboxRow(Base):
    """An update as it arrived: pending (with its payload) until processed exactly once."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "done_at", "chat_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(index=True)
    # The raw update while it waits; dropped when it is done (only the id stays).
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    done_at: Mapped[datetime | None] = mapped_column()


class ConversationRow(Base):
    """The persisted conversation state of one chat."""

    __tablename__ = "conversations"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    state: Mapped[str] = mapped_column(String(64), default="idle")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=0)


class AuditRow(Base):
    """Who did (or read) what about whom."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ActivityRow(Base):
    """A planned activity of a unit; sessions are expanded from its recurrence."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    recurrence: Mapped[str] = mapped_column(String(16))
    # ISO weekday numbers starting at 0 = Monday (datetime.date.weekday()).
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    ends_on: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    skip_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer, default=300, server_default="300")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActivityParticipantRow(Base):
    """A participant's enrolment in an activity."""

    __tablename__ = "activity_participants"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("people.id"), primary_key=True, index=True
    )


class SessionRow(Base):
    """One occurrence of an activity, in UTC; unique per activity and start."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("activity_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime] = mapped_column()
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class AttendanceRow(Base):
    """A participant's attendance at one session (one row per session and participant)."""

    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("people.id"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(24))
    # Absence categories that reveal health are coach-only and short-lived (see DESIGN.md).
    category: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column()
    # False for a check-in made without the venue check (no location): the coach confirms.
    verified: Mapped[bool] = mapped_column(default=True, server_default=true())


class DisputeRow(Base):
    """A participant's objection to one attendance record, decided once by a coach."""

    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_session_id_participant_id", "session_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    comment: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default=DISPUTE_OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None] = mapped_column()


class TaskRow(Base):
    """An individual task given to one participant: the text as given, its report and review."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_participant_state", "participant_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # A library task by its key (its texts come from the catalogs); None for a one-off task.
    library_key: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(20))
    # A one-off task's words as the coach wrote them, and their language.
    title: Mapped[str] = mapped_column(Text)
    instructions: Mapped[str] = mapped_column(Text)
    text_locale: Mapped[str | None] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    hours: Mapped[float] = mapped_column(Float)
    report_kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column()
    report_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A reported file stays on Telegram: its id and name only.
    report_file_id: Mapped[str | None] = mapped_column(String(255))
    report_file_name: Mapped[str | None] = mapped_column(String(255))
    reported_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The later due date a participant asked for, until the coach answers.
    asked_due_on: Mapped[date | None] = mapped_column(Date)
    useful: Mapped[bool | None] = mapped_column(Boolean)
    time_fit: Mapped[str | None] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UnitTaskRow(Base):
    """A task in a unit's own library (imported from CSV or saved by a coach)."""

    __tablename__ = "unit_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    instructions: Mapped[str] = mapped_column(Text)
    hours: Mapped[float] = mapped_column(Float)
    report_kind: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column()


# The CV's and the placements' tables are in their own modules; importing them puts them
# on Base.metadata.
from storage import (  # noqa: E402
    cv_rows,  # noqa: F401
    digest_rows,  # noqa: F401
    path_rows,  # noqa: F401
    placement_rows,  # noqa: F401
    recruitment_rows,  # noqa: F401
)

# The outbox has its own module; it is still named here, where every table is.
from storage.outbox_rows import OutboxMessageRow as OutboxMessageRow  # noqa: E402
