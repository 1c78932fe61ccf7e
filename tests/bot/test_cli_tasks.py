"""`stegvis tasks stats` as a subprocess on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flows.model import Role, TaskState
from storage.admin import create_person, create_unit, unit_by_code
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.store import Store
from tests.bot.test_cli_invite import cli_env, stegvis
from tests.storage.test_tasks_contract import draft

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def seed(url: str) -> None:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin", "sv")
            ports = Store(session).ports()
            for n, fit in enumerate(["long", "long", "long", "right"]):
                p = await create_person(session, Role.PARTICIPANT, unit.id, f"P{n}", "sv")
                task = await ports.tasks.create(
                    draft(p.id, coach.id, "cv_first", date(2026, 12, 9))
                )
                await ports.tasks.change(
                    task.id,
                    frozenset({TaskState.ASSIGNED}),
                    state=TaskState.REPORTED,
                    reported_at=NOW,
                )
                await ports.tasks.rate(task.id, useful=n != 0, time_fit=fit)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def test_stats_show_what_participants_said_about_each_task(tmp_path: Path) -> None:
    db = tmp_path / "stegvis.sqlite3"
    url = sqlite_url(db)
    migrate(url)
    asyncio.run(seed(url))
    done = stegvis(tmp_path, cli_env(db, tmp_path), "tasks", "stats")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == [
        "task",
        "reported",
        "useful",
        "not",
        "useful",
        "short",
        "right",
        "long",
        "estimate",
    ]
    row = next(line for line in lines if line.startswith("cv_first"))
    assert row.split()[:7] == ["cv_first", "4", "3", "1", "0", "1", "3"]
    assert row.endswith("estimate of 4 h looks too low")


UNIT_TASKS = (
    "step;title;purpose;instructions;hours;report;language\n"
    "övrigt;Besök Coop Farsta;Se hur ett lager fungerar.;Gå dit kl 9 | Fråga efter Lisa;2,5;"
    "text;sv\n"
    'cv;Skriv CV på svenska;;"Öppna mallen\nFyll i jobben";3;dokument;\n'
)


def test_a_unit_imports_its_own_tasks_every_row_or_none(tmp_path: Path) -> None:
    db = tmp_path / "stegvis.sqlite3"
    url = sqlite_url(db)
    migrate(url)
    asyncio.run(seed(url))
    env = cli_env(db, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(UNIT_TASKS + "intervju;;x;y;99;fax;de\n", encoding="utf-8")
    refused = stegvis(tmp_path, env, "tasks", "import", str(bad), "--unit", "u1")
    assert refused.returncode == 2
    for problem in ("row 4: report 'fax'", "row 4: title is empty", "row 4: hours '99'"):
        assert problem in refused.stderr
    assert "row 4: language 'de'" in refused.stderr
    good = tmp_path / "good.csv"
    good.write_text(UNIT_TASKS, encoding="utf-8-sig")
    done = stegvis(tmp_path, env, "tasks", "import", str(good), "--unit", "u1")
    assert done.returncode == 0, done.stderr
    assert "added 2 tasks" in done.stdout
    again = stegvis(tmp_path, env, "tasks", "import", str(good), "--unit", "u1")
    assert "is already in the unit's library" in again.stderr
    tasks = asyncio.run(unit_library(url))
    assert [(t.title, t.hours, t.instructions) for t in tasks] == [
        ("Skriv CV på svenska", 3.0, "Öppna mallen\nFyll i jobben"),
        ("Besök Coop Farsta", 2.5, "Gå dit kl 9\nFråga efter Lisa"),
    ]


async def unit_library(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            unit = await unit_by_code(session, "u1")
            assert unit is not None
            return await Store(session).tasks.unit_library(unit.id)
    finally:
        await engine.dispose()
