"""`stegvis export attendance`: the monthly report's rows, CSV, PDF and CLI."""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.export import CSV_COLUMNS, monthly_attendance, write_csv
from bot.export_pdf import pdf_safe, totals, write_pdf
from flows.attendance.rules import HEALTH_CATEGORIES, occurrences
from flows.model import (
    ActivityKind,
    AttendanceRecord,
    DisputeStatus,
    Presence,
    Recurrence,
    Role,
)
from storage.activities import create_activity
from storage.admin import create_person, create_unit, forget_health_reasons
from storage.attendance import SqlAttendance
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.models import AuditRow
from tests.conftest import in_thread, run_in_thread

ROOT = Path(__file__).resolve().parents[2]
MARCH = date(2025, 3, 1)
AFTER = datetime(2025, 4, 15, tzinfo=UTC)
NOTE = "SECRET-NOTE migraine"
TITLE = "Närvarorapport Jobbtorg Söder mars 2025"
NAMES = ("Åsa Öberg", "Nguyễn Văn An")  # the second is not latin-1


@dataclass(frozen=True)
class Seeded:
    unit: int
    coach: int
    asa: int
    an: int


async def seed(url: str) -> Seeded:
    """A unit, a coach, two participants, a weekly 90-minute activity in March 2025.

    Åsa: present, late, absent (unwell, with a note), unreported (disputed, accepted), and
    one session closed before she joined. An: present every time. Plus a once-only session
    on 1 March at 00:30 local time (28 February in UTC), one on 1 April at 00:30 local
    (31 March in UTC) and a cancelled session.
    """
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "soder", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin Lund", "sv")
            asa = await create_person(session, Role.PARTICIPANT, unit.id, NAMES[0], "sv")
            an = await create_person(session, Role.PARTICIPANT, unit.id, NAMES[1], "vi")
            both = (asa.id, an.id)
            weekly = await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.GROUP_MEETING,
                title="Jobbsök",
                place="Rum 2",
                coach_id=coach.id,
                starts_on=date(2025, 3, 3),
                start_time=time(9, 0),
                duration_minutes=90,
                recurrence=Recurrence.WEEKLY,
                weekdays=(0,),
                participant_ids=both,
            )
            night = await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.LECTURE,
                title="Nattföreläsning",
                place="",
                coach_id=None,
                starts_on=date(2025, 3, 1),
                start_time=time(0, 30),
                duration_minutes=60,
                recurrence=Recurrence.ONCE,
                participant_ids=both,
            )
            april = await create_activity(
                session,
                unit_id=unit.id,
                kind=ActivityKind.SFI,
                title="April",
                place="",
                coach_id=None,
                starts_on=date(2025, 4, 1),
                start_time=time(0, 30),
                duration_minutes=60,
                recurrence=Recurrence.ONCE,
                participant_ids=both,
            )
            attendance = SqlAttendance(session)
            # Mondays 3, 10, 17, 24 and 31 March.
            mondays = await attendance.add_sessions(
                weekly.id, occurrences(weekly, MARCH, date(2025, 3, 31), ())
            )
            [first_night] = await attendance.add_sessions(
                night.id, occurrences(night, MARCH, MARCH, ())
            )
            [april_first] = await attendance.add_sessions(
                april.id, occurrences(april, date(2025, 4, 1), date(2025, 4, 1), ())
            )
            at = datetime(2025, 3, 31, 12, tzinfo=UTC)

            async def mark(session_id: int, who: int, status: Presence, **more: str) -> None:
                await attendance.record(AttendanceRecord(session_id, who, status, at, **more))

            await mark(mondays[0].id, asa.id, Presence.PRESENT)
            await mark(mondays[1].id, asa.id, Presence.LATE)
            await mark(
                mondays[2].id, asa.id, Presence.NOTIFIED_ABSENCE, category="unwell", note=NOTE
            )
            await mark(mondays[3].id, asa.id, Presence.UNREPORTED)
            dispute = await attendance.open_dispute(mondays[3].id, asa.id, NOTE, at)
            await attendance.decide_dispute(dispute.id, accepted=True, coach_id=coach.id, now=at)
            # The no-show job closes every session; Åsa has no record on 31 March.
            for closed in (*mondays, first_night, april_first):
                await attendance.set_session(closed.id, closed=True)
            for monday in mondays:
                await mark(monday.id, an.id, Presence.PRESENT)
            for other in (first_night, april_first):
                await mark(other.id, asa.id, Presence.PRESENT)
            cancelled = await attendance.add_sessions(
                weekly.id,
                [(datetime(2025, 3, 5, 8, tzinfo=UTC), datetime(2025, 3, 5, 9, tzinfo=UTC))],
            )
            await attendance.set_session(cancelled[0].id, cancelled=True)
            await mark(cancelled[0].id, an.id, Presence.PRESENT)
    finally:
        await engine.dispose()
    return Seeded(unit.id, coach.id, asa.id, an.id)


