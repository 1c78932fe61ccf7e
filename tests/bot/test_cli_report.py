"""`stegvis report` as a subprocess on a real SQLite file: the unit's week as PDF and CSV."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli_report import parse_week
from flows.model import Role
from storage.admin import assign_caseload, create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.models import PersonRow
from tests.bot.test_cli_invite import cli_env, stegvis

SEEDED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def seed(url: str) -> None:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin", "sv")
            for name, gender in [("Amal", "woman"), ("Bo", "man"), ("Cia", "woman")]:
                person = await create_person(session, Role.PARTICIPANT, unit.id, name, "sv")
                await assign_caseload(session, coach.id, person.id, SEEDED)
                row = await session.get_one(PersonRow, person.id)
                row.gender = gender
    finally:
        await engine.dispose()


def test_weeks_are_read_as_iso_weeks_or_a_day_in_them() -> None:
    assert parse_week("2026-W48") == date(2026, 11, 23)
    assert parse_week("2026W48") == date(2026, 11, 23)
    assert parse_week("2026-11-26") == date(2026, 11, 23)
    for bad in ("2026-W54", "vecka 48", "2026-13-01", ""):
        with pytest.raises(ValueError, match="not a week"):
            parse_week(bad)


def test_the_report_is_written_as_pdf_and_csv_in_swedish(tmp_path: Path) -> None:
    db = tmp_path / "stegvis.sqlite3"
    url = sqlite_url(db)
    migrate(url)
    asyncio.run(seed(url))
    env = cli_env(db, tmp_path)
    out = tmp_path / "out"
    bad = stegvis(tmp_path, env, "report", "--unit", "u1", "--week", "v48")
    assert bad.returncode == 2
    assert "not a week" in bad.stderr
    missing = stegvis(tmp_path, env, "report", "--unit", "nope", "--week", "2026-W48")
    assert missing.returncode == 2
    assert "no unit" in missing.stderr
    done = stegvis(
        tmp_path, env, "report", "--unit", "u1", "--week", "2026-W48", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    pdf, csv = (Path(line) for line in done.stdout.split())
    assert pdf.name == "rapport-u1-2026-W48.pdf"
    lines = csv.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines[0].split(";")) == 2
    figures = dict(line.split(";", 1) for line in lines[1:])
    assert "3" in figures.values(), "three participants worked with"
    assert any(v.startswith("2 / 1 / 0 / 0") for v in figures.values()), "gender per unit"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "Jobbtorg Söder" in text
        assert "2/1/0/0" in text.replace(" ", ""), "women / men / other / not recorded"
        assert "67 %" in text, "one gender above 60 % is flagged with its share"
