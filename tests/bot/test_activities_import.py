"""`stegvis activities import`: CSV parsing, all-or-nothing validation, CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date, time
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.activities_import import import_activities
from bot.activity_rows import ImportFailed, decode, parse_csv
from flows.model import ActivityKind, Recurrence, Role
from storage.admin import create_person, create_unit
from storage.attendance import SqlAttendance
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.models import ActivityParticipantRow, ActivityRow
from tests.conftest import in_thread, run_in_thread

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "unit;kind;title;place;coach;starts_on;start_time;duration_minutes;recurrence;weekdays;"
    "ends_on;skip_holidays;participants"
)
SWEDISH = "\ufeff" + "\r\n".join(
    [
        HEADER,
        "demo;Gruppträff;Jobbsök;Rum 2;Karin Lund;2025-03-03;09.00;120;varje vecka;mån,ons;"
        "2025-06-30;ja;Åsa Öberg|Dawit Tesfay",
        ";föreläsning;Om CV;Aulan;;2025-03-05;13:00;90;engång;;;nej;",
        ";enskilt samtal;Uppföljning;;Karin Lund;2025-03-04;10:30;45;varannan vecka;tis;;;"
        "åsa öberg",
        ";;;;;;;;;;;;",  # Excel's trailing row of bare delimiters
        "",
    ]
)


async def seed(url: str) -> dict[str, int]:
    """Create unit `demo` with a coach and two participants; return their ids by name."""
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "demo", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin Lund", "sv")
            asa = await create_person(session, Role.PARTICIPANT, unit.id, "Åsa Öberg", "sv")
            dawit = await create_person(session, Role.PARTICIPANT, unit.id, "Dawit Tesfay", "ti")
            other = await create_unit(session, "other", "Annan enhet")
            stranger = await create_person(session, Role.PARTICIPANT, other.id, "Eva Berg", "sv")
    finally:
        await engine.dispose()
    return {
        "unit": unit.id,
        "coach": coach.id,
        "asa": asa.id,
        "dawit": dawit.id,
        "stranger": stranger.id,
    }


@pytest_asyncio.fixture
async def db(tmp_path: Path) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], dict]]:
    """A migrated SQLite file with unit `demo`, its coach and participants."""
    url = sqlite_url(tmp_path / "stegvis.db")
    await asyncio.to_thread(migrate, url)
    ids = await seed(url)
    engine = make_engine(url)
    try:
        yield session_factory(engine), ids
    finally:
        await engine.dispose()


async def count_activities(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session, session.begin():
        return int(await session.scalar(select(func.count()).select_from(ActivityRow)) or 0)


def test_swedish_excel_file_parses_with_aliases() -> None:
    specs, errors = parse_csv(decode(SWEDISH.encode())[0], default_unit="demo")
    assert errors == []
    weekly, once, biweekly = specs
    assert (weekly.row, weekly.kind, weekly.recurrence) == (
        2,
        ActivityKind.GROUP_MEETING,
        Recurrence.WEEKLY,
    )
    assert weekly.weekdays == (0, 2)
    assert weekly.start_time == time(9, 0)
    assert weekly.ends_on == date(2025, 6, 30)
    assert weekly.participants == ("Åsa Öberg", "Dawit Tesfay")
    assert (once.kind, once.recurrence, once.skip_holidays) == (
        ActivityKind.LECTURE,
        Recurrence.ONCE,
        False,
    )
    assert once.unit == "demo"  # an empty unit cell takes --unit
    assert (biweekly.kind, biweekly.recurrence, biweekly.weekdays) == (
        ActivityKind.INDIVIDUAL_MEETING,
        Recurrence.BIWEEKLY,
        (1,),
    )


def test_comma_file_with_numbered_weekdays_and_enum_values() -> None:
    text = (
        "unit,kind,title,starts_on,start_time,duration_minutes,recurrence,weekdays\n"
        'demo,sfi,SFI A,2025-03-03,08:30,180,weekly,"1,3,5"\n'
    )
    [spec], errors = parse_csv(text)
    assert errors == []
    assert (spec.kind, spec.recurrence, spec.weekdays) == (
        ActivityKind.SFI,
        Recurrence.WEEKLY,
        (0, 2, 4),
    )
    assert spec.skip_holidays is True


def test_every_problem_of_a_row_is_reported_with_its_row_number() -> None:
    text = "\n".join(
        [
            HEADER,
            "demo;sfi;Ok;;;2025-03-03;08:30;60;weekly;mon;;;",
            "demo;dans;;;;2025-13-01;25:00;0;ibland;fun;;kanske;",
        ]
    )
    specs, errors = parse_csv(text)
    assert [s.row for s in specs] == [2]
    messages = [str(e) for e in errors]
    assert all(m.startswith("row 3: ") for m in messages), messages
    for fragment in (
        "title is empty",
        "kind 'dans' is unknown",
        "recurrence 'ibland' is unknown",
        "starts_on '2025-13-01' is not a date",
        "start_time '25:00' is not a time",
        "duration_minutes must be 1 to 1440, not 0",
        "weekday 'fun' is unknown",
        "skip_holidays 'kanske' is not yes/no",
    ):
        assert any(fragment in m for m in messages), (fragment, messages)


def test_missing_and_unknown_columns_are_header_errors() -> None:
    _, errors = parse_csv("unit;kind;titel;starts_on\ndemo;sfi;x;2025-03-03\n")
    assert [str(e) for e in errors] == [
        "row 1: unknown column(s) titel; expected "
        + HEADER.replace(";", ", ")
        + ", latitude, longitude, radius_m",
        "row 1: missing column(s) title, start_time, duration_minutes",
    ]


def test_a_file_that_is_not_utf8_names_the_row() -> None:
    data = f"{HEADER}\ndemo;sfi;Sv".encode() + "å".encode("cp1252") + b";;\n"
    text, errors = decode(data)
    assert text == ""
    assert [str(e) for e in errors] == [
        "row 2: not UTF-8 (byte 0xe5); save the file as 'CSV UTF-8' and retry"
    ]


async def test_import_creates_every_activity_with_its_people(db) -> None:
    sessions, ids = db
    async with sessions() as session, session.begin():
        created = await import_activities(session, SWEDISH.encode(), "demo")
    assert len(created) == 3
    async with sessions() as session, session.begin():
        weekly = await SqlAttendance(session).activity(created[0].id)
        lecture = await SqlAttendance(session).activity(created[1].id)
        follow_up = await SqlAttendance(session).activity(created[2].id)
    assert weekly is not None
    assert lecture is not None
    assert follow_up is not None
    assert weekly.unit_id == ids["unit"]
    assert weekly.coach_id == ids["coach"]
    assert weekly.participant_ids == tuple(sorted((ids["asa"], ids["dawit"])))
    assert (weekly.kind, weekly.recurrence, weekly.weekdays) == (
        ActivityKind.GROUP_MEETING,
        Recurrence.WEEKLY,
        (0, 2),
    )
    assert weekly.timezone == "Europe/Stockholm"
    assert (lecture.coach_id, lecture.participant_ids, lecture.skip_holidays) == (
        None,
        (),
        False,
    )
    assert follow_up.participant_ids == (ids["asa"],)  # names match case-insensitively


async def test_one_bad_row_imports_nothing(db) -> None:
    sessions, _ = db
    text = "\n".join(
        [
            HEADER,
            "demo;sfi;SFI A;;;2025-03-03;08:30;180;weekly;mon;;;",
            "demo;workshop;Intervjuträning;;;2025-03-04;10:00;60;;;;;",
            "demo;workshop;Trasig;;;2025-03-05;10:00;-5;;;;;",
        ]
    )
    async with sessions() as session, session.begin():
        with pytest.raises(ImportFailed) as failed:
            await import_activities(session, text.encode())
    assert [str(e) for e in failed.value.errors] == [
        "row 4: duration_minutes must be 1 to 1440, not -5"
    ]
    assert await count_activities(sessions) == 0


async def test_unknown_participant_name_fails_the_import(db) -> None:
    sessions, ids = db
    text = "\n".join(
        [
            HEADER,
            "demo;sfi;SFI A;;;2025-03-03;08:30;180;weekly;mon;;;Åsa Öberg|Nobody",
            f"demo;sfi;SFI B;;;2025-03-04;08:30;180;weekly;tue;;;{ids['stranger']}",
            "demo;sfi;SFI C;;Åsa Öberg;2025-03-05;08:30;180;weekly;wed;;;",
        ]
    )
    async with sessions() as session, session.begin():
        with pytest.raises(ImportFailed) as failed:
            await import_activities(session, text.encode())
    assert [str(e) for e in failed.value.errors] == [
        "row 2: no participant named 'Nobody' in unit 'demo'",
        f"row 3: no participant with id {ids['stranger']} in unit 'demo'",
        "row 4: no coach named 'Åsa Öberg' in unit 'demo'",
    ]
    assert await count_activities(sessions) == 0


async def test_reimporting_the_same_file_is_refused(db) -> None:
    sessions, _ = db
    async with sessions() as session, session.begin():
        await import_activities(session, SWEDISH.encode(), "demo")
    async with sessions() as session, session.begin():
        with pytest.raises(ImportFailed) as failed:
            await import_activities(session, SWEDISH.encode(), "demo")
    first = str(failed.value.errors[0])
    assert first.startswith("row 2: activity 'Jobbsök' on 2025-03-03 at 09:00 already exists")
    assert await count_activities(sessions) == 3


async def test_rows_for_another_unit_than_the_option_are_refused(db) -> None:
    sessions, _ = db
    text = f"{HEADER}\nother;sfi;SFI;;;2025-03-03;08:30;60;;;;;\n"
    async with sessions() as session, session.begin():
        with pytest.raises(ImportFailed) as failed:
            await import_activities(session, text.encode(), "demo")
    assert [str(e) for e in failed.value.errors] == [
        "row 2: unit 'other' differs from --unit 'demo'"
    ]


# --- the CLI, as a subprocess -------------------------------------------------------------


def stegvis(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEGVIS_")}
    env.update(
        PYTHONPATH=str(ROOT),
        STEGVIS_DATABASE_URL=sqlite_url(tmp / "stegvis.db"),
        STEGVIS_DATA_DIR=str(tmp),
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


def activity_rows(tmp: Path) -> tuple[int, int]:
    async def count() -> tuple[int, int]:
        engine = make_engine(sqlite_url(tmp / "stegvis.db"))
        try:
            async with session_factory(engine)() as session:
                activities = await session.scalar(select(func.count()).select_from(ActivityRow))
                enrolled = await session.scalar(
                    select(func.count()).select_from(ActivityParticipantRow)
                )
        finally:
            await engine.dispose()
        return int(activities or 0), int(enrolled or 0)

    return run_in_thread(count())


def test_cli_imports_a_swedish_excel_file(tmp_path: Path) -> None:
    in_thread(migrate, sqlite_url(tmp_path / "stegvis.db"))
    run_in_thread(seed(sqlite_url(tmp_path / "stegvis.db")))
    (tmp_path / "plan.csv").write_bytes(SWEDISH.encode())

    result = stegvis(tmp_path, "activities", "import", "plan.csv", "--unit", "demo")

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["imported 3 activities"]
    assert activity_rows(tmp_path) == (3, 3)


def test_cli_reports_each_problem_and_exits_2(tmp_path: Path) -> None:
    in_thread(migrate, sqlite_url(tmp_path / "stegvis.db"))
    run_in_thread(seed(sqlite_url(tmp_path / "stegvis.db")))
    bad = SWEDISH.replace("Dawit Tesfay", "Nobody").replace(";45;", ";fyrtiofem;")
    (tmp_path / "plan.csv").write_bytes(bad.encode())

    result = stegvis(tmp_path, "activities", "import", "plan.csv", "--unit", "demo")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "row 2: no participant named 'Nobody' in unit 'demo'",
        "row 4: duration_minutes 'fyrtiofem' is not a whole number",
    ]
    assert activity_rows(tmp_path) == (0, 0)


def test_venue_position_is_read_for_location_check_in() -> None:
    header = HEADER + ";latitude;longitude;radius_m"
    text = (
        f"{header}\n"
        + "demo;workshop;CV;Rum 5;;2026-12-01;09:00;60;engång;;;;;59,3326;18.0649;150\n"
    )
    specs, errors = parse_csv(text)
    assert errors == []
    assert (specs[0].latitude, specs[0].longitude, specs[0].radius_m) == (59.3326, 18.0649, 150)


def test_half_a_position_is_refused() -> None:
    header = HEADER + ";latitude;longitude"
    text = f"{header}\n" + "demo;workshop;CV;Rum 5;;2026-12-01;09:00;60;engång;;;;;59.3;\n"
    _, errors = parse_csv(text)
    assert any("latitude and longitude" in str(e) for e in errors)