@pytest_asyncio.fixture
async def db(tmp_path: Path) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Seeded]]:
    url = sqlite_url(tmp_path / "stegvis.db")
    await asyncio.to_thread(migrate, url)
    seeded = await seed(url)
    engine = make_engine(url)
    try:
        yield session_factory(engine), seeded
    finally:
        await engine.dispose()


async def march(db: tuple[async_sessionmaker[AsyncSession], Seeded]) -> list:
    sessions, seeded = db
    async with sessions() as session, session.begin():
        return await monthly_attendance(session, seeded.unit, MARCH, now=AFTER)


async def test_rows_count_hours_only_when_present_or_late(db) -> None:
    rows = await march(db)
    _, seeded = db
    asa = [
        (r.day.isoformat(), r.activity, r.hours, r.presence, r.category, r.dispute)
        for r in rows
        if r.participant_id == seeded.asa
    ]
    assert asa == [
        ("2025-03-01", "Nattföreläsning", Decimal("1.00"), Presence.PRESENT, None, None),
        ("2025-03-03", "Jobbsök", Decimal("1.50"), Presence.PRESENT, None, None),
        ("2025-03-10", "Jobbsök", Decimal("1.50"), Presence.LATE, None, None),
        ("2025-03-17", "Jobbsök", Decimal("0.00"), Presence.NOTIFIED_ABSENCE, "unwell", None),
        (
            "2025-03-24",
            "Jobbsök",
            Decimal("0.00"),
            Presence.UNREPORTED,
            None,
            DisputeStatus.ACCEPTED,
        ),
    ]
    an = [r for r in rows if r.participant_id == seeded.an]
    assert [r.day.day for r in an] == [3, 10, 17, 24, 31]  # not the cancelled 5 March
    assert all(r.hours == Decimal("1.50") for r in an)
    assert [r.participant for r in rows[:1]] == ["Nguyễn Văn An"]  # Å sorts after N
    summary = totals([r for r in rows if r.participant_id == seeded.asa])
    assert summary.hours == {
        ActivityKind.LECTURE: Decimal("1.00"),
        ActivityKind.GROUP_MEETING: Decimal("3.00"),
    }
    assert dict(summary.absences) == {"sjuk": 1, "ej anmäld": 1}


async def test_a_begun_open_session_without_a_record_is_listed_as_not_recorded(db) -> None:
    sessions, seeded = db
    async with sessions() as session, session.begin():
        open_monday = (
            await SqlAttendance(session).sessions_between(
                datetime(2025, 3, 31, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)
            )
        )[0]
        await SqlAttendance(session).set_session(open_monday.id, closed=False)
        begun = await monthly_attendance(session, seeded.unit, MARCH, now=open_monday.starts_at)
        early = open_monday.starts_at - timedelta(minutes=1)
        not_yet = await monthly_attendance(session, seeded.unit, MARCH, now=early)
    pending = [r for r in begun if r.presence is None]
    assert [(r.participant_id, r.day, r.hours) for r in pending] == [
        (seeded.asa, date(2025, 3, 31), Decimal("0.00"))
    ]
    assert [r for r in not_yet if r.presence is None] == []


