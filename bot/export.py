"""Monthly attendance report for the coach and the authority (CSV and PDF, in Swedish).

Like Arbetsförmedlingen's monthly record it lists hours per date and activity type, but per
session, with the absence category and the outcome of any dispute. Health categories are
included (the report goes to the coach and the authority); free-text notes never are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.csvfile import write_csv_file
from flows.attendance.rules import MESSAGE_CATEGORY
from flows.model import ActivityKind, DisputeStatus, Presence, Unit
from storage.models import (
    ActivityParticipantRow,
    ActivityRow,
    AttendanceRow,
    DisputeRow,
    PersonRow,
    SessionRow,
    UnitRow,
)
from storage.people import to_unit

CSV_COLUMNS = (
    "deltagare",
    "datum",
    "aktivitet",
    "typ",
    "timmar",
    "närvaro",
    "frånvaroorsak",
    "bestridande",
)
KIND_SV: dict[ActivityKind, str] = {
    ActivityKind.GROUP_MEETING: "gruppträff",
    ActivityKind.WORKSHOP: "workshop",
    ActivityKind.LECTURE: "föreläsning",
    ActivityKind.SFI: "sfi",
    ActivityKind.INDIVIDUAL_MEETING: "enskilt samtal",
    ActivityKind.PLACEMENT_DAY: "praktikdag",
}
CATEGORY_SV: dict[str, str] = {
    "unwell": "sjuk",
    "sick_child": "vård av sjukt barn",
    "interview": "anställningsintervju",
    "work_shift": "arbete/praktikpass",
    "authority": "myndighetsbesök",
    "other": "annat",
    MESSAGE_CATEGORY: "meddelande till coach",
}
PRESENCE_SV: dict[Presence | None, str] = {
    Presence.PRESENT: "närvarande",
    Presence.LATE: "sen ankomst",
    Presence.NOTIFIED_ABSENCE: "frånvarande, anmäld i tid",
    Presence.LATE_NOTICE: "frånvarande, anmäld sent",
    Presence.UNREPORTED: "frånvarande, ej anmäld",
    None: "ej registrerad",
}
DISPUTE_SV: dict[DisputeStatus, str] = {
    DisputeStatus.OPEN: "öppen",
    DisputeStatus.ACCEPTED: "godkänd",
    DisputeStatus.REJECTED: "avslagen",
}
UNREPORTED_SV = "ej anmäld"
NOT_GIVEN_SV = "ej angiven"
MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
COUNTED = frozenset({Presence.PRESENT, Presence.LATE})
NOTIFIED = frozenset({Presence.NOTIFIED_ABSENCE, Presence.LATE_NOTICE})


@dataclass(frozen=True)
class Row:
    """One participant at one session of the month."""

    participant_id: int
    participant: str
    day: date  # in the unit's zone
    starts_at: datetime  # UTC, for ordering
    activity: str
    kind: ActivityKind
    minutes: int  # counted minutes: the session's length when present or late, else 0
    presence: Presence | None  # None: the session began but nothing is recorded yet
    category: str | None  # absence reason code, only for notified absences
    dispute: DisputeStatus | None
    # False: checked in without a location and not yet confirmed by the coach.
    verified: bool = True

    @property
    def hours(self) -> Decimal:
        """Counted hours, to two decimals."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def absence_sv(self) -> str:
        """The absence reason in Swedish ('ej anmäld' for unreported, '' when not absent)."""
        if self.presence is Presence.UNREPORTED:
            return UNREPORTED_SV
        if self.presence in NOTIFIED:
            return category_sv(self.category)
        return ""


def category_sv(code: str | None) -> str:
    """Return the Swedish name of an absence category (unit-specific codes count as 'annat').

    No code means none was given or a health reason was dropped after its retention period.
    """
    if code is None:
        return NOT_GIVEN_SV
    return CATEGORY_SV.get(code, CATEGORY_SV["other"])


_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # after z, in Swedish order


def sv_key(name: str) -> str:
    """Sort key that puts å, ä and ö after z, as Swedish lists do."""
    return name.casefold().translate(_SV_ORDER)