async def test_csv_has_swedish_columns_labels_and_no_notes(db, tmp_path: Path) -> None:
    rows = await march(db)
    path = await asyncio.to_thread(write_csv, rows, tmp_path / "out" / "report.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert NOTE.encode() not in raw
    assert b"migraine" not in raw
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert tuple(table[0]) == CSV_COLUMNS
    asa = [line for line in table[1:] if line[0] == "Åsa Öberg"]
    assert asa == [
        ["Åsa Öberg", "2025-03-01", "Nattföreläsning", "föreläsning", "1", "närvarande", "", ""],
        ["Åsa Öberg", "2025-03-03", "Jobbsök", "gruppträff", "1,5", "närvarande", "", ""],
        ["Åsa Öberg", "2025-03-10", "Jobbsök", "gruppträff", "1,5", "sen ankomst", "", ""],
        [
            "Åsa Öberg",
            "2025-03-17",
            "Jobbsök",
            "gruppträff",
            "0",
            "frånvarande, anmäld i tid",
            "sjuk",
            "",
        ],
        [
            "Åsa Öberg",
            "2025-03-24",
            "Jobbsök",
            "gruppträff",
            "0",
            "frånvarande, ej anmäld",
            "ej anmäld",
            "godkänd",
        ],
    ]
    assert len(table) == 1 + 5 + 5


async def test_pdf_keeps_every_name_its_fonts_can_show(db, tmp_path: Path) -> None:
    rows = await march(db)
    path = tmp_path / "report.pdf"
    changed = await asyncio.to_thread(write_pdf, rows, path, "Jobbtorg Söder", MARCH)
    assert changed == [], "Vietnamese, Swedish, Arabic and Ethiopic names are shown in full"
    assert path.read_bytes().startswith(b"%PDF")
    # Only a character no font of the kit has (here Chinese) becomes '?', and is reported.
    assert pdf_safe("王芳 Åsa") == "?? Åsa"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
async def test_pdf_text_extracts_with_pdftotext(db, tmp_path: Path) -> None:
    rows = await march(db)
    path = tmp_path / "report.pdf"
    await asyncio.to_thread(write_pdf, rows, path, "Jobbtorg Söder", MARCH)
    process = await asyncio.create_subprocess_exec(
        "pdftotext", "-layout", str(path), "-", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    text = out.decode()
    assert TITLE in text
    assert "Åsa Öberg" in text
    assert "Nguyễn Văn An" in text
    assert "vård av sjukt barn" in text  # the health-data notice
    assert "frånvarande, anmäld i tid" in text
    assert "godkänd" in text
    assert "Summa timmar: 4 (gruppträff 3, föreläsning 1). Frånvaro: ej anmäld 1, sjuk 1." in text
    assert "migraine" not in text


async def test_an_empty_month_writes_empty_reports(db, tmp_path: Path) -> None:
    sessions, seeded = db
    async with sessions() as session, session.begin():
        rows = await monthly_attendance(session, seeded.unit, date(2025, 1, 1), now=AFTER)
    assert rows == []
    csv_path = await asyncio.to_thread(write_csv, rows, tmp_path / "empty.csv")
    assert csv_path.read_text(encoding="utf-8-sig").splitlines() == [";".join(CSV_COLUMNS)]
    await asyncio.to_thread(write_pdf, rows, tmp_path / "empty.pdf", "Jobbtorg Söder", MARCH)
    assert (tmp_path / "empty.pdf").read_bytes().startswith(b"%PDF")


async def test_a_reason_dropped_by_retention_is_not_guessed(db) -> None:
    sessions, seeded = db
    async with sessions() as session, session.begin():
        dropped = await forget_health_reasons(
            session, datetime(2025, 4, 1, tzinfo=UTC), sorted(HEALTH_CATEGORIES)
        )
        rows = await monthly_attendance(session, seeded.unit, MARCH, now=AFTER)
    assert dropped == 1
    [absent] = [r for r in rows if r.presence is Presence.NOTIFIED_ABSENCE]
    assert (absent.category, absent.absence_sv) == (None, "ej angiven")
    assert dict(totals(rows).absences) == {"ej angiven": 1, "ej anmäld": 1}


# --- the CLI, as a subprocess -------------------------------------------------------------


def stegvis(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEGVIS_")}
    env.update(
        PYTHONPATH=str(ROOT),
        STEGVIS_DATABASE_URL=sqlite_url(tmp / "stegvis.db"),
        STEGVIS_DATA_DIR=str(tmp / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def audit_rows(tmp: Path) -> list[tuple[str, int | None]]:
    async def read() -> list[tuple[str, int | None]]:
        engine = make_engine(sqlite_url(tmp / "stegvis.db"))
        try:
            async with session_factory(engine)() as session:
                result = await session.execute(
                    select(AuditRow.action, AuditRow.subject_id).order_by(AuditRow.id)
                )
                return [(action, subject) for action, subject in result]
        finally:
            await engine.dispose()

    return run_in_thread(read())


def test_cli_writes_csv_and_pdf_per_unit_and_prints_the_paths(tmp_path: Path) -> None:
    in_thread(migrate, sqlite_url(tmp_path / "stegvis.db"))
    seeded = run_in_thread(seed(sqlite_url(tmp_path / "stegvis.db")))

    result = stegvis(tmp_path, "export", "attendance", "--month", "2025-03", "--unit", "soder")

    assert result.returncode == 0, result.stderr[-2000:]
    exports = tmp_path / "data" / "exports"
    assert result.stdout.splitlines() == [
        str(exports / "attendance-soder-2025-03.csv"),
        str(exports / "attendance-soder-2025-03.pdf"),
    ]
    assert "name(s)" not in result.stderr, "every name can be shown: nothing replaced"
    assert (exports / "attendance-soder-2025-03.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(
            ["pdftotext", str(exports / "attendance-soder-2025-03.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Nguyễn Văn An" in text, "the name in full, in the document kit's fonts"
    csv_text = (exports / "attendance-soder-2025-03.csv").read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn An" in csv_text
    assert NOTE not in csv_text
    assert sorted(audit_rows(tmp_path)) == sorted(
        [("export_attendance", seeded.asa), ("export_attendance", seeded.an)]
    )


def test_cli_refuses_a_malformed_month_with_one_line(tmp_path: Path) -> None:
    result = stegvis(tmp_path, "export", "attendance", "--month", "mars")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: month 'mars' is not like 2025-03"]