def hours_sv(value: Decimal) -> str:
    """Format hours the Swedish way: decimal comma, no trailing zeros (1,5 and 2)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def month_sv(month: date) -> str:
    """Return 'mars 2025'."""
    return f"{MONTHS_SV[month.month - 1]} {month.year}"


def parse_month(text: str) -> date:
    """Parse YYYY-MM into the first day of that month; raise ValueError if malformed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month {text!r} is not like 2025-03")
    return date(int(match.group(1)), int(match.group(2)), 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _month_bounds(month: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    return (
        datetime.combine(first, time(), zone).astimezone(UTC),
        datetime.combine(next_month(first), time(), zone).astimezone(UTC),
    )


async def units(session: AsyncSession, code: str = "") -> list[Unit]:
    """Return the unit with this code (or every unit when empty), by code."""
    query = select(UnitRow).order_by(UnitRow.code)
    if code:
        query = query.where(UnitRow.code == code)
    return [to_unit(row) for row in await session.scalars(query)]


async def monthly_attendance(
    session: AsyncSession, unit_id: int, month: date, *, now: datetime | None = None
) -> list[Row]:
    """Return the unit's attendance in the month, by participant name, date and start.

    Every record of a session in the month is listed. An enrolled participant without a
    record is listed as 'ej registrerad' only for a session that has begun and is not yet
    closed (a closed session without a record was before the participant joined).
    Cancelled sessions are left out. Notes are never read.
    """
    unit = await session.get(UnitRow, unit_id)
    if unit is None:
        raise LookupError(f"no unit {unit_id}")
    zone = ZoneInfo(unit.timezone)
    start, end = _month_bounds(month, zone)
    now = now or datetime.now(UTC)
    sessions = (
        await session.execute(
            select(
                SessionRow.id,
                SessionRow.activity_id,
                SessionRow.starts_at,
                SessionRow.ends_at,
                SessionRow.closed,
                ActivityRow.title,
                ActivityRow.kind,
            )
            .join(ActivityRow, ActivityRow.id == SessionRow.activity_id)
            .where(
                ActivityRow.unit_id == unit_id,
                SessionRow.starts_at >= start,
                SessionRow.starts_at < end,
                SessionRow.cancelled.is_(False),
            )
        )
    ).all()
    if not sessions:
        return []
    session_ids = [s.id for s in sessions]
    activity_ids = list({s.activity_id for s in sessions})
    # Only the columns the report needs: the free-text note is never selected.
    records = {
        (r.session_id, r.participant_id): r
        for r in await session.execute(
            select(
                AttendanceRow.session_id,
                AttendanceRow.participant_id,
                AttendanceRow.status,
                AttendanceRow.category,
                AttendanceRow.verified,
            ).where(AttendanceRow.session_id.in_(session_ids))
        )
    }
    disputes: dict[tuple[int, int], DisputeStatus] = {}
    for d in await session.execute(
        select(DisputeRow.session_id, DisputeRow.participant_id, DisputeRow.status)
        .where(DisputeRow.session_id.in_(session_ids))
        .order_by(DisputeRow.created_at, DisputeRow.id)
    ):
        disputes[(d.session_id, d.participant_id)] = DisputeStatus(d.status)  # latest wins
    enrolled: dict[int, list[int]] = {}
    for e in await session.execute(
        select(ActivityParticipantRow.activity_id, ActivityParticipantRow.participant_id).where(
            ActivityParticipantRow.activity_id.in_(activity_ids)
        )
    ):
        enrolled.setdefault(e.activity_id, []).append(e.participant_id)

    pairs = set(records)
    for s in sessions:
        if not s.closed and s.starts_at <= now:
            pairs.update((s.id, p) for p in enrolled.get(s.activity_id, ()))
    people = {
        p.id: p.display_name
        for p in await session.execute(
            select(PersonRow.id, PersonRow.display_name).where(
                PersonRow.id.in_({p for _, p in pairs}), PersonRow.erased_at.is_(None)
            )
        )
    }
    by_id = {s.id: s for s in sessions}
    rows = []
    for session_id, participant_id in pairs:
        if participant_id not in people:
            continue  # erased people are not reported
        s = by_id[session_id]
        record = records.get((session_id, participant_id))
        presence = Presence(record.status) if record is not None else None
        length = int((s.ends_at - s.starts_at).total_seconds() // 60)
        rows.append(
            Row(
                participant_id=participant_id,
                participant=people[participant_id],
                day=s.starts_at.astimezone(zone).date(),
                starts_at=s.starts_at,
                activity=s.title,
                kind=ActivityKind(s.kind),
                minutes=length if presence in COUNTED else 0,
                presence=presence,
                category=record.category if record is not None and presence in NOTIFIED else None,
                dispute=disputes.get((session_id, participant_id)),
                verified=record.verified if record is not None else True,
            )
        )
    rows.sort(key=lambda r: (sv_key(r.participant), r.participant_id, r.starts_at, r.activity))
    return rows


def cells(row: Row) -> list[str]:
    return [
        row.participant,
        row.day.isoformat(),
        row.activity,
        KIND_SV[row.kind],
        hours_sv(row.hours),
        PRESENCE_SV[row.presence] + ("" if row.verified else " (ej bekräftad)"),
        row.absence_sv,
        DISPUTE_SV[row.dispute] if row.dispute else "",
    ]


def write_csv(rows: Sequence[Row], path: Path) -> Path:
    """Write one line per participant, date and activity; `;` and UTF-8 with BOM for Excel."""
    return write_csv_file(path, CSV_COLUMNS, (cells(row) for row in rows))


def file_stem(unit_code: str, month: date) -> str:
    """Return `attendance-<unit>-<YYYY-MM>` with the unit code made safe for a file name."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", unit_code) or "unit"
    return f"attendance-{safe}-{month:%Y-%m}"
